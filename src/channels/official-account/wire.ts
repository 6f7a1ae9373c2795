/** The JSON bodies of the official-account message calls (platform-apis §3.5, §3.6), shared with the simulator. */

export type CustomContent =
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'image'; image: { media_id: string } }
  | { msgtype: 'news'; news: { articles: { title: string; description?: string; url: string; picurl?: string }[] } };

export type CustomSendBody = { touser: string } & CustomContent;

export interface TemplateSendBody {
  touser: string;
  template_id: string;
  url?: string;
  /** Lets the platform drop a repeat of the same message. */
  client_msg_id?: string;
  data: Record<string, { value: string }>;
}
