/**
 * The WeCom simulator answers a third-party WeCom client as WeCom does: the directory the sandbox knows, the JS-SDK
 * tickets, the callback IPs, and WeCom's error shape for anything it does not have. Plain HTTP, as such a client
 * (node-easywechat's Work client, say) would call it under /sim/wecom.
 */
import request from 'supertest';
import { SANDBOX_WECOM } from '../../src/simulators/wecom/credentials.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

describe('the simulated WeCom corp of the sandbox', () => {
  let server: TestServer;
  let token: string;
  const get = (path: string, query: Record<string, string> = {}) =>
    request(server.url).get(`/sim/wecom/cgi-bin/${path}`).query({ access_token: token, ...query });

  beforeAll(async () => {
    server = await startTestServer({}, { web: true, worker: false });
    const res = await request(server.url).get('/sim/wecom/cgi-bin/gettoken').query({ corpid: SANDBOX_WECOM.corpId, corpsecret: SANDBOX_WECOM.secret });
    token = res.body.access_token;
  });
  afterAll(async () => { await server.stop(); });

  it('finds the demo\'s members with user/get, and answers 60111 for a userid the corp does not have', async () => {
    const res = await get('user/get', { userid: 'wangjianguo' });
    expect(res.body).toMatchObject({ errcode: 0, errmsg: 'ok', userid: 'wangjianguo', name: '王建国', status: 1, main_department: expect.any(Number) });
    expect(res.body.department).toEqual([res.body.main_department]);
    expect((await get('user/get', { userid: 'zhaomin' })).body).toMatchObject({ errcode: 0, name: '赵敏' });
    expect((await get('user/get', { userid: 'nobody' })).body).toEqual({ errcode: 60111, errmsg: 'userid not found' });
  });

  it('lists the office as the root department, its zones and schools below, with department/list', async () => {
    const { body } = await get('department/list');
    expect(body.errcode).toBe(0);
    const names = body.department.map((d: { name: string }) => d.name);
    expect(body.department[0]).toMatchObject({ id: 1, name: '大渡口区人民政府教育督导室', parentid: 0 });
    expect(names).toEqual(expect.arrayContaining(['第一督学责任区', '第二督学责任区', '第三督学责任区', '大渡口区实验小学']));
    const zone1 = body.department.find((d: { name: string }) => d.name === '第一督学责任区');
    expect(zone1).toMatchObject({ parentid: 1, department_leader: ['wangjianguo'] });
    const sub = await get('department/list', { id: String(zone1.id) });
    expect(sub.body.department[0].id).toBe(zone1.id);
    expect(sub.body.department.slice(1).every((d: { parentid: number }) => d.parentid === zone1.id)).toBe(true);
    expect((await get('department/list', { id: '99999999' })).body).toMatchObject({ errcode: 60123 });
  });

  it('lists members by department with user/simplelist and user/list (fetch_child for the whole tree)', async () => {
    const all = await get('user/simplelist', { department_id: '1', fetch_child: '1' });
    expect(all.body.errcode).toBe(0);
    const ids = all.body.userlist.map((u: { userid: string }) => u.userid);
    expect(ids).toEqual(expect.arrayContaining(['wangjianguo', 'lixiuying', 'zhaomin', 'qianwei']));
    expect(all.body.userlist[0]).toEqual({ userid: expect.any(String), name: expect.any(String), department: [expect.any(Number)], open_userid: expect.any(String) });
    const onlyRoot = await get('user/simplelist', { department_id: '1' });
    expect(onlyRoot.body.userlist.map((u: { name: string }) => u.name)).toContain('孙丽萍');
    expect(onlyRoot.body.userlist.length).toBeLessThan(ids.length);
    const detailed = await get('user/list', { department_id: '1', fetch_child: '1' });
    expect(detailed.body.userlist.find((u: { userid: string }) => u.userid === 'wangjianguo')).toMatchObject({ name: '王建国', status: 1, mobile: expect.any(String) });
    expect((await get('user/list', {})).body).toEqual({ errcode: 60003, errmsg: 'department not found' });
  });

  it('hands out the JS-SDK tickets, each the same while it lives', async () => {
    const corp = await get('get_jsapi_ticket');
    expect(corp.body).toEqual({ errcode: 0, errmsg: 'ok', ticket: expect.any(String), expires_in: 7200 });
    expect((await get('get_jsapi_ticket')).body.ticket).toBe(corp.body.ticket);
    const agent = await get('ticket/get', { type: 'agent_config' });
    expect(agent.body).toEqual({ errcode: 0, errmsg: 'ok', ticket: expect.any(String), expires_in: expect.any(Number) });
    expect(agent.body.ticket).not.toBe(corp.body.ticket);
    expect((await get('ticket/get', { type: 'other' })).body.errcode).toBe(40058);
  });

  it('says where its callbacks come from with getcallbackip', async () => {
    expect((await get('getcallbackip')).body).toEqual({ errcode: 0, errmsg: 'ok', ip_list: ['127.0.0.1'] });
  });

  it('answers with WeCom\'s error shape, never a bare 404, for what it does not have, and checks the token first', async () => {
    for (const res of [await get('no/such/api'), await request(server.url).post('/sim/wecom/cgi-bin/user/get').query({ access_token: token }).send({})]) {
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({ errcode: 40066, errmsg: expect.stringMatching(/^invalid url/) });
    }
    expect((await request(server.url).get('/sim/wecom/cgi-bin/department/list')).body).toMatchObject({ errcode: 41001 });
  });
});
