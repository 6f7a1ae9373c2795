/**
 * The simulated corp's directory (通讯录, platform-apis §2.10) as WeCom answers it: user/get, user/simplelist,
 * user/list, department/list and department/simplelist. Members and departments come from what a test added
 * (addUser, addDepartment) and from the directory source the sandbox gives (its people and zones), read per call.
 */
import { err, ok, type JsonAnswer, type SimDepartment, type SimState, type SimUser } from './state.ts';

/** user/get: one member; 60111 for a userid the corp does not have. */
export async function userGet(s: SimState, userid: string | null): Promise<JsonAnswer> {
  if (!userid) return { json: err(41009, 'missing userid') };
  const user = (await s.directory()).users.find((u) => u.userid === userid);
  return user ? { json: ok({ ...user }), to: userid } : { json: err(60111, 'userid not found'), to: userid };
}

/** department/list[?id=]: the department and every one below it (all of them without id). */
export async function departmentList(s: SimState, id: string | null): Promise<JsonAnswer> {
  const { departments } = await s.directory();
  const picked = subtree(departments, id);
  if (!picked) return { json: err(60123, 'invalid party id') };
  return { json: ok({ department: picked.map((d) => ({ id: d.id, name: d.name, name_en: d.name_en ?? '', department_leader: d.department_leader ?? [], parentid: d.parentid, order: d.order })) }) };
}

/** department/simplelist[?id=]: ids, parents and order only. */
export async function departmentSimplelist(s: SimState, id: string | null): Promise<JsonAnswer> {
  const picked = subtree((await s.directory()).departments, id);
  if (!picked) return { json: err(60123, 'invalid party id') };
  return { json: ok({ department_id: picked.map((d) => ({ id: d.id, parentid: d.parentid, order: d.order })) }) };
}

/** user/simplelist?department_id=[&fetch_child=1]: userid, name and departments of the members. */
export async function userSimplelist(s: SimState, query: URLSearchParams): Promise<JsonAnswer> {
  const members = await membersOf(s, query);
  if ('json' in members) return members;
  return { json: ok({ userlist: members.map((u) => ({ userid: u.userid, name: u.name, department: u.department ?? [], open_userid: openUserId(u) })) }) };
}

/** user/list?department_id=[&fetch_child=1]: the members with the fields user/get gives. */
export async function userList(s: SimState, query: URLSearchParams): Promise<JsonAnswer> {
  const members = await membersOf(s, query);
  if ('json' in members) return members;
  return { json: ok({ userlist: members.map((u) => ({ ...u, open_userid: openUserId(u) })) }) };
}

async function membersOf(s: SimState, query: URLSearchParams): Promise<SimUser[] | JsonAnswer> {
  const id = query.get('department_id');
  if (!id) return { json: err(60003, 'department not found') };
  const { departments, users } = await s.directory();
  const root = departments.find((d) => String(d.id) === id);
  if (!root) return { json: err(60003, 'department not found') };
  const wanted = new Set(query.get('fetch_child') === '1' ? subtree(departments, id)!.map((d) => d.id) : [root.id]);
  return users.filter((u) => (u.department ?? []).some((d) => wanted.has(d)));
}

function subtree(departments: SimDepartment[], id: string | null): SimDepartment[] | null {
  if (id === null || id === '') return [...departments].sort((a, b) => a.id - b.id);
  const root = departments.find((d) => String(d.id) === id);
  if (!root) return null;
  const out = [root];
  for (let i = 0; i < out.length; i++) out.push(...departments.filter((d) => d.parentid === out[i]!.id && d.id !== out[i]!.id));
  return out;
}

/** A stable per-corp id, as WeCom gives third parties. */
const openUserId = (u: SimUser) => `wo${Buffer.from(u.userid).toString('hex').slice(0, 30)}`;
