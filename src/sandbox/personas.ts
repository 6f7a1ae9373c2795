/**
 * The people and groups the console can act as or watch, read from the database: supervisors, school contacts,
 * office admins (WeCom app users), zone groups (appchat or robot), and official-account followers.
 */
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { people, schools, zones } from '../db/schema/index.ts';

/** The openid of the sandbox's member of the public. */
export const PUBLIC_OPENID = 'oDuDaoPublicDemoFollower0001';

/** The openid under which the sandbox's not-yet-bound school contact follows the official account. */
export const unboundOpenid = (personId: number): string => `oDuDaoSandboxUnbound${String(personId).padStart(8, '0')}`;

export type PersonaGroup = 'supervisor' | 'school_contact' | 'zone_group' | 'office_admin' | 'public';

export interface Persona {
  /** Stable key used by the console: person:<id>, zone:<id>. */
  key: string;
  name: string;
  group: PersonaGroup;
  /** Roles of a person (a supervisor may also be a zone leader). */
  roles: string[];
  /** The school or zone the persona belongs to. */
  detail: string;
  /** How the platform knows them: WeCom userid, appchat chatid, robot key or openid. */
  channel: 'wecom.app' | 'wecom.appchat' | 'wecom.robot' | 'wechaty.room' | 'wechat' | 'none';
  channelId: string | null;
  /** False when the console cannot act as them (no account on any platform the console simulates, a read-only group). */
  canSend: boolean;
  note?: string;
  /** A personal-WeChat room: the member the console speaks as there. */
  speaker?: { id: string; name: string };
}

function groupOf(roles: string[]): PersonaGroup {
  if (roles.includes('office_admin')) return 'office_admin';
  if (roles.includes('supervisor') || roles.includes('zone_leader')) return 'supervisor';
  return 'school_contact';
}

/** `rooms`: the personal-WeChat rooms run (wechaty on the mock puppet), so their groups can be watched and spoken in. */
export async function loadPersonas(db: Db, opts: { rooms?: boolean } = {}): Promise<Persona[]> {
  const zoneRows = await db.select().from(zones).orderBy(asc(zones.id));
  const zoneName = new Map(zoneRows.map((z) => [z.id, z.name]));
  const rows = await db
    .select({ person: people, schoolName: schools.name })
    .from(people)
    .leftJoin(schools, eq(people.schoolId, schools.id))
    .where(eq(people.active, true))
    .orderBy(asc(people.id));

  const persons: Persona[] = rows.map(({ person, schoolName }) => {
    const group = groupOf(person.roles);
    const detail = schoolName ?? (person.zoneId ? zoneName.get(person.zoneId) ?? '' : '');
    if (person.wecomUserId) {
      return { key: `person:${person.id}`, name: person.name, group, roles: person.roles, detail, channel: 'wecom.app', channelId: person.wecomUserId, canSend: true };
    }
    if (person.wechatOpenId) {
      return { key: `person:${person.id}`, name: person.name, group, roles: person.roles, detail, channel: 'wechat', channelId: person.wechatOpenId, canSend: true, note: 'official-account' };
    }
    // A school contact the system cannot reach yet follows the official account under a made-up openid, so the
    // console can act as them there and bind with a code (the openid the server then stores is this one).
    if (person.roles.includes('school_contact')) {
      return { key: `person:${person.id}`, name: person.name, group, roles: person.roles, detail, channel: 'wechat', channelId: unboundOpenid(person.id), canSend: true, note: 'unbound' };
    }
    return { key: `person:${person.id}`, name: person.name, group, roles: person.roles, detail, channel: 'none', channelId: null, canSend: false, note: 'unbound' };
  });

  const groups: Persona[] = zoneRows.map((z) => ({
    key: `zone:${z.id}`,
    name: z.name,
    group: 'zone_group',
    roles: [],
    detail: z.wecomChatId ? '企业微信群' : z.robotKey ? '群机器人' : z.wechatyRoom ? '微信群' : '未配置群',
    channel: z.wecomChatId ? 'wecom.appchat' : z.robotKey ? 'wecom.robot' : 'none',
    channelId: z.wecomChatId ?? z.robotKey ?? null,
    canSend: false,
    note: 'group',
  }));

  // A zone's personal-WeChat room (wechaty) is a group of its own, where the console speaks as one of its members.
  const rooms: Persona[] = !opts.rooms ? [] : zoneRows.filter((z) => z.wechatyRoom).map((z) => {
    const speaker = rows.find(({ person }) => person.zoneId === z.id && person.wechatyContact)?.person;
    return {
      key: `room:${z.id}`, name: z.wechatyRoom!, group: 'zone_group' as const, roles: [], detail: `${z.name} · 微信群`,
      channel: 'wechaty.room' as const, channelId: z.wechatyRoom!, canSend: !!speaker, note: 'room',
      ...(speaker ? { speaker: { id: speaker.wechatyContact!, name: speaker.name } } : {}),
    };
  });

  // A member of the public who follows the official account (unless that openid has since been bound to a person).
  const follower: Persona = {
    key: 'public:demo', name: '公众号粉丝', group: 'public', roles: [], detail: '微信公众号', channel: 'wechat', channelId: PUBLIC_OPENID,
    canSend: true, note: 'official-account',
  };
  return [...persons, ...groups, ...rooms, ...(persons.some((p) => p.channelId === PUBLIC_OPENID) ? [] : [follower])];
}

/** Finds the persona a platform recipient id belongs to. */
export function personaFor(personas: Persona[], channel: Persona['channel'], channelId: string): Persona | undefined {
  return personas.find((p) => p.channel === channel && p.channelId === channelId);
}
