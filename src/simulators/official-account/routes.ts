/**
 * How the simulated official-account API is put together: each API group (token, messages, media, and the
 * publishing calls added on top) is one file exporting an ApiGroup — a function of the shared simulator context that
 * returns its routes by path. api.ts merges the groups; a new group is one file and one line in its list.
 */
import type { SimRequest } from '../wecom/http.ts';
import type { OfficialAccountTokens } from './tokens.ts';
import type { Answer, OfficialAccountState } from './state.ts';

export type Body = Record<string, any>;

export interface SimRoute {
  method: 'GET' | 'POST';
  /** Whether the call needs a valid access_token (checked before `run`). */
  token: boolean;
  run(req: SimRequest, body: Body): Answer;
}

export type SimRoutes = Record<string, SimRoute>;

export interface SimContext {
  state: OfficialAccountState;
  tokens: OfficialAccountTokens;
  appId: string;
  secret: string;
  now(): Date;
}

export type ApiGroup = (ctx: SimContext) => SimRoutes;
