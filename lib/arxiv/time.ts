/** Calendar arithmetic in arXiv's time zone (America/New_York), DST-correct, with no browser globals. */

export const ARXIV_TZ = 'America/New_York';

const partsFormatter = new Intl.DateTimeFormat('en-US', {
  timeZone: ARXIV_TZ,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  weekday: 'short',
});

export interface EtParts {
  /** `YYYY-MM-DD` in New York. */
  date: string;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Wall-clock parts of an instant in New York. */
export function etParts(instant: Date | number): EtParts {
  const parts: Record<string, string> = {};
  for (const p of partsFormatter.formatToParts(new Date(instant))) parts[p.type] = p.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS.indexOf(parts.weekday ?? ''),
  };
}

/** Year, month (1–12) and day of a `YYYY-MM-DD` date. */
function ymd(date: string): [number, number, number] {
  const [y = NaN, m = NaN, d = NaN] = date.split('-').map(Number);
  return [y, m, d];
}

/** `YYYY-MM-DD` of an instant in New York. */
export function etDate(instant: Date | number): string {
  return etParts(instant).date;
}

/** Offset of New York from UTC at an instant, in minutes (−240 in EDT, −300 in EST). */
export function etOffsetMinutes(instant: Date | number): number {
  const t = new Date(instant).getTime();
  const p = etParts(t);
  const [y, m, d] = ymd(p.date);
  const asUtc = Date.UTC(y, m - 1, d, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(t / 1000) * 1000) / 60000);
}

/** The instant of a New York wall-clock time (`YYYY-MM-DD`, hour, minute). */
export function etInstant(date: string, hour = 0, minute = 0): Date {
  const [y, m, d] = ymd(date);
  const guess = Date.UTC(y, m - 1, d, hour, minute);
  // Two passes settle the offset even on DST change days.
  let t = guess - etOffsetMinutes(guess) * 60000;
  t = guess - etOffsetMinutes(t) * 60000;
  return new Date(t);
}

/** Adds whole days to a `YYYY-MM-DD` date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = ymd(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday for a `YYYY-MM-DD` date. */
export function weekdayOf(date: string): number {
  const [y, m, d] = ymd(date);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}
