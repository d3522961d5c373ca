/**
 * Sync state in words for the popup ("arXiv answered 503 at 08:01, retrying at 08:31").
 * Times are shown in the reader's own time zone; `timeZone` is a parameter so tests are deterministic.
 */
import type { FeedState } from '../db/schema';
import type { SyncReport } from './sync';
import { isSkippedAnnouncement } from '../arxiv/holidays';
import { announcementInstant, nextAnnouncement } from '../arxiv/schedule';
import { etDate } from '../arxiv/time';

export interface StatusLine {
  tone: 'ok' | 'error' | 'busy' | 'idle';
  text: string;
}

export interface DescribeInput {
  syncing: boolean;
  lastSync?: SyncReport;
  feeds: FeedState[];
  nextPollAt?: string;
  now: number;
  timeZone?: string;
  locale?: string;
}

function fmt(iso: string | number, now: number, timeZone?: string, locale = 'en-GB'): string {
  const t = new Date(iso);
  const sameDay =
    new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'short' }).format(t) ===
    new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'short' }).format(new Date(now));
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(sameDay ? {} : { weekday: 'short', day: 'numeric', month: 'short' }),
  }).format(t);
}

export function describeSync(s: DescribeInput): StatusLine {
  const at = (iso: string | number) => fmt(iso, s.now, s.timeZone, s.locale);
  if (s.syncing) return { tone: 'busy', text: 'Fetching arXiv…' };
  const last = s.lastSync;
  if (!last) return { tone: 'idle', text: 'Not fetched yet' };
  const failed = last.feeds.filter((f) => f.outcome === 'error');
  const next = s.nextPollAt ? `, retrying at ${at(s.nextPollAt)}` : '';
  if (failed.length) {
    const f = failed[0]!;
    const msg = (f.error?.message ?? 'the fetch failed').replace(/[.\s]+$/, '');
    const more = failed.length > 1 ? ` (and ${failed.length - 1} more feed${failed.length > 2 ? 's' : ''})` : '';
    return { tone: 'error', text: `${msg} at ${at(last.finishedAt)}${more}${next}. Stored papers are kept.` };
  }
  const when = `Fetched at ${at(last.finishedAt)}`;
  const nextText = s.nextPollAt ? ` · next check ${at(s.nextPollAt)}` : '';
  if (last.outcome === 'new') {
    const listed = last.feeds.reduce((n, f) => n + (f.listed ?? 0), 0);
    const n = last.added;
    const added = n === listed ? '' : `, ${n} of them new to you`;
    return { tone: 'ok', text: `${when} · new listing stored: ${listed} paper${listed === 1 ? '' : 's'}${added}${nextText}` };
  }
  if (last.outcome === 'empty') return { tone: 'ok', text: `${when} · no listing today (weekend or holiday)${nextText}` };
  return { tone: 'ok', text: `${when} · no new listing yet${nextText}` };
}

/** "New listings for Fri 29 May 2026 · announced Thu 28 May 20:00 EDT (Fri 08:00 UTC+8)". */
export function describeListing(day: string, opts: { timeZone?: string; locale?: string } = {}): string {
  const locale = opts.locale ?? 'en-GB';
  const announced = announcementInstant(day);
  const dayText = new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${day}T12:00:00Z`),
  );
  const et = new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/New_York', weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short',
  }).formatToParts(announced);
  const part = (t: string) => et.find((p) => p.type === t)?.value ?? '';
  const etText = `${part('weekday')} ${part('day')} ${part('month')} ${part('hour')}:${part('minute')} ${part('timeZoneName')}`;
  const local = new Intl.DateTimeFormat('en-US', {
    timeZone: opts.timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'shortOffset',
  }).formatToParts(announced);
  const lp = (t: string) => local.find((p) => p.type === t)?.value ?? '';
  const zone = lp('timeZoneName').replace('GMT', 'UTC').replace(/^UTC\+0$/, 'UTC');
  const localText = `${lp('weekday')} ${lp('hour')}:${lp('minute')} ${zone}`;
  // A reader in New York's own zone needs no second time.
  const sameZone = lp('weekday') === part('weekday') && lp('hour') === part('hour') && lp('minute') === part('minute');
  return `New listings for ${dayText} · announced ${etText}${sameZone ? '' : ` (${localText})`}`;
}

/**
 * On days without an announcement (Fri–Sat, holidays) the reader says when the next listing comes:
 * "arXiv announces Sun–Thu at 20:00 ET; next listing in 14 h". Undefined when one is due within a day.
 */
export function describeQuietDay(now: number): string | undefined {
  const next = nextAnnouncement(new Date(now)).getTime();
  const hours = Math.round((next - now) / 3_600_000);
  const today = etDate(now);
  const holiday = isSkippedAnnouncement(today) ? 'No announcement today (arXiv holiday). ' : '';
  if (!holiday && next - now <= 24 * 3_600_000) return undefined;
  const when = hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
  return `${holiday}arXiv announces Sun–Thu at 20:00 ET; next listing in ${when}.`;
}
