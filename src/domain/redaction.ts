/**
 * The redaction gate (守则 5): finds personal data in a report before the office approves it. Pure: text (or HTML)
 * in, flags out. Each flag has its kind, the matched text and its offsets [start, end) in the string given — for
 * HTML, offsets into the HTML source, so an editor can highlight them; matching runs on the visible text (tags
 * removed, entities decoded), so a name split by markup (`学生<b>张三</b>`) is still found.
 *
 * Public on purpose and never flagged (seed 003: 公开挂牌督学的联系方式): the names of supervisors and office
 * staff, and the office's own hotline and address — passed in as `allow`.
 */

export const FLAG_KINDS = ['person_name', 'mobile', 'landline', 'id_number', 'student_number', 'email', 'wechat_id', 'address'] as const;
export type FlagKind = (typeof FLAG_KINDS)[number] | 'photo';

export interface RedactionFlag {
  kind: FlagKind;
  text: string;
  start: number;
  end: number;
}

export interface AllowList {
  /** Names that are public: supervisors, zone leaders, office staff. */
  names?: string[];
  /** Phone numbers and addresses that are public: the office hotline and address, zone offices. */
  phrases?: string[];
}

/** Words for people whose names are private when they stand right before or after a name. */
const ROLE_BEFORE = ['学生', '同学', '老师', '教师', '家长', '班主任', '幼儿', '小朋友', '孩子', '学员', '保育员', '保安', '校医', '厨师', '食堂员工', '教职工', '职工', '任课教师', '副班主任', '患儿', '儿童', '监护人', '其母亲', '其父亲', '母亲', '父亲'];
const ROLE_AFTER = ['同学', '老师', '教师', '家长', '小朋友', '幼儿', '班主任', '的家长', '的母亲', '的父亲', '学生', '妈妈', '爸爸'];

/** Common Chinese surnames (single and compound); a name is a surname and one or two more characters. */
const COMPOUND_SURNAMES = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '令狐', '夏侯', '司徒', '端木'];
const SURNAMES = new Set([...(
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹熊白孟秦邱侯江尹薛闫段雷黎史龙陶贺顾毛郝龚邵万钱严覃武戴莫孔汤易常温康施文牛樊葛邢安齐伍庞颜倪柳殷龚涂骆焦'
  + '蒲鲁谷俞柴祝尚翟房牟洪舒窦卓饶单岳滕欧左聂詹甘麦宁路申纪凤米巩景裴庄靳梅柯盛阮蓝季贝游冉包晏'
)]);
/** Characters that end a name rather than continue it (function words, verbs that follow a name). */
const NOT_IN_NAME = new Set([...'的了在是和与及等说称讲对向把被将为因也都已未正要会能可这那其该此各每并或而但就还又再才所以上下中里内外前后来去到给让叫从跟同不没很更最'
  + '反映表示认为介绍参加参与负责提出提供承担担任组织回答完进行指导带获取受到主讲授执教撰写制作辅导'
  + '、，。；：！？“”‘’（）()《》〈〉【】,.;:!?"\' 　\n\t']);
/** Two-character words that begin with a surname character but are not names (学生高度重视, 教师全员参加). */
const NOT_NAMES = new Set(['高度', '平时', '全体', '全部', '全员', '代表', '安全', '管理', '方面', '成长', '常规', '文明', '金牌', '明确', '任务', '任课', '文化',
  '任教', '程度', '马上', '周末', '周边', '周一', '周二', '周三', '周四', '周五', '周六', '周日', '于是', '余人', '万人', '钱款', '石头', '林木', '黄金', '江河', '易于', '施工',
  '康复', '温度', '齐全', '庞大', '宁静', '毛笔', '谷物', '洪水', '蓝色', '白色', '黄色', '包括', '包含', '路上', '路队', '纪律', '凤凰', '卓越', '尚未', '秦腔', '田径',
  '叶片', '苏醒', '曾经', '何时', '何处', '孔子', '申请', '单位', '单独', '景色', '晏会', '严格', '严禁', '严重', '龙头', '雷锋', '方法', '方式', '方案', '向上', '段落',
  '付出', '牛奶', '关心', '杨树', '柳树', '梅花', '包干', '童年', '江南', '邓小', '武术', '史料', '戴帽', '房间', '房屋', '陆续', '许多', '许可', '罗列', '车辆', '华文',
  '习惯', '范围', '范文', '韩语', '陶艺', '章程', '汤匙', '聂耳', '宋体', '欧洲', '贾宝', '傅雷', '邱少', '白天', '白班', '夏季', '冬季', '秋季', '春季', '夏令', '金额',
  '余下', '于此', '卢沟', '沈阳', '吴越', '韦编', '顾及', '顾问', '顾全', '黎明', '雷同', '龚自', '常用', '常见', '常态', '温馨', '温暖', '温习', '齐心', '施教', '康乐',
  '安排', '安置', '安静', '宁可', '左右', '左边', '甘肃', '米饭', '景区', '盛大', '季度', '游戏', '游泳', '包容', '岳阳', '俞伯', '祝贺', '祝福', '翟某', '牟利', '舒适', '舒展',
  '柴油', '洪亮', '窦娥', '路径', '路线', '申报', '纪念', '凤阳', '巩固', '裴多', '庄重', '靳某', '梅兰', '柯南', '蓝天', '贝壳', '冉冉', '邢台', '骆驼', '焦点', '焦虑',
  '谷雨', '鲁迅', '蒲公', '尚且', '房子', '詹天', '麦田', '欧式', '单元', '单词', '聂某', '晏子', '殷切', '涂鸦', '涂色', '倪某', '颜色', '伍的', '熊猫', '牛顿', '葛某',
  '邵某', '毛巾', '郝某', '贺卡', '贺词', '陶冶', '龙舟', '史上', '黎族', '段考', '雷雨', '闫某', '薛某', '尹某', '江边', '侯某', '邱某', '秦始', '孟子', '白鹭', '熊某',
  '邹某', '方面', '付费', '韦某', '夏天', '贾某', '石榴', '金色', '廖某', '汪洋', '陆地', '谭某', '钟声', '钟表', '崔某', '姜汁', '卢某', '姚某', '沈某', '任何', '任意',
  '丁香', '吕某', '魏某', '苏某', '程序', '叶子', '杜绝', '余额', '蒋某', '蔡某', '袁某', '潘某', '董事', '田野', '田间', '萧某', '曾某', '彭某', '曹某', '邓某', '冯某',
  '韩某', '许某', '唐诗', '宋词', '谢谢', '梁某', '郑重', '罗盘', '林荫', '何况', '郭某', '胡乱', '朱红', '马路', '孙某', '徐徐', '周到', '周密', '吴某', '赵某', '黄某',
  '杨某', '陈述', '陈列', '陈旧', '刘某', '张贴', '张开', '张扬', '李某', '王某', '王国', '文字', '文艺', '文体', '文具', '文章', '文本', '文件', '方向', '石阶', '白板',
  '安装', '安心', '安慰', '安检', '易懂', '易燃', '常识', '汤圆', '施肥', '牛肉', '樊篱', '葛藤', '邢某', '齐唱', '伍某', '庞某', '颜某', '柳絮', '殷某', '涂抹', '骆某',
  '焦急', '习作', '水平', '时间', '时候', '能力', '作业', '作品', '课堂', '食堂', '自主', '自己', '家庭', '家长', '共同', '一起', '均衡', '充分', '积极', '主动', '认真']);

const HAN = /[\u3400-\u9fff]/;

/** Finds every flag in plain text. */
export function detectInText(text: string, allow: AllowList = {}): RedactionFlag[] {
  const allowNames = new Set((allow.names ?? []).map((n) => n.trim()).filter(Boolean));
  const allowPhrases = (allow.phrases ?? []).map((p) => p.trim()).filter(Boolean);
  const allowedSpans = spansOf(text, allowPhrases);
  const flags: RedactionFlag[] = [];
  const add = (kind: FlagKind, start: number, end: number) => {
    if (end <= start) return;
    if (allowedSpans.some(([s, e]) => start < e && end > s)) return;
    if (flags.some((f) => start < f.end && end > f.start)) return;
    flags.push({ kind, text: text.slice(start, end), start, end });
  };
  const each = (re: RegExp, kind: FlagKind, group = 0, check?: (m: RegExpExecArray) => boolean) => {
    for (const m of text.matchAll(re)) {
      if (check && !check(m)) continue;
      const value = m[group];
      if (!value) continue;
      const start = m.index! + m[0].indexOf(value);
      add(kind, start, start + value.length);
    }
  };

  // The order matters: longer, more specific numbers first, so an ID number is not also read as a phone number.
  each(/(?<![A-Za-z0-9])[GLJgl]\d{17}[\dXx](?![A-Za-z0-9])/g, 'student_number');
  each(/学籍(?:号|编号|号码)\s*(?:为|是|[:：])?\s*([A-Za-z]?\d{6,19}[\dXx]?)/g, 'student_number', 1);
  each(/(?<![A-Za-z0-9])\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![A-Za-z0-9])/g, 'id_number');
  each(/(?:身份证(?:号码|号)?|证件号(?:码)?)\s*(?:为|是|[:：])?\s*(\d{15}|\d{17}[\dXx])/g, 'id_number', 1);
  each(/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g, 'email');
  each(/(?<![\d-])(?:\+?86[-\s]?)?1[3-9]\d(?:[-\s]?\d{4}){2}(?![\d])/g, 'mobile');
  each(/(?<![\d-])(?:[(（]0\d{2,3}[)）]\s?|0\d{2,3}[-－—\s])[2-9]\d{2,3}[-\s]?\d{4}(?:[-转]\d{1,4})?(?!\d)/g, 'landline');
  each(/(?:电话|座机|固话|联系方式|Tel|TEL|tel)\s*(?:为|是|[:：])?\s*([2-9]\d{6,7})(?!\d)/g, 'landline', 1);
  each(/wxid_[A-Za-z0-9_-]{4,30}/g, 'wechat_id');
  each(/(?:微信号?|微信ID|微信id|WeChat|wechat|VX|vx|Vx|V信|v信)\s*(?:为|是|[:：])?\s*([A-Za-z][-_A-Za-z0-9]{5,19})(?![-_A-Za-z0-9])/g, 'wechat_id', 1);
  // Home addresses: introduced as where someone lives, or a street address down to the flat.
  each(/(?:家住|住在|住址|家庭住址|家庭地址|居住地|现住)\s*(?:为|是|[:：])?\s*([^\s，。；,;！？!?、]{4,40})/g, 'address', 1,
    (m) => /[路街巷道村镇区县弄里苑园小区号栋幢楼单元室]/.test(m[1] ?? ''));
  each(/[\u4e00-\u9fa5A-Za-z0-9]{2,20}(?:小区|花园|公寓|家园|新村|苑|府)\s*\d{1,3}\s*(?:栋|幢|号楼|座)(?:\s*\d{1,2}\s*单元)?(?:\s*\d{1,5}\s*(?:室|号|户))?/g, 'address');
  each(/[\u4e00-\u9fa5]{2,12}(?:路|街|巷|弄|大道)\s*\d{1,5}\s*号(?:附\s*\d+\s*号)?\s*(?:\d{1,3}\s*(?:栋|幢|单元))+(?:\s*\d{1,5}\s*(?:室|号|户))?/g, 'address');

  // Names beside the words for students, teachers, parents and children.
  for (const role of ROLE_BEFORE) {
    let from = 0;
    for (;;) {
      const at = text.indexOf(role, from);
      if (at < 0) break;
      from = at + role.length;
      const name = nameAt(text, at + role.length, 'forward');
      if (name && !allowNames.has(name.text)) add('person_name', name.start, name.end);
    }
  }
  for (const role of ROLE_AFTER) {
    let from = 0;
    for (;;) {
      const at = text.indexOf(role, from);
      if (at < 0) break;
      from = at + role.length;
      const name = nameAt(text, at, 'backward');
      if (name && !allowNames.has(name.text)) add('person_name', name.start, name.end);
    }
  }
  return flags.sort((a, b) => a.start - b.start);
}

/**
 * A name starting at `pos` (forward) or ending at `pos` (backward): a surname and one or two given characters.
 * Anonymised forms (张某, 李某某, 王X) and common words are not names.
 */
function nameAt(text: string, pos: number, dir: 'forward' | 'backward'): { text: string; start: number; end: number } | null {
  const ok = (c: string | undefined) => !!c && HAN.test(c) && !NOT_IN_NAME.has(c);
  const candidates: { start: number; end: number }[] = [];
  if (dir === 'forward') {
    for (const len of [3, 2, 4]) candidates.push({ start: pos, end: pos + len });
  } else {
    for (const len of [3, 2, 4]) candidates.push({ start: pos - len, end: pos });
  }
  // Forward: prefer the longest plausible name that is followed by a boundary; backward: the one that starts at one.
  const plausible = candidates.filter(({ start, end }) => {
    if (start < 0 || end > text.length) return false;
    const s = text.slice(start, end);
    if (![...s].every((c) => ok(c))) return false;
    const compound = COMPOUND_SURNAMES.some((c) => s.startsWith(c));
    if (s.length === 4 && !compound) return false;
    if (!compound && !SURNAMES.has(s[0])) return false;
    if (compound && s.length < 3) return false;
    if (/[某ＸX×*＊]/.test(s)) return false;
    if (NOT_NAMES.has(s.slice(0, 2))) return false;
    if (s.length === 3 && NOT_NAMES.has(s.slice(1, 3))) return false;
    return true;
  });
  if (plausible.length === 0) return null;
  const boundary = (i: number) => i <= 0 || i >= text.length || !ok(text[i]) || isRoleStart(text, i);
  const pick = dir === 'forward'
    ? plausible.find((c) => boundary(c.end)) ?? plausible.find((c) => c.end - c.start === 2)
    : plausible.sort((a, b) => (b.end - b.start) - (a.end - a.start))[0];
  if (!pick) return null;
  // A masked name right after (张*明) is already redacted.
  if (dir === 'forward' && /[某ＸX×*＊]/.test(text[pick.end] ?? '')) return null;
  return { text: text.slice(pick.start, pick.end), ...pick };
}

function isRoleStart(text: string, i: number): boolean {
  return [...ROLE_AFTER, '等', '同志', '校长'].some((r) => text.startsWith(r, i));
}

function spansOf(text: string, phrases: string[]): [number, number][] {
  const spans: [number, number][] = [];
  for (const p of phrases) {
    let from = 0;
    for (;;) {
      const at = text.indexOf(p, from);
      if (at < 0) break;
      spans.push([at, at + p.length]);
      from = at + p.length;
    }
  }
  return spans;
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * The visible text of an HTML fragment and, for each of its characters, the offset in the HTML it came from.
 * Block tags (p, div, br, li, td, h1–h6, tr) become a newline, so words of two paragraphs do not run together.
 */
export function visibleText(html: string): { text: string; offsets: number[] } {
  let text = '';
  const offsets: number[] = [];
  let i = 0;
  while (i < html.length) {
    const c = html[i];
    if (c === '<') {
      const close = html.indexOf('>', i);
      if (close < 0) break;
      const tag = /^<\/?\s*([a-zA-Z0-9]+)/.exec(html.slice(i, close + 1))?.[1]?.toLowerCase();
      if (tag === 'script' || tag === 'style') {
        const end = html.toLowerCase().indexOf(`</${tag}`, close);
        i = end < 0 ? html.length : html.indexOf('>', end) + 1 || html.length;
        continue;
      }
      if (tag && /^(p|div|br|li|td|th|tr|h[1-6]|section|figure|figcaption|table|ul|ol)$/.test(tag)) {
        text += '\n';
        offsets.push(i);
      }
      // An image's alt text is shown when the image is not, and read aloud: it is text too.
      const alt = tag === 'img' ? /\salt="([^"]*)"/.exec(html.slice(i, close)) : null;
      if (alt) {
        const at = i + alt.index + alt[0].indexOf('"') + 1;
        text += '\n';
        offsets.push(at);
        for (let k = 0; k < alt[1].length; k++) { text += alt[1][k]; offsets.push(at + k); }
        text += '\n';
        offsets.push(at + alt[1].length);
      }
      i = close + 1;
      continue;
    }
    if (c === '&') {
      const m = /^&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/.exec(html.slice(i, i + 12));
      if (m) {
        const name = m[1];
        const ch = name.startsWith('#x') ? String.fromCodePoint(parseInt(name.slice(2), 16))
          : name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1)))
            : ENTITY[name] ?? m[0];
        for (const part of ch) { text += part; offsets.push(i); }
        i += m[0].length;
        continue;
      }
    }
    text += c;
    offsets.push(i);
    i++;
  }
  offsets.push(html.length);
  return { text, offsets };
}

/** Finds every flag in an HTML fragment; offsets point into the HTML. */
export function detectInHtml(html: string, allow: AllowList = {}): RedactionFlag[] {
  const { text, offsets } = visibleText(html);
  return detectInText(text, allow).map((f) => {
    const start = offsets[f.start];
    // The end is just after the last matched character's source (an entity counts as one character).
    const lastSrc = offsets[f.end - 1];
    const end = html[lastSrc] === '&' ? html.indexOf(';', lastSrc) + 1 : lastSrc + 1;
    return { kind: f.kind, text: f.text, start, end };
  });
}
