/**
 * Scheduled work as the clock sees it. Each item says when it would run (daily at 08:00, or whenever the clock
 * moves) and what it calls. The sandbox's clock control runs every firing that a jump passed over, so jumping to
 * the morning of a planned visit sends that morning's cards. Recurring Agenda jobs are run too, once, by name
 * (their handlers select what is due with clock.now()).
 */
import dayjs from 'dayjs';
import type { Agenda } from 'agenda';
import type { Db } from '../db/client.ts';
import type { Logger } from '../log.ts';
import { TZ, shanghaiDate } from '../domain/deadlines.ts';
import { sendMorningCards, remindStaleDrafts } from '../services/visits.ts';

export interface DueWorkContext {
  db: Db;
  baseUrl: string;
  log: Logger;
}

export interface DueWork {
  name: string;
  /** The instants in (from, to] at which this work would have run. */
  firesBetween(from: Date, to: Date): Date[];
  run(ctx: DueWorkContext, at: Date): Promise<unknown>;
}

/** Every day at hh:mm Asia/Shanghai. */
export function dailyAt(hhmm: string): DueWork['firesBetween'] {
  const [h, m] = hhmm.split(':').map(Number);
  return (from, to) => {
    const out: Date[] = [];
    for (let day = dayjs(from).tz(TZ).startOf('day'); !day.isAfter(dayjs(to)); day = day.add(1, 'day')) {
      const at = day.hour(h!).minute(m!).toDate();
      if (at > from && at <= to) out.push(at);
    }
    return out;
  };
}

/** Once after any move of the clock (work that looks at clock.now() itself). */
export const whenClockMoves: DueWork['firesBetween'] = (from, to) => (to > from ? [to] : []);

export const DUE_WORK: DueWork[] = [
  {
    name: 'visits.morning-cards',
    firesBetween: dailyAt('08:00'),
    run: (ctx, at) => sendMorningCards(ctx.db, { date: shanghaiDate(at), baseUrl: ctx.baseUrl }),
  },
  { name: 'visits.stale-drafts', firesBetween: whenClockMoves, run: (ctx) => remindStaleDrafts(ctx.db) },
];

/** Runs, in time order, each firing in (from, to]; returns the names of what ran. */
export async function runDueWork(ctx: DueWorkContext, from: Date, to: Date, work: DueWork[] = DUE_WORK): Promise<string[]> {
  const firings = work.flatMap((w) => w.firesBetween(from, to).map((at) => ({ w, at })));
  firings.sort((a, b) => a.at.getTime() - b.at.getTime());
  const ran: string[] = [];
  for (const { w, at } of firings) {
    await w.run(ctx, at);
    ran.push(w.name);
  }
  return ran;
}

/** Asks Agenda to run, now, every recurring job whose next run the clock has passed. */
export async function runDueAgendaJobs(agenda: Agenda, now: Date): Promise<string[]> {
  const { jobs } = await agenda.queryJobs({});
  const due = jobs.filter((j) => j.repeatInterval && j.nextRunAt && new Date(j.nextRunAt) <= now && !j.disabled);
  const names = [...new Set(due.map((j) => j.name))];
  for (const name of names) await agenda.now(name);
  return names;
}
