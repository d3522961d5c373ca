/**
 * End-to-end harness: the built extension in real Chromium, with every host name resolved to a local
 * HTTPS server that the test controls from the very first request (no race with the service worker).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, mkdirSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
export const FIXTURES = resolve(ROOT, '../shared/fixtures');
export const EXTENSION = join(ROOT, '.output/chrome-mv3');
export const ARTIFACTS = join(ROOT, 'test-results');

export function fixture(path: string): string {
  return readFileSync(join(FIXTURES, path), 'utf8');
}

export interface Seen {
  host: string;
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

export type Handler = (req: Seen, res: ServerResponse) => void | Promise<void>;

let certCache: { key: string; cert: string } | undefined;
function selfSignedCert() {
  if (certCache) return certCache;
  const dir = mkdtempSync(join(tmpdir(), 'arxiv-daily-cert-'));
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
    '-subj', '/CN=localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
  ], { stdio: 'ignore' });
  certCache = { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  return certCache;
}

/** A local HTTPS server standing in for every host on the internet. */
export class FakeInternet {
  readonly requests: Seen[] = [];
  private routes: Array<{ host: string | RegExp; path: string | RegExp; handler: Handler }> = [];
  private server!: Server;
  port = 0;

  route(host: string | RegExp, path: string | RegExp, handler: Handler): this {
    this.routes.unshift({ host, path, handler });
    return this;
  }

  requestsTo(host: string, path?: string | RegExp): Seen[] {
    const pathOk = (p: string) => (path === undefined ? true : typeof path === 'string' ? p.startsWith(path) : path.test(p));
    return this.requests.filter((r) => r.host === host && pathOk(r.path));
  }

  async start(): Promise<void> {
    this.server = createServer(selfSignedCert(), async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const seen: Seen = {
        host: (req.headers.host ?? '').replace(/:\d+$/, ''),
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      this.requests.push(seen);
      const match = (m: string | RegExp, v: string) => (typeof m === 'string' ? m === v : m.test(v));
      const route = this.routes.find((r) => match(r.host, seen.host) && match(r.path, seen.path.split('?')[0] ?? ''));
      try {
        if (route) await route.handler(seen, res);
        else {
          res.writeHead(404, { 'Content-Type': 'text/plain' });
          res.end('no route in test for ' + seen.host + seen.path);
        }
      } catch (e) {
        res.writeHead(500);
        res.end(String(e));
      }
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as { port: number }).port;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections?.();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

export interface Browser {
  context: BrowserContext;
  extensionId: string;
  worker(): Promise<Worker>;
  /** Opens an extension page (e.g. `popup.html`) in a tab. */
  open(path: string, size?: { width: number; height: number }): Promise<Page>;
  badge(): Promise<{ text: string; color: number[] }>;
  close(): Promise<void>;
  /** Console errors seen on extension pages and the worker. */
  errors: string[];
}

export async function launch(
  net: FakeInternet,
  opts: { userDataDir?: string; colorScheme?: 'light' | 'dark'; locale?: string; args?: string[] } = {},
): Promise<Browser> {
  if (!existsSync(join(EXTENSION, 'manifest.json'))) throw new Error('Build the extension first: npm run build');
  const userDataDir = opts.userDataDir ?? mkdtempSync(join(tmpdir(), 'arxiv-daily-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    colorScheme: opts.colorScheme ?? 'light',
    locale: opts.locale ?? 'en-US',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--host-resolver-rules=MAP * 127.0.0.1:${net.port}, EXCLUDE localhost`,
      '--ignore-certificate-errors',
      `--disable-extensions-except=${EXTENSION}`,
      `--load-extension=${EXTENSION}`,
      ...(opts.args ?? []),
    ],
  });
  const errors: string[] = [];
  const worker = async () => context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const first = await worker();
  const extensionId = new URL(first.url()).host;
  if (!extensionId) throw new Error('no extension id');
  // Errors of the extension's own pages (web pages the tests open are the tests' business).
  context.on('page', (p) =>
    p.on('console', (m) => m.type() === 'error' && p.url().startsWith('chrome-extension://') && errors.push(`${p.url()}: ${m.text()}`)),
  );
  const b: Browser = {
    context,
    extensionId,
    worker,
    errors,
    async open(path, size = { width: 800, height: 600 }) {
      const page = await context.newPage();
      await page.setViewportSize(size);
      page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    },
    async badge() {
      const w = await worker();
      return w.evaluate(async () => {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const action = (globalThis as any).chrome.action;
        return { text: await action.getBadgeText({}), color: await action.getBadgeBackgroundColor({}) };
      });
    },
    async close() {
      await context.close();
    },
  };
  return b;
}

/** Polls `probe` until it returns a truthy value (or throws after `timeoutMs`). */
export async function until<T>(probe: () => Promise<T> | T, what: string, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const start = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v as NonNullable<T>;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${what} (last: ${String(last)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function artifact(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}
