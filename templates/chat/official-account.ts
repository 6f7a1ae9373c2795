/** The official account's chat (公众号): the welcome, the help the public gets, binding, and the menu. */

export const publicHelp = [
  '您好，这里是区教育督导室公众号。可以发送：',
  '· 报告 —— 最新发布的督导报告',
  '· 学校名称或简称（如：实验小学）—— 该校最新督导报告',
  '· 绑定 123456 —— 学校联系人用督导室给的6位绑定码绑定，之后整改通知会发到这里',
].join('\n');

export const welcome = ['感谢关注！这里发布责任督学挂牌督导的督导报告。', publicHelp.split('\n').slice(1).join('\n')].join('\n');

export const welcomeBack = (name: string) => `${name}，欢迎回来！整改通知会继续发到这里；回复"帮助"查看可用指令。`;

export const bind = {
  howTo: '请发送"绑定"加上督导室给您的6位绑定码，例如：绑定 123456',
  onlyHere: '绑定码用于在督导室公众号里绑定，请在公众号中发送。',
  done: (name: string, school: string) => `绑定成功：${name}（${school}）。今后整改通知书会发到这里，可直接回复"已整改 12号 整改情况"并附照片。`,
  already: (name: string) => `您已绑定为${name}，无需再次绑定。`,
  otherPerson: (name: string) => `此微信已绑定为${name}。如需更换，请联系督导室。`,
  wrong: (left: number) => `绑定码不正确。请核对督导室给您的6位数字（一小时内还可尝试${left}次）。`,
  expired: '该绑定码已过期，请联系督导室重新获取。',
  used: '该绑定码已经使用过，每个绑定码只能用一次。如需重新绑定，请联系督导室获取新码。',
  paused: (minutes: number) => `错误次数过多，请${minutes}分钟后再试，或联系督导室核对绑定码。`,
};

/** The custom menu (menu/create): each click button's key maps to the words it stands for (chat/official-account). */
export const MENU = {
  button: [
    { type: 'click', name: '督导报告', key: 'DUDAO_REPORTS', words: '报告' },
    { type: 'click', name: '绑定学校', key: 'DUDAO_BIND', words: '绑定' },
    { type: 'click', name: '使用帮助', key: 'DUDAO_HELP', words: '帮助' },
  ],
} as const;
