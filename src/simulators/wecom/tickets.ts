/**
 * JS-SDK tickets (platform-apis §2.12) and the callback IP list: get_jsapi_ticket (the corp ticket, for
 * wx.config), ticket/get?type=agent_config (the app ticket, for wx.agentConfig), each the same while it lives, as
 * WeCom hands them out, and getcallbackip.
 */
import { err, ok, type JsonAnswer } from './state.ts';
import { SimTokens } from './tokens.ts';

export class SimTickets {
  readonly corp: SimTokens;
  readonly agent: SimTokens;

  constructor(ttlS: number, now: () => Date) {
    this.corp = new SimTokens(ttlS, now);
    this.agent = new SimTokens(ttlS, now);
  }

  jsapiTicket(): JsonAnswer {
    const { access_token: ticket, expires_in } = this.corp.get();
    return { json: ok({ ticket, expires_in }) };
  }

  ticketGet(type: string | null): JsonAnswer {
    if (type !== 'agent_config') return { json: err(40058, `invalid type: ${String(type)} (agent_config expected)`) };
    const { access_token: ticket, expires_in } = this.agent.get();
    return { json: ok({ ticket, expires_in }) };
  }
}

/** The addresses WeCom's callbacks come from; the simulator's come from this machine. */
export const callbackIps = (): JsonAnswer => ({ json: ok({ ip_list: ['127.0.0.1'] }) });
