/**
 * Makes the mock personal-WeChat world match the database: one room per zone with a 微信群名称, holding the zone's
 * members who have a 个人微信 id (as contacts with that id and their name), as the real room would after the zone
 * leader invited them.
 */
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { people, zones } from '../../db/schema/index.ts';
import type { WechatyMockWorld } from './mock-world.ts';

export async function seedWechatyWorld(db: Db, world: WechatyMockWorld): Promise<void> {
  const rooms = await db.select().from(zones).where(isNotNull(zones.wechatyRoom));
  for (const zone of rooms) {
    const members = await db.select({ id: people.wechatyContact, name: people.name }).from(people)
      .where(and(eq(people.zoneId, zone.id), isNotNull(people.wechatyContact), eq(people.active, true)));
    world.addRoom(zone.wechatyRoom!, members.map((m) => ({ id: m.id!, name: m.name })));
  }
}
