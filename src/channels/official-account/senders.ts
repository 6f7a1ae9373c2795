/**
 * The 'wechat.custom' outbox channel: a message to a person on the official account, with the 48-hour rule handled
 * here and not by each use case (DESIGN.md "People are reached through their best channel").
 *
 * Inside the window the user's last message opened (or not known to be closed) it goes as a customer-service
 * message. When the window is known to be closed, or the platform says so (45015, 45047), a reply to the user waits
 * for their next message; any other message (a notice, a nudge) goes as a template message — on a 服务号 with a
 * template id configured — linking to its page. Otherwise (a 订阅号, no template, a user who unfollowed) it waits:
 * the row is 'waiting' with the reason the office sees, and the user's next message offers it again. A template
 * message carries a client_msg_id made from the outbox key, so a repeated attempt is dropped by the platform.
 */
import { clock } from '../../clock.ts';
import type { Db } from '../../db/client.ts';
import type { OutboundMessage } from '../../domain/messages.ts';
import { isDudaoError } from '../../domain/errors.ts';
import { messageLink } from '../../services/links.ts';
import { readMedia } from '../../services/media.ts';
import type { OutboxRow, RateLimit } from '../../services/outbox.ts';
import { accountSettingsFor, noteWindowClosed, replyWindow } from '../../services/wechat-followers.ts';
import { officialAccountText as t } from '../../../templates/channels/official-account.ts';
import { ChannelError, WaitingForRecipient } from '../channel-error.ts';
import type { Senders } from '../sender.ts';
import type { OfficialAccountApi } from './api.ts';
import { errcodeOf, UNREACHABLE_ERRORS, WINDOW_ERRORS } from './errors.ts';
import { renderCustom, renderTemplate } from './render.ts';

/** A gentle limit per follower; the platform's own (5 replies per message) answers 45047. */
export const FOLLOWER_LIMITS: RateLimit[] = [{ windowMs: 60_000, max: 20 }];

export interface OfficialAccountSendersOptions {
  api: OfficialAccountApi;
  db: Db;
  dataDir: string;
  /** The server's public address, for the message page a template links to. */
  baseUrl(): string;
}

export function officialAccountSenders(opts: OfficialAccountSendersOptions): Senders {
  return { 'wechat.custom': { limits: () => FOLLOWER_LIMITS, send: (row) => sendRow(opts, row) } };
}

async function sendRow(opts: OfficialAccountSendersOptions, row: OutboxRow): Promise<unknown> {
  const message = row.message as OutboundMessage;
  if (message.type === 'card_update') return { skipped: 'the official account has no cards to update' };
  const openid = row.recipient;
  const now = clock.now();
  if ((await replyWindow(opts.db, openid, now)) !== 'closed') {
    try {
      const image = message.type === 'image' ? await uploadImage(opts, message.mediaId) : undefined;
      await opts.api.customSend(renderCustom(openid, message, image)!);
      return { via: 'message/custom/send' };
    } catch (err) {
      const code = errcodeOf(err);
      if (code === undefined || (!WINDOW_ERRORS.has(code) && !UNREACHABLE_ERRORS.has(code))) throw err;
      await noteWindowClosed(opts.db, openid, now);
    }
  }
  return outsideWindow(opts, row, message, now);
}

async function outsideWindow(opts: OfficialAccountSendersOptions, row: OutboxRow, message: OutboundMessage, now: Date): Promise<unknown> {
  // A reply belongs in the conversation: it waits for the user rather than arriving as a notification.
  if (row.idempotencyKey.startsWith('reply:')) throw new WaitingForRecipient(t.waitingReply);
  const settings = await accountSettingsFor(opts.db, row.recipient);
  if (settings.kind !== '服务号') throw new WaitingForRecipient(t.waitingNoTemplate(settings.kind));
  const templateId = settings.templates[row.idempotencyKey.split(':')[0]!] ?? settings.templates.notice;
  if (!templateId) throw new WaitingForRecipient(t.waitingNoTemplateId);
  const body = renderTemplate(row.recipient, message, {
    templateId, fields: settings.templateFields, key: row.idempotencyKey, now,
    pageUrl: messageLink(opts.baseUrl(), row.id, row.recipient),
  });
  try {
    const sent = await opts.api.templateSend(body);
    return { via: 'message/template/send', msgid: sent.msgid };
  } catch (err) {
    const code = errcodeOf(err);
    if (code !== undefined && UNREACHABLE_ERRORS.has(code)) throw new WaitingForRecipient(t.waitingUnreachable(code));
    throw err;
  }
}

async function uploadImage(opts: OfficialAccountSendersOptions, mediaId: number): Promise<string> {
  let file;
  try {
    file = await readMedia(opts.db, opts.dataDir, mediaId);
  } catch (err) {
    if (isDudaoError(err)) throw new ChannelError(err.message, false);
    throw err;
  }
  const uploaded = await opts.api.mediaUpload('image', { bytes: file.bytes, fileName: file.fileName ?? `${file.sha256.slice(0, 16)}.jpg`, contentType: file.mime });
  return uploaded.media_id;
}
