/**
 * scripts/digest.ts run as a child process, the way `npm run digest` runs it. Nothing here reaches the
 * internet: the feed is a saved fixture and Microsoft Translator is a local fake server, reached through
 * ARXIV_DAILY_MICROSOFT_ENDPOINT (a test-only override).
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCli, splitKeywordList, UsageError } from '../../scripts/digest';
import { FIXTURES } from './helpers/fixtures';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FEED = fileURLToPath(new URL('rss/stat-2024-03-26.rss.xml', FIXTURES));
const BASE = ['--feed', FEED, '--categories', 'stat', '--keywords', 'Gaussian process', '--tz', 'Asia/Shanghai'];
/** The three stat papers of 26 Mar 2024 that match "Gaussian process". */
const MATCHING = ['2403.15670', '2403.16121', '2403.15908'];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/digest.ts', ...args],
      { cwd: ROOT, env: { ...process.env, DEEPL_KEY: '', OPENAI_API_KEY: '', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

/** A fake of Microsoft's web translator: `POST [texts]` → `[{ translations: [{ text }] }]`, each text prefixed. */
const received: string[] = [];
const fake = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString('utf8')));
  req.on('end', () => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method !== 'POST' || url.searchParams.get('to') !== 'zh-Hans') {
      res.writeHead(400).end('bad request');
      return;
    }
    const texts = JSON.parse(body) as string[];
    received.push(...texts);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(texts.map((t) => ({ translations: [{ text: `【译】${t}`, to: 'zh-Hans' }] }))));
  });
});
let endpoint = '';
let closedEndpoint = '';

beforeAll(async () => {
  endpoint = `http://127.0.0.1:${await listen(fake)}/translate/translatetext`;
  // A port that was just free and is closed again: connections to it are refused.
  const probe = createServer();
  const port = await listen(probe);
  await new Promise((r) => probe.close(r));
  closedEndpoint = `http://127.0.0.1:${port}/translate/translatetext`;
});

afterAll(() => new Promise<void>((r) => fake.close(() => r())));

describe('npm run digest', () => {
  it('prints a translated digest of the saved feed, translating only the relevant papers', async () => {
    received.length = 0;
    const run = await runCli([...BASE, '--service', 'microsoft'], { ARXIV_DAILY_MICROSOFT_ENDPOINT: endpoint });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^生成时间: \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(UTC\+8\); Arxiv 发布时间: 2024-03-25 20:00 EDT \(2024-03-26 08:00 UTC\+8\)$/);
    expect(lines[1]).toBe('今天共有 3 篇相关文章');
    expect(lines[2]).toBe('Keyword: Gaussian process');
    expect(lines[3]).toBe('Computationally Scalable Bayesian SPDE Modeling for Censored Spatial Responses');
    expect(lines[4]).toBe('【译】Computationally Scalable Bayesian SPDE Modeling for Censored Spatial Responses');
    expect(lines[5]).toMatch(/^- Authors: Indranil Sahoo, /);
    expect(lines[6]).toBe('- Subjects: Methodology (stat.ME); Applications (stat.AP); Computation (stat.CO)');
    for (const id of MATCHING) expect(run.stdout).toContain(`- Arxiv link: https://arxiv.org/abs/${id}\n`);
    const abstractLabels = lines.flatMap((l, i) => (l === '- 中文摘要' ? [lines[i + 1]!] : []));
    expect(abstractLabels).toHaveLength(3);
    for (const a of abstractLabels) expect(a.startsWith('【译】')).toBe(true);
    expect(run.stdout).not.toContain('[未翻译]');
    // Math survived the round trip through the service untouched.
    expect(run.stdout).toMatch(/【译】.*\$\\mathcal\{O\}\(n\^3\)\$/);
    // Titles and abstracts of the 3 relevant papers only (not the other 120 papers of the feed).
    expect(received).toHaveLength(6);
  }, 60_000);

  it('still prints the digest when the service cannot be reached: untranslated parts marked, reason on stderr, exit 0', async () => {
    const run = await runCli([...BASE, '--service', 'microsoft'], { ARXIV_DAILY_MICROSOFT_ENDPOINT: closedEndpoint });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^digest: translation unavailable \(Microsoft Translator\): Could not reach Microsoft Translator\./);
    expect(run.stderr).toContain('ECONNREFUSED');
    const lines = run.stdout.split('\n');
    expect(lines[1]).toBe('今天共有 3 篇相关文章');
    expect(lines[4]).toBe('[未翻译]');
    expect(lines.filter((l) => l === '[未翻译]')).toHaveLength(6); // 3 titles, 3 abstracts
    expect(lines.filter((l) => l === '- 中文摘要')).toHaveLength(3);
  }, 60_000);

  it('--service none prints a monolingual digest; --format markdown and bibtex work offline', async () => {
    const [none, md, bib] = await Promise.all([
      runCli([...BASE, '--service', 'none']),
      runCli([...BASE, '--service', 'none', '--format', 'markdown']),
      runCli([...BASE, '--format', 'bibtex', '--service', 'microsoft'], { ARXIV_DAILY_MICROSOFT_ENDPOINT: closedEndpoint }),
    ]);
    for (const r of [none, md, bib]) {
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
    }
    expect(none.stdout).not.toContain('中文摘要');
    expect(none.stdout.split('\n')[4]).toMatch(/^- Authors: /);
    expect(md.stdout).toContain('\n\n## Keyword: Gaussian process\n\n### Computationally Scalable Bayesian SPDE Modeling');
    expect(bib.stdout.match(/^@(misc|article)\{/gm)).toHaveLength(3);
    expect(bib.stdout).toContain('@misc{bogoclu2024deep,');
  }, 60_000);

  it('--no-cross leaves out cross-lists; with no keywords every paper counts', async () => {
    const [noCross, all] = await Promise.all([
      runCli([...BASE, '--service', 'none', '--no-cross']),
      runCli(['--feed', FEED, '--categories', 'stat', '--service', 'none', '--include-replacements', '--tz', 'UTC']),
    ]);
    expect(noCross.stdout.split('\n')[1]).toBe('今天共有 2 篇相关文章');
    expect(noCross.stdout).not.toContain('2403.15908'); // the cross-listed cs.LG paper
    expect(all.stdout.split('\n')[1]).toBe('今天共有 123 篇相关文章');
    expect(all.stdout.split('\n')[2]).toBe('All papers');
    expect(all.stdout.split('\n')[0]).toContain('(2024-03-26 00:00 UTC)');
  }, 60_000);

  it('rejects bad arguments and unreadable feeds with a clear message and a non-zero code', async () => {
    const runs = await Promise.all([
      runCli([...BASE, '--service', 'babelfish']),
      runCli([...BASE, '--format', 'pdf']),
      runCli([...BASE, '--tz', 'Mars/Olympus_Mons']),
      runCli([...BASE, '--to', 'xx']),
      runCli(['--keywords', 'x']),
      runCli([...BASE, '--colour']),
      runCli([...BASE, '--service', 'deepl']),
      runCli(['--feed', `${FEED}.missing`, '--categories', 'stat']),
      runCli(['--feed', fileURLToPath(new URL('package.json', `file://${ROOT}`)), '--categories', 'stat']),
    ]);
    const [service, format, tz, to, noCats, unknown, deepl, missing, notFeed] = runs;
    for (const r of runs) {
      expect(r.code).not.toBe(0);
      expect(r.stdout).toBe('');
    }
    expect(service!.code).toBe(2);
    expect(service!.stderr).toContain('--service must be one of auto, microsoft, google, deepl, openai, none (got "babelfish")');
    expect(service!.stderr).toContain('Run with --help for usage.');
    expect(format!.stderr).toContain('--format must be one of text, markdown, bibtex');
    expect(tz!.stderr).toContain('unknown time zone "Mars/Olympus_Mons"');
    expect(to!.stderr).toContain('unsupported language "xx"');
    expect(noCats!.stderr).toContain('--categories is required');
    expect(unknown!.stderr).toContain("Unknown option '--colour'");
    expect(deepl!.stderr).toContain('--service deepl needs an API key');
    expect(missing!.code).toBe(1);
    expect(missing!.stderr).toContain('cannot read');
    expect(missing!.stderr).toContain('ENOENT');
    expect(notFeed!.code).toBe(1);
    expect(notFeed!.stderr).toContain('is not a readable arXiv feed');
  }, 60_000);

  it('--help prints the usage', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npm run digest -- \[options\]/);
    for (const opt of ['--categories', '--keywords', '--feed', '--service', '--to', '--deepl-key', '--openai-base-url', '--openai-model', '--openai-key', '--format', '--include-replacements', '--no-cross', '--tz']) {
      expect(run.stdout).toContain(opt);
    }
  }, 60_000);
});

describe('argument parsing (in process)', () => {
  it('splits --keywords on commas, but not inside quotes or /regexes/', () => {
    expect(splitKeywordList('reinforcement learning, diffusion policy')).toEqual(['reinforcement learning', 'diffusion policy']);
    expect(splitKeywordList('"a, b" au:Levine, /x{1,2}y/, -"c, d" e,, ')).toEqual(['"a, b" au:Levine', '/x{1,2}y/', '-"c, d" e']);
    expect(splitKeywordList('“curly, quoted”, input/output, next')).toEqual(['“curly, quoted”', 'input/output', 'next']);
  });

  it('reads options, defaults and keys from the environment', () => {
    const o = parseCli(['--categories', 'CS.lg,cs.RO', '--keywords', 'a,b', '--keyword', '/c,d/', '--no-cross', '--to', 'zh', '--tz', 'UTC'], { DEEPL_KEY: 'k1', OPENAI_API_KEY: 'k2' });
    expect(o).toMatchObject({ categories: ['cs.LG', 'cs.RO'], keywords: ['a', 'b', '/c,d/'], cross: false, includeReplacements: false, to: 'zh-CN', service: 'auto', format: 'text', timeZone: 'UTC', deeplKey: 'k1', openaiKey: 'k2' });
    expect(parseCli(['--feed', 'x.xml'], {}).timeZone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(() => parseCli(['--categories', 'cs.LG', '--openai-base-url', 'localhost:11434'], {})).toThrow(UsageError);
    expect(() => parseCli(['--categories', 'not a/category'], {})).toThrow(/not an arXiv category/);
  });
});
