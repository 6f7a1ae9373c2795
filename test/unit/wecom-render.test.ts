import { ChannelError } from '../../src/channels/channel-error.ts';
import { renderWecom } from '../../src/channels/wecom/render.ts';
import { retryDelayMs } from '../../src/services/outbox.ts';

const ctx = { agentId: 1000002 };
const notice = {
  card_type: 'text_notice', task_id: 'meeting_7', main_title: { title: '九月责任区例会' },
  action_menu: { desc: '更多', action_list: [{ text: '不再提醒', key: 'mute' }] },
  card_action: { type: 1, url: 'https://dudao.example/h5/meetings/7' },
};

describe('rendering an outbound message for WeCom', () => {
  it('addresses an app message to one member with our agent id', () => {
    expect(renderWecom('wecom.app', 'wangdx', { type: 'text', text: '你好' }, ctx)).toEqual({
      call: 'message/send', body: { touser: 'wangdx', agentid: 1000002, msgtype: 'text', text: { content: '你好' } },
    });
  });

  it('asks WeCom to drop a repeat when the message is being sent again', () => {
    const { body } = renderWecom('wecom.app', 'wangdx', { type: 'text', text: '你好' }, { ...ctx, repeat: true }) as { body: object };
    expect(body).toMatchObject({ enable_duplicate_check: 1, duplicate_check_interval: 1800 });
  });

  it('gives a robot a text_notice card without the parts that need a callback', () => {
    const request = renderWecom('wecom.robot', 'key-1', { type: 'card', card: notice }, ctx);
    expect(request).toEqual({
      call: 'webhook/send', key: 'key-1',
      body: { msgtype: 'template_card', template_card: { card_type: 'text_notice', main_title: { title: '九月责任区例会' }, card_action: notice.card_action } },
    });
  });

  it('tells a card as markdown in an app group chat, with its link', () => {
    const request = renderWecom('wecom.appchat', 'zone1', { type: 'card', card: notice }, ctx);
    expect(request).toEqual({
      call: 'appchat/send',
      body: { chatid: 'zone1', msgtype: 'markdown', markdown: { content: '**九月责任区例会**\n[查看详情](https://dudao.example/h5/meetings/7)\n可选操作：不再提醒（请在「督导通」应用中操作）' } },
    });
  });

  it('maps news articles to WeCom field names', () => {
    const request = renderWecom('wecom.app', 'u', { type: 'news', articles: [{ title: '报告', url: 'https://x/r/1', picUrl: 'https://x/p.png' }] }, ctx);
    expect((request.body as { news: unknown }).news).toEqual({ articles: [{ title: '报告', url: 'https://x/r/1', picurl: 'https://x/p.png', description: undefined }] });
  });

  it('refuses, for good, to update a card in a group', () => {
    const update = { type: 'card_update' as const, responseCode: 'rc', userIds: ['u'], replaceName: '已处理' };
    const err = (() => { try { renderWecom('wecom.robot', 'key-1', update, ctx); } catch (e) { return e; } })();
    expect(err).toBeInstanceOf(ChannelError);
    expect(err).toMatchObject({ retryable: false, message: 'card_update cannot be sent to wecom.robot' });
  });
});

describe('the retry delay', () => {
  it('doubles from five seconds, stays within fifteen minutes, and never comes before the platform\'s hint', () => {
    const mid = () => 0.5; // no jitter
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 0, mid))).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(retryDelayMs(20, 0, mid)).toBe(15 * 60_000);
    expect(retryDelayMs(1, 60_000, mid)).toBe(60_000);
    expect(retryDelayMs(1, 0, () => 0)).toBe(4_000);
    expect(retryDelayMs(1, 0, () => 1)).toBe(6_000);
  });
});
