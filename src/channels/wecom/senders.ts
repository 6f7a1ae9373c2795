/**
 * The three WeCom outbox channels as dispatcher senders: 'wecom.app' (message/send, one member), 'wecom.appchat'
 * (appchat/send) and 'wecom.robot' (group robot webhook). Limits per recipient follow platform-apis §2.5 and §2.8:
 * a member takes 30 app messages a minute and 1000 an hour (WeCom silently drops the rest), a robot 20 a minute.
 */
import crypto from 'node:crypto';
import type { Db } from '../../db/client.ts';
import type { OutboundMessage } from '../../domain/messages.ts';
import { isDudaoError } from '../../domain/errors.ts';
import { readMedia } from '../../services/media.ts';
import type { OutboxRow, RateLimit } from '../../services/outbox.ts';
import { ChannelError } from '../channel-error.ts';
import type { ChannelSender, RowOutcome, Senders } from '../sender.ts';
import type { WecomApi } from './api.ts';
import { WecomApiError } from './errors.ts';
import { renderWecom, type ResolvedImage, type WecomChannel } from './render.ts';

/** appchat/create: the chat id is taken (86215). */
const CHATID_EXISTS = 86215;

export const APP_MEMBER_LIMITS: RateLimit[] = [{ windowMs: 60_000, max: 30 }, { windowMs: 3_600_000, max: 1000 }];
export const ROBOT_LIMITS: RateLimit[] = [{ windowMs: 60_000, max: 20 }];
/** appchat: each member takes at most 200 app messages a minute; a chat is counted as one recipient here. */
export const APPCHAT_LIMITS: RateLimit[] = [{ windowMs: 60_000, max: 200 }];

export interface WecomSendersOptions {
  api: WecomApi;
  db: Db;
  /** Where stored media live (images to upload). */
  dataDir: string;
}

export function wecomSenders(opts: WecomSendersOptions): Senders {
  const sender = (channel: WecomChannel, limits: RateLimit[]): ChannelSender => ({
    limits: () => limits,
    send: (row) => sendWecomRow(opts, channel, row),
  });
  return {
    'wecom.app': { ...sender('wecom.app', APP_MEMBER_LIMITS), sendMany: (rows) => sendAppMany(opts, rows), maxBatch: MESSAGE_SEND_MAX_USERS },
    'wecom.appchat': sender('wecom.appchat', APPCHAT_LIMITS),
    'wecom.robot': sender('wecom.robot', ROBOT_LIMITS),
  };
}

/** message/send takes at most this many userids in `touser` (platform-apis §2.5). */
export const MESSAGE_SEND_MAX_USERS = 1000;

/**
 * Rows of one fan-out (the same message to many members) in one message/send, `touser` joined by `|`. WeCom still
 * delivers to the valid members when some are not (`invaliduser`); those rows fail alone and are retried alone.
 */
async function sendAppMany(opts: WecomSendersOptions, rows: OutboxRow[]): Promise<RowOutcome[]> {
  const { api } = opts;
  const message = withTaskSuffix(rows[0]!.message as OutboundMessage, rows[0]!.id);
  const touser = rows.map((r) => r.recipient).join('|');
  const request = renderWecom('wecom.app', touser, message, { agentId: api.agentId, repeat: rows.some((r) => r.startedAttempts > 1) });
  if (request.call !== 'message/send') throw new ChannelError(`a ${message.type} message cannot be fanned out`, false);
  const result = await api.sendMessage(request.body);
  const invalid = new Set(String(result.invaliduser ?? '').split('|').filter(Boolean));
  return rows.map((row): RowOutcome => (invalid.has(row.recipient)
    ? { row, ok: false, error: new ChannelError(`WeCom /cgi-bin/message/send: invaliduser ${row.recipient}`, true) }
    : { row, ok: true, response: { msgid: result.msgid, response_code: result.response_code } }));
}

/** A card's task_id must be unique per app: each send of a fan-out card gets its own (the card's id + the first row). */
function withTaskSuffix(message: OutboundMessage, rowId: number): OutboundMessage {
  if (message.type !== 'card' || typeof message.card.task_id !== 'string') return message;
  return { ...message, card: { ...message.card, task_id: `${message.card.task_id}-${rowId}`.slice(0, 128) } };
}

/** Sends one outbox row through one WeCom channel (the group channels in channels/groups/ use it too). */
export async function sendWecomRow(opts: WecomSendersOptions, channel: WecomChannel, row: OutboxRow): Promise<unknown> {
  const { api } = opts;
  const message = row.fanout ? withTaskSuffix(row.message as OutboundMessage, row.id) : (row.message as OutboundMessage);
  const image = message.type === 'image' ? await resolveImage(opts, channel, message.mediaId) : undefined;
  const request = renderWecom(channel, row.recipient, message, { agentId: api.agentId, image, repeat: row.startedAttempts > 1 });
  switch (request.call) {
    case 'message/send':
      return api.sendMessage(request.body);
    case 'update_template_card':
      return api.updateTemplateCard(request.body);
    case 'appchat/send':
      await api.appchatSend(request.body);
      return {};
    case 'appchat/create':
      try {
        return await api.appchatCreate(request.body);
      } catch (err) {
        // Created by an earlier attempt whose answer we lost: the chat is there, which is what we wanted.
        if (err instanceof WecomApiError && err.errcode === CHATID_EXISTS) return { chatid: request.body.chatid };
        throw err;
      }
    case 'webhook/send':
      await api.robotSend(request.key, request.body);
      return {};
  }
}

/** A robot takes the image inline (base64 + md5); the app and appchat take a media_id uploaded for this send. */
async function resolveImage(opts: WecomSendersOptions, channel: WecomChannel, mediaId: number): Promise<ResolvedImage> {
  let file;
  try {
    file = await readMedia(opts.db, opts.dataDir, mediaId);
  } catch (err) {
    if (isDudaoError(err)) throw new ChannelError(err.message, false);
    throw err;
  }
  if (channel === 'wecom.robot') {
    return { base64: file.bytes.toString('base64'), md5: crypto.createHash('md5').update(file.bytes).digest('hex') };
  }
  const uploaded = await opts.api.mediaUpload('image', file.bytes, file.fileName ?? `${file.sha256.slice(0, 16)}.jpg`, file.mime);
  return { media_id: uploaded.media_id };
}
