import { parseFile, type RawSheet } from '../../src/domain/import-rows.ts';

const sheet = (name: string, headers: string[], ...rows: string[][]): RawSheet => ({ name, headers, rows: rows.map((values, i) => ({ row: i + 2, values })) });
const base = () => [
  sheet('责任区', ['名称'], ['第一督学责任区']),
  sheet('学校', ['学校名称', '简称', '类型', '所属责任区'], ['大渡口区实验小学', '实验小学、实小', '小学', '第一督学责任区']),
  sheet('人员', ['姓名', '手机', '角色'], ['王建国', '13908301001', '责任督学']),
  sheet('挂牌', ['督学手机', '学校名称', '开始日期'], ['13908301001', '大渡口区实验小学', '2024-09-01']),
];

describe('parsing the sheets of an office list', () => {
  it('reads a well-formed file into typed rows with their spreadsheet row numbers', () => {
    const file = parseFile(base());
    expect(file.errors).toEqual([]);
    expect(file.schools).toEqual([{ row: 2, name: '大渡口区实验小学', aliases: ['实验小学', '实小'], type: '小学', zone: '第一督学责任区', address: undefined, enrolment: undefined }]);
    expect(file.people[0]).toMatchObject({ row: 2, mobile: '13908301001', roles: ['supervisor'] });
  });

  it('accepts the header spellings offices use (学段 for 类型, 手机号 for 手机)', () => {
    const sheets = base();
    sheets[1] = sheet('学校', ['学校名称', '学段', '所属责任区'], ['大渡口区实验小学', '小学', '第一督学责任区']);
    sheets[2] = sheet('人员', ['姓名', '手机号', '角色'], ['王建国', '13908301001', '责任督学']);
    expect(parseFile(sheets).errors).toEqual([]);
  });

  it('reports a missing sheet, an unknown header and a missing required header', () => {
    const sheets = base().filter((s) => s.name !== '挂牌');
    sheets[1] = sheet('学校', ['学校名', '类型', '所属责任区'], ['大渡口区实验小学', '小学', '第一督学责任区']);
    expect(parseFile(sheets).errors).toEqual([
      { sheet: '学校', row: 1, column: '学校名', problem: expect.objectContaining({ kind: 'unknown_header', header: '学校名' }) },
      { sheet: '学校', row: 1, problem: { kind: 'missing_header', header: '学校名称' } },
      { sheet: '挂牌', problem: { kind: 'missing_sheet' } },
    ]);
  });

  it('reports every bad cell of a row, and a duplicate with the row it repeats', () => {
    const sheets = base();
    sheets[2] = sheet('人员', ['姓名', '手机', '角色', '所属学校'], ['王建国', '13908301001', '责任督学', ''], ['', '1390830', '校长', ''], ['赵敏', '13908301001', '学校联系人', '']);
    const problems = parseFile(sheets).errors.map((e) => [e.row, e.column, e.problem.kind]);
    expect(problems).toEqual([
      [3, '姓名', 'required'], [3, '手机', 'bad_mobile'], [3, '角色', 'unknown_role'],
      [4, '所属学校', 'role_needs'], [4, '手机', 'duplicate_row'],
    ]);
  });

  it('skips blank rows and refuses an assignment that ends before it starts', () => {
    const sheets = base();
    sheets[3] = sheet('挂牌', ['督学手机', '学校名称', '开始日期', '结束日期'], ['', '', '', ''], ['13908301001', '大渡口区实验小学', '2024-09-01', '2024-08-31']);
    expect(parseFile(sheets).errors).toEqual([{ sheet: '挂牌', row: 3, column: '结束日期', problem: { kind: 'ends_before_start', startsOn: '2024-09-01', endsOn: '2024-08-31' } }]);
  });
});
