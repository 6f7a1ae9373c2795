/**
 * A zone group reached through its group robot webhook (群机器人, platform-apis §2.8): the key stored on the zone,
 * markdown with <@userid> mentions, 20 messages a minute per robot. Send-only: a robot cannot receive.
 */
import { ROBOT_LIMITS, sendWecomRow, type WecomSendersOptions } from '../wecom/senders.ts';
import type { GroupChannel } from './group-channel.ts';

export function robotGroup(opts: WecomSendersOptions): GroupChannel {
  return {
    channel: 'wecom.robot',
    canReceive: false,
    limits: ROBOT_LIMITS,
    send: (_address, _message, row) => sendWecomRow(opts, 'wecom.robot', row),
  };
}
