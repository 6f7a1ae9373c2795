/**
 * OutboundMessage → the WeCom request that carries it, per outbox channel:
 * - 'wecom.app'     → message/send to one member (touser + agentid); card_update → message/update_template_card;
 * - 'wecom.appchat' → appchat/send to a chat id; cards (appchat has none) become markdown;
 * - 'wecom.robot'   → webhook/send with the robot key; text_notice/news_notice cards pass (without the callback
 *                     parts a robot cannot receive), interactive cards become markdown.
 * Pure: an image arrives already uploaded (`ctx.image`).
 */
import type { OutboundMessage, TemplateCard } from '../../domain/messages.ts';
import { cardAsMarkdown } from '../../../templates/channels/card-text.ts';
import { groupNoticeMarkdown } from '../../../templates/channels/group-notice.ts';
import { ChannelError } from '../channel-error.ts';
import type { AppchatCreateBody, AppchatSendBody, MessageContent, MessageSendBody, RobotBody, UpdateCardBody } from './wire.ts';

export type WecomChannel = 'wecom.app' | 'wecom.appchat' | 'wecom.robot';

export type WecomRequest =
  | { call: 'message/send'; body: MessageSendBody }
  | { call: 'update_template_card'; body: UpdateCardBody }
  | { call: 'appchat/send'; body: AppchatSendBody }
  | { call: 'appchat/create'; body: AppchatCreateBody }
  | { call: 'webhook/send'; key: string; body: RobotBody };

export type ResolvedImage = { media_id: string } | { base64: string; md5: string };

export interface RenderContext {
  agentId: number;
  /** The image of an 'image' message, uploaded for app/appchat, base64 for a robot. */
  image?: ResolvedImage;
  /** A repeat attempt: ask WeCom to drop it if the first one got through (message/send only). */
  repeat?: boolean;
}

const ROBOT_CARD_TYPES = new Set(['text_notice', 'news_notice']);

export function renderWecom(channel: WecomChannel, recipient: string, message: OutboundMessage, ctx: RenderContext): WecomRequest {
  if (message.type === 'group_create') {
    if (channel !== 'wecom.appchat') throw unsupported(`group_create cannot be sent to ${channel}`);
    return { call: 'appchat/create', body: { chatid: message.chatId, name: message.name, owner: message.owner, userlist: message.userIds } };
  }
  if (message.type === 'group_notice') {
    // Only a robot can @-mention in markdown (<@userid>); elsewhere the people are named.
    const mention = channel === 'wecom.robot' ? (m: { name: string; wecomUserId?: string | null }) => (m.wecomUserId ? `<@${m.wecomUserId}>` : m.name) : undefined;
    return renderWecom(channel, recipient, { type: 'markdown', text: groupNoticeMarkdown(message, mention) }, ctx);
  }
  if (message.type === 'card_update') {
    if (channel !== 'wecom.app') throw unsupported(`card_update cannot be sent to ${channel}`);
    const target = { userids: message.userIds, agentid: ctx.agentId, response_code: message.responseCode };
    return message.card
      ? { call: 'update_template_card', body: { ...target, template_card: message.card } }
      : { call: 'update_template_card', body: { ...target, button: { replace_name: message.replaceName ?? '' } } };
  }
  switch (channel) {
    case 'wecom.app': {
      const dup = ctx.repeat ? { enable_duplicate_check: 1 as const, duplicate_check_interval: 1800 } : {};
      return { call: 'message/send', body: { touser: recipient, agentid: ctx.agentId, ...content(message, ctx, true), ...dup } };
    }
    case 'wecom.appchat': {
      const c = content(message, ctx, false) as Exclude<MessageContent, { msgtype: 'template_card' }>;
      return { call: 'appchat/send', body: { chatid: recipient, ...c } };
    }
    case 'wecom.robot': {
      const body: RobotBody = message.type === 'image'
        ? { msgtype: 'image', image: robotImage(ctx.image) }
        : (content(message, ctx, false, robotCard) as RobotBody);
      return { call: 'webhook/send', key: recipient, body };
    }
  }
}

function content(
  message: Exclude<OutboundMessage, { type: 'card_update' | 'group_notice' | 'group_create' }>,
  ctx: RenderContext,
  cards: boolean,
  cardFor: (card: TemplateCard) => TemplateCard | undefined = () => undefined,
): MessageContent {
  switch (message.type) {
    case 'text':
      return { msgtype: 'text', text: { content: message.text } };
    case 'markdown':
      return { msgtype: 'markdown', markdown: { content: message.text } };
    case 'card': {
      const card = cards ? message.card : cardFor(message.card);
      return card ? { msgtype: 'template_card', template_card: card } : { msgtype: 'markdown', markdown: { content: cardAsMarkdown(message.card) } };
    }
    case 'image': {
      if (!ctx.image || !('media_id' in ctx.image)) throw unsupported('image message without an uploaded media_id');
      return { msgtype: 'image', image: { media_id: ctx.image.media_id } };
    }
    case 'news':
      return {
        msgtype: 'news',
        news: { articles: message.articles.map((a) => ({ title: a.title, description: a.description, url: a.url, picurl: a.picUrl })) },
      };
    default:
      throw unsupported(`${message.type} is not a WeCom message`);
  }
}

/** A robot shows text_notice and news_notice cards but cannot receive their events: drop the parts that need one. */
function robotCard(card: TemplateCard): TemplateCard | undefined {
  if (!ROBOT_CARD_TYPES.has(card.card_type)) return undefined;
  const { task_id: _t, action_menu: _a, ...rest } = card;
  return rest as TemplateCard;
}

function robotImage(image: ResolvedImage | undefined): { base64: string; md5: string } {
  if (!image || !('base64' in image)) throw unsupported('robot image without its base64 content');
  return image;
}

function unsupported(message: string): ChannelError {
  return new ChannelError(message, false);
}
