/**
 * `npm run admin:create -- --username x --office 督导室名称 [--mobile 手机] [--password p]`: creates an office console
 * account. Without --password the password is read from standard input (hidden when typed at a terminal). With
 * --mobile the account is linked to that person of the office: a zone leader's account sees only their zone.
 */
import { ConfigError, loadConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { isDudaoError } from '../domain/errors.ts';
import { createAdmin, officeByName } from '../services/auth.ts';
import { personForAccount } from '../services/console-viewer.ts';
import { parseArgs } from './args.ts';

const { options } = parseArgs(process.argv.slice(2));
const username = options.get('username');
const officeName = options.get('office');
const mobile = options.get('mobile');
if (!username || !officeName) {
  console.error('用法: npm run admin:create -- --username 用户名 --office 督导室名称 [--mobile 关联人员手机] [--password 密码]');
  process.exit(2);
}

try {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    await migrate(database);
    const office = await officeByName(database.db, officeName);
    const person = mobile ? await personForAccount(database.db, office.id, mobile) : undefined;
    const password = options.get('password') || (await readPassword('密码: '));
    const admin = await createAdmin(database.db, 'cli', { officeId: office.id, username, password, personId: person?.id });
    console.log(`已创建管理员 ${admin.username}（${office.name}）`);
  } finally {
    await database.close();
  }
} catch (err) {
  console.error(err instanceof ConfigError || isDudaoError(err) || err instanceof Error ? err.message : err);
  process.exit(err instanceof ConfigError ? 2 : 1);
}

/** One line from stdin; at a terminal the characters are not echoed. */
async function readPassword(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    let text = '';
    for await (const chunk of stdin) text += chunk;
    return text.split(/\r?\n/)[0];
  }
  process.stdout.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let value = '';
    const onData = (chars: string) => {
      for (const c of chars) {
        if (c === '\r' || c === '\n') { done(); resolve(value); return; }
        if (c === '\u0003') { done(); reject(new Error('已取消')); return; }
        if (c === '\u007f' || c === '\b') value = value.slice(0, -1);
        else value += c;
      }
    };
    const done = () => { stdin.off('data', onData); stdin.setRawMode(false); stdin.pause(); process.stdout.write('\n'); };
    stdin.on('data', onData);
    stdin.resume();
  });
}
