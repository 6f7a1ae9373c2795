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
import type { ChannelSender, Senders } from '../sender.ts';
import type { WecomApi } from './api.ts';
import { renderWecom, type ResolvedImage, type WecomChannel } from './render.ts';

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
    send: (row) => sendRow(opts, channel, row),
  });
  return {
    'wecom.app': sender('wecom.app', APP_MEMBER_LIMITS),
    'wecom.appchat': sender('wecom.appchat', APPCHAT_LIMITS),
    'wecom.robot': sender('wecom.robot', ROBOT_LIMITS),
  };
}

async function sendRow(opts: WecomSendersOptions, channel: WecomChannel, row: OutboxRow): Promise<unknown> {
  const { api } = opts;
  const message = row.message as OutboundMessage;
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
