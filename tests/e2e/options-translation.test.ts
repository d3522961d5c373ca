/**
 * The options page's Translation section, end to end in real Chromium with the built extension:
 * the Test button translates with the form's unsaved values through the background (Microsoft and
 * DeepL answered by this test's fake servers), errors come back in words, settings and keys are saved
 * by the one Save button into separate storage keys, keys stay masked, and the on-device language
 * pack download shows its progress and its failures (with a stand-in `Translator`).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { FakeInternet, artifact, fixture, launch, until, type Browser } from './harness';

const STAT = fixture('rss/stat-2024-03-26.rss.xml');
const DEEPL_KEY = 'bad:fx';
const OPENAI_KEY = 'sk-test-4f9a1c2e7b';

function routes(net: FakeInternet) {
  net.route('rss.arxiv.org', /^\/rss\//, (req, res) => {
    const etag = '"stat-2024-03-26"';
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { ETag: etag });
      return void res.end();
    }
    res.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8', ETag: etag });
    res.end(STAT);
  });
  // Microsoft's keyless web translator: a JSON array of texts in, one result per text out.
  net.route('edge.microsoft.com', '/translate/translatetext', (req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405);
      return void res.end();
    }
    const texts = JSON.parse(req.body) as string[];
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(texts.map((t) => ({ translations: [{ text: '译:' + t, to: 'zh-Hans' }] }))));
  });
  // DeepL Free API with a key it does not know.
  net.route('api-free.deepl.com', '/v2/translate', (req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405);
      return void res.end();
    }
    res.writeHead(403, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ message: 'Wrong endpoint. Use https://api.deepl.com' }));
  });
}

async function openOptions(b: Browser, init?: string): Promise<Page> {
  const page = await b.context.newPage();
  await page.setViewportSize({ width: 820, height: 900 });
  if (init) await page.addInitScript({ content: init });
  await page.goto(`chrome-extension://${b.extensionId}/options.html`);
  await page.getByLabel('Service', { exact: true }).waitFor();
  return page;
}

/** Everything in the extension's `storage.local` (run in an extension page). */
const storageContents = (): Promise<Record<string, unknown>> =>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  (globalThis as any).chrome.storage.local.get(null);

const section = (page: Page) => page.locator('fieldset.translation');
const testResult = (page: Page) => page.getByRole('status', { name: 'Test result' });

/** Clicks Test and waits for the answer (the status region stops saying "Translating…"). */
async function runTest(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Test', exact: true }).click();
  return until(async () => {
    const t = ((await testResult(page).textContent()) ?? '').trim();
    return t && !t.startsWith('Translating') ? t : undefined;
  }, 'the test answer', 30_000);
}

describe('options: translation settings', () => {
  const net = new FakeInternet();
  let b: Browser;
  let page: Page;
  const consoleText: string[] = [];

  before(async () => {
    routes(net);
    await net.start();
    b = await launch(net);
    b.context.on('console', (m) => consoleText.push(m.text()));
  });
  after(async () => {
    await b?.close();
    await net.stop();
  });

  it('shows the section with every field labelled, and the defaults', async () => {
    page = await openOptions(b);
    await page.getByRole('group', { name: 'Translation' }).waitFor();
    assert.equal(await page.getByLabel('Show translations').isChecked(), true);
    const service = page.getByLabel('Service', { exact: true });
    assert.equal(await service.inputValue(), 'auto');
    assert.deepEqual((await service.locator('option').allTextContents()).map((s) => s.trim()), [
      'Automatic (on-device, then Microsoft, then Google)',
      'On-device (Chrome)',
      'Microsoft (free)',
      'Google (free)',
      'DeepL (API key)',
      'OpenAI-compatible (API key)',
    ]);
    const target = page.getByLabel('Translate into');
    assert.equal(await target.inputValue(), 'zh-CN');
    assert.ok((await target.locator('option').allTextContents()).includes('日本語'));
    assert.equal(await page.getByLabel('Titles of the day, abstracts of matching papers').isChecked(), true);
    assert.equal(await page.getByLabel('Titles and all abstracts').isChecked(), false);
    assert.equal(await page.getByLabel('Titles only; abstracts when I open them').isChecked(), false);
    assert.equal(await page.getByLabel('Glossary').inputValue(), '');
    // Automatic starts with the on-device translator: its state is shown, whatever this browser has.
    await until(async () => !((await page.locator('#on-device-status').textContent()) ?? '').includes('Checking'), 'the on-device check');
    assert.match((await page.locator('#on-device-status').textContent())!, /On-device translator:\s*(Ready|The language pack|Not available)/);
    // Switching the section off hides the rest.
    await page.getByLabel('Show translations').uncheck();
    assert.equal(await page.getByLabel('Service', { exact: true }).isVisible(), false);
    await page.getByLabel('Show translations').check();
    await section(page).screenshot({ path: artifact('options-translation-auto-light.png') });
  });

  it('Test with Microsoft shows the translation, the service and the time, without saving', async () => {
    await page.getByLabel('Service', { exact: true }).selectOption({ label: 'Microsoft (free)' });
    const text = await runTest(page);
    assert.match(text, /译:/, `translation shown (got: ${text})`);
    assert.match(text, /Diffusion policies/);
    assert.match(text, /Microsoft.*answered in \d+(\.\d)? m?s/);
    const calls = net.requestsTo('edge.microsoft.com', '/translate/translatetext');
    assert.ok(calls.length >= 1);
    assert.equal(calls.at(-1)!.method, 'POST');
    assert.match(calls.at(-1)!.path, /[?&]to=zh-Hans(&|$)/);
    // The test used the form's values: nothing was saved.
    const stored = await page.evaluate(storageContents);
    assert.notEqual((stored.settings as { translation?: { service?: string } } | undefined)?.translation?.service, 'microsoft');
    await section(page).screenshot({ path: artifact('options-translation-microsoft-light.png') });
  });

  it('Test with a wrong DeepL key says so in words; the key stays masked unless asked', async () => {
    await page.getByLabel('Service', { exact: true }).selectOption({ label: 'DeepL (API key)' });
    const key = page.getByLabel('DeepL API key');
    assert.equal(await key.getAttribute('type'), 'password');
    await key.fill(DEEPL_KEY);
    await page.getByText('This key: Free API.').waitFor();
    await page.getByLabel('Show key').check();
    assert.equal(await key.getAttribute('type'), 'text');
    await page.getByLabel('Show key').uncheck();
    assert.equal(await key.getAttribute('type'), 'password');
    const text = await runTest(page);
    assert.match(text, /DeepL/, `error names the service (got: ${text})`);
    assert.match(text, /\bkey\b/i, `error mentions the key (got: ${text})`);
    assert.ok(!text.includes(DEEPL_KEY), 'the key is not echoed');
    const calls = net.requestsTo('api-free.deepl.com', '/v2/translate');
    assert.ok(calls.length >= 1, 'a ":fx" key goes to the Free API');
    assert.equal(calls.at(-1)!.headers.authorization, `DeepL-Auth-Key ${DEEPL_KEY}`);
    await section(page).screenshot({ path: artifact('options-translation-deepl-light.png') });
  });

  it('saves the OpenAI-compatible settings and the keys (apart) with the one Save button', async () => {
    await page.getByLabel('Service', { exact: true }).selectOption({ label: 'OpenAI-compatible (API key)' });
    const preset = page.getByLabel('Provider');
    assert.deepEqual((await preset.locator('option').allTextContents()).map((s) => s.trim()), [
      'OpenAI',
      'DeepSeek',
      'SiliconFlow',
      'OpenRouter',
      'Ollama',
      'Custom',
    ]);
    // Ollama: no key, but how to let the extension in.
    await preset.selectOption({ label: 'Ollama' });
    assert.equal(await page.getByLabel('Base URL').inputValue(), 'http://localhost:11434/v1');
    await page.getByText('OLLAMA_ORIGINS=chrome-extension://*').waitFor();
    assert.equal(await page.getByLabel('API key', { exact: true }).count(), 0);
    await section(page).screenshot({ path: artifact('options-translation-ollama-light.png') });
    // DeepSeek: the preset fills address and model; the model stays editable.
    await preset.selectOption({ label: 'DeepSeek' });
    assert.equal(await page.getByLabel('Base URL').inputValue(), 'https://api.deepseek.com/v1');
    assert.equal(await page.getByLabel('Model').inputValue(), 'deepseek-chat');
    await page.getByLabel('Model').fill('deepseek-reasoner');
    const key = page.getByLabel('API key', { exact: true });
    assert.equal(await key.getAttribute('type'), 'password');
    await key.fill(OPENAI_KEY);
    await page.getByLabel('Translate into').selectOption({ label: '日本語' });
    await page.getByLabel('Titles and all abstracts').check();
    await page.getByLabel('Glossary').fill('diffusion policy => 拡散方策\n=> orphan\nLoRA');
    await page.getByText('Line 2: missing term before "=>"').waitFor();
    await section(page).screenshot({ path: artifact('options-translation-openai-light.png') });

    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();

    await page.reload();
    await page.getByLabel('Service', { exact: true }).waitFor();
    assert.equal(await page.getByLabel('Service', { exact: true }).inputValue(), 'openai');
    assert.equal(await page.getByLabel('Provider').inputValue(), 'deepseek');
    assert.equal(await page.getByLabel('Base URL').inputValue(), 'https://api.deepseek.com/v1');
    assert.equal(await page.getByLabel('Model').inputValue(), 'deepseek-reasoner');
    assert.equal(await page.getByLabel('Translate into').inputValue(), 'ja');
    assert.equal(await page.getByLabel('Titles and all abstracts').isChecked(), true);
    assert.equal(await page.getByLabel('Glossary').inputValue(), 'diffusion policy => 拡散方策\n=> orphan\nLoRA');
    const reloadedKey = page.getByLabel('API key', { exact: true });
    assert.equal(await reloadedKey.inputValue(), OPENAI_KEY, 'the key is still there');
    assert.equal(await reloadedKey.getAttribute('type'), 'password', '…and masked');
    // The endpoint is an optional host permission, asked for from the Save click (a prompt nobody answers here).
    await page.getByText('The extension needs your permission to reach api.deepseek.com').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Allow access to api.deepseek.com' }).count(), 1);
    // The DeepL key was saved too (switching the service back shows it, masked).
    await page.getByLabel('Service', { exact: true }).selectOption({ label: 'DeepL (API key)' });
    assert.equal(await page.getByLabel('DeepL API key').inputValue(), DEEPL_KEY);
    assert.equal(await page.getByLabel('DeepL API key').getAttribute('type'), 'password');

    const stored = await page.evaluate(storageContents);
    const settingsJson = JSON.stringify(stored.settings);
    assert.ok(stored.settings, 'settings saved');
    assert.ok(!settingsJson.includes(OPENAI_KEY) && !settingsJson.includes(DEEPL_KEY), `no key in settings: ${settingsJson}`);
    const t = (stored.settings as { translation: Record<string, unknown> }).translation;
    assert.equal(t.service, 'openai');
    assert.deepEqual(t.openai, { preset: 'deepseek', baseUrl: 'https://api.deepseek.com/v1', model: 'deepseek-reasoner' });
    assert.equal(t.scope, 'all');
    assert.equal(t.target, 'ja');
    const secrets = stored.secrets as Record<string, unknown>;
    assert.equal(secrets.openaiKey, OPENAI_KEY);
    assert.equal(secrets.deeplKey, DEEPL_KEY);
    // Keys never reach a console.
    assert.ok(!consoleText.some((m) => m.includes(OPENAI_KEY) || m.includes(DEEPL_KEY)), 'no key in any console message');
    assert.ok(!b.errors.some((m) => m.includes(OPENAI_KEY) || m.includes(DEEPL_KEY)));
  });

  it('downloads an on-device language pack from a click, with progress, and says when it fails', async () => {
    // A stand-in for Chrome's Translator API that the test drives (the real one needs a model download).
    // (A string, not a function: the test runner's transpiler would add helpers the page does not have.)
    const fake = `(() => {
      let avail = 'downloadable';
      let progress;
      let settle;
      const api = {
        availability: async () => avail,
        create(opts) {
          window.__userActivation = navigator.userActivation.isActive;
          progress = new EventTarget();
          opts.monitor?.(progress);
          return new Promise((resolve, reject) => {
            settle = {
              resolve: () => {
                avail = 'available';
                resolve({ translate: async (s) => s });
              },
              reject,
            };
          });
        },
      };
      Object.defineProperty(window, 'Translator', { value: api, configurable: true, writable: true });
      window.__progress = (loaded) => progress?.dispatchEvent(Object.assign(new Event('downloadprogress'), { loaded }));
      window.__finish = () => settle?.resolve();
      window.__fail = () => settle?.reject(new DOMException('The download failed', 'NetworkError'));
    })();`;
    const p = await openOptions(b, fake);
    await p.getByLabel('Service', { exact: true }).selectOption({ label: 'On-device (Chrome)' });
    await p.getByLabel('Translate into').selectOption({ label: '简体中文' });
    await p.getByText('is not on this device yet').waitFor();
    const button = p.getByRole('button', { name: 'Download language pack' });

    // A failure: said in words, and the button comes back.
    await button.click();
    await p.locator('progress').waitFor();
    await p.evaluate(() => (window as unknown as { __fail(): void }).__fail());
    await p.getByRole('alert').filter({ hasText: 'Could not download the language pack' }).waitFor();
    assert.match((await p.getByRole('alert').filter({ hasText: 'language pack' }).textContent())!, /download failed/);
    await section(p).screenshot({ path: artifact('options-translation-download-failed-light.png') });

    // Success: progress shown as it arrives, then ready.
    await button.click();
    assert.equal(await p.evaluate(() => (window as unknown as { __userActivation: boolean }).__userActivation), true, 'create() ran in the click');
    await p.evaluate(() => (window as unknown as { __progress(n: number): void }).__progress(0.42));
    await until(async () => (await p.locator('progress').getAttribute('value')) === '0.42', 'the progress bar');
    await p.getByText('42%').waitFor();
    await section(p).screenshot({ path: artifact('options-translation-downloading-light.png') });
    await p.evaluate(() => (window as unknown as { __finish(): void }).__finish());
    await p.getByText('Language pack installed.').waitFor();
    await p.getByText('Ready: English → 简体中文 translates on this device.').waitFor();
    assert.equal(await button.count(), 0);
    await p.close();
  });
});

describe('options: translation section in dark mode', () => {
  const net = new FakeInternet();
  let b: Browser;

  before(async () => {
    routes(net);
    await net.start();
    b = await launch(net, { colorScheme: 'dark' });
  });
  after(async () => {
    await b?.close();
    await net.stop();
  });

  it('renders every state readably (screenshots)', async () => {
    const page = await openOptions(b);
    await page.getByLabel('Service', { exact: true }).selectOption({ label: 'Microsoft (free)' });
    assert.match(await runTest(page), /译:/);
    await section(page).screenshot({ path: artifact('options-translation-microsoft-dark.png') });
    await page.getByLabel('Service', { exact: true }).selectOption({ label: 'DeepL (API key)' });
    await page.getByLabel('DeepL API key').fill(DEEPL_KEY);
    await runTest(page);
    await section(page).screenshot({ path: artifact('options-translation-deepl-dark.png') });
    await page.getByLabel('Service', { exact: true }).selectOption({ label: 'OpenAI-compatible (API key)' });
    await page.getByLabel('API key', { exact: true }).fill(OPENAI_KEY);
    await page.getByLabel('Glossary').fill('rollout\n=> x');
    await section(page).screenshot({ path: artifact('options-translation-openai-dark.png') });
    await page.getByLabel('Service', { exact: true }).selectOption({ label: 'Automatic (on-device, then Microsoft, then Google)' });
    await until(async () => !((await page.locator('#on-device-status').textContent()) ?? '').includes('Checking'), 'the on-device check');
    await page.screenshot({ path: artifact('options-translation-page-dark.png'), fullPage: true });
    assert.deepEqual(b.errors, []);
  });
});
