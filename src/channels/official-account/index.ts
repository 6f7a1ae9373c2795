/**
 * The official-account channel (公众号): /wechat/callback, the 'wechat.custom' sender (customer-service message in
 * the 48-hour window, template message outside it), the API client, and photo downloads. server.ts builds it with
 * the configured account (or the sandbox's) and adds it to its list of channels.
 */
import { clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import type { InboundMessage } from '../../domain/messages.ts';
import type { Logger } from '../../log.ts';
import { noteInbound } from '../../services/wechat-followers.ts';
import type { Channel } from '../channel.ts';
import type { InboxSpool } from '../inbox-spool.ts';
import { OfficialAccountApi } from './api.ts';
import { createOfficialAccountCallback, officialAccountCallbackRoutes, type OfficialAccountApp } from './callback.ts';
import { downloadOfficialAccountMedia } from './media.ts';
import { officialAccountSenders } from './senders.ts';

export interface OfficialAccountChannelOptions {
  config: Pick<Config, 'CALLBACK_MAX_SKEW_S' | 'DATA_DIR'>;
  app: OfficialAccountApp & { secret: string };
  /** The API origin (a function when known only once the server listens). */
  apiBase: string | (() => string);
  /** The server's public address, for links in template messages. */
  baseUrl(): string;
  database: Database;
  log: Logger;
  spool: InboxSpool;
  onStored(id: number, msg: InboundMessage): void;
}

export interface OfficialAccountChannel extends Channel {
  api: OfficialAccountApi;
}

export function officialAccountChannel(opts: OfficialAccountChannelOptions): OfficialAccountChannel {
  const { database, log, config } = opts;
  const api = new OfficialAccountApi({ baseUrl: opts.apiBase, appId: opts.app.appId, secret: opts.app.secret, database, log });
  const callback = createOfficialAccountCallback({ config, app: opts.app, log, database, spool: opts.spool, onStored: opts.onStored });
  return {
    name: 'wechat',
    api,
    routers: [officialAccountCallbackRoutes(callback)],
    senders: officialAccountSenders({ api, db: database.db, dataDir: config.DATA_DIR, baseUrl: opts.baseUrl }),
    async beforeDispatch(msg) {
      const offered = await noteInbound(database.db, msg, clock.now());
      if (offered > 0) log.info({ offered }, 'official account: waiting messages offered again after the follower wrote');
    },
    async fetchMedia(mediaId) {
      return (await downloadOfficialAccountMedia(api, database.db, config.DATA_DIR, mediaId)).id;
    },
  };
}
