/**
 * The console's page shell: a header with the sections (the current one marked), who is signed in, an optional
 * result or error notice, then the screen. No script, no CDN: one stylesheet from /admin/assets/console.css.
 */
import { esc } from '../html.ts';

export interface ShellViewer {
  name: string;
  role: 'office' | 'zone';
  zoneName: string | null;
}

export type Section = 'today' | 'cadence' | 'notices' | 'org' | 'meetings' | 'reports' | 'ops';

interface NavItem { section: Section; href: string; label: string; officeOnly?: boolean }

/** The sections, in order; a screen not built yet is simply absent from `NAV`. */
export const NAV: NavItem[] = [
  { section: 'today', href: '/admin', label: '今日' },
  { section: 'cadence', href: '/admin/cadence', label: '督导进度' },
  { section: 'notices', href: '/admin/notices', label: '整改通知书' },
  { section: 'meetings', href: '/admin/meetings', label: '例会' },
  { section: 'reports', href: '/admin/reports', label: '报告' },
  { section: 'org', href: '/admin/org/schools', label: '组织机构' },
  { section: 'ops', href: '/admin/ops/messages', label: '运维', officeOnly: true },
];

export interface Notice {
  kind: 'ok' | 'err';
  text: string;
  /** Further lines, e.g. each refused field. */
  items?: string[];
}

export interface PageInput {
  title: string;
  section?: Section;
  viewer?: ShellViewer;
  notice?: Notice;
  body: string;
}

export function page({ title, section, viewer, notice, body }: PageInput): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} · 督导通管理台</title><link rel="stylesheet" href="/admin/assets/console.css"></head>
<body><a class="skip" href="#main">跳到正文</a>
<header class="top"><span class="brand">督导通 · 管理台</span>${viewer ? nav(section, viewer) + who(viewer) : ''}</header>
<main id="main">${notice ? noticeBox(notice) : ''}${body}</main></body></html>`;
}

function nav(current: Section | undefined, v: ShellViewer): string {
  const items = NAV.filter((n) => !n.officeOnly || v.role === 'office')
    .map((n) => `<a href="${n.href}"${n.section === current ? ' aria-current="page"' : ''}>${esc(n.label)}</a>`);
  return `<nav aria-label="栏目">${items.join('')}</nav>`;
}

function who(v: ShellViewer): string {
  const role = v.role === 'office' ? '督导室' : `${esc(v.zoneName ?? '')}组长（只读）`;
  return `<div class="who"><span>${esc(v.name)} · ${role}</span><form method="post" action="/admin/logout"><button type="submit">退出</button></form></div>`;
}

export function noticeBox(n: Notice): string {
  const items = n.items?.length ? `<ul>${n.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>` : '';
  return `<div class="flash ${n.kind}" role="${n.kind === 'err' ? 'alert' : 'status'}">${esc(n.text)}${items}</div>`;
}
