/**
 * The layout of an office's lists (README "Importing an office's lists"): one sheet (or CSV file) per kind of row,
 * a header row of Chinese column names, then one row per item. `aliases` are other spellings of a header that are
 * accepted as the same column.
 */
export interface ColumnSpec {
  header: string;
  required?: boolean;
  aliases?: string[];
}

export interface SheetSpec {
  name: SheetName;
  /** False for the 督导室 sheet, which may be left out when the office is known from the login or --office. */
  required: boolean;
  columns: ColumnSpec[];
}

export const SHEET_NAMES = ['督导室', '责任区', '学校', '人员', '挂牌'] as const;
export type SheetName = (typeof SHEET_NAMES)[number];

export const SHEETS: Record<SheetName, SheetSpec> = {
  督导室: {
    name: '督导室',
    required: false,
    columns: [
      { header: '名称', required: true, aliases: ['督导室名称'] },
      { header: '通知书编号前缀', required: true, aliases: ['编号前缀'] },
      { header: '监督电话' },
      { header: '每名督学挂牌学校上限', aliases: ['挂牌学校上限'] },
      { header: '整改期限天数' },
    ],
  },
  责任区: {
    name: '责任区',
    required: true,
    columns: [
      { header: '名称', required: true, aliases: ['责任区名称'] },
      { header: '地址' },
      { header: '企业微信群聊ID', aliases: ['群聊ID'] },
      { header: '群机器人Key', aliases: ['机器人Key'] },
      { header: '微信群名称' },
    ],
  },
  学校: {
    name: '学校',
    required: true,
    columns: [
      { header: '学校名称', required: true },
      { header: '简称', aliases: ['别名'] },
      { header: '类型', required: true, aliases: ['学段', '学段/类型', '学校类型'] },
      { header: '所属责任区', required: true, aliases: ['责任区'] },
      { header: '地址' },
      { header: '在校生数', aliases: ['学生数'] },
    ],
  },
  人员: {
    name: '人员',
    required: true,
    columns: [
      { header: '姓名', required: true },
      { header: '手机', required: true, aliases: ['手机号', '手机号码'] },
      { header: '角色', required: true },
      { header: '所属责任区', aliases: ['责任区'] },
      { header: '所属学校', aliases: ['学校'] },
      { header: '企业微信账号', aliases: ['企业微信UserID', '企业微信userid'] },
      { header: '公众号OpenID', aliases: ['OpenID'] },
      { header: '个人微信', aliases: ['微信号'] },
    ],
  },
  挂牌: {
    name: '挂牌',
    required: true,
    columns: [
      { header: '督学手机', aliases: ['手机'] },
      { header: '督学姓名', aliases: ['姓名'] },
      { header: '学校名称', required: true },
      { header: '开始日期', required: true },
      { header: '结束日期' },
      { header: '原因' },
    ],
  },
};

/** Finds the spec column a header cell names, ignoring spaces and case. */
export function columnFor(spec: SheetSpec, header: string): ColumnSpec | undefined {
  const key = normaliseHeader(header);
  return spec.columns.find((c) => [c.header, ...(c.aliases ?? [])].some((h) => normaliseHeader(h) === key));
}

function normaliseHeader(h: string): string {
  return h.replace(/[\s\u3000]/g, '').replace(/（/g, '(').replace(/）/g, ')').toLowerCase();
}
