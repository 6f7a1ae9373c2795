/** 定时任务: each scheduled job with its schedule, next run, last run and result, and its recent failures. */
import { esc } from '../html.ts';
import type { JobOverview } from '../../src/services/job-runs.ts';
import { page, type ShellViewer } from './layout.ts';
import { dateTime, table, tag } from './parts.ts';
import { opsTabs } from './ops.ts';

const JOB_LABEL: Record<string, string> = {
  'visits.morning-cards': '督导当天早上的提醒卡片', 'visits.stale-drafts': '未完成督导草稿的提醒', 'visits.filing-digest': '次日计划督导汇总（申报备案）',
  'visits.monthly-quota': '每月督导次数提醒（20日）与责任区汇总（月末）',
};

const STATUS: Record<string, [string, 'ok' | 'bad' | 'warn' | undefined]> = { ok: ['成功', 'ok'], failed: ['失败', 'bad'], running: ['运行中', 'warn'], skipped: ['跳过', undefined] };

export function jobsPage(v: ShellViewer, jobs: JobOverview[]): string {
  const rows = table(jobs, [
    { head: '任务', cell: (j) => `${esc(JOB_LABEL[j.name] ?? j.name)}<div class="sub">${esc(j.name)} · <code>${esc(j.cron)}</code></div>` },
    { head: '下次运行', cell: (j) => (j.nextRunAt ? `<span class="nowrap">${dateTime(j.nextRunAt)}</span>` : tag('未排程', 'warn')) },
    { head: '上次运行', cell: (j) => (j.lastRun ? `<span class="nowrap">${dateTime(j.lastRun.at)}</span> ${tag(...(STATUS[j.lastRun.status] ?? [j.lastRun.status, undefined]))}${j.lastRun.error ? `<div class="err-cell">${esc(j.lastRun.error)}</div>` : ''}` : '<span class="sub">还没有运行过</span>') },
    { head: '结果', cell: (j) => (j.lastRun?.result ? `<pre class="json">${esc(JSON.stringify(j.lastRun.result))}</pre>` : ''), wide: true },
    { head: '近 7 天失败', cell: (j) => (j.failuresLast7Days ? `<span class="err-cell">${j.failuresLast7Days} 次</span>${j.retry?.at ? `<div class="sub">将于 ${dateTime(j.retry.at)} 重试</div>` : ''}` : '0'), num: true },
  ], '没有定时任务。');
  return page({ title: '定时任务', section: 'ops', viewer: v, body: `<h1>运维</h1>${opsTabs('jobs')}<p class="sub">时间为北京时间。</p>${rows}` });
}
