/** The report statuses the console's filter offers, in the order a report goes through them. */
import type { ReportStatus } from '../../src/domain/report-lifecycle.ts';

export const REPORT_STATUSES_SHOWN: ReportStatus[] = ['draft', 'submitted', 'zone_approved', 'approved', 'publishing', 'published', 'publish_failed', 'withdrawn'];
