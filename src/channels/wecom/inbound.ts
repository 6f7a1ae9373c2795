/**
 * Decrypted WeCom callback XML (platform-apis §2.3) → the channel-neutral InboundMessage. Unknown message types give
 * null (the route logs and ignores them); a message without a sender or time is malformed.
 */
import { DudaoError } from '../../domain/errors.ts';
import type { InboundEvent, InboundMessage, SelectedItem } from '../../domain/messages.ts';
import { fieldText, list, type XmlFields, type XmlValue } from './xml.ts';

type Kind = InboundMessage['kind'];
/** A WeCom userid is at most 64 characters; the inbox refuses longer senders and keys (CHECK constraints). */
export const MAX_SENDER_CHARS = 128;
export const MAX_KEY_CHARS = 1024;
const KINDS: ReadonlySet<string> = new Set<Kind>(['text', 'image', 'voice', 'video', 'location', 'link', 'event']);

export function toInboundMessage(fields: XmlFields): InboundMessage | null {
  const kind = fieldText(fields, 'MsgType');
  if (!KINDS.has(kind)) return null;
  const from = fieldText(fields, 'FromUserName');
  const createTime = fieldText(fields, 'CreateTime');
  if (!from) throw new DudaoError('bad_request', 'the message has no FromUserName');
  if (from.length > MAX_SENDER_CHARS) throw new DudaoError('bad_request', `FromUserName is longer than ${MAX_SENDER_CHARS} characters`);
  if (!/^\d{1,12}$/.test(createTime)) throw new DudaoError('bad_request', 'the message has no valid CreateTime');
  const key = dedupeKey(fields);
  if (key.length > MAX_KEY_CHARS) throw new DudaoError('bad_request', `the message's MsgId or event key is longer than ${MAX_KEY_CHARS} characters`);
  const message: InboundMessage = {
    channel: 'wecom',
    dedupeKey: key,
    from,
    createdAt: new Date(Number(createTime) * 1000).toISOString(),
    kind: kind as Kind,
    ...content(kind as Kind, fields),
    raw: fields,
  };
  return message;
}

function content(kind: Kind, f: XmlFields): Partial<InboundMessage> {
  const t = (name: string) => fieldText(f, name) || undefined;
  switch (kind) {
    case 'text':
      return { text: fieldText(f, 'Content') };
    case 'image':
      return { mediaId: t('MediaId'), picUrl: t('PicUrl') };
    case 'voice':
      return { mediaId: t('MediaId'), text: t('Recognition') };
    case 'video':
      return { mediaId: t('MediaId') };
    case 'location':
      return { location: point(t('Location_X'), t('Location_Y'), t('Label')) };
    case 'link':
      return { text: t('Title'), picUrl: t('PicUrl') };
    case 'event':
      return event(f);
  }
}

function event(f: XmlFields): Partial<InboundMessage> {
  const t = (name: string) => fieldText(f, name) || undefined;
  const name = fieldText(f, 'Event');
  if (!name) throw new DudaoError('bad_request', 'the event has no Event name');
  const ev: InboundEvent = { name };
  if (t('EventKey')) ev.key = t('EventKey');
  if (t('TaskId')) ev.taskId = t('TaskId');
  if (t('CardType')) ev.cardType = t('CardType');
  if (t('ResponseCode')) ev.responseCode = t('ResponseCode');
  const selected = selectedItems(f.SelectedItems);
  if (selected.length > 0) ev.selected = selected;
  const out: Partial<InboundMessage> = { event: ev };
  if (ev.name === 'LOCATION') out.location = point(t('Latitude'), t('Longitude'));
  return out;
}

/** SelectedItems/SelectedItem*\/{QuestionKey, OptionIds/OptionId*}, one or many at each level, as arrays. */
function selectedItems(value: XmlValue | undefined): SelectedItem[] {
  const container = value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  return list(container?.SelectedItem).flatMap((item) => {
    if (typeof item !== 'object' || Array.isArray(item)) return [];
    const ids = item.OptionIds && typeof item.OptionIds === 'object' && !Array.isArray(item.OptionIds) ? item.OptionIds.OptionId : undefined;
    return [{ questionKey: fieldText(item, 'QuestionKey'), optionIds: list(ids).filter((v): v is string => typeof v === 'string') }];
  });
}

function point(lat?: string, lng?: string, label?: string): InboundMessage['location'] {
  if (lat === undefined || lng === undefined || !Number.isFinite(Number(lat)) || !Number.isFinite(Number(lng))) {
    throw new DudaoError('bad_request', 'the location has no valid coordinates');
  }
  return { lat: Number(lat), lng: Number(lng), ...(label ? { label } : {}) };
}

/**
 * MsgId for messages. Events have none, and FromUserName + CreateTime alone collides (two taps in one second,
 * platform-apis §2.2), so the key also carries the event, its key, the card task and the response code.
 */
export function dedupeKey(f: XmlFields): string {
  const msgId = fieldText(f, 'MsgId');
  if (msgId && fieldText(f, 'MsgType') !== 'event') return `msg:${msgId}`;
  const parts = ['FromUserName', 'CreateTime', 'Event', 'EventKey', 'TaskId', 'ResponseCode', 'ChangeType', 'UserID'];
  return `ev:${parts.map((p) => fieldText(f, p)).join('|')}`;
}
