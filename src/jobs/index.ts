/**
 * Every scheduled job, in one list: the worker defines and schedules these on Agenda (runner.ts). Jobs that fire at
 * the same minute run in this order when the clock jumps over them. How to add one: docs/calendar.md.
 */
import type { JobDefinition } from './job.ts';
import { meetingNoticesJob } from './meeting-notices.ts';
import { morningCardsJob } from './morning-cards.ts';
import { staleDraftsJob } from './stale-drafts.ts';
import { filingDigestJob } from './filing-digest.ts';
import { monthlyQuotaJob } from './monthly-quota.ts';
import { rectificationNudgesJob } from './rectification-nudges.ts';
import { compileReports } from './reports-compile.ts';

export const JOBS: JobDefinition[] = [
  morningCardsJob,
  monthlyQuotaJob,
  staleDraftsJob,
  filingDigestJob,
  meetingNoticesJob,
  rectificationNudgesJob as JobDefinition,
  compileReports as JobDefinition,
];
