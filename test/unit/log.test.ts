import { Writable } from 'node:stream';
import { createLogger, redactUrl } from '../../src/log.ts';
import { loadConfig } from '../../src/config.ts';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
  return { log: createLogger('info', stream), text: () => lines.join('') };
}

describe('logs', () => {
  it('never show the secrets of the configuration, even when the whole config is logged', () => {
    const config = loadConfig({
      WECOM_CORP_ID: 'ww0001', WECOM_AGENT_ID: '1000002', WECOM_SECRET: 'corp-secret-value', WECOM_TOKEN: 'callback-token-value',
      WECOM_AES_KEY: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR', DATABASE_URL: 'postgres://dudao:db-password@db/dudao',
    });
    const { log, text } = capture();
    log.info({ config }, 'started');
    log.info({ request: { headers: { authorization: 'Bearer ddt_secret' } }, password: 'hunter22' }, 'login');
    for (const secret of ['corp-secret-value', 'callback-token-value', 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR', 'db-password', 'hunter22']) {
      expect(text()).not.toContain(secret);
    }
    expect(text()).toContain('ww0001');
    expect(text()).toContain('[redacted]');
  });

  it('strip access tokens, secrets and robot keys from logged URLs', () => {
    expect(redactUrl('/cgi-bin/gettoken?corpid=ww1&corpsecret=abc')).toBe('/cgi-bin/gettoken?corpid=ww1&corpsecret=[redacted]');
    expect(redactUrl('/cgi-bin/message/send?access_token=tok123')).toBe('/cgi-bin/message/send?access_token=[redacted]');
    expect(redactUrl('/cgi-bin/webhook/send?key=robot-key')).toBe('/cgi-bin/webhook/send?key=[redacted]');
  });
});

describe('errors in logs', () => {
  it('fold a many-row insert and a long IN list into their shape', async () => {
    const { queryShape, safeMessage } = await import('../../src/log-errors.ts');
    const values = Array.from({ length: 5000 }, (_, i) => `($${i * 3 + 1}, $${i * 3 + 2}, $${i * 3 + 3})`).join(', ');
    const shape = queryShape(`insert into "schools" ("name", "type", "zone_id") values ${values} on conflict do nothing`);
    expect(shape).toBe('insert into "schools" ("name", "type", "zone_id") values ($1, $2, $3), … (5000 rows) on conflict do nothing');
    const list = Array.from({ length: 70000 }, (_, i) => `$${i + 1}`).join(', ');
    expect(queryShape(`select * from "people" where "mobile" in (${list})`)).toBe('select * from "people" where "mobile" in ($1, $2, $3, … (70000 parameters))');
    expect(safeMessage('Failed query: select 1 where a = $1\nparams: 王督学,wangdx\nsecond line')).toBe('Failed query: select 1 where a = $1');
  });

  it('drop the parameters and the row detail of a failed query, keeping its cause', () => {
    const { log, text } = capture();
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "people_wecom_userid_unique"'), {
      code: '23505', constraint: 'people_wecom_userid_unique', table: 'people', detail: 'Key (wecom_userid)=(wangdx) already exists.',
    });
    const err = Object.assign(new Error('Failed query: insert into "people" ("name", "wecom_userid") values ($1, $2)\nparams: 王督学,wangdx'), {
      query: 'insert into "people" ("name", "wecom_userid") values ($1, $2)', params: ['王督学', 'wangdx'], cause,
    });
    log.error({ err }, 'failed');
    log.warn({ err: err.message, error: err.stack }, 'failed again');
    const out = text();
    expect(out).not.toContain('王督学');
    expect(out).not.toContain('wangdx');
    expect(out).toContain('people_wecom_userid_unique');
    expect(out).toContain('23505');
    expect(out).toContain('[2 parameters not logged]');
  });
});
