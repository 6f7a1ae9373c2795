/**
 * The office has the app create a zone's WeCom group (appchat/create, platform-apis §2.7) from the zone's WeCom
 * members. The chat id is ours (appchatIdFor), so the zone stores it at once; the create is an outbox row on the chat's
 * own segment, so any notice queued after it waits until the group exists.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { zones } from '../db/schema/index.ts';
import { DudaoError } from '../domain/errors.ts';
import { appchatIdFor } from '../domain/zone-groups.ts';
import { meetingErrors } from '../../templates/meetings/errors.ts';
import { audit } from './audit.ts';
import { wecomMembersOfZone, type Zone } from './meetings-notices.ts';
import { enqueue } from './outbox.ts';

export async function createZoneAppchat(db: Db, officeId: number, zoneId: number, actor: string): Promise<{ zone: Zone; chatId: string; members: number }> {
  return db.transaction(async (tx) => {
    const [zone] = await tx.select().from(zones).where(and(eq(zones.id, zoneId), eq(zones.officeId, officeId))).for('update');
    if (!zone) throw new DudaoError('not_found', meetingErrors.zoneNotFound());
    if (zone.wecomChatId) throw new DudaoError('conflict', meetingErrors.hasAppchat(zone.name));
    const members = await wecomMembersOfZone(tx, zoneId);
    if (members.length < 2) throw new DudaoError('bad_request', meetingErrors.noAppchatMembers(zone.name));
    const leader = members.find((p) => p.roles.includes('zone_leader')) ?? members[0]!;
    const chatId = appchatIdFor(officeId, zoneId);
    const [after] = await tx.update(zones).set({ wecomChatId: chatId }).where(eq(zones.id, zoneId)).returning();
    await enqueue(tx, {
      key: `zone:${zoneId}:appchat-create:${chatId}`, channel: 'wecom.appchat', recipient: chatId, officeId,
      message: { type: 'group_create', chatId, name: zone.name.slice(0, 50), owner: leader.wecomUserId!, userIds: members.map((p) => p.wecomUserId!) },
    });
    await audit(tx, { actor, officeId, action: 'zone.appchat.create', entity: 'zone', entityId: zoneId, before: zone, after });
    return { zone: after!, chatId, members: members.length };
  });
}
