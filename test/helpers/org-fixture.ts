/**
 * A small organisation for service and HTTP tests: the 大渡口 office (notice prefix 渡督整), one zone, three schools,
 * two supervisors, two school contacts (one on WeCom, one on the official account only), an office admin and a
 * stranger. Insert it into a fresh database with `createOrgFixture(db)`.
 */
import type { DbOrTx } from '../../src/db/client.ts';
import { assignments, offices, people, schools, zones } from '../../src/db/schema/index.ts';

export async function createOrgFixture(db: DbOrTx, opts: { assignedFrom?: string } = {}) {
  const from = opts.assignedFrom ?? '2025-09-01';
  const [office] = await db.insert(offices).values({ name: '大渡口区人民政府教育督导室', noticePrefix: '渡督整', hotline: '023-68830000' }).returning();
  const [zone] = await db.insert(zones).values({ officeId: office.id, name: '第一督学责任区', address: '区教委3楼' }).returning();
  const [shiyan, shiyanZhong, ganghua] = await db.insert(schools).values([
    { officeId: office.id, zoneId: zone.id, name: '大渡口区实验小学', aliases: ['实验小学'], type: '小学' },
    { officeId: office.id, zoneId: zone.id, name: '实验中学', aliases: [], type: '初中' },
    { officeId: office.id, zoneId: zone.id, name: '钢花小学', aliases: [], type: '小学' },
  ]).returning();
  const [supervisor, otherSupervisor, contactWecom, contactOpenid, officeAdmin, stranger] = await db.insert(people).values([
    { officeId: office.id, name: '王督学', mobile: '13800000001', roles: ['supervisor'], zoneId: zone.id, wecomUserId: 'wangdx' },
    { officeId: office.id, name: '李督学', mobile: '13800000002', roles: ['supervisor'], zoneId: zone.id, wecomUserId: 'lidx' },
    { officeId: office.id, name: '陈主任', mobile: '13800000003', roles: ['school_contact'], schoolId: shiyan.id, wecomUserId: 'chenzr' },
    { officeId: office.id, name: '赵老师', mobile: '13800000004', roles: ['school_contact'], schoolId: shiyan.id, wechatOpenId: 'oZhao-openid' },
    { officeId: office.id, name: '刘科长', mobile: '13800000005', roles: ['office_admin'], wecomUserId: 'liukz' },
    { officeId: office.id, name: '路人甲', mobile: '13800000006', roles: ['school_contact'], schoolId: ganghua.id, wechatyContact: 'wxid_lurenjia' },
  ]).returning();
  await db.insert(assignments).values([
    { supervisorId: supervisor.id, schoolId: shiyan.id, startsOn: from },
    { supervisorId: supervisor.id, schoolId: shiyanZhong.id, startsOn: from },
    { supervisorId: otherSupervisor.id, schoolId: ganghua.id, startsOn: from },
  ]);
  return { office, zone, schools: { shiyan, shiyanZhong, ganghua }, supervisor, otherSupervisor, contactWecom, contactOpenid, officeAdmin, stranger };
}

export type OrgFixture = Awaited<ReturnType<typeof createOrgFixture>>;
