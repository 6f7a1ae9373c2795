import { noticeIssuedText, noticePrintHtml } from '../../templates/notices.ts';

const notice = {
  number: '渡督整〔2026〕12号', seq: 12, schoolName: '大渡口区实验小学', problems: '食堂留样记录不全',
  deadlineDays: 15, issuedOn: '2026-05-21', dueOn: '2026-06-05', supervisorName: '王督学', officeName: '大渡口区人民政府教育督导室',
};

describe('the 整改通知书 templates', () => {
  it('tells the school contact the number, the problems, the deadline and its date, and how to reply', () => {
    const text = noticeIssuedText(notice);
    expect(text).toContain('【整改通知书】渡督整〔2026〕12号');
    expect(text).toContain('经查，你校存在以下问题：食堂留样记录不全');
    expect(text).toContain('整改期限：15天，截止日期：2026年6月5日');
    expect(text).toContain('已整改 12号');
  });

  it('prints the counterfoil and the notice on either side of the 骑缝章 line, as in 附件6', () => {
    const html = noticePrintHtml({ ...notice, problems: '<script>x</script>' });
    const [stub, body] = html.split('骑……缝……章');
    expect(stub).toContain('通知书编号：渡督整〔2026〕12号');
    expect(stub).toContain('学校名称：大渡口区实验小学');
    expect(stub).toContain('整改期限：15天，下达日期：2026年5月21日');
    expect(stub).toContain('督学签名：王督学');
    expect(body).toContain('清远市教育督导整改通知书');
    expect(body).toContain('经查，你校存在以下问题：&lt;script&gt;x&lt;/script&gt;');
    expect(body).toContain('整改情况于本通知书下发15日内（2026年6月5日前）书面报大渡口区人民政府教育督导室');
  });
});
