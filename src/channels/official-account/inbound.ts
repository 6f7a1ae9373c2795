/**
 * Official-account callback XML (platform-apis §3.3) → the channel-neutral InboundMessage. The fields are those of
 * WeCom's app callbacks (Content, MediaId, PicUrl, Event, EventKey, Location_X…), so WeCom's reader does the work and
 * the message is marked as coming from the official account. Events get a dedupe key that also carries the job
 * ids of TEMPLATESENDJOBFINISH (MsgID) and PUBLISHJOBFINISH (publish_id): two jobs may end in the same second.
 */
import type { InboundMessage } from '../../domain/messages.ts';
import { dedupeKey as wecomDedupeKey, toInboundMessage } from '../wecom/inbound.ts';
import { fieldText, type XmlFields } from '../wecom/xml.ts';

export function toOfficialAccountMessage(fields: XmlFields): InboundMessage | null {
  const msg = toInboundMessage(fields);
  if (!msg) return null;
  return { ...msg, channel: 'wechat', dedupeKey: dedupeKey(fields) };
}

export function dedupeKey(fields: XmlFields): string {
  const base = wecomDedupeKey(fields);
  if (!base.startsWith('ev:')) return base;
  const info = fields.PublishEventInfo;
  const publishId = info && typeof info === 'object' && !Array.isArray(info) ? fieldText(info, 'publish_id') : '';
  const job = [fieldText(fields, 'MsgID'), publishId].filter(Boolean).join('|');
  return job ? `${base}|${job}` : base;
}
