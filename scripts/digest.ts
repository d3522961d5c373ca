/**
 * The daily digest from the command line:
 *
 *   npm run digest -- --categories cs.LG,cs.RO --keywords "reinforcement learning,diffusion policy"
 *
 * Fetches the live feed (one polite request per feed group through a RequestGate: one at a time,
 * 3 s apart) or reads a saved one (`--feed FILE`), matches the keywords, translates the titles and
 * abstracts of the relevant papers (only those) and prints the digest on stdout. Run with --help for
 * the options.
 *
 * Exit codes: 0 when a digest was printed — also when translation failed: the untranslated parts are
 * then marked (`[未翻译]` / `[not translated]`) and the reason goes to stderr; 2 for bad arguments;
 * 1 when the feed cannot be read or fetched.
 *
 * For tests only: ARXIV_DAILY_MICROSOFT_ENDPOINT=<url> sends Microsoft Translator requests to that URL
 * instead of https://edge.microsoft.com/translate/translatetext (same protocol).
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { FeedError } from '../lib/arxiv/errors';
import { parseFeed } from '../lib/arxiv/feed';
import { feedUrl, fetchFeed, planFeedGroups } from '../lib/arxiv/fetch';
import { RequestGate } from '../lib/arxiv/gate';
import { latestListingDay } from '../lib/arxiv/schedule';
import { normalizeCategory } from '../lib/arxiv/taxonomy';
import type { Paper, ParsedFeed } from '../lib/arxiv/types';
import { formatDigestMarkdown } from '../lib/digest/markdown';
import { formatDigestText } from '../lib/digest/text';
import { toBibtex } from '../lib/digest/bibtex';
import type { DigestInput, DigestTranslation } from '../lib/digest/common';
import { buildListing } from '../lib/listing';
import { DEFAULT_SETTINGS, type Secrets, type Settings, type TranslationSettings } from '../lib/settings';
import { buildService } from '../lib/translate/factory';
import type { FetchLike } from '../lib/translate/http';
import { languageInfo, TARGET_LANGUAGES, type TargetLang } from '../lib/translate/languages';
import { MICROSOFT_ENDPOINT } from '../lib/translate/microsoft';
import { OPENAI_PRESETS } from '../lib/translate/openai';
import { MemoryCache, TranslationQueue, translateTexts, type TextTranslation } from '../lib/translate/queue';

export const USAGE = `Usage: npm run digest -- [options]
       node --import tsx scripts/digest.ts [options]

Prints today's arXiv digest: the new papers of your categories that match your keywords,
grouped by keyword, with translated titles and abstracts.

Feed:
  --categories LIST     arXiv categories or whole archives, comma-separated: cs.LG,cs.RO or stat
                        (required for the live feed; with --feed, default: every paper in the file)
  --feed FILE           read a saved feed (RSS/Atom from rss.arxiv.org) instead of fetching it
  --no-cross            leave out cross-lists from other categories
  --include-replacements
                        include replacements (new versions of older papers)

Matching:
  --keywords LIST       keywords, comma-separated ("reinforcement learning,diffusion policy");
                        commas inside "quotes" or /regexes/ do not split. No keywords: every paper.
  --keyword ENTRY       one keyword entry as is (repeatable), e.g. --keyword '/a{1,2}b/'

Translation:
  --service NAME        auto | microsoft | google | deepl | openai | none   (default: auto)
  --to LANG             target language (default: zh-CN): ${TARGET_LANGUAGES.map((l) => l.code).join(', ')}
  --deepl-key KEY       DeepL API key (or env DEEPL_KEY)
  --openai-base-url URL OpenAI-compatible endpoint (default: ${OPENAI_PRESETS.openai.baseUrl})
  --openai-model NAME   model (default: ${OPENAI_PRESETS.openai.model})
  --openai-key KEY      API key (or env OPENAI_API_KEY; not needed for a local Ollama)

Output:
  --format NAME         text | markdown | bibtex   (default: text; bibtex is never translated)
  --tz ZONE             time zone of the header's local times (default: the system's zone)
  -h, --help            show this help

When no translation service can be reached the digest is still printed, with the untranslated
parts marked, and the reason is written to stderr (exit code 0).
Exit codes: 0 digest printed, 1 feed unreadable or not fetched, 2 bad arguments.
`;

const SERVICES = ['auto', 'microsoft', 'google', 'deepl', 'openai', 'none'] as const;
type CliService = (typeof SERVICES)[number];
const FORMATS = ['text', 'markdown', 'bibtex'] as const;
type Format = (typeof FORMATS)[number];

export interface CliOptions {
  categories: string[];
  keywords: string[];
  feed?: string;
  service: CliService;
  to: TargetLang;
  deeplKey?: string;
  openaiBaseUrl?: string;
  openaiModel?: string;
  openaiKey?: string;
  format: Format;
  includeReplacements: boolean;
  cross: boolean;
  timeZone: string;
  help: boolean;
}

export class UsageError extends Error {}

/**
 * Splits a comma-separated keyword list. Commas inside double quotes (straight or curly) or inside a
 * `/regex/` part (a `/` at the start of a part, after a space or `-`) do not split.
 */
export function splitKeywordList(list: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  let regex = false;
  for (let i = 0; i < list.length; i++) {
    const c = list[i]!;
    if (regex) {
      cur += c;
      if (c === '\\' && i + 1 < list.length) cur += list[++i];
      else if (c === '/') regex = false;
      continue;
    }
    if (quote) {
      cur += c;
      if (c === quote || (quote === '”' && c === '"')) quote = null;
      continue;
    }
    if (c === '"' || c === '“') {
      quote = c === '“' ? '”' : '"';
      cur += c;
    } else if (c === '/' && /(^|[\s-])$/.test(cur.trimStart() === '' ? '' : cur)) {
      regex = true;
      cur += c;
    } else if (c === ',') {
      out.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  out.push(cur);
  return out.map((k) => k.trim()).filter(Boolean);
}

function validZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const CATEGORY = /^[a-z]+(?:-[a-z]+)?(?:\.[A-Za-z]+(?:-[A-Za-z]+)?)?$/;

export function parseCli(argv: string[], env: Record<string, string | undefined>): CliOptions {
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      allowPositionals: false,
      strict: true,
      options: {
        categories: { type: 'string' },
        keywords: { type: 'string' },
        keyword: { type: 'string', multiple: true },
        feed: { type: 'string' },
        service: { type: 'string' },
        to: { type: 'string' },
        'deepl-key': { type: 'string' },
        'openai-base-url': { type: 'string' },
        'openai-model': { type: 'string' },
        'openai-key': { type: 'string' },
        format: { type: 'string' },
        'include-replacements': { type: 'boolean' },
        'no-cross': { type: 'boolean' },
        tz: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const help = values.help === true;

  const categories = (str('categories') ?? '')
    .split(/[,+\s]+/)
    .map((c) => c.trim())
    .filter(Boolean)
    .map((c) => normalizeCategory(c) ?? c); // `CS.lg` → `cs.LG`; unknown codes are left for arXiv to judge
  for (const c of categories) if (!CATEGORY.test(c)) throw new UsageError(`not an arXiv category: "${c}" (e.g. cs.LG, stat.ML, or a whole archive: cs)`);

  const keywords = [...splitKeywordList(str('keywords') ?? ''), ...((values.keyword as string[] | undefined) ?? []).map((k) => k.trim()).filter(Boolean)];

  const service = (str('service') ?? 'auto') as CliService;
  if (!SERVICES.includes(service)) throw new UsageError(`--service must be one of ${SERVICES.join(', ')} (got "${service}")`);

  const toRaw = str('to') ?? 'zh-CN';
  const lang = languageInfo(toRaw);
  if (!lang) throw new UsageError(`--to: unsupported language "${toRaw}"; one of ${TARGET_LANGUAGES.map((l) => l.code).join(', ')}`);

  const format = (str('format') ?? 'text') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${format}")`);

  const timeZone = str('tz') ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!validZone(timeZone)) throw new UsageError(`--tz: unknown time zone "${timeZone}" (use an IANA name such as Asia/Shanghai)`);

  const deeplKey = (str('deepl-key') ?? env.DEEPL_KEY ?? '').trim() || undefined;
  const openaiKey = (str('openai-key') ?? env.OPENAI_API_KEY ?? '').trim() || undefined;
  if (!help && service === 'deepl' && !deeplKey && format !== 'bibtex') {
    throw new UsageError('--service deepl needs an API key: --deepl-key KEY or the environment variable DEEPL_KEY');
  }
  const openaiBaseUrl = str('openai-base-url');
  if (openaiBaseUrl !== undefined && !/^https?:\/\/\S+$/.test(openaiBaseUrl)) {
    throw new UsageError(`--openai-base-url must be an http(s) URL (got "${openaiBaseUrl}")`);
  }

  if (!help && categories.length === 0 && str('feed') === undefined) {
    throw new UsageError('--categories is required to fetch the live feed (e.g. --categories cs.LG,cs.RO)');
  }

  return {
    categories,
    keywords,
    feed: str('feed'),
    service,
    to: lang.code,
    deeplKey,
    openaiBaseUrl,
    openaiModel: str('openai-model'),
    openaiKey,
    format,
    includeReplacements: values['include-replacements'] === true,
    cross: values['no-cross'] !== true,
    timeZone,
    help,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Feed

class FeedReadError extends Error {}

const USER_AGENT = 'arxiv-daily-digest/0.1 (command-line digest; one request per feed group, 3 s apart)';

function mergeFeeds(feeds: ParsedFeed[]): { listingDay?: string; papers: Paper[] } {
  const seen = new Map<string, Paper>();
  for (const f of feeds) for (const p of f.papers) if (!seen.has(p.id)) seen.set(p.id, p);
  const days = feeds.map((f) => f.listingDay).filter((d): d is string => d !== undefined).sort();
  return { listingDay: days[days.length - 1], papers: [...seen.values()] };
}

async function loadPapers(opts: CliOptions): Promise<{ listingDay?: string; papers: Paper[] }> {
  if (opts.feed !== undefined) {
    let xml: string;
    try {
      xml = readFileSync(opts.feed, 'utf8');
    } catch (e) {
      throw new FeedReadError(`cannot read ${opts.feed}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    try {
      return mergeFeeds([parseFeed(xml)]);
    } catch (e) {
      throw new FeedReadError(`${opts.feed} is not a readable arXiv feed: ${(e as Error).message}`);
    }
  }
  const gate = new RequestGate();
  const politeFetch: typeof fetch = (input, init) =>
    fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string> | undefined), 'User-Agent': USER_AGENT } });
  const feeds: ParsedFeed[] = [];
  for (const group of planFeedGroups(opts.categories)) {
    const url = feedUrl(group);
    try {
      const res = await fetchFeed(url, {}, { fetch: politeFetch, gate });
      if (res.status !== 'ok') throw new FeedError('http', 'arXiv answered 304 to an unconditional request');
      feeds.push(parseFeed(res.body));
    } catch (e) {
      throw new FeedReadError(`could not get ${url}: ${(e as Error).message}`);
    }
  }
  return mergeFeeds(feeds);
}

// ---------------------------------------------------------------------------------------------------------
// Translation

/** Microsoft requests go to ARXIV_DAILY_MICROSOFT_ENDPOINT when it is set (tests). */
function serviceFetch(env: Record<string, string | undefined>): FetchLike {
  const ms = env.ARXIV_DAILY_MICROSOFT_ENDPOINT?.trim();
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (ms && url.startsWith(MICROSOFT_ENDPOINT)) return fetch(ms + url.slice(MICROSOFT_ENDPOINT.length), init);
    return fetch(input, init);
  };
}

interface TranslationOutcome {
  translations: Map<string, DigestTranslation>;
  /** Lines for stderr. */
  problems: string[];
}

/**
 * What lies under a failed request: the system error code (`ECONNREFUSED`, `ENOTFOUND`…) or else the
 * innermost cause's message (`bad port`), if any.
 */
function errorCode(e: unknown): string | undefined {
  let innermost: string | undefined;
  for (let c = e, depth = 0; c && typeof c === 'object' && depth < 6; c = (c as { cause?: unknown }).cause, depth++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const inner = (c as { errors?: unknown[] }).errors?.[0];
    if (inner && typeof (inner as { code?: unknown }).code === 'string') return (inner as { code: string }).code;
    if (depth > 0 && typeof (c as { message?: unknown }).message === 'string') innermost = (c as { message: string }).message;
  }
  return innermost;
}

function reasonOf(r: TextTranslation): string {
  const base = r.reason ?? 'unknown error';
  const detail = errorCode(r.error) ?? r.error?.params.detail;
  return detail && !base.includes(detail) ? `${base} (${detail.slice(0, 200)})` : base;
}

function summarise(failed: TextTranslation[]): string {
  const reasons = [...new Set(failed.map(reasonOf))];
  return reasons.slice(0, 3).join('; ') + (reasons.length > 3 ? `; and ${reasons.length - 3} more` : '');
}

/**
 * Titles first (a few requests); when every title failed for a service error, the service is taken to be
 * unreachable and the abstracts are not tried. An in-memory cache spares repeated texts.
 */
async function translatePapers(papers: Paper[], opts: CliOptions, env: Record<string, string | undefined>): Promise<TranslationOutcome> {
  const translations = new Map<string, DigestTranslation>();
  if (papers.length === 0) return { translations, problems: [] };
  const settings: TranslationSettings = {
    ...DEFAULT_SETTINGS.translation,
    service: opts.service as Exclude<CliService, 'none'>,
    target: opts.to,
    openai: {
      preset: opts.openaiBaseUrl || opts.openaiModel ? 'custom' : 'openai',
      baseUrl: opts.openaiBaseUrl ?? OPENAI_PRESETS.openai.baseUrl,
      model: opts.openaiModel ?? OPENAI_PRESETS.openai.model,
    },
  };
  const secrets: Secrets = { deeplKey: opts.deeplKey, openaiKey: opts.openaiKey };
  const { service, keepTerms } = buildService(settings, secrets, { fetch: serviceFetch(env), translator: null });
  const queue = new TranslationQueue(service, { maxRetries: 2, baseDelayMs: 500, maxDelayMs: 4000 });
  const cache = new MemoryCache();
  const run = (texts: string[]) => translateTexts(texts, { service, to: opts.to, cache, keepTerms, queue });

  const titles = await run(papers.map((p) => p.title));
  const titleFailures = titles.filter((r) => r.failed);
  if (titleFailures.length === titles.length && titleFailures.some((r) => r.error)) {
    return {
      translations,
      problems: [`translation unavailable (${service.name}): ${summarise(titleFailures)} — the digest is printed untranslated, marked as such.`],
    };
  }
  const abstracts = await run(papers.map((p) => p.abstract));
  papers.forEach((p, i) => {
    const t: DigestTranslation = {};
    if (!titles[i]!.failed) t.title = titles[i]!.text;
    if (!abstracts[i]!.failed) t.abstract = abstracts[i]!.text;
    translations.set(p.id, t);
  });
  const failed = [...titleFailures, ...abstracts.filter((r) => r.failed)];
  const problems = failed.length
    ? [`${failed.length} of ${titles.length + abstracts.length} texts could not be translated (${service.name}): ${summarise(failed)} — they are marked in the digest.`]
    : [];
  return { translations, problems };
}

// ---------------------------------------------------------------------------------------------------------
// Main

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: Record<string, string | undefined>;
  now?: () => Date;
}

export async function main(argv: string[], io: Io): Promise<number> {
  let opts: CliOptions;
  try {
    opts = parseCli(argv, io.env);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`digest: ${e.message}\nRun with --help for usage.\n`);
    return 2;
  }
  if (opts.help) {
    io.stdout(USAGE);
    return 0;
  }

  let loaded: { listingDay?: string; papers: Paper[] };
  try {
    loaded = await loadPapers(opts);
  } catch (e) {
    if (!(e instanceof FeedReadError)) throw e;
    io.stderr(`digest: ${e.message}\n`);
    return 1;
  }
  const now = io.now?.() ?? new Date();
  const listingDay = loaded.listingDay ?? latestListingDay(now);
  if (loaded.papers.length === 0) io.stderr(`digest: the feed for ${listingDay} has no papers (a weekend or holiday feed?)\n`);

  const categories = opts.categories.length ? opts.categories : [...new Set(loaded.papers.flatMap((p) => p.categories))];
  const settings: Settings = {
    ...DEFAULT_SETTINGS,
    categories,
    keywords: opts.keywords,
    includeCross: opts.cross,
    includeReplace: opts.includeReplacements,
  };
  const view = buildListing(
    loaded.papers.map((paper) => ({ paper, type: paper.announceType ?? 'new', user: undefined })),
    settings,
  );
  for (const err of view.keywordErrors) io.stderr(`digest: keyword "${err.label}" ignored: ${err.message}\n`);

  if (opts.format === 'bibtex') {
    io.stdout(toBibtex(view.relevant.map((i) => i.paper)));
    return 0;
  }

  let translations = new Map<string, DigestTranslation>();
  if (opts.service !== 'none') {
    const outcome = await translatePapers(
      view.relevant.map((i) => i.paper),
      opts,
      io.env,
    );
    translations = outcome.translations;
    for (const p of outcome.problems) io.stderr(`digest: ${p}\n`);
  }

  const input: DigestInput = {
    listingDay,
    view,
    translations,
    generatedAt: now,
    timeZone: opts.timeZone,
    targetLang: opts.service === 'none' ? null : opts.to,
  };
  io.stdout(opts.format === 'markdown' ? formatDigestMarkdown(input) : formatDigestText(input));
  return 0;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  const code = await main(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    env: process.env,
  }).catch((e: unknown) => {
    process.stderr.write(`digest: unexpected error: ${(e as Error)?.stack ?? String(e)}\n`);
    return 1;
  });
  // Let stdout drain (a large digest into a pipe), then leave even if a keep-alive socket lingers.
  process.stdout.write('', () => process.exit(code));
}
