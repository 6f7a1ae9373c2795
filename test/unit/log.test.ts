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
