import { asc, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/client.ts';
import { outbox, visits } from '../../src/db/schema/index.ts';
import { clock } from '../../src/clock.ts';
import { actionKey } from '../../src/domain/actions.ts';
import { shanghaiTime } from '../../src/domain/deadlines.ts';
import { contactsOfSchool, findSchools, personByChannelId, recipientFor, schoolsOfSupervisor } from '../../src/services/directory.ts';
import { cancelVisit, currentDraft, planVisit, rescheduleVisit, sendMorningCards, startVisit } from '../../src/services/visits.ts';
import { freshDatabase } from '../helpers/db.ts';
import { createOrgFixture, type OrgFixture } from '../helpers/org-fixture.ts';

const BASE = 'https://dudao.example.cn';
let database: Database;
let org: OrgFixture;

beforeAll(async () => {
  ({ database } = await freshDatabase());
  org = await createOrgFixture(database.db);
});
afterAll(async () => { clock.reset(); await database.close(); });
// A Monday: visits are planned at least two days ahead (the school must be told in time).
beforeEach(() => { clock.set(new Date('2026-05-18T10:00:00+08:00')); });

const rows = () => database.db.select().from(outbox).orderBy(asc(outbox.id));

describe('the directory the chat layer uses', () => {
  it('finds a person by WeCom userid, official-account openid or wechaty contact, with their roles', async () => {
    expect((await personByChannelId(database.db, 'wecom', 'wangdx'))?.name).toBe('王督学');
    expect((await personByChannelId(database.db, 'wechat', 'oZhao-openid'))?.roles).toEqual(['school_contact']);
    expect((await personByChannelId(database.db, 'wechaty', 'wxid_lurenjia'))?.name).toBe('路人甲');
    expect(await personByChannelId(database.db, 'wecom', 'nobody')).toBeNull();
  });

  it('lists a supervisor\'s assigned schools', async () => {
    const names = (await schoolsOfSupervisor(database.db, org.supervisor.id, '2026-05-19')).map((s) => s.name);
    expect(names.sort()).toEqual(['大渡口区实验小学', '实验中学'].sort());
    expect(await schoolsOfSupervisor(database.db, org.supervisor.id, '2025-01-01')).toEqual([]);
  });

  it('matches schools by exact name, alias, unique prefix or substring, and returns every candidate when ambiguous', async () => {
    const names = async (q: string) => (await findSchools(database.db, org.office.id, q)).map((s) => s.name).sort();
    expect(await names('实验小学')).toEqual(['大渡口区实验小学']);
    expect(await names('实验中学')).toEqual(['实验中学']);
    expect(await names('钢花')).toEqual(['钢花小学']);
    expect(await names('实验')).toEqual(['大渡口区实验小学', '实验中学'].sort());
    expect(await names('小学')).toEqual(['大渡口区实验小学', '钢花小学'].sort());
    expect(await names('育才中学')).toEqual([]);
  });

  it('lists a school\'s contacts and picks each person\'s channel: WeCom, else the official account, else wechaty', async () => {
    const contacts = await contactsOfSchool(database.db, org.schools.shiyan.id);
    expect(contacts.map((c) => c.name)).toEqual(['陈主任', '赵老师']);
    expect(recipientFor(contacts[0])).toEqual({ channel: 'wecom.app', recipient: 'chenzr' });
    expect(recipientFor(contacts[1])).toEqual({ channel: 'wechat.custom', recipient: 'oZhao-openid' });
    expect(recipientFor(org.stranger)).toEqual({ channel: 'wechaty', recipient: 'wxid_lurenjia' });
    expect(recipientFor({ wecomUserId: null, wechatOpenId: null, wechatyContact: null })).toBeNull();
  });
});

describe('planned visits and the morning card', () => {
  it('sends the morning card with 开始督导 / 改期 once, however often the job runs', async () => {
    const visit = await planVisit(database.db, { personId: org.supervisor.id, schoolId: org.schools.shiyan.id, plannedOn: '2026-05-20', content: '食堂卫生' });
    expect(visit).toMatchObject({ status: 'planned', plannedOn: '2026-05-20', planContent: '食堂卫生', type: '经常性督导' });

    expect(await sendMorningCards(database.db, { date: '2026-05-20', baseUrl: BASE })).toBe(1);
    expect(await sendMorningCards(database.db, { date: '2026-05-20', baseUrl: BASE })).toBe(0);
    expect(await sendMorningCards(database.db, { date: '2026-05-21', baseUrl: BASE })).toBe(0);

    const sent = (await rows()).filter((r) => r.idempotencyKey.startsWith(`visit:${visit.id}:morning`));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ idempotencyKey: `visit:${visit.id}:morning:2026-05-20`, channel: 'wecom.app', recipient: 'wangdx' });
    const card = (sent[0].message as any).card;
    expect(card.card_type).toBe('button_interaction');
    expect(card.task_id).toBe(`visit-${visit.id}-morning-20260520`);
    expect(`${card.main_title.title} · ${card.main_title.desc}`).toBe('今日督导：实验小学 · 计划内容：食堂卫生');
    expect(card.button_list).toEqual([
      { text: '开始督导', style: 1, key: actionKey('visit.start', visit.id) },
      { text: '改期', style: 2, key: actionKey('visit.reschedule', visit.id) },
    ]);
    expect(card.card_action.url).toMatch(new RegExp(`^${BASE}/h5/visits/${visit.id}\\?t=`));
  });

  it('sends a rescheduled visit\'s card on its new day', async () => {
    const visit = await planVisit(database.db, { personId: org.supervisor.id, schoolId: org.schools.shiyanZhong.id, plannedOn: '2026-05-22', content: '课堂教学' });
    await rescheduleVisit(database.db, { personId: org.supervisor.id, visitId: visit.id, plannedOn: '2026-05-25' });
    expect(await sendMorningCards(database.db, { date: '2026-05-22', baseUrl: BASE })).toBe(0);
    expect(await sendMorningCards(database.db, { date: '2026-05-25', baseUrl: BASE })).toBe(1);
  });

  it('refuses to plan a visit at a school that is not the supervisor\'s, or in the past', async () => {
    await expect(planVisit(database.db, { personId: org.supervisor.id, schoolId: org.schools.ganghua.id, plannedOn: '2026-05-20', content: 'x' }))
      .rejects.toMatchObject({ code: 'forbidden', message: '你不是钢花小学的责任督学，不能为该校安排督导计划。' });
    await expect(planVisit(database.db, { personId: org.supervisor.id, schoolId: org.schools.shiyan.id, plannedOn: '2026-05-17', content: 'x' }))
      .rejects.toMatchObject({ code: 'bad_request', message: '计划日期不能早于今天。' });
  });
});

describe('starting a visit', () => {
  afterEach(async () => {
    for (const p of [org.supervisor, org.otherSupervisor]) if (await currentDraft(database.db, p.id)) await cancelVisit(database.db, { personId: p.id });
  });

  it('refuses a school the supervisor is not assigned to and names their own schools', async () => {
    await expect(startVisit(database.db, { personId: org.supervisor.id, schoolId: org.schools.ganghua.id })).rejects.toMatchObject({
      code: 'forbidden',
      message: '你不是钢花小学的责任督学，不能在该校发起督导。你负责的学校：大渡口区实验小学、实验中学。如需联合督导，请让督导室或该校责任督学邀请你。',
    });
    expect(await currentDraft(database.db, org.supervisor.id)).toBeNull();
  });

  it('refuses a school contact and says why', async () => {
    await expect(startVisit(database.db, { personId: org.contactWecom.id, schoolId: org.schools.shiyan.id })).rejects.toMatchObject({
      code: 'forbidden', message: '学校联系人不能发起督导，督导由责任督学发起。如有需要，请联系责任督学或督导室。',
    });
  });

  it('starts today\'s planned visit from the morning card and resumes it when the button is pressed again', async () => {
    clock.set(new Date('2026-05-20T08:40:00+08:00'));
    const [plan] = await database.db.select().from(visits).where(eq(visits.plannedOn, '2026-05-20'));
    const first = await startVisit(database.db, { personId: org.supervisor.id, visitId: plan.id });
    expect(first).toMatchObject({ resumed: false, school: { name: '大渡口区实验小学' }, visit: { id: plan.id, status: 'in_progress' } });
    expect(shanghaiTime(first.visit.startedAt!)).toBe('08:40');
    const again = await startVisit(database.db, { personId: org.supervisor.id, visitId: plan.id });
    expect(again).toMatchObject({ resumed: true, visit: { id: plan.id } });
    const byName = await startVisit(database.db, { personId: org.supervisor.id, schoolId: org.schools.shiyan.id });
    expect(byName).toMatchObject({ resumed: true, visit: { id: plan.id } });
  });

  it('refuses a second school while a draft is open and names the open one', async () => {
    await startVisit(database.db, { personId: org.supervisor.id, schoolId: org.schools.shiyan.id });
    await expect(startVisit(database.db, { personId: org.supervisor.id, schoolId: org.schools.shiyanZhong.id })).rejects.toMatchObject({
      code: 'invalid_state', message: '你在大渡口区实验小学的督导还没有提交。请先发送"完成"并提交，或发送"取消督导"放弃，再开始新的督导。',
    });
  });

  it('lets a supervisor invited to a joint visit start it at a school that is not theirs', async () => {
    const plan = await planVisit(database.db, {
      personId: org.supervisor.id, schoolId: org.schools.shiyanZhong.id, plannedOn: '2026-05-20', content: '课业负担', participantIds: [org.otherSupervisor.id],
    });
    expect(plan.type).toBe('联合督导');
    clock.set(new Date('2026-05-20T09:00:00+08:00'));
    const started = await startVisit(database.db, { personId: org.otherSupervisor.id, schoolId: org.schools.shiyanZhong.id });
    expect(started).toMatchObject({ resumed: false, visit: { id: plan.id, status: 'in_progress', supervisorId: org.supervisor.id } });
    expect((await currentDraft(database.db, org.otherSupervisor.id))?.id).toBe(plan.id);
    expect((await currentDraft(database.db, org.supervisor.id))?.id).toBe(plan.id);
  });

  it('starts one draft only when the same supervisor starts twice at once', async () => {
    const both = await Promise.all([
      startVisit(database.db, { personId: org.otherSupervisor.id, schoolId: org.schools.ganghua.id }),
      startVisit(database.db, { personId: org.otherSupervisor.id, schoolId: org.schools.ganghua.id }),
    ]);
    expect(both[0].visit.id).toBe(both[1].visit.id);
    expect(both.map((b) => b.resumed).sort()).toEqual([false, true]);
  });

  it('asks which school when nothing is planned today and no school is given', async () => {
    await expect(startVisit(database.db, { personId: org.supervisor.id })).rejects.toMatchObject({
      code: 'bad_request', message: '请说明去哪所学校，例如"开始督导 大渡口区实验小学"。你负责的学校：大渡口区实验小学、实验中学。',
    });
  });
});
