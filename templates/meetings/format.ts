/** How meeting times read in every meeting message: 2026年5月28日（周四）14:30. */
import dayjs from 'dayjs';
import { TZ, chineseDate, shanghaiDate, shanghaiTime } from '../../src/domain/deadlines.ts';

const WEEKDAY = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

export const when = (at: Date): string => `${chineseDate(shanghaiDate(at))}（${WEEKDAY[dayjs(at).tz(TZ).day()]}）${shanghaiTime(at)}`;
export const shortWhen = (at: Date): string => {
  const d = dayjs(at).tz(TZ);
  return `${d.month() + 1}月${d.date()}日 ${shanghaiTime(at)}`;
};
export const names = (list: string[]): string => (list.length ? list.join('、') : '无');
export const ALL_ZONES = '全部责任区';
