import { renderCustom, renderTemplate } from '../../src/channels/official-account/render.ts';

describe('official-account rendering', () => {
  it('sends markdown and cards as plain text, and keeps a long text under the 2048-byte limit', () => {
    expect(renderCustom('o1', { type: 'markdown', text: '**整改通知**\n> 请于[此处](https://x.cn/a)查看' })).toEqual({
      touser: 'o1', msgtype: 'text', text: { content: '整改通知\n请于此处：https://x.cn/a查看' },
    });
    const card = renderCustom('o1', { type: 'card', card: { card_type: 'button_interaction', main_title: { title: '请评价本次督导' }, button_list: [{ text: '满意', key: 'k' }] } });
    expect(card).toMatchObject({ msgtype: 'text' });
    expect((card as { text: { content: string } }).text.content).toContain('请评价本次督导');
    const long = renderCustom('o1', { type: 'text', text: '问'.repeat(1000) }) as { text: { content: string } };
    expect(Buffer.byteLength(long.text.content)).toBeLessThanOrEqual(2048);
    expect(long.text.content.endsWith('…（点击查看全文）')).toBe(true);
    expect(renderCustom('o1', { type: 'card_update', responseCode: 'r', userIds: [] })).toBeNull();
  });

  it('makes a template message from the first line, a short excerpt, the time, and the first link or the page', () => {
    const at = new Date('2026-05-20T01:30:00Z');
    const fields = { title: 'thing1', body: 'thing2', time: 'time3' };
    const withLink = renderTemplate('o1', { type: 'text', text: '【整改通知书】渡督整〔2026〕1号\n学校：实验小学\n详情：https://d.cn/h5/notices/1?t=abc。' },
      { templateId: 'T', fields, pageUrl: 'https://d.cn/h5/messages/9?t=x', key: 'notice:1:issued:contact:2', now: at });
    expect(withLink).toMatchObject({
      touser: 'o1', template_id: 'T', url: 'https://d.cn/h5/notices/1?t=abc',
      data: { thing1: { value: '【整改通知书】渡督整〔2026〕1号' }, thing2: { value: '学校：实验小学 详情：https://…' }, time3: { value: '2026年5月20日 09:30' } },
    });
    const plain = renderTemplate('o1', { type: 'text', text: '请按时报告' }, { templateId: 'T', fields, pageUrl: 'https://d.cn/p', key: 'k2', now: at });
    expect(plain.url).toBe('https://d.cn/p');
    expect(plain.client_msg_id).not.toBe(withLink.client_msg_id);
    expect(plain.client_msg_id).toMatch(/^[0-9a-f]{32}$/);
  });
});
