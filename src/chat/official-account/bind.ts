/** 绑定 123456: a school contact links their official-account openid with the one-time code the office gave them. */
import { clock } from '../../clock.ts';
import { bindWithCode } from '../../services/bind-codes.ts';
import { bind as t } from '../../../templates/chat/official-account.ts';
import type { ChatContext } from '../context.ts';

export async function bindOpenid(ctx: ChatContext): Promise<void> {
  if (ctx.msg.channel !== 'wechat') return ctx.reply(t.onlyHere);
  const code = /^\d{6}$/.exec(ctx.args.replace(/[\s-]/g, ''))?.[0];
  if (!code) return ctx.reply(t.howTo);
  const result = await bindWithCode(ctx.db, ctx.msg.from, code, clock.now());
  switch (result.kind) {
    case 'bound': return ctx.reply(t.done(result.name, result.school ?? ''));
    case 'already': return ctx.reply(t.already(result.name));
    case 'other_person': return ctx.reply(t.otherPerson(result.name));
    case 'wrong': return ctx.reply(t.wrong(result.triesLeft));
    case 'expired': return ctx.reply(t.expired);
    case 'used': return ctx.reply(t.used);
    case 'paused': return ctx.reply(t.paused(result.minutes));
  }
}
