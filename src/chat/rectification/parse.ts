/** Reading card keys and typed notice numbers for the rectification handlers. */
import { DudaoError } from '../../domain/errors.ts';
import { parseNoticeRef, type NoticeRef } from '../../domain/notice-number.ts';
import { rectificationErrors as E } from '../../../templates/rectification-errors.ts';

/** `12.34` → notice 12, report 34; `12.34.1` → and reason 1. */
export function reviewArg(arg: string | undefined): { noticeId: number; revision?: number; extra?: number } {
  const m = /^(\d{1,9})(?:\.(\d{1,12}))?(?:\.(\d{1,2}))?$/.exec(arg ?? '');
  if (!m) throw new DudaoError('bad_request', E.staleReport(''));
  return { noticeId: Number(m[1]), ...(m[2] ? { revision: Number(m[2]) } : {}), ...(m[3] ? { extra: Number(m[3]) } : {}) };
}

/** A typed number and what follows it, with the words as typed (for 未找到…); null when none was given. */
export function typedRef(args: string): (NoticeRef & { label: string }) | null {
  const ref = parseNoticeRef(args);
  if (!ref) return null;
  const label = args.trim().slice(0, args.trim().length - ref.rest.length).trim();
  return { ...ref, label: /号$/.test(label) ? label : `${ref.seq}号` };
}

/** A staff command needs a number: `整改到位 12号`. */
export function requiredRef(args: string, command: string): NoticeRef & { label: string } {
  const ref = typedRef(args);
  if (!ref) throw new DudaoError('bad_request', E.needNumber(command));
  return ref;
}
