/**
 * Every HTTP translation service against a local node:http server speaking that service's
 * protocol: request shape, answer parsing, and error mapping.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createDeepLService, deeplBaseUrl } from '../../lib/translate/deepl';
import { createGoogleService, GOOGLE_WEB_API_KEY } from '../../lib/translate/google';
import { createMicrosoftService } from '../../lib/translate/microsoft';
import { createOpenAIService, OPENAI_PRESETS, parseSegments, PROMPT_VERSION } from '../../lib/translate/openai';
import { translateProtected } from '../../lib/translate/protect';
import { TranslateError } from '../../lib/translate/types';

interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}

type Handler = (req: Recorded, res: http.ServerResponse) => void;

const servers: http.Server[] = [];

async function serve(handler: Handler): Promise<{ base: string; requests: Recorded[]; close: () => Promise<void> }> {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const rec: Recorded = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(rec);
      handler(rec, res);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((r) => (s.listening ? s.close(() => r()) : r()))));
});

function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

async function errorOf(p: Promise<unknown>): Promise<TranslateError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(TranslateError);
    return e as TranslateError;
  }
  throw new Error('expected the call to fail');
}

/** A fake MT that "translates" by upper-casing text outside tags/placeholders. */
const shout = (s: string) =>
  s.replace(/(<[^>]*>|\[\[\d+\]\]|&[#\w]+;)|([^<[&]+|[<[&])/g, (_m, keep: string | undefined, text: string | undefined) => keep ?? text!.toUpperCase());

// ---------------------------------------------------------------------------------------------

describe('Microsoft (edge.microsoft.com/translate/translatetext)', () => {
  it('posts a JSON array of strings with from/to/isEnterpriseClient and reads translations[0].text', async () => {
    const srv = await serve((req, res) => {
      const texts = JSON.parse(req.body) as string[];
      json(res, 200, texts.map((t) => ({ detectedLanguage: { language: 'en', score: 1 }, translations: [{ text: `译:${t}`, to: 'zh-Hans' }] })));
    });
    const ms = createMicrosoftService({ endpoint: `${srv.base}/translate/translatetext` });
    expect(await ms.translate(['Hello', 'World'], 'en', 'zh-CN')).toEqual(['译:Hello', '译:World']);
    const req = srv.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/translate/translatetext');
    expect(Object.fromEntries(req.query)).toEqual({ from: 'en', to: 'zh-Hans', isEnterpriseClient: 'false' });
    expect(req.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req.body)).toEqual(['Hello', 'World']);

    await ms.translate(['x'], 'en', 'zh-TW');
    expect(srv.requests[1]!.query.get('to')).toBe('zh-Hant');
    await ms.translate(['x'], 'en', 'pt');
    expect(srv.requests[2]!.query.get('to')).toBe('pt');
  });

  it.each([
    [401, {}, 'auth', undefined],
    [403, {}, 'auth', undefined],
    [404, {}, 'not-found', undefined],
    [429, { 'Retry-After': '7' }, 'rate-limited', 7000],
    [500, {}, 'server', undefined],
    [503, {}, 'server', undefined],
  ] as const)('maps HTTP %i to %s', async (status, headers, kind, retryAfterMs) => {
    const srv = await serve((_req, res) => json(res, status, { error: 'x' }, headers));
    const e = await errorOf(createMicrosoftService({ endpoint: srv.base }).translate(['a'], 'en', 'zh-CN'));
    expect(e.kind).toBe(kind);
    expect(e.status).toBe(status);
    expect(e.retryAfterMs).toBe(retryAfterMs);
    expect(e.message).toContain('Microsoft');
  });

  it('reads Retry-After given as an HTTP date', async () => {
    const at = new Date(Date.now() + 30_000).toUTCString();
    const srv = await serve((_req, res) => json(res, 429, {}, { 'Retry-After': at }));
    const e = await errorOf(createMicrosoftService({ endpoint: srv.base }).translate(['a'], 'en', 'zh-CN'));
    expect(e.kind).toBe('rate-limited');
    expect(e.retryAfterMs).toBeGreaterThan(25_000);
    expect(e.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it('malformed JSON, a wrong count or a missing text → bad-response', async () => {
    let body = '[{"translations": [';
    const srv = await serve((_req, res) => json(res, 200, body));
    const ms = createMicrosoftService({ endpoint: srv.base });
    expect((await errorOf(ms.translate(['a'], 'en', 'zh-CN'))).kind).toBe('bad-response');
    body = JSON.stringify([{ translations: [{ text: 'x' }] }]);
    expect((await errorOf(ms.translate(['a', 'b'], 'en', 'zh-CN'))).kind).toBe('bad-response');
    body = JSON.stringify([{ translations: [] }]);
    expect((await errorOf(ms.translate(['a'], 'en', 'zh-CN'))).kind).toBe('bad-response');
  });

  it('a refused connection → offline', async () => {
    const srv = await serve((_req, res) => json(res, 200, []));
    await srv.close();
    const e = await errorOf(createMicrosoftService({ endpoint: srv.base }).translate(['a'], 'en', 'zh-CN'));
    expect(e.kind).toBe('offline');
  });

  it('keeps math through protect → HTTP → restore (xml placeholders, escaped text)', async () => {
    const srv = await serve((req, res) => {
      const texts = JSON.parse(req.body) as string[];
      json(res, 200, texts.map((t) => ({ translations: [{ text: shout(t), to: 'zh-Hans' }] })));
    });
    const ms = createMicrosoftService({ endpoint: srv.base });
    const [r] = await translateProtected(ms, ['If $a<b$ & $c>d$ then x < y, see \\cite{k}.'], 'en', 'zh-CN');
    const sent = JSON.parse(srv.requests[0]!.body) as string[];
    expect(sent[0]).toBe('If <x id="1"/> &amp; <x id="2"/> then x &lt; y, see <x id="3"/>.');
    expect(r).toEqual({ text: 'IF $a<b$ & $c>d$ THEN X < Y, SEE \\cite{k}.', failed: false });
  });
});

// ---------------------------------------------------------------------------------------------

describe('Google', () => {
  it('translateHtml: JSON+protobuf batch with X-Goog-API-Key', async () => {
    const srv = await serve((req, res) => {
      const [[texts]] = JSON.parse(req.body) as [[string[], string, string], string];
      json(res, 200, [texts.map((t) => `谷:${t}`), texts.map(() => 'en')]);
    });
    const g = createGoogleService({ endpoint: `${srv.base}/v1/translateHtml` });
    expect(await g.translate(['One', 'Two'], 'en', 'zh-CN')).toEqual(['谷:One', '谷:Two']);
    const req = srv.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/v1/translateHtml');
    expect(req.headers['content-type']).toBe('application/json+protobuf');
    expect(req.headers['x-goog-api-key']).toBe(GOOGLE_WEB_API_KEY);
    expect(JSON.parse(req.body)).toEqual([[['One', 'Two'], 'en', 'zh-CN'], 'wt_lib']);
    expect(g.placeholder).toBe('xml');

    await g.translate(['x'], 'en', 'zh-TW');
    expect(JSON.parse(srv.requests[1]!.body)[0][2]).toBe('zh-TW');
  });

  it('translateHtml errors: 403 auth, 429 rate-limited, 500 server, bad shape', async () => {
    let status = 403;
    let body: unknown = { error: { code: 403 } };
    const srv = await serve((_req, res) => json(res, status, body, status === 429 ? { 'Retry-After': '3' } : {}));
    const g = createGoogleService({ endpoint: srv.base });
    expect((await errorOf(g.translate(['a'], 'en', 'zh-CN'))).kind).toBe('auth');
    status = 429;
    const rl = await errorOf(g.translate(['a'], 'en', 'zh-CN'));
    expect([rl.kind, rl.retryAfterMs]).toEqual(['rate-limited', 3000]);
    status = 500;
    expect((await errorOf(g.translate(['a'], 'en', 'zh-CN'))).kind).toBe('server');
    status = 200;
    body = [['only one']];
    expect((await errorOf(g.translate(['a', 'b'], 'en', 'zh-CN'))).kind).toBe('bad-response');
    body = '<html>not json';
    expect((await errorOf(g.translate(['a'], 'en', 'zh-CN'))).kind).toBe('bad-response');
  });

  it('gtx: one GET per text with client=gtx&sl&tl&dt=t&q, joins sentence pieces', async () => {
    const srv = await serve((req, res) => {
      const q = req.query.get('q')!;
      json(res, 200, [[[`甲${q}。`, `${q}.`, null, null, 10], ['乙。', 'B.', null, null, 10]], null, 'en']);
    });
    const g = createGoogleService({ mode: 'gtx', endpoint: `${srv.base}/translate_a/single` });
    expect(await g.translate(['A [[1]]', 'C'], 'en', 'zh-CN')).toEqual(['甲A [[1]]。乙。', '甲C。乙。']);
    expect(srv.requests).toHaveLength(2);
    const req = srv.requests[0]!;
    expect(req.method).toBe('GET');
    expect(req.path).toBe('/translate_a/single');
    expect(Object.fromEntries(req.query)).toEqual({ client: 'gtx', sl: 'en', tl: 'zh-CN', dt: 't', q: 'A [[1]]' });
    expect(g.placeholder).toBe('bracket');
  });
});

// ---------------------------------------------------------------------------------------------

describe('DeepL', () => {
  it('chooses the free host for ":fx" keys and the Pro host otherwise', () => {
    expect(deeplBaseUrl('abc:fx')).toBe('https://api-free.deepl.com');
    expect(deeplBaseUrl('abc')).toBe('https://api.deepl.com');
  });

  it('sends DeepL-Auth-Key, EN → ZH-HANS, tag_handling xml with ignore_tags x, to the host of the key', async () => {
    const srv = await serve((req, res) => {
      const body = JSON.parse(req.body) as { text: string[] };
      json(res, 200, { translations: body.text.map((t) => ({ detected_source_language: 'EN', text: `德:${t}` })) });
    });
    const seen: string[] = [];
    // Route the real hosts to the local server, remembering which host was asked for.
    const fetchVia: typeof fetch = (input, init) => {
      const url = new URL(String(input));
      seen.push(url.origin + url.pathname);
      return fetch(srv.base + url.pathname + url.search, init);
    };
    const free = createDeepLService({ apiKey: 'k-123:fx', fetch: fetchVia });
    expect(await free.translate(['Hi <x id="1"/>', 'Yo'], 'en', 'zh-CN')).toEqual(['德:Hi <x id="1"/>', '德:Yo']);
    expect(seen[0]).toBe('https://api-free.deepl.com/v2/translate');
    const req = srv.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/v2/translate');
    expect(req.headers.authorization).toBe('DeepL-Auth-Key k-123:fx');
    expect(req.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req.body)).toEqual({
      text: ['Hi <x id="1"/>', 'Yo'],
      source_lang: 'EN',
      target_lang: 'ZH-HANS',
      tag_handling: 'xml',
      ignore_tags: ['x'],
    });

    const pro = createDeepLService({ apiKey: 'pro-key', fetch: fetchVia });
    await pro.translate(['a'], 'en', 'zh-TW');
    expect(seen[1]).toBe('https://api.deepl.com/v2/translate');
    expect(JSON.parse(srv.requests[1]!.body).target_lang).toBe('ZH-HANT');
    await pro.translate(['a'], 'en', 'pt');
    expect(JSON.parse(srv.requests[2]!.body).target_lang).toBe('PT-BR');
  });

  it('456 → quota, 403 → auth, 429 → rate-limited, 500 → server, bad JSON → bad-response', async () => {
    let status = 456;
    const srv = await serve((_req, res) =>
      status === 200 ? json(res, 200, '{"translations": [{"text"') : json(res, status, { message: 'x' }, status === 429 ? { 'Retry-After': '2' } : {}),
    );
    const d = createDeepLService({ apiKey: 'k:fx', baseUrl: srv.base });
    const quota = await errorOf(d.translate(['a'], 'en', 'zh-CN'));
    expect(quota.kind).toBe('quota');
    expect(quota.message).toMatch(/quota/i);
    status = 403;
    expect((await errorOf(d.translate(['a'], 'en', 'zh-CN'))).kind).toBe('auth');
    status = 429;
    expect((await errorOf(d.translate(['a'], 'en', 'zh-CN'))).retryAfterMs).toBe(2000);
    status = 500;
    expect((await errorOf(d.translate(['a'], 'en', 'zh-CN'))).kind).toBe('server');
    status = 200;
    expect((await errorOf(d.translate(['a'], 'en', 'zh-CN'))).kind).toBe('bad-response');
  });

  it('no key → auth error without a request', async () => {
    const srv = await serve((_req, res) => json(res, 200, {}));
    const e = await errorOf(createDeepLService({ apiKey: '  ', baseUrl: srv.base }).translate(['a'], 'en', 'zh-CN'));
    expect(e.kind).toBe('auth');
    expect(e.messageId).toBe('missing-key');
    expect(srv.requests).toHaveLength(0);
  });
});

// ---------------------------------------------------------------------------------------------

describe('OpenAI-compatible', () => {
  type Chat = { model: string; messages: Array<{ role: string; content: string }>; response_format?: unknown; temperature?: number };
  const reply = (res: http.ServerResponse, content: string) =>
    json(res, 200, { id: 'x', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] });

  it('posts chat/completions with Bearer key, model, glossary prompt and numbered JSON segments', async () => {
    const srv = await serve((req, res) => {
      const body = JSON.parse(req.body) as Chat;
      const segs = JSON.parse(body.messages[1]!.content) as Record<string, string>;
      const out = Object.fromEntries(Object.entries(segs).map(([k, v]) => [k, `译${k}:${v}`]));
      reply(res, `<think>let me think {"1": "wrong"}</think>\n\`\`\`json\n${JSON.stringify(out)}\n\`\`\``);
    });
    const ai = createOpenAIService({ ...OPENAI_PRESETS.openai, baseUrl: `${srv.base}/v1`, apiKey: 'sk-test', preset: 'openai' });
    expect(await ai.translate(['Reinforcement learning [[1]].', 'Second'], 'en', 'zh-CN')).toEqual([
      '译1:Reinforcement learning [[1]].',
      '译2:Second',
    ]);
    const req = srv.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/v1/chat/completions');
    expect(req.headers.authorization).toBe('Bearer sk-test');
    const body = JSON.parse(req.body) as Chat;
    expect(body.model).toBe('gpt-4o-mini');
    expect(body.temperature).toBe(0);
    expect(body.response_format).toEqual({ type: 'json_object' });
    expect(body.messages[0]!.role).toBe('system');
    expect(body.messages[0]!.content).toContain('Simplified Chinese');
    expect(body.messages[0]!.content).toContain('reinforcement learning → 强化学习');
    expect(body.messages[0]!.content).toMatch(/Keep these terms in English.*rollout.*token/);
    expect(body.messages[0]!.content).toContain('[[1]]');
    expect(JSON.parse(body.messages[1]!.content)).toEqual({ '1': 'Reinforcement learning [[1]].', '2': 'Second' });
    expect(ai.model).toBe('gpt-4o-mini');
    expect(ai.promptVersion).toContain(PROMPT_VERSION);
    expect(ai.handlesGlossary).toBe(true);
  });

  it('asks again for segments that did not come back, then succeeds', async () => {
    const srv = await serve((req, res) => {
      const segs = JSON.parse((JSON.parse(req.body) as Chat).messages[1]!.content) as Record<string, string>;
      const out = Object.fromEntries(Object.entries(segs).map(([k, v]) => [k, `T(${v})`]));
      if (srv.requests.length === 1) delete out['2'];
      reply(res, JSON.stringify(out));
    });
    const ai = createOpenAIService({ baseUrl: srv.base, model: 'm', apiKey: 'k' });
    expect(await ai.translate(['a', 'b', 'c'], 'en', 'ja')).toEqual(['T(a)', 'T(b)', 'T(c)']);
    expect(srv.requests).toHaveLength(2);
    expect(JSON.parse((JSON.parse(srv.requests[1]!.body) as Chat).messages[1]!.content)).toEqual({ '2': 'b' });
    expect((JSON.parse(srv.requests[0]!.body) as Chat).messages[0]!.content).toContain('Japanese');
  });

  it('a segment missing twice → bad-response after exactly one retry; unparseable content likewise', async () => {
    let content = JSON.stringify({ '1': 'only one' });
    const srv = await serve((_req, res) => reply(res, content));
    const ai = createOpenAIService({ baseUrl: srv.base, model: 'm', apiKey: 'k' });
    const e = await errorOf(ai.translate(['a', 'b'], 'en', 'zh-CN'));
    expect(e.kind).toBe('bad-response');
    expect(e.messageId).toBe('missing-segments');
    expect(srv.requests).toHaveLength(2);
    content = 'Sure! Here is the translation: {"1": "x",';
    expect((await errorOf(ai.translate(['a'], 'en', 'zh-CN'))).kind).toBe('bad-response');
  });

  it('malformed JSON body → bad-response', async () => {
    const srv = await serve((_req, res) => json(res, 200, '{"choices": ['));
    const e = await errorOf(createOpenAIService({ baseUrl: srv.base, model: 'm', apiKey: 'k' }).translate(['a'], 'en', 'zh-CN'));
    expect(e.kind).toBe('bad-response');
  });

  it('maps 401 → auth, insufficient_quota → quota, 402 → quota, 429 → rate-limited, 500 → server, 404 → not-found', async () => {
    let status = 401;
    let body: unknown = { error: { message: 'Incorrect API key', type: 'invalid_request_error', code: 'invalid_api_key' } };
    let headers: Record<string, string> = {};
    const srv = await serve((_req, res) => json(res, status, body, headers));
    const ai = createOpenAIService({ baseUrl: srv.base, model: 'm', apiKey: 'k' });
    expect((await errorOf(ai.translate(['a'], 'en', 'zh-CN'))).kind).toBe('auth');
    status = 429;
    body = { error: { message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' } };
    expect((await errorOf(ai.translate(['a'], 'en', 'zh-CN'))).kind).toBe('quota');
    status = 402;
    body = { error: { message: 'Insufficient Balance' } };
    expect((await errorOf(ai.translate(['a'], 'en', 'zh-CN'))).kind).toBe('quota');
    status = 429;
    body = { error: { message: 'Rate limit reached', code: 'rate_limit_exceeded' } };
    headers = { 'Retry-After': '20' };
    const rl = await errorOf(ai.translate(['a'], 'en', 'zh-CN'));
    expect([rl.kind, rl.retryAfterMs]).toEqual(['rate-limited', 20_000]);
    status = 500;
    headers = {};
    expect((await errorOf(ai.translate(['a'], 'en', 'zh-CN'))).kind).toBe('server');
    status = 404;
    expect((await errorOf(ai.translate(['a'], 'en', 'zh-CN'))).kind).toBe('not-found');
  });

  it('Ollama: no Authorization header, and 403 explains OLLAMA_ORIGINS', async () => {
    let status = 200;
    const srv = await serve((req, res) => {
      if (status === 403) {
        res.writeHead(403);
        res.end();
        return;
      }
      const segs = JSON.parse((JSON.parse(req.body) as Chat).messages[1]!.content) as Record<string, string>;
      reply(res, JSON.stringify(segs));
    });
    const ollama = createOpenAIService({ ...OPENAI_PRESETS.ollama, baseUrl: `${srv.base}/v1`, preset: 'ollama' });
    expect(await ollama.translate(['same'], 'en', 'zh-CN')).toEqual(['same']);
    expect(srv.requests[0]!.headers.authorization).toBeUndefined();
    expect((JSON.parse(srv.requests[0]!.body) as Chat).response_format).toBeUndefined();
    status = 403;
    const e = await errorOf(ollama.translate(['a'], 'en', 'zh-CN'));
    expect(e.kind).toBe('auth');
    expect(e.message).toContain('OLLAMA_ORIGINS=chrome-extension://*');
    expect(e.message).toMatch(/restart Ollama/);

    // The same 403 from a non-Ollama server is a plain auth error.
    const other = createOpenAIService({ baseUrl: srv.base, model: 'm', apiKey: 'k' });
    expect((await errorOf(other.translate(['a'], 'en', 'zh-CN'))).message).not.toContain('OLLAMA');
  });

  it('presets needing a key fail without a request when none is set', async () => {
    const srv = await serve((_req, res) => json(res, 200, {}));
    const e = await errorOf(createOpenAIService({ ...OPENAI_PRESETS.deepseek, baseUrl: srv.base, preset: 'deepseek' }).translate(['a'], 'en', 'zh-CN'));
    expect(e.messageId).toBe('missing-key');
    expect(srv.requests).toHaveLength(0);
  });

  it('parseSegments strips think blocks and fences', () => {
    expect(parseSegments('<think>{"1":"no"}</think>{"1":"yes"}')).toEqual({ '1': 'yes' });
    expect(parseSegments('```json\n{"2":"b"}\n```')).toEqual({ '2': 'b' });
    expect(parseSegments('<think>cut off')).toBeUndefined();
    expect(parseSegments('["array"]')).toBeUndefined();
  });

  it('presets point at the documented base URLs', () => {
    expect(OPENAI_PRESETS.openai.baseUrl).toBe('https://api.openai.com/v1');
    expect(OPENAI_PRESETS.deepseek).toMatchObject({ baseUrl: 'https://api.deepseek.com/v1', model: 'deepseek-chat' });
    expect(OPENAI_PRESETS.siliconflow.baseUrl).toBe('https://api.siliconflow.cn/v1');
    expect(OPENAI_PRESETS.openrouter.baseUrl).toBe('https://openrouter.ai/api/v1');
    expect(OPENAI_PRESETS.ollama).toMatchObject({ baseUrl: 'http://localhost:11434/v1', needsKey: false });
  });
});
