/**
 * Adapts the simulated platforms to what the console needs (platform.ts): the WeCom simulator's journal becomes the
 * stream of PlatformRequests, and WecomCallbackSender delivers what a person does as real encrypted callbacks.
 */
import { DudaoError } from '../domain/errors.ts';
import type { WecomSimulator, RecordedCall } from '../simulators/wecom/api.ts';
import type { WecomCallbackSender, CallbackResult } from '../simulators/wecom/callbacks.ts';
import type { OfficialAccountSimulator, RecordedCall as OaCall } from '../simulators/official-account/api.ts';
import type { OfficialAccountCallbackSender, CallbackResult as OaResult } from '../simulators/official-account/callbacks.ts';
import type { CallbackDelivery, FollowerDelivery, PlatformRequest, SimulatedPlatform, SimulatedRooms } from './platform.ts';
import type { RoomMessage, WechatyMockWorld } from '../simulators/wechaty/mock-world.ts';

export function wecomPlatform(sim: WecomSimulator): SimulatedPlatform {
  const toRequest = (c: RecordedCall): PlatformRequest => ({
    platform: 'wecom', method: c.method, path: c.path, query: c.query, to: c.to, body: c.body, response: c.response,
    errcode: c.errcode, duplicate: c.duplicate, at: c.at,
  });
  return {
    addMedia: (bytes, type) => sim.addMedia(bytes, type, type === 'image/png' ? 'photo.png' : 'photo.jpg'),
    mediaBytes: (id) => sim.mediaBytes(id),
    recorded: () => sim.sent().map(toRequest),
    onRequest(listener) {
      const on = (c: RecordedCall) => listener(toRequest(c));
      sim.events.on('request', on);
      return () => { sim.events.off('request', on); };
    },
  };
}

/** Sends callbacks with WeCom's retries; a delivery our server did not accept with a 200 is an error. */
export function wecomCallbacks(sender: WecomCallbackSender): CallbackDelivery {
  const accepted = async (result: Promise<CallbackResult>) => {
    const r = await result;
    if (r.status !== 200) {
      throw new DudaoError('unavailable', `/wecom/callback answered ${r.status ?? 'nothing'}: ${r.body || r.answers.at(-1)?.error || ''}`);
    }
  };
  return {
    sendText: (from, text) => accepted(sender.sendText(from, text)),
    sendImage: (from, mediaId) => accepted(sender.sendImage(from, mediaId)),
    sendCardEvent: (from, tap) => accepted(sender.sendEvent(from, { event: 'template_card_event', ...tap })),
  };
}

/** The mock personal-WeChat world as the console's rooms. */
export function wechatyRooms(world: WechatyMockWorld): SimulatedRooms {
  return {
    messages: () => world.messages(),
    onMessage(listener) {
      const on = (m: RoomMessage) => listener(m);
      world.events.on('message', on);
      return () => { world.events.off('message', on); };
    },
    say: (contactId, topic, text) => world.say(contactId, topic, text),
  };
}

export function officialAccountPlatform(sim: OfficialAccountSimulator): SimulatedPlatform {
  const toRequest = (c: OaCall): PlatformRequest => ({
    platform: 'wechat', method: c.method, path: c.path, query: c.query, to: c.to, body: c.body, response: c.response,
    errcode: c.errcode, duplicate: c.duplicate, at: c.at,
  });
  return {
    addMedia: (bytes, type) => sim.addMedia(bytes, type === 'image' ? 'image/jpeg' : type, 'photo.jpg'),
    mediaBytes: (id) => sim.mediaBytes(id),
    recorded: () => sim.sent().map(toRequest),
    onRequest(listener) {
      const on = (c: OaCall) => listener(toRequest(c));
      sim.events.on('request', on);
      return () => { sim.events.off('request', on); };
    },
  };
}

/** Sends a follower's actions with the platform's retries; an answer other than 200 is an error. */
export function followerCallbacks(sender: OfficialAccountCallbackSender): FollowerDelivery {
  const accepted = async (result: Promise<OaResult>) => {
    const r = await result;
    if (r.status !== 200) {
      throw new DudaoError('unavailable', `/wechat/callback answered ${r.status ?? 'nothing'}: ${r.body || r.answers.at(-1)?.error || ''}`);
    }
  };
  return {
    sendText: (openid, text) => accepted(sender.sendText(openid, text)),
    sendImage: (openid, mediaId) => accepted(sender.sendImage(openid, mediaId)),
    click: (openid, key) => accepted(sender.sendEvent(openid, 'CLICK', key)),
  };
}
