/**
 * The simulated sending endpoints: message/send, message/update_template_card, appchat/create, appchat/send and
 * the group robot webhook. Each checks its body like WeCom does and answers with WeCom's shapes and codes.
 */
import crypto from 'node:crypto';
import { checkCard, checkContent, wantsResponseCode } from './validate.ts';
import { err, newId, ok, type JsonAnswer, type SimState } from './state.ts';

type Body = Record<string, any>;

const APP_TYPES = ['text', 'image', 'voice', 'video', 'file', 'textcard', 'news', 'mpnews', 'markdown', 'template_card'];
const APPCHAT_TYPES = APP_TYPES.filter((t) => t !== 'template_card');
const ROBOT_TYPES = ['text', 'markdown', 'image', 'news', 'file', 'template_card'];
const ROBOT_CARDS = new Set(['text_notice', 'news_notice']);
const CHAT_ID = /^[0-9a-zA-Z]{1,32}$/;

export function messageSend(s: SimState, body: Body): JsonAnswer {
  const to = typeof body.touser === 'string' ? body.touser : undefined;
  if (body.agentid !== s.agentId) return { json: err(40056, 'invalid agentid'), to };
  if (!to && !body.toparty && !body.totag) return { json: err(40035, 'touser, toparty and totag are all empty'), to };
  const refusal = checkContent(body, APP_TYPES) ?? mediaRefusal(s, body);
  if (refusal) return { json: err(refusal.errcode, refusal.errmsg), to };
  const wanted = (to ?? '').split('|').filter((u) => u && u !== '@all');
  const invalid = s.users.size > 0 ? wanted.filter((u) => !s.users.has(u)) : [];
  if (wanted.length > 0 && invalid.length === wanted.length && !body.toparty && !body.totag) {
    return { json: err(81013, 'user & party & tag all invalid'), to };
  }
  const duplicate = body.enable_duplicate_check === 1 && isRepeat(s, body);
  const responseCode = wantsResponseCode(body) ? { response_code: s.issueResponseCode() } : {};
  return { json: ok({ invaliduser: invalid.join('|'), msgid: newId(20), ...responseCode }), to, duplicate };
}

export function updateTemplateCard(s: SimState, body: Body): JsonAnswer {
  const to = Array.isArray(body.userids) ? body.userids.join('|') : undefined;
  if (body.agentid !== s.agentId) return { json: err(40056, 'invalid agentid'), to };
  const code = s.responseCodes.get(String(body.response_code ?? ''));
  if (!code || code.used) return { json: err(40035, 'invalid response_code (unknown, or used already)'), to };
  if (!(Array.isArray(body.userids) && body.userids.length > 0) && body.atall !== 1 && !body.partyids && !body.tagids) {
    return { json: err(40035, 'userids, partyids, tagids and atall are all empty'), to };
  }
  if (body.template_card) {
    const refusal = checkCard(body.template_card);
    if (refusal) return { json: err(refusal.errcode, refusal.errmsg), to };
  } else if (!body.button?.replace_name) {
    return { json: err(40058, 'button.replace_name or template_card is required'), to };
  }
  code.used = true;
  return { json: ok({ invaliduser: [] }), to };
}

export function appchatCreate(s: SimState, body: Body): JsonAnswer {
  const users: unknown = body.userlist;
  if (!Array.isArray(users) || users.length < 2) return { json: err(40035, 'userlist needs at least 2 members') };
  if (typeof body.name === 'string' && [...body.name].length > 50) return { json: err(40035, 'name longer than 50 characters') };
  const chatid = body.chatid === undefined ? newId(16) : String(body.chatid);
  if (!CHAT_ID.test(chatid)) return { json: err(86001, 'invalid chatid'), to: chatid };
  if (s.chats.has(chatid)) return { json: err(86215, 'chatid exists'), to: chatid };
  s.chats.set(chatid, { chatid, name: String(body.name ?? ''), owner: body.owner, userlist: users.map(String) });
  return { json: ok({ chatid }), to: chatid };
}

export function appchatSend(s: SimState, body: Body): JsonAnswer {
  const to = typeof body.chatid === 'string' ? body.chatid : undefined;
  if (!to || !s.chats.has(to)) return { json: err(86001, 'invalid chatid'), to };
  const refusal = checkContent(body, APPCHAT_TYPES) ?? mediaRefusal(s, body);
  return refusal ? { json: err(refusal.errcode, refusal.errmsg), to } : { json: ok(), to };
}

export function robotSend(s: SimState, key: string | null, body: Body): JsonAnswer {
  if (!key) return { json: err(93000, 'invalid webhook url') };
  const to = key;
  const now = s.now().getTime();
  const recent = (s.robotSends.get(key) ?? []).filter((t) => t > now - 60_000);
  if (recent.length >= 20) return { json: err(45009, 'api freq out of limit'), to };
  const refusal = checkContent(body, ROBOT_TYPES);
  if (refusal) return { json: err(refusal.errcode, refusal.errmsg), to };
  if (body.msgtype === 'template_card' && !ROBOT_CARDS.has(body.template_card.card_type)) {
    return { json: err(40058, 'robot template_card supports text_notice and news_notice only'), to };
  }
  if (body.msgtype === 'image') {
    const bytes = Buffer.from(String(body.image.base64), 'base64');
    if (crypto.createHash('md5').update(bytes).digest('hex') !== body.image.md5) return { json: err(40058, 'image md5 does not match'), to };
  }
  s.robotSends.set(key, [...recent, now]);
  return { json: ok(), to };
}

/** An image/voice/video/file message must name a media_id this corp holds. */
function mediaRefusal(s: SimState, body: Body) {
  const type = body.msgtype;
  if (!['image', 'voice', 'video', 'file'].includes(type)) return null;
  return s.liveMedia(body[type]?.media_id) ? null : { errcode: 40007, errmsg: 'invalid media_id' };
}

/** WeCom's duplicate check: the same content to the same touser within the interval (default 1800 s) is dropped. */
function isRepeat(s: SimState, body: Body): boolean {
  const since = s.now().getTime() - Number(body.duplicate_check_interval ?? 1800) * 1000;
  const content = JSON.stringify(body[body.msgtype]);
  return s.journal
    .delivered('/cgi-bin/message/send', body.touser)
    .some((c) => c.at.getTime() > since && JSON.stringify((c.body as Body)[(c.body as Body).msgtype]) === content);
}
