/**
 * The custom menu (platform-apis §3.7): menu/create checks the shape — 1 to 3 buttons, each a leaf with a type or a
 * group of 1 to 5 sub-buttons; names ≤ 16 bytes (sub-buttons ≤ 60), keys ≤ 128 bytes, urls ≤ 1024 — and keeps it;
 * menu/get answers it as the platform does ({ menu: { button } }), 46003 when there is none.
 */
import { fail, ok } from './state.ts';
import type { ApiGroup, Body } from './routes.ts';

const TYPES = new Set(['click', 'view', 'scancode_push', 'scancode_waitmsg', 'pic_sysphoto', 'pic_photo_or_album', 'pic_weixin', 'location_select', 'media_id', 'article_id', 'view_limited', 'article_view_limited', 'miniprogram']);
const bytes = (s: unknown) => (typeof s === 'string' ? Buffer.byteLength(s, 'utf8') : Infinity);

export const menuApi: ApiGroup = ({ state }) => ({
  '/cgi-bin/menu/create': {
    method: 'POST',
    token: true,
    run(_req, body) {
      const code = checkMenu(body);
      if (code) return { json: fail(code) };
      state.menu = JSON.parse(JSON.stringify(body.button));
      return { json: ok() };
    },
  },
  '/cgi-bin/menu/get': {
    method: 'GET',
    token: true,
    run() {
      return state.menu ? { json: { menu: { button: state.menu } } } : { json: { errcode: 46003, errmsg: 'menu no exist' } };
    },
  },
});

function checkMenu(body: Body): number {
  const top = body.button;
  if (!Array.isArray(top) || top.length === 0 || top.length > 3) return 40016; // invalid button size
  for (const b of top) {
    if (bytes(b?.name) > 16) return 40018; // invalid button name size
    if (Array.isArray(b.sub_button) && b.sub_button.length > 0) {
      if (b.sub_button.length > 5) return 40023; // invalid sub button size
      for (const sub of b.sub_button) {
        if (bytes(sub?.name) > 60) return 40021; // invalid sub button name size
        const leaf = checkLeaf(sub);
        if (leaf) return leaf;
      }
    } else {
      const leaf = checkLeaf(b);
      if (leaf) return leaf;
    }
  }
  return 0;
}

function checkLeaf(b: Body): number {
  if (!TYPES.has(b?.type)) return 40017; // invalid button type
  if (b.type === 'click' && (typeof b.key !== 'string' || b.key === '' || bytes(b.key) > 128)) return 40019; // invalid button key size
  if (b.type === 'view' && (typeof b.url !== 'string' || bytes(b.url) > 1024)) return 40020; // invalid button url size
  return 0;
}
