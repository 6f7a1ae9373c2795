/**
 * 一月一报告: at 06:00 every day, offices whose compile day it is (reports.compileDay, default the 1st) get last
 * month's drafts — one bulletin per zone and one for the district, plus the quarterly roll-up after March, June,
 * September and December. The drafts wait for the office (review, redaction, approval). A second run is harmless:
 * each draft has a compile key.
 */
import { compileDue } from '../services/report-documents.ts';
import type { JobDefinition } from './job.ts';

export const compileReports: JobDefinition<{ offices: number; drafts: number }> = {
  name: 'reports.compile-monthly',
  cron: '0 6 * * *',
  run: ({ db, at }) => compileDue(db, at),
};
