/**
 * conversations.md §2, as transcripts: the office schedules a monthly meeting (by chat and by API), the zone groups
 * get the notices at D-3 and on the day through an app group chat, a group robot and a personal-WeChat room
 * (wechaty on the mock puppet), members answer by card, by chat and in the room, and a move or a cancel sends one
 * correction. Everything goes through the real callback route, inbox, bot, outbox, dispatcher, the WeCom simulator
 * and wechaty; the reminders are the meetings.notices job.
 */
import request from 'supertest';
import { and, desc, eq, like } from 'drizzle-orm';
import { clock } from '../../src/clock.ts';
import { jobRuns, meetingRsvps, meetings, outbox, people, zones } from '../../src/db/schema/index.ts';
import { advanceTo, runJob } from '../helpers/jobs.ts';
import { createAdmin, createToken } from '../../src/services/auth.ts';
import { monthlyAttendance } from '../../src/services/meetings.ts';
import { enqueue } from '../../src/services/outbox.ts';
import { seedWechatyWorld } from '../../src/simulators/wechaty/seed.ts';
import { conversation, keyOf, type Conversation } from '../helpers/conversation.ts';

const ROOM = '第三责任区督学群';
const ROBOT = 'robot-key-zone2';

let chat: Conversation;
let token: string;
let ids: { zone1: number; zone2: number; zone3: number };

beforeEach(async () => {
  chat = await conversation({ at: '2026-05-20T09:00:00+08:00', env: { WECHATY_PUPPET: 'wechaty-puppet-mock' } }); // a Wednesday
  const { db } = chat.server.database;
  const officeId = chat.org.office.id;
  await db.update(zones).set({ wecomChatId: 'zone1chat' }).where(eq(zones.id, chat.org.zone.id));
  chat.sim.addChat({ chatid: 'zone1chat', name: '第一督学责任区', userlist: ['wangdx', 'lidx'] });
  const [zone2, zone3] = await db.insert(zones).values([
    { officeId, name: '第二督学责任区', robotKey: ROBOT },
    { officeId, name: '第三督学责任区', wechatyRoom: ROOM },
  ]).returning();
  await db.insert(people).values([
    { officeId, name: '周国华', mobile: '13900000001', roles: ['zone_leader'], zoneId: zone2!.id, wecomUserId: 'zhough' },
    { officeId, name: '杨丽', mobile: '13900000002', roles: ['supervisor'], zoneId: zone3!.id, wecomUserId: 'yangli', wechatyContact: 'yangli-wx' },
    { officeId, name: '陈红', mobile: '13900000003', roles: ['zone_leader'], zoneId: zone3!.id, wechatyContact: 'chenhong-wx' },
  ]);
  await seedWechatyWorld(db, chat.server.wechatyWorld!);
  ids = { zone1: chat.org.zone.id, zone2: zone2!.id, zone3: zone3!.id };
  const admin = await createAdmin(db, 'test', { officeId, username: 'duban', password: 'Meeting-Test-2026!' });
  token = (await createToken(db, admin)).token;
}, 60_000);
afterEach(async () => { await chat.close(); });

/**
 * The reminder job's firing at `iso` (hourly at :30), run through Agenda as a worker runs it, with the clock moved
 * there; then everything it queued goes out. Returns the job's summary from job_runs.
 */
async function jumpTo(iso: string): Promise<unknown> {
  const outcome = await runJob(chat.server, 'meetings.notices', iso, { channels: ['wecom.', 'wechaty'] });
  expect(outcome.ok).toBe(true);
  await roomQuiet();
  const [run] = await chat.server.database.db.select().from(jobRuns)
    .where(eq(jobRuns.name, 'meetings.notices')).orderBy(desc(jobRuns.id)).limit(1);
  return run?.result;
}

const chatTexts = (chatid: string) => chat.sim.chatMessages(chatid).map((b) => String(b.markdown?.content ?? b.text?.content ?? ''));
const robotTexts = () => chat.sim.robotMessages(ROBOT).map((b) => String(b.markdown?.content ?? b.text?.content ?? ''));
const roomTexts = (fromBot = true) => chat.server.wechatyWorld!.messages(ROOM).filter((m) => m.fromBot === fromBot).map((m) => m.text);

/** wechaty delivers asynchronously: wait until the room has seen everything the outbox sent it. */
async function roomQuiet(): Promise<void> {
  const { db } = chat.server.database;
  for (let i = 0; i < 100; i++) {
    const sent = await db.select({ id: outbox.id }).from(outbox).where(and(eq(outbox.channel, 'wechaty'), eq(outbox.status, 'sent')));
    if (roomTexts().length >= sent.length) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A member posts in the room; waits until the bot has stored and answered it. */
async function sayInRoom(contactId: string, text: string): Promise<void> {
  const before = roomTexts().length;
  chat.server.wechatyWorld!.say(contactId, ROOM, text);
  for (let i = 0; i < 100 && roomTexts().length === before; i++) {
    await new Promise((r) => setTimeout(r, 20));
    await chat.settle();
  }
}

const api = () => ({
  post: (path: string, body: object) => request(chat.server.url).post(path).set('Authorization', `Bearer ${token}`).send(body),
  patch: (path: string, body: object) => request(chat.server.url).patch(path).set('Authorization', `Bearer ${token}`).send(body),
  put: (path: string, body: object) => request(chat.server.url).put(path).set('Authorization', `Bearer ${token}`).send(body),
  del: (path: string) => request(chat.server.url).delete(path).set('Authorization', `Bearer ${token}`),
  get: (path: string) => request(chat.server.url).get(path).set('Authorization', `Bearer ${token}`),
});

const cardSends = (title: RegExp) => chat.sim.calls('/cgi-bin/message/send')
  .filter((c) => c.errcode === 0 && title.test(String((c.body as any).template_card?.main_title?.title ?? '')));

describe('an all-zones meeting scheduled by chat', () => {
  it('is confirmed on a card, announced at D-3 08:30 in every kind of group, answered by card, chat and room, and named on the day', async () => {
    const admin = chat.as('liukz');
    await admin.send('例会 全部 5月28日 14:30 区教委3楼会议室 议程：学期工作总结');
    expect(admin.repliesText()).toBe('请核对例会安排，无误后点卡片上的"确认"。');
    const summary = admin.lastCard();
    expect(summary).toMatchObject({ main_title: { title: '安排例会：全部责任区' } });
    expect(JSON.stringify(summary)).toContain('2026年5月28日（周四）14:30');
    expect(JSON.stringify(summary)).toContain('"value":"5人"');
    await admin.tap(keyOf(summary, '确认'));
    expect(admin.lastReply()).toBe('已安排全部责任区例会：2026年5月28日（周四）14:30。将于5月25日 08:30 通知责任区群和5位成员，当天再提醒一次。');
    expect(admin.lastCardUpdate()).toMatchObject({ replaceName: '已确认' });
    await admin.send('例会');
    expect(admin.lastReply()).toBe('近期例会：\n· 全部责任区 2026年5月28日（周四）14:30 区教委3楼会议室（参加0，请假0，未回复5）');

    // Nothing before D-3 08:30.
    await jumpTo('2026-05-25T07:30:00+08:00');
    expect(chatTexts('zone1chat')).toEqual([]);
    expect(robotTexts()).toEqual([]);
    expect(roomTexts()).toEqual([]);

    await jumpTo('2026-05-25T08:30:00+08:00');
    expect(chatTexts('zone1chat')).toEqual([
      '**例会通知：全部责任区**\n时间：2026年5月28日（周四）14:30\n地点：区教委3楼会议室\n议程：学期工作总结\n企业微信成员请在「督导通」应用的卡片上点"参加"或"请假"。',
    ]);
    expect(robotTexts()).toHaveLength(1);
    expect(robotTexts()[0]).toContain('**例会通知：全部责任区**');
    expect(roomTexts()).toEqual([
      '【例会通知：全部责任区】\n时间：2026年5月28日（周四）14:30\n地点：区教委3楼会议室\n议程：学期工作总结\n请在群里回复"参加"，或"请假 原因"。',
    ]);
    // One message/send carries the card to every WeCom member.
    const sends = cardSends(/^例会通知/);
    expect(sends).toHaveLength(1);
    expect(String(sends[0]!.to).split('|').sort()).toEqual(['lidx', 'wangdx', 'yangli', 'zhough']);
    expect(await jumpTo('2026-05-25T09:30:00+08:00')).toEqual({ announced: 0, dayNotices: 0 });

    // 参加 on the card, delivered twice by WeCom: counted once, answered once.
    const wang = chat.as('wangdx');
    const card = wang.lastCard();
    expect(card).toMatchObject({ card_type: 'button_interaction', main_title: { title: '例会通知：全部责任区' } });
    await wang.tap(keyOf(card, '参加'));
    expect(wang.lastReply()).toBe('已登记：参加全部责任区例会（2026年5月28日（周四）14:30）。');
    expect(wang.lastCardUpdate()).toMatchObject({ replaceName: '已确认参加' });
    const before = wang.messages().length;
    await wang.redeliver();
    expect(wang.messages()).toHaveLength(before);
    const { db } = chat.server.database;
    expect(await db.select().from(meetingRsvps)).toHaveLength(1);

    // 请假 asks for the reason, given in chat.
    const li = chat.as('lidx');
    await li.tap(keyOf(li.lastCard(), '请假'));
    expect(li.lastReply()).toBe('已登记请假：全部责任区例会（2026年5月28日（周四）14:30）。请回复请假原因，例如"请假 外出培训"。');
    await li.send('请假 外出培训');
    expect(li.lastReply()).toBe('已登记请假：全部责任区例会（2026年5月28日（周四）14:30），原因：外出培训。');

    // A member answers in the personal-WeChat room; the bot acknowledges there. Chatter is left alone.
    await sayInRoom('chenhong-wx', '参加');
    expect(roomTexts().at(-1)).toBe('陈红：已登记参加。');
    const seen = roomTexts().length;
    chat.server.wechatyWorld!.say('chenhong-wx', ROOM, '大家好，周四见');
    await new Promise((r) => setTimeout(r, 100));
    await chat.settle();
    expect(roomTexts()).toHaveLength(seen);

    await admin.send('例会 名单');
    expect(admin.lastReply()).toBe([
      '全部责任区例会 2026年5月28日（周四）14:30 参会情况：',
      '【第一督学责任区】', '参加（1）：王督学', '请假（1）：李督学（外出培训）', '未回复（0）：无',
      '【第二督学责任区】', '参加（0）：无', '请假（0）：无', '未回复（1）：周国华',
      '【第三督学责任区】', '参加（1）：陈红', '请假（0）：无', '未回复（1）：杨丽',
    ].join('\n'));

    // On the day at 08:30: who comes, who is on leave, and who has not answered (mentioned where the group can).
    expect(await jumpTo('2026-05-28T08:30:00+08:00')).toEqual({ announced: 0, dayNotices: 1 });
    expect(chatTexts('zone1chat').at(-1)).toBe('**今日例会：全部责任区**\n时间：2026年5月28日（周四）14:30\n地点：区教委3楼会议室\n参加（1人）：王督学\n请假（1人）：李督学（外出培训）');
    expect(robotTexts().at(-1)).toContain('尚未回复（1人）：<@zhough>');
    expect(roomTexts().at(-1)).toMatch(/^@杨丽\s+【今日例会：全部责任区】[\s\S]*参加（1人）：陈红[\s\S]*尚未回复（1人）：\n请在群里回复"参加"，或"请假 原因"。$/);
    expect(await jumpTo('2026-05-28T09:30:00+08:00')).toEqual({ announced: 0, dayNotices: 0 });
  }, 60_000);

  it('refuses a zone leader scheduling another zone, a past time and a weekend, and changes nothing', async () => {
    const { db } = chat.server.database;
    const zhou = chat.as('zhough');
    await zhou.send('例会 第一责任区 5月28日 14:30 区教委3楼');
    expect(zhou.lastReply()).toBe('你只能安排自己责任区的例会，不能安排第一督学责任区的例会。');
    await zhou.send('例会 全部 5月28日 14:30 区教委3楼');
    expect(zhou.lastReply()).toBe('全部责任区的例会只能由督导室安排。');
    await zhou.send('例会 5月23日 14:30 二区会议室 强制');
    expect(zhou.lastReply()).toMatch(/^2026年5月23日（周六）14:30不是工作日/);
    const admin = chat.as('liukz');
    await admin.send('例会 第一责任区 2026-05-19 14:30 区教委3楼');
    expect(admin.lastReply()).toBe('例会时间2026年5月19日（周二）14:30已经过去，不能安排在过去。');
    await admin.send('例会 第一 5月23日 14:30 区教委3楼');
    expect(admin.lastReply()).toBe('2026年5月23日（周六）14:30不是工作日（周末或法定节假日），请换一天；确需安排请由督导室强制安排（在消息末尾加"强制"，或接口传 force）。');
    await admin.send('例会 第九责任区 5月28日 14:30 区教委3楼');
    expect(admin.lastReply()).toBe('没有找到"第九责任区"。本室的责任区：第一督学责任区、第二督学责任区、第三督学责任区。');
    const wang = chat.as('wangdx');
    await wang.send('例会 第一责任区 5月28日 14:30 区教委3楼');
    expect(wang.lastReply()).toBe('只有督导室管理员和责任区组长可以安排例会。');
    expect(await db.select().from(meetings)).toEqual([]);
    // The office may force a weekend.
    await admin.send('例会 第一 5月23日 9:30 区教委3楼 强制');
    expect(admin.lastCard()).toMatchObject({ main_title: { title: '安排例会：第一督学责任区', desc: '请核对，无误后点"确认"' } });
    await admin.tap(keyOf(admin.lastCard(), '取消'));
    // A zone leader who names no zone means their own; 取消 on the summary card drops the draft, sending nothing.
    await zhou.send('例会 5月28日 下午2点半 二区会议室');
    const card = zhou.lastCard();
    expect(card).toMatchObject({ main_title: { title: '安排例会：第二督学责任区' } });
    await zhou.tap(keyOf(card, '取消'));
    expect(zhou.lastReply()).toBe('已取消这次例会安排，没有发出任何通知。');
    expect(await db.select({ zoneId: meetings.zoneId, status: meetings.status }).from(meetings).orderBy(meetings.id))
      .toEqual([{ zoneId: ids.zone1, status: 'cancelled' }, { zoneId: ids.zone2, status: 'cancelled' }]);
    expect(robotTexts()).toEqual([]);
  }, 60_000);
});

describe('a meeting scheduled over the API', () => {
  it('is moved with one correction and reminders at the new time, then cancelled with one correction', async () => {
    const past = await api().post('/api/meetings', { zoneId: ids.zone1, startsAt: '2026-05-19 14:30', place: '区教委3楼' });
    expect(past.status).toBe(400);
    expect(past.body.message).toBe('例会时间2026年5月19日（周二）14:30已经过去，不能安排在过去。');
    const weekend = { zoneId: ids.zone2, startsAt: '2026-05-23T14:30:00+08:00', place: '二区会议室' };
    expect((await api().post('/api/meetings', weekend)).status).toBe(400);
    expect((await api().post('/api/meetings', { ...weekend, force: true })).status).toBe(201);
    const made = await api().post('/api/meetings', { zoneId: ids.zone1, startsAt: '2026-05-27 14:30', place: '区教委3楼会议室', agenda: '五月工作' });
    expect(made.status).toBe(201);
    const id = made.body.meeting.id;
    expect(made.body.meeting).toMatchObject({ status: 'scheduled', version: 1, announcedVersion: null });
    expect((await api().get(`/api/meetings/${id}`)).body.zones[0].unanswered.map((p: { name: string }) => p.name)).toEqual(['王督学', '李督学']);

    // Days go by: every job firing on the way runs through Agenda; the notice comes with the one at D-3 08:30.
    chat.setTime('2026-05-24T06:00:00+08:00');
    const ran = await advanceTo(chat.server, '2026-05-24T08:30:00+08:00', { channels: ['wecom.', 'wechaty'] });
    expect(ran.filter((r) => r.name === 'meetings.notices').map((r) => r.at.toISOString()))
      .toEqual(['2026-05-23T22:30:00.000Z', '2026-05-23T23:30:00.000Z', '2026-05-24T00:30:00.000Z']);
    expect(chatTexts('zone1chat')).toHaveLength(1);
    const wang = chat.as('wangdx');
    const oldCard = wang.lastCard();
    expect(oldCard).toMatchObject({ main_title: { title: '例会通知：第一督学责任区' } });

    const admin = chat.as('liukz');
    await admin.send('例会 改期 第一责任区 6月2日 15:00');
    expect(admin.lastReply()).toBe('已把第一督学责任区例会改到2026年6月2日（周二）15:00。已向责任区群和收到卡片的成员发出改期通知。');
    expect(chatTexts('zone1chat')).toHaveLength(2);
    expect(chatTexts('zone1chat')[1]).toBe('**例会改期：第一督学责任区**\n原定：2026年5月27日（周三）14:30，区教委3楼会议室\n改为：2026年6月2日（周二）15:00，区教委3楼会议室\n议程：五月工作\n请以此为准，重新确认是否参加。企业微信成员请在「督导通」应用的卡片上点"参加"或"请假"。');
    // The old card is updated (not left live); the correction is one new card.
    expect(chat.sim.cardUpdatesFor('wangdx').map((u) => u.button?.replace_name)).toEqual(['已改期']);
    expect(cardSends(/^例会改期/)).toHaveLength(1);
    expect(wang.lastCard()).toMatchObject({ main_title: { title: '例会改期：第一督学责任区', desc: '2026年6月2日（周二）15:00' } });
    await wang.tap(keyOf(oldCard, '参加'));
    expect(wang.lastReply()).toBe('这张卡片对应的例会时间已经变更，请以最新的例会通知为准。');

    // The reminders follow the new time: nothing on the old day, the day's notice on the new one.
    await jumpTo('2026-05-27T08:30:00+08:00');
    expect(chatTexts('zone1chat')).toHaveLength(2);
    await jumpTo('2026-06-02T08:30:00+08:00');
    expect(chatTexts('zone1chat')).toHaveLength(3);
    expect(chatTexts('zone1chat')[2]).toMatch(/^\*\*今日例会：第一督学责任区\*\*\n时间：2026年6月2日（周二）15:00/);

    const patchPast = await api().patch(`/api/meetings/${id}`, { startsAt: '2026-06-01 15:00' });
    expect(patchPast.status).toBe(400);
    const cancelled = await api().del(`/api/meetings/${id}`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ corrected: true, meeting: { status: 'cancelled' } });
    await chat.settle();
    expect(chatTexts('zone1chat')).toHaveLength(4);
    expect(chatTexts('zone1chat')[3]).toBe('**例会取消：第一督学责任区**\n原定2026年6月2日（周二）15:00在区教委3楼会议室召开的例会取消，另行通知。');
    expect(wang.lastReply()).toBe('【例会取消】第一督学责任区原定2026年6月2日（周二）15:00在区教委3楼会议室召开的例会取消，另行通知。');
    expect(chat.sim.cardUpdatesFor('wangdx').map((u) => u.button?.replace_name)).toEqual(['已改期', '例会已取消']);
    expect((await api().del(`/api/meetings/${id}`)).status).toBe(409);
    const list = await api().get('/api/meetings');
    expect(list.body.items.map((m: { id: number; status: string }) => [m.id, m.status])).toEqual(expect.arrayContaining([[id, 'cancelled']]));
  }, 60_000);

  it('records attendance and minutes after the meeting, scoped to the office', async () => {
    const made = await api().post('/api/meetings', { zoneId: ids.zone1, startsAt: '2026-05-21 14:30', place: '区教委3楼会议室' });
    const id = made.body.meeting.id;
    const early = await api().put(`/api/meetings/${id}/record`, { minutes: 'x' });
    expect(early.status).toBe(409);
    expect(early.body.message).toBe('例会还没有开始，结束后才能登记出席和纪要。');
    chat.setTime('2026-05-21T16:00:00+08:00');
    const admin = chat.as('liukz');
    await admin.send('例会 出席 王督学');
    expect(admin.lastReply()).toBe('已登记第一督学责任区例会出席：出席1人（王督学），缺席1人（李督学）。');
    await admin.send('例会 纪要 传达五月工作安排，部署学期末督导。');
    expect(admin.lastReply()).toBe('已保存第一督学责任区例会纪要。');
    const view = await api().get(`/api/meetings/${id}`);
    expect(view.body.meeting.minutes).toBe('传达五月工作安排，部署学期末督导。');
    expect(view.body.attendance).toEqual(expect.arrayContaining([
      { personId: chat.org.supervisor.id, present: true }, { personId: chat.org.otherSupervisor.id, present: false },
    ]));
    expect((await api().get('/api/meetings/999999')).status).toBe(404);
    // What the monthly report reads.
    expect(await monthlyAttendance(chat.server.database.db, chat.org.office.id, '2026-05')).toEqual([
      { meetingId: id, zoneId: ids.zone1, startsAt: new Date('2026-05-21T14:30:00+08:00'), present: 1, absent: 1, recorded: true },
    ]);
  }, 60_000);
});

describe('quiet hours', () => {
  it('holds the notices of a meeting scheduled late in the evening until the morning', async () => {
    chat.setTime('2026-05-20T21:55:00+08:00');
    const admin = chat.as('liukz');
    await admin.send('例会 第二 5月22日 14:30 二区会议室');
    await admin.tap(keyOf(admin.lastCard(), '确认'));
    expect(admin.lastReply()).toBe('已安排第二督学责任区例会：2026年5月22日（周五）14:30。现在是休息时间，通知将于5月21日 08:00 发到责任区群和1位成员。');
    expect(robotTexts()).toEqual([]);
    const made = await api().post('/api/meetings', { zoneId: ids.zone1, startsAt: '2026-05-22 14:30', place: '区教委3楼会议室' });
    expect(made.body.meeting).toMatchObject({ announcedVersion: 1 });
    await chat.settle();
    expect(chatTexts('zone1chat')).toEqual([]);
    expect(cardSends(/^例会通知/)).toEqual([]);
    chat.setTime('2026-05-21T08:00:00+08:00');
    await chat.settle();
    expect(chatTexts('zone1chat')).toHaveLength(1);
    expect(robotTexts()).toHaveLength(1);
    expect(cardSends(/^例会通知/)).toHaveLength(2);
  }, 60_000);
});

describe("a zone's WeCom group created by the app", () => {
  it('is created from the zone members (appchat/create) before the notices that follow reach it', async () => {
    const { db } = chat.server.database;
    const officeId = chat.org.office.id;
    const [zone4] = await db.insert(zones).values({ officeId, name: '第四督学责任区' }).returning();
    const refused = await api().post(`/api/zones/${zone4!.id}/appchat`, {});
    expect(refused.status).toBe(400);
    expect(refused.body.message).toBe('第四督学责任区的企业微信成员不足2人，无法建群。');
    await db.insert(people).values([
      { officeId, name: '吴组长', mobile: '13900000011', roles: ['zone_leader'], zoneId: zone4!.id, wecomUserId: 'wuzz' },
      { officeId, name: '郑督学', mobile: '13900000012', roles: ['supervisor'], zoneId: zone4!.id, wecomUserId: 'zhengdx' },
    ]);
    const made = await api().post(`/api/zones/${zone4!.id}/appchat`, {});
    expect(made.status).toBe(202);
    expect(made.body).toEqual({ zoneId: zone4!.id, chatId: `dudao${officeId}zone${zone4!.id}`, members: 2 });
    const meeting = await api().post('/api/meetings', { zoneId: zone4!.id, startsAt: '2026-05-22 14:30', place: '四区会议室' });
    expect(meeting.status).toBe(201);
    await chat.settle();
    expect(chat.sim.chat(made.body.chatId)).toMatchObject({ name: '第四督学责任区', owner: 'wuzz', userlist: ['wuzz', 'zhengdx'] });
    expect(chatTexts(made.body.chatId)[0]).toMatch(/^\*\*例会通知：第四督学责任区\*\*/);
    expect((await api().post(`/api/zones/${zone4!.id}/appchat`, {})).status).toBe(409);
  }, 60_000);
});

describe('fan-out', () => {
  it('sends one message/send for many members, and retries alone the member WeCom reports invalid', async () => {
    const { db } = chat.server.database;
    for (const userid of ['wangdx', 'lidx', 'liukz', 'chenzr', 'zhough', 'yangli']) chat.sim.addUser({ userid, name: userid });
    await db.insert(people).values({ officeId: chat.org.office.id, name: '离职督学', mobile: '13900000009', roles: ['supervisor'], zoneId: ids.zone1, wecomUserId: 'ghost' });
    const made = await api().post('/api/meetings', { zoneId: ids.zone1, startsAt: '2026-05-22 14:30', place: '区教委3楼会议室' });
    expect(made.status).toBe(201);
    await chat.settle();
    const first = cardSends(/^例会通知/);
    expect(first).toHaveLength(1);
    expect(String(first[0]!.to).split('|').sort()).toEqual(['ghost', 'lidx', 'wangdx']);
    expect(first[0]!.response).toMatchObject({ errcode: 0, invaliduser: 'ghost' });
    const rows = await db.select().from(outbox).where(like(outbox.idempotencyKey, `meeting:${made.body.meeting.id}:v1:card:%`));
    expect(rows.filter((r) => r.status === 'sent').map((r) => r.recipient).sort()).toEqual(['lidx', 'wangdx']);
    expect(rows.find((r) => r.recipient === 'ghost')).toMatchObject({ status: 'pending', lastError: expect.stringContaining('invaliduser ghost') });

    clock.advance(60_000);
    await chat.settle();
    const retry = chat.sim.calls('/cgi-bin/message/send').filter((c) => c.to === 'ghost');
    expect(retry).toHaveLength(1);
    expect(retry[0]!.errcode).toBe(81013);
    const [ghost] = await db.select().from(outbox).where(eq(outbox.idempotencyKey, `meeting:${made.body.meeting.id}:v1:card:${rows.find((r) => r.recipient === 'ghost')!.idempotencyKey.split(':').at(-1)}`));
    expect(ghost).toMatchObject({ status: 'dead', lastError: expect.stringContaining('81013') });
  }, 60_000);

  it("keeps each member's rate limit: a member at 30 messages this minute gets the card alone, a minute later", async () => {
    const { db } = chat.server.database;
    // 李督学 has just been sent 30 app messages (WeCom drops a 31st within the minute).
    await enqueue(db, Array.from({ length: 30 }, (_, i) => ({ key: `busy:${i}`, channel: 'wecom.app' as const, recipient: 'lidx', message: { type: 'text' as const, text: `第${i + 1}条` } })));
    await chat.settle();
    expect(chat.as('lidx').messages()).toHaveLength(30);
    const made = await api().post('/api/meetings', { zoneId: ids.zone1, startsAt: '2026-05-22 14:30', place: '区教委3楼会议室' });
    expect(made.status).toBe(201);
    await chat.settle();
    expect(cardSends(/^例会通知/).map((c) => c.to)).toEqual(['wangdx']);
    clock.advance(61_000);
    await chat.settle();
    expect(cardSends(/^例会通知/).map((c) => c.to)).toEqual(['wangdx', 'lidx']);
  }, 60_000);
});
