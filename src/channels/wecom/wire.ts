/** Request and response bodies of the WeCom calls we make (platform-apis §2.5–§2.10), as they go over the wire. */
import type { TemplateCard } from '../../domain/messages.ts';

export type NewsArticle = { title: string; description?: string; url: string; picurl?: string };

/** The message content part shared by message/send, appchat/send and the robot webhook. */
export type MessageContent =
  | { msgtype: 'text'; text: { content: string; mentioned_list?: string[] } }
  | { msgtype: 'markdown'; markdown: { content: string } }
  | { msgtype: 'image'; image: { media_id: string } }
  | { msgtype: 'news'; news: { articles: NewsArticle[] } }
  | { msgtype: 'template_card'; template_card: TemplateCard };

export type MessageSendBody = MessageContent & {
  touser: string;
  agentid: number;
  safe?: 0 | 1;
  enable_duplicate_check?: 0 | 1;
  duplicate_check_interval?: number;
};

export interface MessageSendResult {
  msgid?: string;
  /** Only for interactive template cards (and text/news cards with action_menu); needed to update the card. */
  response_code?: string;
  invaliduser?: string;
}

export type UpdateCardBody = {
  userids: string[];
  agentid: number;
  response_code: string;
} & ({ button: { replace_name: string } } | { template_card: TemplateCard });

export interface AppchatCreateBody {
  name: string;
  owner?: string;
  userlist: string[];
  chatid?: string;
}

export type AppchatSendBody = Exclude<MessageContent, { msgtype: 'template_card' }> & { chatid: string; safe?: 0 | 1 };

export type RobotBody =
  | Exclude<MessageContent, { msgtype: 'image' }>
  | { msgtype: 'image'; image: { base64: string; md5: string } };

export interface UploadedMedia {
  type: string;
  media_id: string;
  created_at: string;
}

export interface WecomUser {
  userid: string;
  name: string;
  department?: number[];
  position?: string;
  mobile?: string;
  status?: number;
  [field: string]: unknown;
}
