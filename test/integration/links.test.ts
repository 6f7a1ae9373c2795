import { eq } from 'drizzle-orm';
import type { Database } from '../../src/db/client.ts';
import { platformTokens } from '../../src/db/schema/index.ts';
import { loadLinkSecret, signLink, verifyLink, visitLink } from '../../src/services/links.ts';
import { freshDatabase } from '../helpers/db.ts';

let database: Database;
beforeAll(async () => { ({ database } = await freshDatabase()); });
afterAll(async () => { await database.close(); });

describe('signed links to H5 pages', () => {
  it('keeps one random secret in the database, so links survive a restart', async () => {
    await loadLinkSecret(database.db);
    const token = signLink(12, 7);
    const [row] = await database.db.select().from(platformTokens).where(eq(platformTokens.key, 'link-secret'));
    expect(row.value.length).toBeGreaterThanOrEqual(40);
    await loadLinkSecret(database.db); // a second process, or a restart
    expect(signLink(12, 7)).toBe(token);
    expect(verifyLink(12, token)).toBe(7);
  });

  it('rejects a token for another visit, a changed person id or a forged signature', async () => {
    await loadLinkSecret(database.db);
    const token = signLink(12, 7);
    expect(verifyLink(13, token)).toBeNull();
    expect(verifyLink(12, token.replace(/^7\./, '8.'))).toBeNull();
    expect(verifyLink(12, `7.${'A'.repeat(32)}`)).toBeNull();
    expect(verifyLink(12, undefined)).toBeNull();
  });

  it('uses LINK_SECRET when it is configured', async () => {
    await loadLinkSecret(database.db, 'a-configured-secret-of-some-length');
    const configured = signLink(12, 7);
    await loadLinkSecret(database.db);
    expect(signLink(12, 7)).not.toBe(configured);
    expect(visitLink('https://dudao.example.cn/', 12, 7)).toBe(`https://dudao.example.cn/h5/visits/12?t=${signLink(12, 7)}`);
  });
});
