/**
 * The words people type. A command is recognised at the start of a message, after full-width punctuation and
 * spaces are normalised; each canonical command has its usual synonyms. Registering an unknown name fails tsc.
 */
export const COMMANDS = {
  开始督导: ['开始督导', '开始', '进校'],
  计划: ['计划', '计划督导'],
  亮点: ['亮点', '优点', '优势'],
  不足: ['不足', '缺点', '短板'],
  建议: ['建议', '意见'],
  问题: ['问题', '整改'],
  现场整改: ['现场整改', '已现场整改'],
  事项: ['事项', '督导事项'],
  方式: ['方式', '督导方式'],
  纪实: ['纪实', '情况'],
  撤销: ['撤销', '撤回', '删除上一条'],
  进度: ['进度', '查看', '汇总'],
  取消督导: ['取消督导', '放弃督导'],
  完成: ['完成', '结束督导', '结束'],
  提交: ['提交', '确认提交'],
  已整改: ['已整改', '整改完成'],
  整改到位: ['整改到位', '确认整改'],
  通知书: ['通知书', '整改通知书', '我的通知书'],
  退回: ['退回', '退回整改'],
  到位: ['到位', '回访到位'],
  未到位: ['未到位', '回访未到位'],
  学校要求: ['学校要求', '学校意见'],
  绑定: ['绑定'],
  例会: ['例会', '月例会', '责任区例会'],
  参加: ['参加', '参会', '参加例会'],
  请假: ['请假'],
  报告: ['报告', '督导报告', '最新报告'],
  帮助: ['帮助', '菜单', '?', 'help'],
} as const satisfies Record<string, readonly string[]>;

export type CommandName = keyof typeof COMMANDS;

/** Full-width to half-width for the punctuation people use between a command and its text; spaces collapsed. */
export function normalise(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => (c === '：' ? ':' : /[０-９Ａ-Ｚａ-ｚ？，；]/.test(c) ? String.fromCharCode(c.charCodeAt(0) - 0xfee0) : c))
    .replace(/[\u3000\s]+/g, ' ')
    .trim();
}

const synonyms: [string, CommandName][] = (Object.entries(COMMANDS) as [CommandName, readonly string[]][])
  .flatMap(([name, words]) => words.map((w) => [w, name] as [string, CommandName]))
  // Longest first, so 现场整改 wins over 整改 and 取消督导 over 取消.
  .sort((a, b) => b[0].length - a[0].length);

/** Full-width digits and letters to half-width and spaces collapsed, but the person's punctuation kept (，。：). */
function tidy(text: string): string {
  return text
    .replace(/[０-９Ａ-Ｚａ-ｚ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\u3000\s]+/g, ' ')
    .trim();
}

/**
 * Splits "亮点：食堂干净，整洁" into { name: '亮点', args: '食堂干净，整洁' }; null when no command starts the text. The
 * command is matched on the normalised text; the args keep what the person wrote (only digits and spaces tidied).
 * Both forms change characters one for one, so they line up.
 */
export function parseCommand(raw: string): { name: CommandName; args: string } | null {
  const text = normalise(raw);
  const body = tidy(raw);
  for (const [word, name] of synonyms) {
    if (!text.toLowerCase().startsWith(word.toLowerCase())) continue;
    const rest = text.slice(word.length);
    if (rest !== '' && !/^[\s:]/.test(rest)) continue;
    return { name, args: body.slice(word.length).replace(/^[\s:：]+/, '').trim() };
  }
  return null;
}
