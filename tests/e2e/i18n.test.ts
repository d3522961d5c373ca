/**
 * The interface in Simplified Chinese and English, end to end in real Chromium with the built extension:
 * a Chinese browser gets the Chinese popup and options page (and the manifest's Chinese name) from the
 * real feed; switching "Interface language" to English in the options page (Save) turns the options
 * page, an open popup and the next popup English. And the reverse on an English browser. Screenshots
 * at 800×600 for a look at the Chinese layout.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { FakeInternet, artifact, fixture, launch, until, type Browser } from './harness';

const STAT = fixture('rss/stat-2024-03-26.rss.xml');
const DEFAULTS = ['cs.AI', 'cs.LG', 'cs.CL', 'cs.CV', 'cs.RO'];
const items = [...STAT.matchAll(/<item>([\s\S]*?)<\/item>/g)].map(([, x]) => ({
  type: /<arxiv:announce_type>([^<]+)</.exec(x!)![1]!,
  categories: [...x!.matchAll(/<category>([^<]+)<\/category>/g)].map((m) => m[1]!),
}));
const EXPECTED = items.filter((i) => (i.type === 'new' || i.type === 'cross') && i.categories.some((c) => DEFAULTS.includes(c))).length;

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
  net.route('edge.microsoft.com', '/translate/translatetext', (req, res) => {
    const texts = JSON.parse(req.body) as string[];
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(texts.map((t) => ({ translations: [{ text: `译文：${t}`, to: 'zh-Hans' }] }))));
  });
}

/** English words in a text, apart from names that stay English in Chinese (arXiv, zones, formats, services). */
const ALLOWED = new Set(['arXiv', 'EDT', 'EST', 'UTC', 'BibTeX', 'Markdown', 'txt', 'md']);
function englishWords(text: string): string[] {
  return (text.match(/[A-Za-z]{3,}/g) ?? []).filter((w) => !ALLOWED.has(w));
}

const header = (popup: Page) => popup.locator('header.top');

async function openPopup(b: Browser): Promise<Page> {
  const popup = await b.open('popup.html', { width: 800, height: 600 });
  await popup.waitForSelector('article.paper');
  return popup;
}

async function setInterfaceLanguage(options: Page, value: 'auto' | 'en' | 'zh-CN', saved: string) {
  await options.locator('#ui-language').selectOption(value);
  await options.locator('button[type="submit"]').click();
  await options.getByRole('status').filter({ hasText: saved }).waitFor();
}

describe('i18n: a Chinese browser', () => {
  const net = new FakeInternet();
  let b: Browser;

  before(async () => {
    routes(net);
    await net.start();
    b = await launch(net, { locale: 'zh-CN', args: ['--lang=zh-CN'] });
    await until(async () => (await b.badge()).text !== '', 'the first listing');
  });
  after(async () => {
    await b?.close();
    await net.stop();
  });

  it('the browser speaks Chinese, and so does the manifest', async () => {
    const popup = await b.open('popup.html');
    const env = await popup.evaluate(() => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const chrome = (globalThis as any).chrome;
      return {
        language: navigator.language,
        ui: chrome.i18n.getUILanguage(),
        name: chrome.i18n.getMessage('extName'),
        description: chrome.i18n.getMessage('extDescription'),
        action: chrome.i18n.getMessage('actionTitle'),
        manifestName: chrome.runtime.getManifest().name,
      };
    });
    assert.equal(env.language, 'zh-CN');
    assert.equal(env.name, 'arXiv 每日速递');
    assert.equal(env.action, 'arXiv 每日速递');
    assert.match(env.description, /双语/);
    assert.equal(env.manifestName, 'arXiv 每日速递');
    // The toolbar button's tooltip comes from the manifest's localized title.
    const title = await (await b.worker()).evaluate(() => (globalThis as any).chrome.action.getTitle({}));
    assert.equal(title, 'arXiv 每日速递');
    await popup.close();
  });

  it('the welcome options page is in Chinese', async () => {
    const options = await until(() => b.context.pages().find((p) => p.url().includes('/options.html')), 'the welcome page');
    await options.setViewportSize({ width: 800, height: 600 });
    await options.waitForSelector('.welcome');
    assert.equal(await options.title(), 'arXiv 每日速递 · 选项');
    assert.equal(await options.evaluate(() => document.documentElement.lang), 'zh-CN');
    assert.match((await options.locator('.welcome').textContent())!, /^欢迎！/);
    const legends = (await options.locator('legend').allTextContents()).map((s) => s.trim());
    assert.deepEqual(legends, ['分类', '收录范围', '关键词', '翻译', '翻译范围', 'arXiv 网页内翻译', '图标数字、通知与外观', '备份']);
    assert.equal(await options.getByLabel('包括从其他分类交叉列出的论文').isChecked(), true);
    assert.equal(await options.getByLabel('翻译服务').inputValue(), 'auto');
    assert.deepEqual((await options.getByLabel('翻译服务').locator('option').allTextContents()).map((s) => s.trim()), [
      '自动（先本地，再微软，再谷歌）',
      '本地翻译（Chrome 内置）',
      '微软翻译（免费）',
      '谷歌翻译（免费）',
      'DeepL（需 API 密钥）',
      'OpenAI 兼容接口（需 API 密钥）',
    ]);
    // Category names stay arXiv's own (English); the words around them are Chinese.
    await options.getByRole('button', { name: '移除 cs.AI' }).waitFor();
    assert.equal(await options.getByLabel('添加分类').getAttribute('placeholder'), '例如 stat.ML、robotics 或 cs');
    await options.getByLabel('界面语言（Interface language）').waitFor();
    await options.getByRole('button', { name: '保存' }).waitFor();
    await options.screenshot({ path: artifact('i18n-options-zh.png'), fullPage: true });

    // The keyword preview (with the listing stored since) and the translation section's states, in Chinese (not saved).
    await options.reload();
    await options.locator('#keywords').waitFor();
    await options.locator('#keywords').fill('Bayesian\nregression -survey');
    await options.getByText(/Bayesian：?\s*最新一期中有 \d+ 篇/).waitFor();
    await options.locator('details.syntax > summary').click();
    await options.locator('fieldset').nth(2).screenshot({ path: artifact('i18n-options-zh-keywords.png') });
    await options.getByLabel('翻译服务').selectOption('deepl');
    await options.getByLabel('DeepL API 密钥').fill('abc:fx');
    await options.getByText('当前密钥：Free API。').waitFor();
    await options.locator('fieldset.translation').screenshot({ path: artifact('i18n-options-zh-deepl.png') });
    await options.getByLabel('翻译服务').selectOption('openai');
    await options.getByLabel('服务商').selectOption('ollama');
    await options.getByText('OLLAMA_ORIGINS=chrome-extension://*').waitFor();
    await options.getByLabel('术语表').fill('diffusion policy => 扩散策略\n=> x');
    await options.getByText(/^第 2 行：/).waitFor();
    await options.locator('fieldset.translation').screenshot({ path: artifact('i18n-options-zh-openai.png') });
    await options.reload();
    await options.getByLabel('翻译服务').waitFor();
  });

  it('the popup is in Chinese: count, tabs, buttons, search, listing heading, status', async () => {
    const popup = await openPopup(b);
    assert.equal(await popup.title(), 'arXiv 每日速递');
    assert.equal(await popup.locator('h1').textContent(), 'arXiv 每日速递');
    assert.equal((await popup.locator('.count').textContent())!.trim(), `今天共有 ${EXPECTED} 篇新论文`);
    assert.deepEqual(await popup.getByRole('tab').allTextContents(), ['全部论文', '收藏', '热门']);
    for (const name of ['刷新', '在标签页中打开', '选项', '上一期', '下一期']) await popup.getByRole('button', { name, exact: true }).waitFor();
    await popup.getByRole('button', { name: '主题：跟随系统' }).waitFor();
    assert.equal(await popup.getByLabel('搜索所有已保存的论文').getAttribute('placeholder'), '搜索全部论文 (/)');
    assert.match((await popup.locator('.listing').textContent())!, /^2024年3月26日周二的新论文 · 发布于美东时间 3月25日周一 20:00 EDT/);
    assert.match((await popup.locator('.sync').first().textContent())!, /^\d\d:\d\d 已获取 · 已保存新一期：123 篇论文 · 下次检查/);
    await popup.locator('label.tr-toggle', { hasText: '译文' }).waitFor();
    await until(async () => (await popup.locator('.tr-title').count()) === EXPECTED, 'translated titles', 30_000);
    const first = popup.locator('article.paper').first();
    await first.getByRole('button', { name: '收藏', exact: true }).waitFor();
    await first.getByRole('button', { name: '完整摘要' }).click();
    await first.getByRole('button', { name: '收起' }).waitFor();
    assert.ok((await popup.locator('.tag', { hasText: '交叉列表' }).count()) > 0, 'cross-lists are labelled in Chinese');
    assert.deepEqual(englishWords((await header(popup).innerText()) ?? ''), [], 'no English left in the header');
    await popup.screenshot({ path: artifact('i18n-popup-zh.png') });

    // The export menu opens inside the 800 px popup.
    await popup.locator('details.export > summary', { hasText: '导出' }).click();
    const menu = popup.locator('.export-menu');
    assert.deepEqual((await menu.getByRole('button').allTextContents()).map((s) => s.trim()), [
      '复制日报',
      '下载日报 (.txt)',
      '复制为 Markdown',
      '下载 Markdown (.md)',
      '收藏论文的 BibTeX',
    ]);
    const box = (await menu.boundingBox())!;
    assert.ok(box.x >= 0 && box.x + box.width <= 800, `menu inside the popup (${JSON.stringify(box)})`);
    await popup.screenshot({ path: artifact('i18n-popup-zh-export.png') });
    await popup.locator('details.export > summary').click();

    // Search and the starred view.
    await popup.getByLabel('搜索所有已保存的论文').fill('zzzqqq');
    await until(async () => (await popup.locator('section[aria-label="搜索结果"] h2').textContent()) === '“zzzqqq”的搜索结果：0 篇', 'no results');
    await popup.getByLabel('搜索所有已保存的论文').fill('');
    await popup.getByRole('tab', { name: '收藏' }).click();
    await popup.getByText('还没有收藏的论文。').waitFor();
    await popup.close();
  });

  it('switching the interface language to English in the options page turns everything English', async () => {
    const options = await b.open('options.html');
    await options.getByLabel('翻译服务').waitFor();
    // A popup stays open meanwhile: it follows the change.
    const open = await openPopup(b);
    await setInterfaceLanguage(options, 'en', 'Saved.');
    assert.equal(await options.title(), 'arXiv Daily · Options');
    assert.equal(await options.evaluate(() => document.documentElement.lang), 'en');
    await options.getByRole('group', { name: 'Categories' }).waitFor();
    assert.equal(await options.getByLabel('Interface language').inputValue(), 'en');
    await options.getByRole('button', { name: 'Remove cs.AI' }).waitFor();
    await options.screenshot({ path: artifact('i18n-options-en-after-switch.png'), fullPage: true });

    await until(async () => (await open.locator('.count').textContent())?.trim() === `${EXPECTED} new papers today`, 'the open popup in English');
    await open.getByRole('button', { name: 'Refresh' }).waitFor();
    assert.equal(await open.title(), 'arXiv Daily');
    await open.close();

    const popup = await openPopup(b);
    assert.equal((await popup.locator('.count').textContent())!.trim(), `${EXPECTED} new papers today`);
    assert.deepEqual(await popup.getByRole('tab').allTextContents(), ['All papers', 'Starred', 'Trending']);
    assert.match((await popup.locator('.listing').textContent())!, /^New listings for Tue, 26 Mar 2024 · announced Mon 25 Mar 20:00 EDT/);
    assert.match((await popup.locator('.sync').first().textContent())!, /^Fetched at \d\d:\d\d · /);
    await popup.screenshot({ path: artifact('i18n-popup-en-on-zh-browser.png') });
    await popup.close();

    // Back to the browser's language: Chinese again.
    await setInterfaceLanguage(options, 'auto', '已保存。');
    await options.getByRole('group', { name: '分类' }).waitFor();
    const again = await openPopup(b);
    assert.equal((await again.locator('.count').textContent())!.trim(), `今天共有 ${EXPECTED} 篇新论文`);
    await again.close();
    await options.close();
    assert.deepEqual(b.errors, []);
  });
});

describe('i18n: an English browser', () => {
  const net = new FakeInternet();
  let b: Browser;

  before(async () => {
    routes(net);
    await net.start();
    b = await launch(net);
    await until(async () => (await b.badge()).text !== '', 'the first listing');
  });
  after(async () => {
    await b?.close();
    await net.stop();
  });

  it('is English by default; Simplified Chinese when chosen, until set back to the browser language', async () => {
    let popup = await openPopup(b);
    assert.equal(await popup.evaluate(() => (globalThis as any).chrome.i18n.getMessage('extName')), 'arXiv Daily');
    assert.equal((await popup.locator('.count').textContent())!.trim(), `${EXPECTED} new papers today`);
    await popup.getByRole('button', { name: 'Refresh' }).waitFor();
    await popup.close();

    const options = await b.open('options.html');
    await options.getByLabel('Service', { exact: true }).waitFor();
    assert.deepEqual(await options.getByLabel('Interface language').locator('option').allTextContents(), ['Browser language', 'English', '简体中文']);
    await setInterfaceLanguage(options, 'zh-CN', '已保存。');
    assert.equal(await options.title(), 'arXiv 每日速递 · 选项');
    await options.getByRole('group', { name: '分类' }).waitFor();
    assert.deepEqual(await options.getByLabel('界面语言（Interface language）').locator('option').allTextContents(), ['跟随浏览器', 'English', '简体中文']);

    popup = await openPopup(b);
    assert.equal((await popup.locator('.count').textContent())!.trim(), `今天共有 ${EXPECTED} 篇新论文`);
    assert.deepEqual(await popup.getByRole('tab').allTextContents(), ['全部论文', '收藏', '热门']);
    await popup.getByRole('button', { name: '刷新' }).click();
    await until(async () => (await popup.locator('.sync').first().textContent())?.includes('暂无新一期'), 'the refresh, said in Chinese');
    await popup.screenshot({ path: artifact('i18n-popup-zh-on-en-browser.png') });
    await popup.close();

    await setInterfaceLanguage(options, 'auto', 'Saved.');
    await options.getByRole('group', { name: 'Categories' }).waitFor();
    popup = await openPopup(b);
    assert.equal((await popup.locator('.count').textContent())!.trim(), `${EXPECTED} new papers today`);
    await popup.close();
    await options.close();
    assert.deepEqual(b.errors, []);
  });
});
