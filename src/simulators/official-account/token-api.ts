/** GET /cgi-bin/token (platform-apis §3.1): app id and secret → a new access token. */
import { fail, ok } from './state.ts';
import type { ApiGroup } from './routes.ts';

export const tokenApi: ApiGroup = ({ appId, secret, tokens }) => ({
  '/cgi-bin/token': {
    method: 'GET',
    token: false,
    run(req) {
      if (req.query.get('grant_type') !== 'client_credential') return { json: fail(40002) };
      if (req.query.get('appid') !== appId) return { json: fail(40013) };
      if (req.query.get('secret') !== secret) return { json: { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' } };
      const { errcode: _c, errmsg: _m, ...token } = ok(tokens.issue());
      return { json: token };
    },
  },
});
