/**
 * Where a zone's group is: every group channel the zone has configured (an app group chat, a group robot, a
 * personal-WeChat room), as outbox addresses. Services ask for "the zone's groups" here and never name a platform;
 * channels/groups/ turns the address into the platform call.
 */
import type { OutboxChannel } from './messages.ts';

export type GroupOutboxChannel = Extract<OutboxChannel, 'wecom.appchat' | 'wecom.robot' | 'wechaty'>;

export interface GroupAddress {
  channel: GroupOutboxChannel;
  recipient: string;
  /** Whether members' replies in this group reach the bot (only the wechaty room does). */
  canReceive: boolean;
}

/** A wechaty room is addressed by its topic, with this prefix so it cannot be taken for a contact id. */
export const ROOM_PREFIX = 'room:';
export const roomAddress = (topic: string): string => `${ROOM_PREFIX}${topic}`;
export const roomTopicOf = (recipient: string): string | null => (recipient.startsWith(ROOM_PREFIX) ? recipient.slice(ROOM_PREFIX.length) : null);

export function zoneGroups(zone: { wecomChatId: string | null; robotKey: string | null; wechatyRoom: string | null }): GroupAddress[] {
  const out: GroupAddress[] = [];
  if (zone.wecomChatId) out.push({ channel: 'wecom.appchat', recipient: zone.wecomChatId, canReceive: false });
  if (zone.robotKey) out.push({ channel: 'wecom.robot', recipient: zone.robotKey, canReceive: false });
  if (zone.wechatyRoom) out.push({ channel: 'wechaty', recipient: roomAddress(zone.wechatyRoom), canReceive: true });
  return out;
}

/** The chat id the app gives a zone's group when it creates it (appchat/create: at most 32 of [0-9a-zA-Z]). */
export const appchatIdFor = (officeId: number, zoneId: number): string => `dudao${officeId}zone${zoneId}`;
