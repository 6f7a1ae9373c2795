/**
 * A zone group that is a WeCom app group chat (群聊会话, platform-apis §2.7): appchat/send to its chat id, and
 * appchat/create when the office has the app create the group from the zone's members (a 'group_create' row, sent
 * before any message to the new chat because both share its outbox segment). Send-only: WeCom does not pass members'
 * messages in the chat to the app.
 */
import { APPCHAT_LIMITS, sendWecomRow, type WecomSendersOptions } from '../wecom/senders.ts';
import type { GroupChannel } from './group-channel.ts';

export function appchatGroup(opts: WecomSendersOptions): GroupChannel {
  return {
    channel: 'wecom.appchat',
    canReceive: false,
    limits: APPCHAT_LIMITS,
    send: (_address, _message, row) => sendWecomRow(opts, 'wecom.appchat', row),
  };
}
