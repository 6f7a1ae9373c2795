/** Pages of the official-account channel: the printable list of bind codes, and one message shown in full. */
import { esc, escLines } from './html.ts';

const STYLE = `body{font-family:"PingFang SC","Microsoft YaHei",sans-serif;margin:16px;color:#222;line-height:1.6}
h1{font-size:20px;margin:0 0 8px}.meta{color:#666;font-size:13px}
.codes{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:12px;margin-top:16px}
.card{border:1px dashed #999;border-radius:6px;padding:12px;break-inside:avoid}
.code{font-size:28px;letter-spacing:6px;font-weight:bold;font-family:monospace}
.how{font-size:13px;color:#444}.message{white-space:normal;border:1px solid #ddd;border-radius:6px;padding:12px;background:#fafafa}
@media print{.noprint{display:none}body{margin:0}}`;

export interface BindCodeLine {
  name: string;
  school: string | null;
  code: string;
  expiresOn: string;
}

export function bindCodeListPage(office: string, lines: BindCodeLine[], printedOn: string): string {
  const cards = lines.map((l) => `<div class="card">
  <div><strong>${esc(l.name)}</strong>　${esc(l.school ?? '')}</div>
  <div class="code">${esc(l.code)}</div>
  <div class="how">关注「${esc(office)}」公众号后发送：<br><strong>绑定 ${esc(l.code)}</strong><br>有效期至 ${esc(l.expiresOn)}，仅可使用一次。</div>
</div>`).join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>公众号绑定码</title><style>${STYLE}</style></head>
<body><h1>公众号绑定码 · ${esc(office)}</h1>
<p class="meta">打印日期 ${esc(printedOn)}，共 ${lines.length} 人。请沿虚线剪开，分别交给各校联系人。</p>
<p class="noprint meta">用浏览器的“打印”（Ctrl+P）打印本页。</p>
${lines.length === 0 ? '<p>暂无有效的绑定码。请先为学校联系人生成绑定码。</p>' : `<div class="codes">${cards}</div>`}
</body></html>`;
}

export function messagePage(title: string, text: string, sentOn: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head>
<body><h1>${esc(title)}</h1><p class="meta">${esc(sentOn)}</p><div class="message">${escLines(text)}</div></body></html>`;
}

export const messagePageText = {
  title: '督导室消息',
  notFound: '未找到这条消息',
  notFoundReason: '链接无效或消息不存在，请从公众号消息中重新打开。',
};
