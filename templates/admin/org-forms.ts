/** Titles and hints of the one-row organisation forms (the fields are the import sheet's columns). */
import type { ColumnForm } from './org.ts';

export const orgFormText = {
  newTitle: (sheet: string) => `新建${sheet === '挂牌' ? '挂牌' : sheet}`,
  editTitle: (sheet: string) => `修改${sheet}`,
  zoneForms: {
    企业微信群聊ID: { hint: '企业微信应用群聊的 chatid（三种群设置一种即可）' },
    群机器人Key: { hint: '群机器人 Webhook 地址中的 key；已设置时不显示，留空则保持不变' },
    微信群名称: { hint: '个人微信群的群名称' },
  } as Record<string, ColumnForm>,
  schoolForms: {
    简称: { hint: '群聊中使用的简称，多个用“、”分隔' },
    在校生数: { type: 'number' },
  } as Record<string, ColumnForm>,
  personForms: {
    手机: { hint: '11 位手机号，用于识别这个人' },
    所属责任区: { hint: '责任区组长、责任督学填写' },
    所属学校: { hint: '学校联系人填写' },
    企业微信账号: { hint: '企业微信的 userid' },
  } as Record<string, ColumnForm>,
  assignmentForms: {
    督学姓名: { hint: '选择了督学手机时可不填' },
    开始日期: { type: 'date' },
    结束日期: { type: 'date', hint: '结束挂牌时填写；不填表示长期有效' },
    原因: { hint: '如：首次挂牌、轮岗、回避' },
  } as Record<string, ColumnForm>,
};
