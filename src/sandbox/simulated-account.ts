/**
 * Makes the simulated official account match the demo district: everyone with an openid, the contacts not bound yet
 * (under their made-up openids) and the console's member of the public follow it, it is the kind (服务号/订阅号) the office configured, and it has registered the office's
 * template ids — the sandbox template for notices if the office has none yet (the demo data is made up).
 */
import { asc, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { offices, people } from '../db/schema/index.ts';
import { officeSettings } from '../domain/office-settings.ts';
import type { OfficialAccountSimulator } from '../simulators/official-account/api.ts';
import { SANDBOX_NOTICE_TEMPLATE } from '../simulators/official-account/credentials.ts';
import { PUBLIC_OPENID, unboundOpenid } from './personas.ts';

export async function seedSimulatedAccount(db: Db, sim: OfficialAccountSimulator): Promise<void> {
  const all = await db.select({ id: people.id, openid: people.wechatOpenId }).from(people);
  for (const f of [...all.map((r) => r.openid ?? unboundOpenid(r.id)), PUBLIC_OPENID]) if (!sim.follower(f)) sim.addFollower(f);
  const rows = await db.select().from(offices).orderBy(asc(offices.id));
  for (const office of rows) {
    const account = officeSettings(office.settings).officialAccount;
    if (!account.templates.notice) {
      const stored = (office.settings ?? {}) as Record<string, any>;
      const next = { ...stored, officialAccount: { ...(stored.officialAccount ?? {}), templates: { ...account.templates, notice: SANDBOX_NOTICE_TEMPLATE } } };
      await db.update(offices).set({ settings: next }).where(eq(offices.id, office.id));
      account.templates.notice = SANDBOX_NOTICE_TEMPLATE;
    }
    for (const id of Object.values(account.templates)) sim.addTemplate(id);
    if (office.id === rows[0]!.id) sim.setKind(account.kind);
  }
}
