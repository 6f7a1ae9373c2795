import { ConfigError, loadConfig } from '../../src/config.ts';

describe('loadConfig', () => {
  it('uses the documented defaults on an empty environment, with the sandbox on', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.DATA_DIR).toBe('./data');
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.publicBaseUrl).toBe('http://localhost:3000');
    expect(c.WECOM_API_BASE).toBe('https://qyapi.weixin.qq.com');
    expect(c.WECHAT_API_BASE).toBe('https://api.weixin.qq.com');
    expect(c.CALLBACK_MAX_SKEW_S).toBe(300);
    expect(c.sandbox).toBe(true);
    // The sandbox publishes its admin password: it listens on loopback unless HOST says otherwise.
    expect(c.listenHost).toBe('127.0.0.1');
  });

  it('listens on every address outside the sandbox, and where HOST says in either mode', () => {
    expect(loadConfig({ SANDBOX: '0' }).listenHost).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '0.0.0.0' }).listenHost).toBe('0.0.0.0');
    expect(loadConfig({ SANDBOX: '0', HOST: '10.0.0.5' }).listenHost).toBe('10.0.0.5');
    expect(() => loadConfig({ HOST: 'not a host/' })).toThrow(/HOST must be an IP address or host name/);
  });

  const wecom = {
    WECOM_CORP_ID: 'wx49f0ab532d5d035a', WECOM_AGENT_ID: '1000002', WECOM_SECRET: 's', WECOM_TOKEN: '123456',
    WECOM_AES_KEY: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR',
  };

  it('turns the sandbox off when WeCom credentials are set, unless SANDBOX=1', () => {
    expect(loadConfig(wecom).sandbox).toBe(false);
    expect(loadConfig({ ...wecom, SANDBOX: '1' }).sandbox).toBe(true);
    expect(loadConfig({ SANDBOX: '0' }).sandbox).toBe(false);
  });

  it.each([
    ['PORT', { PORT: '70000' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://x' }],
    ['WECOM_AES_KEY', { ...wecom, WECOM_AES_KEY: 'short' }],
    ['WECOM_AGENT_ID', { ...wecom, WECOM_AGENT_ID: 'abc' }],
    ['SANDBOX', { SANDBOX: 'yes' }],
    ['CALLBACK_MAX_SKEW_S', { CALLBACK_MAX_SKEW_S: '-1' }],
    ['PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'not a url' }],
  ])('rejects a bad %s and names it', (name, env) => {
    let err: unknown;
    try { loadConfig(env); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toContain(name);
  });
});
