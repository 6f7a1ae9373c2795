/**
 * Makes the simulated WeCom corp match the demo district: each zone's group chat (appchat) exists there with the
 * zone's WeCom members, as it would after the office created it in the real corp. Members are not registered as
 * users, so the simulator accepts messages to any userid (the directory is ours, not the simulator's).
 */
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { people, zones } from '../db/schema/index.ts';
import type { WecomSimulator } from '../simulators/wecom/api.ts';

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
