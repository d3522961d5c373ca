/**
 * Translation, end to end: after a sync from the real feed, the Automatic service (on-device is only
 * "downloadable" here, so it falls through) reaches a fake of Microsoft's web endpoint that speaks its
 * real protocol; the popup shows translated titles and abstracts with every formula intact, and a
 * second opening makes no translation request.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FakeInternet, artifact, fixture, launch, until, type Browser } from './harness';

const STAT = fixture('rss/stat-2024-03-26.rss.xml');
const DEFAULTS = ['cs.AI', 'cs.LG', 'cs.CL', 'cs.CV', 'cs.RO'];
const items = [...STAT.matchAll(/<item>([\s\S]*?)<\/item>/g)].map(([, x]) => ({
  id: /arXiv:(\d{4}\.\d{5})v/.exec(x!)![1]!,
  type: /<arxiv:announce_type>([^<]+)</.exec(x!)![1]!,
  categories: [...x!.matchAll(/<category>([^<]+)<\/category>/g)].map((m) => m[1]!),
}));
const EXPECTED = items.filter((i) => (i.type === 'new' || i.type === 'cross') && i.categories.some((c) => DEFAULTS.includes(c))).length;

/** Microsoft's answer: each string "translated" as 译文：… with markup (the placeholders) left exactly as sent. */
function microsoft(texts: string[]) {
  return texts.map((t) => ({ detectedLanguage: { language: 'en', score: 1 }, translations: [{ text: `译文：${t}`, to: 'zh-Hans' }] }));
}

describe('translation: popup shows translated titles and abstracts', () => {
  const net = new FakeInternet();
  let b: Browser;
  const bodies: string[][] = [];

  before(async () => {
    net.route('rss.arxiv.org', /^\/rss\//, (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8' });
      res.end(STAT);
    });
    net.route('edge.microsoft.com', '/translate/translatetext', (req, res) => {
      const texts = JSON.parse(req.body) as string[];
      bodies.push(texts);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(microsoft(texts)));
    });
    await net.start();
    b = await launch(net);
  });
  after(async () => {
    await b?.close();
    await net.stop();
  });

  it('translates the day after the sync through Microsoft\'s protocol', async () => {
    await until(() => net.requestsTo('edge.microsoft.com').length > 0, 'a translation request', 30_000);
    const first = net.requestsTo('edge.microsoft.com')[0]!;
    assert.equal(first.method, 'POST');
    const q = new URL(first.path, 'https://x').searchParams;
    assert.equal(q.get('from'), 'en');
    assert.equal(q.get('to'), 'zh-Hans');
    assert.match(String(first.headers['content-type']), /application\/json/);
    assert.ok(Array.isArray(JSON.parse(first.body)));
    // No Google request: Microsoft answered.
    assert.equal(net.requestsTo('translate-pa.googleapis.com').length, 0);
  });

  it('the popup shows translated titles and abstracts, math intact', async () => {
    const popup = await b.open('popup.html');
    await until(async () => (await popup.locator('.tr-title').count()) === EXPECTED, `${EXPECTED} translated titles`, 30_000);
    const card = popup.locator('article.paper[data-id="2403.15999"]');
    const title = (await card.locator('.paper-title a').textContent())!;
    assert.equal(await card.locator('.tr-title').textContent(), `译文：${title}`);
    await card.getByRole('button', { name: 'Full abstract' }).click();
    const abstract = (await card.locator('.abstract p.en').textContent())!;
    await until(async () => (await card.locator('.tr-abstract').count()) === 1, 'the translated abstract');
    const translated = (await card.locator('.tr-abstract').textContent())!;
    assert.ok(translated.startsWith('译文：'));
    // Every formula survives translation and is typeset: KaTeX keeps each formula's TeX as an annotation.
    const tex = (sel: string) => card.locator(`${sel} annotation[encoding="application/x-tex"]`).allTextContents();
    const english = await tex('.abstract p.en');
    const source = /arXiv:2403\.15999v1[\s\S]*?Abstract: ([\s\S]*?)<\/description>/.exec(STAT)![1]!;
    assert.equal(english.length, source.match(/\$[^$]+\$/g)!.length, 'every formula of the English abstract is typeset');
    assert.deepEqual(await tex('.tr-abstract'), english);
    assert.deepEqual(english.slice(0, 3), ['r', 'M \\in \\RR^{d_1\\times d_2}', 'M']);
    assert.equal(await card.locator('.tr-abstract .math-error').count(), 0);
    assert.ok(!translated.includes('$'), 'no raw $ in the reader');
    // What the service saw had the formulas replaced by placeholders, not the TeX.
    const sent = bodies.flat().find((t) => t.includes('nuclear norm') || t.includes('low-rank trace regression'));
    assert.ok(sent, 'the abstract was sent');
    assert.ok(!sent!.includes('\\RR'), 'math was protected before sending');
    assert.equal(translated.replace('译文：', '').length > abstract.length / 2, true);
    assert.equal(await card.locator('.tr-title').getAttribute('lang'), 'zh-Hans');
    await popup.screenshot({ path: artifact('translation-popup.png') });
    await popup.close();
  });

  it('the day\'s digest downloads in the familiar layout, translated, each paper once', async () => {
    const popup = await b.open('popup.html');
    await until(async () => (await popup.locator('.tr-title').count()) === EXPECTED, 'translated titles');
    await popup.locator('details.export > summary').click();
    const [download] = await Promise.all([popup.waitForEvent('download'), popup.getByRole('button', { name: 'Download digest (.txt)' }).click()]);
    assert.equal(download.suggestedFilename(), 'arxiv-daily-2024-03-26.txt');
    const { readFileSync } = await import('node:fs');
    const text = readFileSync((await download.path())!, 'utf8');
    const lines = text.split('\n');
    // Generation time, then the real announcement: Monday 25 March 2024, 20:00 EDT (not the listing's date).
    assert.match(lines[0]!, /^生成时间: \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(UTC[^)]*\); Arxiv 发布时间: 2024-03-25 20:00 EDT \(/);
    assert.equal(lines[1], `今天共有 ${EXPECTED} 篇相关文章`);
    assert.equal(lines[2], 'All papers');
    const entries = text.split('\n- Arxiv link: ').length - 1;
    assert.equal(entries, EXPECTED, 'each paper once');
    assert.equal(text.match(/^- Subjects: /gm)!.length, EXPECTED);
    assert.doesNotMatch(text, /Subjects: Subjects:/);
    // An entry: English title, its translation, then the fields in the sample's order.
    const i = lines.indexOf('- Arxiv link: https://arxiv.org/abs/2403.15999');
    assert.ok(i > 0);
    assert.match(lines[i - 4]!, /low-rank trace regression/);
    assert.equal(lines[i - 3], `译文：${lines[i - 4]}`);
    assert.match(lines[i - 2]!, /^- Authors: Mengyue Zha$/);
    assert.match(lines[i - 1]!, /^- Subjects: Machine Learning \(stat\.ML\); Machine Learning \(cs\.LG\)$/);
    assert.equal(lines[i + 1], '- Pdf link: https://arxiv.org/pdf/2403.15999');
    assert.equal(lines[i + 2], '- Abstract');
    assert.equal(lines[i + 4], '- 中文摘要');
    assert.ok(lines[i + 5]!.startsWith('译文：We study differentially private'));
    await popup.close();
  });

  it('a second opening makes no translation request', async () => {
    // Let the background finish its queue, then count.
    await until(async () => {
      const p = await b.open('popup.html');
      const s = await p.evaluate(() => (globalThis as any).chrome.runtime.sendMessage({ type: 'get-status' }));
      await p.close();
      return s.ok && !s.value.translation.running && s.value.translation.pending === 0;
    }, 'the translation queue to empty', 30_000);
    const before = net.requestsTo('edge.microsoft.com').length;
    const popup = await b.open('popup.html');
    await until(async () => (await popup.locator('.tr-title').count()) === EXPECTED, 'translated titles from storage');
    await popup.locator('article.paper').first().getByRole('button', { name: 'Full abstract' }).click();
    await popup.waitForTimeout(500);
    assert.equal(net.requestsTo('edge.microsoft.com').length, before);
    assert.deepEqual(b.errors, []);
    await popup.close();
  });
});
