/**
 * The message calls (platform-apis §3.5, §3.6): message/custom/send, allowed only inside a window the user opened
 * (45015 outside, 45047 when its replies are used up, 43004 once they unfollowed), and message/template/send,
 * which only a 服务号 may call (48001 for a 订阅号), with a registered template id, dropping a repeated
 * client_msg_id.
 */
import { fail, ok, type JsonAnswer } from './state.ts';
import type { ApiGroup, Body } from './routes.ts';

const CUSTOM_TYPES = new Set(['text', 'image', 'news']);
const MAX_TEXT_BYTES = 2048;

export const messageApi: ApiGroup = ({ state }) => ({
  '/cgi-bin/message/custom/send': {
    method: 'POST',
    token: true,
    run(_req, body): JsonAnswer {
      const to = typeof body.touser === 'string' ? body.touser : undefined;
      const invalid = checkCustom(body);
      if (invalid) return { json: fail(invalid), to };
      const code = state.takeReply(to!);
      return { json: code === 0 ? ok() : fail(code), to };
    },
  },
  '/cgi-bin/message/template/send': {
    method: 'POST',
    token: true,
    run(_req, body): JsonAnswer {
      const to = typeof body.touser === 'string' ? body.touser : undefined;
      if (state.kind !== '服务号') return { json: fail(48001), to };
      if (!to) return { json: fail(40003), to };
      const follower = state.followers.get(to);
      if (!follower) return { json: fail(40003), to };
      if (!follower.subscribed) return { json: fail(43004), to };
      if (typeof body.template_id !== 'string' || !state.templates.has(body.template_id)) return { json: fail(40037), to };
      if (!body.data || typeof body.data !== 'object') return { json: fail(47001), to };
      for (const v of Object.values(body.data as Body)) if (!v || typeof v.value !== 'string') return { json: fail(47001), to };
      if (body.url !== undefined && (typeof body.url !== 'string' || !/^https?:\/\//.test(body.url))) return { json: fail(47001), to };
      const clientId = typeof body.client_msg_id === 'string' ? body.client_msg_id : undefined;
      const earlier = clientId ? state.templateSends.get(clientId) : undefined;
      if (earlier !== undefined) return { json: ok({ msgid: earlier }), to, duplicate: true };
      const msgid = state.issueMsgId();
      if (clientId) state.templateSends.set(clientId, msgid);
      return { json: ok({ msgid }), to };
    },
  },
});

/** The errcode for a malformed customer-service message, or 0. */
function checkCustom(body: Body): number {
  if (typeof body.touser !== 'string' || body.touser === '') return 40003;
  if (!CUSTOM_TYPES.has(body.msgtype)) return 40008;
  switch (body.msgtype) {
    case 'text': {
      const content = body.text?.content;
      if (typeof content !== 'string' || content === '') return 44002;
      return Buffer.byteLength(content, 'utf8') > MAX_TEXT_BYTES ? 45002 : 0;
    }
    case 'image':
      return typeof body.image?.media_id === 'string' && body.image.media_id ? 0 : 40007;
    case 'news': {
      const articles = body.news?.articles;
      if (!Array.isArray(articles) || articles.length === 0) return 44003;
      if (articles.length > 8) return 45008;
      return articles.every((a: Body) => typeof a?.title === 'string' && typeof a?.url === 'string') ? 0 : 47001;
    }
  }
  return 47001;
}
