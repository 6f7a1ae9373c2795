/** The reason the office sees on an outbox row that waits because its channel is not connected yet. */
const CHANNEL_NAME: Record<string, string> = {
  'wecom.app': '企业微信应用消息',
  'wecom.appchat': '企业微信群聊',
  'wecom.robot': '企业微信群机器人',
  'wechat.custom': '公众号',
  wechaty: '个人微信',
};

export const channelName = (channel: string): string => CHANNEL_NAME[channel] ?? (channel || '该');

export function parkedReason(channel: string): string {
  return `${channelName(channel)}渠道尚未开通（本系统还不能通过它发送），消息已暂存，渠道开通后自动发出。`;
}
