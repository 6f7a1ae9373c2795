/** What the official-account channel writes itself: why a message waits (the office reads it), and the template link. */
export const officialAccountText = {
  /** outbox.last_error of a 'waiting' row. */
  waitingNoTemplate: (kind: string) => `对方48小时内未在公众号发消息，${kind}不能主动推送；等对方下次发消息时送达（学校尚未收到）`,
  waitingNoTemplateId: '对方48小时内未在公众号发消息，且督导室未配置模板消息（officialAccount.templates.notice）；等对方下次发消息时送达（学校尚未收到）',
  waitingReply: '对方已超过48小时未发消息，回复无法送达；等对方下次发消息时送达',
  waitingUnreachable: (code: number) => `公众号无法联系对方（错误码 ${code}：未关注或无权限）；等对方下次发消息时送达（学校尚未收到）`,
  templateFailed: (status: string) => `模板消息未能送达（${status}）；等对方下次发消息时送达（学校尚未收到）`,
  /** The template message's last field when the text had to be shortened. */
  more: '…（点击查看全文）',
};

/** Template message time: 2026年5月20日 09:30 (Asia/Shanghai). */
export function templateTime(d: Date): string {
  const s = new Date(d.getTime() + 8 * 3600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${s.getUTCFullYear()}年${s.getUTCMonth() + 1}月${s.getUTCDate()}日 ${two(s.getUTCHours())}:${two(s.getUTCMinutes())}`;
}
