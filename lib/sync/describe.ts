/**
 * Sync state in words for the popup ("arXiv answered 503 at 08:01, retrying at 08:31").
 * Times are shown in the reader's own time zone; `timeZone` is a parameter so tests are deterministic.
 * Text is in the interface language (`lang`, default: the current one, see lib/i18n); English is the
 * default everywhere the language was never set (the background's notifications).
 */
import type { FeedState } from '../db/schema';
import type { SyncReport } from './sync';
import { isSkippedAnnouncement } from '../arxiv/holidays';
import { announcementInstant, nextAnnouncement } from '../arxiv/schedule';
import { etDate } from '../arxiv/time';
import { getLanguage, intlLocale, tnIn, translate, type Lang, type MessageKey, type Params } from '../i18n';

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
  /** `Intl` locale of the times (default: the language's). */
  locale?: string;
  lang?: Lang;
}

function fmt(iso: string | number, now: number, timeZone: string | undefined, locale: string): string {
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

type FeedErrorInfo = NonNullable<SyncReport['feeds'][number]['error']>;

/**
 * Why a feed failed, in words. English keeps arXiv's own message (the most precise); other languages
 * say it by kind, with arXiv's reason where there is one.
 */
function feedErrorText(error: FeedErrorInfo | undefined, lang: Lang): string {
  const tr = (key: MessageKey, params?: Params) => translate(lang, key, params);
  if (!error) return tr('feedError.unknown');
  if (lang === 'en') return error.message;
  const status = error.status ?? Number(/\b(\d{3})\b/.exec(error.message)?.[1] ?? NaN);
  switch (error.kind) {
    case 'rate-limited':
      return tr(status === 429 ? 'feedError.tooMany' : 'feedError.busy', { status: Number.isNaN(status) ? 503 : status });
    case 'http':
      return Number.isNaN(status) ? tr('feedError.unknown') : tr('feedError.http', { status });
    case 'error-feed': {
      const detail = error.message.replace(/^[^:]*:\s*/, '').trim();
      return detail && detail !== error.message ? tr('feedError.rejected', { detail }) : tr('feedError.rejected', { detail: error.message });
    }
    case 'truncated':
      return tr('feedError.truncated');
    case 'not-feed':
      return tr('feedError.notFeed');
    case 'timeout':
      return tr('feedError.timeout');
    case 'network':
      return tr('feedError.network');
    default:
      return error.message || tr('feedError.unknown');
  }
}

export function describeSync(s: DescribeInput): StatusLine {
  const lang = s.lang ?? getLanguage();
  const tr = (key: MessageKey, params?: Params) => translate(lang, key, params);
  const locale = s.locale ?? intlLocale(lang);
  const at = (iso: string | number) => fmt(iso, s.now, s.timeZone, locale);
  if (s.syncing) return { tone: 'busy', text: tr('sync.fetching') };
  const last = s.lastSync;
  if (!last) return { tone: 'idle', text: tr('sync.notYet') };
  const failed = last.feeds.filter((f) => f.outcome === 'error');
  const next = s.nextPollAt ? tr('sync.retrying', { time: at(s.nextPollAt) }) : '';
  if (failed.length) {
    const f = failed[0]!;
    const message = feedErrorText(f.error, lang).replace(/[.。\s]+$/, '');
    const more = failed.length > 1 ? tnIn(lang, 'sync.moreFeeds', failed.length - 1) : '';
    return { tone: 'error', text: tr('sync.error', { message, time: at(last.finishedAt), more, retry: next }) };
  }
  const when = tr('sync.fetchedAt', { time: at(last.finishedAt) });
  const nextText = s.nextPollAt ? tr('sync.nextCheck', { time: at(s.nextPollAt) }) : '';
  if (last.outcome === 'new') {
    const listed = last.feeds.reduce((n, f) => n + (f.listed ?? 0), 0);
    const n = last.added;
    const added = n === listed ? '' : tr('sync.addedOf', { n });
    return { tone: 'ok', text: tnIn(lang, 'sync.newListing', listed, { when, added, next: nextText }) };
  }
  if (last.outcome === 'empty') return { tone: 'ok', text: tr('sync.noListingToday', { when, next: nextText }) };
  return { tone: 'ok', text: tr('sync.noNewListing', { when, next: nextText }) };
}

/**
 * "New listings for Fri 29 May 2026 · announced Thu 28 May 20:00 EDT (Fri 08:00 UTC+8)";
 * in Chinese "2026年5月29日周五的新论文 · 发布于美东时间 5月28日周四 20:00 EDT（本地时间 周五 08:00 UTC+8）".
 */
export function describeListing(day: string, opts: { timeZone?: string; locale?: string; lang?: Lang } = {}): string {
  const lang = opts.lang ?? getLanguage();
  const locale = opts.locale ?? intlLocale(lang);
  const zh = lang === 'zh-CN';
  const announced = announcementInstant(day);
  const dayText = new Intl.DateTimeFormat(locale, {
    weekday: 'short', day: 'numeric', month: zh ? 'long' : 'short', year: 'numeric', timeZone: 'UTC',
  }).format(new Date(`${day}T12:00:00Z`));
  const et = new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/New_York', weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short',
  }).formatToParts(announced);
  const part = (t: string) => et.find((p) => p.type === t)?.value ?? '';
  const etClock = `${part('hour')}:${part('minute')} ${part('timeZoneName')}`;
  const etText = zh
    ? `${new Intl.DateTimeFormat(locale, { timeZone: 'America/New_York', weekday: 'short', day: 'numeric', month: 'long' }).format(announced)} ${etClock}`
    : `${part('weekday')} ${part('day')} ${part('month')} ${etClock}`;
  const local = new Intl.DateTimeFormat('en-US', {
    timeZone: opts.timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'shortOffset',
  }).formatToParts(announced);
  const lp = (t: string) => local.find((p) => p.type === t)?.value ?? '';
  const zone = lp('timeZoneName').replace('GMT', 'UTC').replace(/^UTC\+0$/, 'UTC');
  const localDay = zh ? new Intl.DateTimeFormat(locale, { timeZone: opts.timeZone, weekday: 'short' }).format(announced) : lp('weekday');
  const localText = `${localDay} ${lp('hour')}:${lp('minute')} ${zone}`;
  // A reader in New York's own zone needs no second time.
  const sameZone = lp('weekday') === part('weekday') && lp('hour') === part('hour') && lp('minute') === part('minute');
  return translate(lang, 'listing.heading', {
    day: dayText,
    et: etText,
    local: sameZone ? '' : translate(lang, 'listing.local', { local: localText }),
  });
}

/**
 * On days without an announcement (Fri–Sat, holidays) the reader says when the next listing comes:
 * "arXiv announces Sun–Thu at 20:00 ET; next listing in 14 h". Undefined when one is due within a day.
 */
export function describeQuietDay(now: number, lang: Lang = getLanguage()): string | undefined {
  const next = nextAnnouncement(new Date(now)).getTime();
  const hours = Math.round((next - now) / 3_600_000);
  const today = etDate(now);
  const holiday = isSkippedAnnouncement(today) ? translate(lang, 'quiet.holiday') : '';
  if (!holiday && next - now <= 24 * 3_600_000) return undefined;
  const when = hours < 48 ? translate(lang, 'quiet.hours', { n: hours }) : translate(lang, 'quiet.days', { n: Math.round(hours / 24) });
  return translate(lang, 'quiet.next', { holiday, when });
}
