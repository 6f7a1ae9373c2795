/** Which zone or meeting an organiser means: a zone by name or 简称 (or 全部), and their meeting to change. */
import { DudaoError } from '../../domain/errors.ts';
import { matchZones } from '../../domain/zone-name.ts';
import { comingMeetings, zonesOfOffice, type Meeting, type Zone } from '../../services/meetings.ts';
import { meetingChat } from '../../../templates/meetings/messages.ts';
import { ALL_ZONES } from '../../../templates/meetings/format.ts';
import type { ChatContext } from '../context.ts';
import { ALL_ZONES_WORDS } from './parse.ts';

/** The zone typed ('' for none given), null for 全部; throws a reply for an unknown or ambiguous name. */
export async function resolveZone(ctx: ChatContext, query: string): Promise<{ zone: Zone | null; given: boolean }> {
  const zones = await zonesOfOffice(ctx.db, ctx.me.officeId);
  if (!query) return { zone: null, given: false };
  if (ALL_ZONES_WORDS.includes(query)) return { zone: null, given: true };
  const hits = matchZones(zones, query);
  if (hits.length === 0) throw new DudaoError('not_found', meetingChat.unknownZone(query, zones.map((z) => z.name)));
  if (hits.length > 1) throw new DudaoError('bad_request', meetingChat.ambiguousZone(query, hits.map((z) => z.name)));
  return { zone: hits[0]!, given: true };
}

/**
 * The coming meeting an organiser means: of the zone they name, else of their own zone (a zone leader), else the
 * only one there is. Several → the reply asks them to name the zone.
 */
export async function pickComingMeeting(ctx: ChatContext, zoneQuery: string): Promise<Meeting | null> {
  const me = ctx.me;
  const { zone, given } = await resolveZone(ctx, zoneQuery);
  const scope = given ? (zone ? zone.id : null) : me.roles.includes('office_admin') ? undefined : me.zoneId ?? undefined;
  const list = (await comingMeetings(ctx.db, me.officeId, { zoneId: scope, organiserId: me.id }))
    .filter((m) => !given || m.zoneId === (zone ? zone.id : null));
  if (list.length <= 1) return list[0] ?? null;
  const zones = await zonesOfOffice(ctx.db, me.officeId);
  const name = (m: Meeting) => zones.find((z) => z.id === m.zoneId)?.name ?? ALL_ZONES;
  throw new DudaoError('bad_request', meetingChat.several(list.map((m) => ({ zoneName: name(m), startsAt: m.startsAt }))));
}
