/**
 * Makes the simulated WeCom corp match the demo district: each zone's group chat (appchat) exists there with the
 * zone's WeCom members, as it would after the office created it in the real corp, and its directory (user/get,
 * user/list, department/list …) is the people and zones in our database, read on each call: the office is the root
 * department (1), each zone a department below it (1000 + zone id), each school one below its zone
 * (100000 + school id). Members come from the directory source, not addUser, so the simulator still accepts
 * messages to a userid imported a moment ago.
 */
import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { offices, people, schools, zones } from '../db/schema/index.ts';
import type { SimDepartment, SimDirectory, SimUser, WecomSimulator } from '../simulators/wecom/api.ts';

const ROOT = 1;
const zoneDepartment = (zoneId: number) => 1000 + zoneId;
const schoolDepartment = (schoolId: number) => 100_000 + schoolId;

/** The directory the simulated corp serves, from the database. */
export async function simulatedDirectory(db: Db): Promise<SimDirectory> {
  const [office] = await db.select().from(offices).orderBy(asc(offices.id)).limit(1);
  if (!office) return { users: [], departments: [] };
  const zoneRows = await db.select().from(zones).orderBy(asc(zones.id));
  const schoolRows = await db.select().from(schools).orderBy(asc(schools.id));
  const members = await db.select().from(people).where(and(isNotNull(people.wecomUserId), eq(people.active, true))).orderBy(asc(people.id));
  const leaders = (zoneId: number) => members.filter((p) => p.zoneId === zoneId && p.roles.includes('zone_leader')).map((p) => p.wecomUserId!);
  const departments: SimDepartment[] = [
    { id: ROOT, name: office.name, parentid: 0, order: 100_000_000 },
    ...zoneRows.map((z, i) => ({ id: zoneDepartment(z.id), name: z.name, parentid: ROOT, order: 1000 - i, department_leader: leaders(z.id) })),
    ...schoolRows.map((sc, i) => ({ id: schoolDepartment(sc.id), name: sc.name, parentid: zoneDepartment(sc.zoneId), order: 100_000 - i })),
  ];
  const users: SimUser[] = members.map((p) => {
    const department = p.schoolId ? [schoolDepartment(p.schoolId)] : p.zoneId ? [zoneDepartment(p.zoneId)] : [ROOT];
    return {
      userid: p.wecomUserId!, name: p.name, department, order: department.map(() => 0), main_department: department[0],
      is_leader_in_dept: department.map(() => (p.roles.includes('zone_leader') ? 1 : 0)), direct_leader: [], mobile: p.mobile, status: 1,
    };
  });
  return { users, departments };
}

export async function seedSimulatedCorp(db: Db, sim: WecomSimulator): Promise<void> {
  const chats = await db.select().from(zones).where(isNotNull(zones.wecomChatId));
  for (const zone of chats) {
    if (sim.chat(zone.wecomChatId!)) continue;
    const members = await db
      .select({ userid: people.wecomUserId })
      .from(people)
      .where(and(eq(people.zoneId, zone.id), isNotNull(people.wecomUserId), eq(people.active, true)));
    const userlist = members.map((m) => m.userid!);
    sim.addChat({ chatid: zone.wecomChatId!, name: zone.name, owner: userlist[0], userlist });
  }
}
