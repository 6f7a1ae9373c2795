import { normalise, parseCommand } from '../../src/chat/commands.ts';

describe('parseCommand', () => {
  it.each([
    ['开始督导 实验小学', '开始督导', '实验小学'],
    ['开始督导　实验小学', '开始督导', '实验小学'],
    ['亮点：食堂干净整洁', '亮点', '食堂干净整洁'],
    ['亮点:食堂干净整洁', '亮点', '食堂干净整洁'],
    ['  优点 ：  食堂干净整洁 ', '亮点', '食堂干净整洁'],
    ['问题：食堂留样记录不全 限期15天', '问题', '食堂留样记录不全 限期15天'],
    ['现场整改：消防通道杂物已清理', '现场整改', '消防通道杂物已清理'],
    ['事项 3 5 6', '事项', '3 5 6'],
    ['取消督导', '取消督导', ''],
    ['已整改 12号 已补齐留样记录', '已整改', '12号 已补齐留样记录'],
    ['整改完成', '已整改', ''],
    ['？', '帮助', ''],
  ])('reads %s as %s', (text, name, args) => {
    expect(parseCommand(text)).toEqual({ name, args });
  });

  it('does not take a word that merely starts like a command', () => {
    expect(parseCommand('开始吧我们')).toBeNull();
    expect(parseCommand('问题很多')).toBeNull();
    expect(parseCommand('今天天气不错')).toBeNull();
  });

  it('normalises full-width digits and spaces', () => {
    expect(normalise('事项　３ ５')).toBe('事项 3 5');
  });
});

describe('the text after a command', () => {
  it('keeps the person\'s own punctuation while tidying digits and spaces', () => {
    expect(parseCommand('现场整改：灭火器过期，已当场更换；已复查')).toEqual({ name: '现场整改', args: '灭火器过期，已当场更换；已复查' });
    expect(parseCommand('纪实：时间：上午　听课２节？')).toEqual({ name: '纪实', args: '时间：上午 听课2节？' });
  });
});
