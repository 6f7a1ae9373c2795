/**
 * `npx tsx src/cli/official-account-menu.ts`: creates the official account's custom menu (督导报告 / 绑定学校 / 使用帮助)
 * with the account in WECHAT_APP_ID / WECHAT_APP_SECRET (and WECHAT_API_BASE). Each button sends a CLICK event that
 * the chat layer reads as its words.
 */
import { ConfigError, loadConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { createLogger } from '../log.ts';
import { OfficialAccountApi } from '../channels/official-account/api.ts';
import { createMenu } from '../channels/official-account/menu.ts';

try {
  const config = loadConfig();
  if (!config.wechatConfigured) {
    console.error('未配置公众号：请设置 WECHAT_APP_ID、WECHAT_APP_SECRET、WECHAT_TOKEN');
    process.exit(2);
  }
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    await migrate(database);
    const api = new OfficialAccountApi({
      baseUrl: config.WECHAT_API_BASE, appId: config.WECHAT_APP_ID!, secret: config.WECHAT_APP_SECRET!, database, log: createLogger(config.LOG_LEVEL),
    });
    const menu = await createMenu(api);
    console.log(`已创建公众号菜单：${menu.button.map((b) => b.name).join(' / ')}`);
  } finally {
    await database.close();
  }
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(err instanceof ConfigError ? 2 : 1);
}
