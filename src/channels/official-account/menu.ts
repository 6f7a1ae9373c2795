/**
 * The account's custom menu (platform-apis §3.7), created from templates/chat/official-account.ts MENU: click buttons
 * whose keys the chat layer maps back to words (chat/official-account, bot.menu). `npx tsx src/cli/official-account-menu.ts`
 * sends it once the account is configured.
 */
import { MENU } from '../../../templates/chat/official-account.ts';
import type { OfficialAccountApi } from './api.ts';

export interface MenuButton {
  type: 'click';
  name: string;
  key: string;
}

export function menuBody(): { button: MenuButton[] } {
  return { button: MENU.button.map((b) => ({ type: b.type, name: b.name, key: b.key })) };
}

export async function createMenu(api: OfficialAccountApi): Promise<{ button: MenuButton[] }> {
  const body = menuBody();
  await api.post('/cgi-bin/menu/create', body);
  return body;
}
