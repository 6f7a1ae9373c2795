/** Reasons the office console API gives when it refuses a caller (401/403) or an account. */
import type { PasswordProblem } from '../src/domain/password-policy.ts';

export const authText = {
  missing: '未登录：请先登录（POST /api/login），或在 Authorization 头中提供 Bearer 令牌',
  malformedHeader: 'Authorization 头的格式应为“Bearer <令牌>”',
  unknownCredential: '登录凭据无效或已注销，请重新登录',
  sessionExpired: '登录已过期，请重新登录',
  tokenExpired: '令牌已过期，请创建新的令牌',
  wrongPassword: '用户名或密码错误',
  otherOffice: '无权访问其他督导室的数据',
  crossSite: (origin: string) => `拒绝来自其他网站（${origin}）的修改请求：请在督导通自己的页面上操作，脚本请使用 Bearer 令牌`,
  noOrigin: '修改请求缺少 Origin 头：请在督导通自己的页面上操作，脚本请使用 Bearer 令牌',
  tooManyAttempts: (minutes: number) => `登录失败次数过多，请 ${minutes} 分钟后再试`,
  tokenFromToken: '令牌只能在登录后创建：不能用令牌创建新的令牌',
  unknownToken: (id: number) => `令牌 ${id} 不存在`,
  usernameTaken: (username: string) => `用户名「${username}」已被使用`,
  badUsername: '用户名须为 3–32 位字母、数字或 _ . -',
  unknownOffice: (name: string, known: string[]) =>
    `督导室「${name}」不存在。${known.length ? `现有督导室：${known.join('、')}` : '系统中还没有任何督导室，请先导入名单（npm run import）'}`,
};

const passwordReasons: Record<PasswordProblem, string> = {
  too_short: '密码至少 10 个字符',
  too_long: '密码不能超过 200 个字符',
  same_as_username: '密码不能与用户名相同',
  one_character: '密码不能由同一个字符重复组成',
};

export const passwordRefused = (problems: PasswordProblem[]) => `密码不符合要求：${problems.map((p) => passwordReasons[p]).join('；')}`;
