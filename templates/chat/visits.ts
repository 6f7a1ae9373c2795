/** What the bot says to a supervisor during a visit (conversations.md §1). Cards are in templates/cards/visit-*.ts. */
import type { EntryKind } from '../../src/domain/visit-entry-kinds.ts';
import type { VisitSummary } from '../../src/services/visit-summary.ts';
import { chineseDate, shanghaiTime } from '../../src/domain/deadlines.ts';
import { VISIT_METHODS } from '../../src/domain/visit-methods.ts';

export const KIND_LABEL: Record<EntryKind, string> = {
  strength: '亮点', weakness: '不足', suggestion: '建议', problem: '问题', onsite_fix: '现场整改', photo: '照片',
};

const list = (names: string[]) => (names.length ? names.join('、') : '暂无');
const clip = (s: string, n = 30) => (s.length > n ? `${s.slice(0, n)}…` : s);

export function started(i: { school: string; at: Date | null; photos: number }): string {
  return [
    `已开始${i.school}的督导${i.at ? `（${shanghaiTime(i.at)}到校）` : ''}。`,
    ...(i.photos > 0 ? [`你开始前发来的${i.photos}张照片已存入本次督导。`] : []),
    '接下来直接发送即可，顺序不限：',
    '· 照片',
    '· 亮点：… / 不足：… / 建议：…（至少2条亮点、2条不足）',
    '· 问题：… 限期15天（提交后下达整改通知书）',
    '· 现场整改：…',
    '· 方式 推门听课 查阅资料',
    '请在下面的卡片中勾选督导事项，或回复"事项 3 5 6"。',
  ].join('\n');
}

export function resumed(i: { school: string; photos: number }): string {
  return [
    `你在${i.school}的督导正在进行中，继续发送记录即可。`,
    ...(i.photos > 0 ? [`你刚才发来的${i.photos}张照片已存入本次督导。`] : []),
    '发送"进度"查看已记录的内容，"完成"检查并提交。',
  ].join('\n');
}

export const alreadyStarted = (school: string) => `${school}的督导已经开始了，直接发送照片和记录即可。`;

export const unknownSchool = (query: string, own: string[]) =>
  `没有找到名为"${query}"的学校。你负责的学校：${list(own)}。`;

export const pickSchoolHint = (query: string) => `"${query}"对应多所学校，请在卡片中选择。`;

export const ambiguousSchool = (query: string, names: string[]) =>
  `"${query}"对应多所学校：${list(names)}。请写出更完整的校名。`;

export function entryAdded(i: { kind: EntryKind; text: string; deadlineDays?: number; summary: VisitSummary }): string {
  const c = i.summary.counts;
  const head = i.kind === 'problem'
    ? `已记录问题：${clip(i.text)}\n整改期限${i.deadlineDays}天，提交后向学校下达整改通知书。`
    : `已记录${KIND_LABEL[i.kind]}：${clip(i.text)}`;
  return `${head}\n目前：亮点${c.strength}条、不足${c.weakness}条、问题${c.problem}条、照片${c.photo}张。`;
}

export const entryUsage = (kind: EntryKind) =>
  kind === 'problem'
    ? '请在"问题："后写上问题，例如"问题：食堂留样记录不全 限期15天"。'
    : `请在"${KIND_LABEL[kind]}："后写上内容，例如"${KIND_LABEL[kind]}：${EXAMPLE[kind]}"。`;

const EXAMPLE: Record<EntryKind, string> = {
  strength: '课后服务安排有序',
  weakness: '部分班级作业量偏大',
  suggestion: '加强食堂留样管理',
  problem: '食堂留样记录不全',
  onsite_fix: '消防通道杂物已当场清理',
  photo: '',
};

export const itemsSet = (items: { code: number; title: string }[]) =>
  `已记录督导事项：\n${items.map((i) => `${i.code}. ${i.title}`).join('\n')}`;

export const itemsUsage = (items: { code: number; title: string }[]) =>
  ['请回复"事项"加编号，例如"事项 3 5 6"：', ...items.map((i) => `${i.code}. ${i.title}`)].join('\n');

export const notItemNumbers = (words: string[], items: { code: number }[]) =>
  `"${words.join('、')}"不是督导事项编号。可选编号：${items.map((i) => i.code).join('、')}，例如"事项 3 5 6"。`;

export const itemsCardOutdated = () => '这张事项卡片属于已经结束的督导，本次督导请回复"事项 3 5 6"。';

export const methodsSet = (methods: string[]) => `已记录督导方式：${methods.join('、')}。`;

export const unknownMethods = (words: string[]) =>
  `不认识的督导方式：${words.join('、')}。可选：${VISIT_METHODS.join('、')}，例如"方式 推门听课 查阅资料"。`;

export const narrativeSet = (length: number) => `已记录督导纪实（${length}字）。再次发送"纪实：…"会替换这段内容。`;

export const narrativeUsage = () => '请在"纪实："后写上本次督导的经过。';

export function undone(i: { kind: EntryKind; text: string | null }): string {
  return i.kind === 'photo' ? '已撤销上一张照片。' : `已撤销${KIND_LABEL[i.kind]}：${clip(i.text ?? '')}`;
}

export const nothingToUndo = () => '本次督导还没有可以撤销的记录。';

export function progress(s: VisitSummary, missing: string[]): string {
  const lines = [`【${s.school.name}】督导进行中${s.startedAt ? `，${shanghaiTime(s.startedAt)}到校` : ''}`];
  const block = (label: string, texts: string[]) => {
    lines.push(`${label}（${texts.length}）`);
    texts.forEach((t, n) => lines.push(`  ${n + 1}. ${clip(t, 40)}`));
  };
  block('亮点', s.strengths);
  block('不足', s.weaknesses);
  block('建议', s.suggestions);
  block('问题', s.problems.map((p) => `${p.text}（限期${p.deadlineDays}天）`));
  block('现场整改', s.onsiteFixes);
  lines.push(`照片：${s.photos.length}张`);
  lines.push(`督导事项：${s.items.length ? s.items.map((i) => i.code).join('、') : '未勾选'}`);
  lines.push(`督导方式：${list(s.methods)}`);
  lines.push(`纪实：${s.narrative ? `${s.narrative.length}字` : '暂无'}`);
  lines.push(missing.length ? `提交前还需：\n${missing.join('\n')}` : '记录已完整，发送"完成"核对后提交。');
  return lines.join('\n');
}

export const cancelled = (school: string) => `已取消${school}的督导。已记录的内容保留在系统中，但不会提交。`;

export const incomplete = (school: string, missing: string) => `${school}的督导记录还不能提交，请补充：\n${missing}`;

export const reviewCardSent = () => '请核对下面的记录，无误后点"提交"，或直接回复"提交"。';

export const continueRecording = () => '好的，请继续补充，补充完再发送"完成"。';

export const photoSaved = (count: number) => `照片已保存（本次督导共${count}张）。`;

export const photoKept = (minutes: number) =>
  `照片已收到并保存。你还没有开始督导：${minutes}分钟内发送"开始督导 学校名称"，这张照片会自动存入本次督导。`;

export function planned(i: { school: string; day: string; content: string | null; type: string; announced: boolean }): string {
  const kind = i.type === '经常性督导' ? '督导' : i.type;
  return [
    `已计划${chineseDate(i.day)}到${i.school}${kind}${i.content ? `（${i.content}）` : ''}。当天8:00会提醒你，到校后点"开始督导"。`,
    i.announced ? '已提前告知学校联系人，并报督导室备案。' : `${i.type}不提前告知学校，仅报督导室备案。`,
  ].join('\n');
}

export const planUsage = () => '请这样写：计划 实验小学 5月20日 食堂卫生（日期也可写 2026-05-20、明天）。';

export const chooseNewDay = () => '改到哪一天？请在卡片中选择。';

export const rescheduled = (school: string, day: string) => `已将${school}的督导改到${chineseDate(day)}，当天8:00会再次提醒你。`;

export const rated = (rating: string) => `感谢评价（${rating}）！如有要求，可回复"学校要求：…"。`;

export const requestsSaved = () => '已收到贵校的要求，已记入本次督导的纪实表，督学和督导室都能看到。';

export const requestsUsage = () => '请在"学校要求："后写上贵校对督导工作的要求或建议。';

/** Card button captions after a tap (WeCom greys the buttons and shows this text). */
export const tapped = {
  started: '督导进行中',
  picked: (school: string) => `已选：${school}`,
  itemsSaved: '已记录',
  submitted: '已提交',
  continued: '继续补充中',
  rescheduled: (day: string) => `已改到${chineseDate(day)}`,
  rated: (rating: string) => `已评价：${rating}`,
};
