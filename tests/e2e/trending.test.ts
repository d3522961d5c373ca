/**
 * The Trending tab, end to end: the real Hugging Face answer of 12 Jun 2026 (served by the test) appears
 * in upvote order with Hugging Face's data and translated titles from a fake Microsoft service; a paper
 * that is also in the arXiv listing (derived feed: one id changed to a trending paper's) is one paper.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FakeInternet, artifact, fixture, launch, until, type Browser } from './harness';

const HF = fixture('hf/daily_papers-2026-06-12.json');
const SHARED_ID = '2606.13392';
const STAT = fixture('rss/stat-2024-03-26.rss.xml').replaceAll('2403.15999', SHARED_ID);
/** Read independently of the product: ids by upvotes, ties in the answer's order. */
const entries = (JSON.parse(HF) as Array<{ paper: { id: string; upvotes: number; githubRepo?: string } }>).map((e, i) => ({ ...e.paper, rank: i }));
const BY_UPVOTES = [...entries].sort((a, b) => b.upvotes - a.upvotes || a.rank - b.rank);

describe('Trending tab', () => {
  const net = new FakeInternet();
  let b: Browser;
  let hfDown = false;
  before(async () => {
    net.route('rss.arxiv.org', /^\/rss\//, (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
      res.end(STAT);
    });
    net.route('huggingface.co', '/api/daily_papers', (_req, res) => {
      if (hfDown) {
        res.writeHead(429, { 'Retry-After': '600', 'Content-Type': 'text/plain' });
        return void res.end('Too Many Requests');
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(HF);
    });
    net.route('edge.microsoft.com', '/translate/translatetext', (req, res) => {
      const texts = JSON.parse(req.body) as string[];
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(texts.map((t) => ({ translations: [{ text: `译：${t}`, to: 'zh-Hans' }] }))));
    });
    await net.start();
    b = await launch(net);
  });
  after(async () => {
    await b?.close();
    await net.stop();
  });

  it('shows the fixture\'s papers in upvote order, with upvotes, GitHub and translations; a shared paper once', async () => {
    await until(() => net.requestsTo('huggingface.co').length > 0, 'the Hugging Face fetch', 30_000);
    const popup = await b.open('popup.html');
    await popup.getByRole('tab', { name: 'Trending' }).click();
    const cards = popup.locator('section[aria-label="Trending"] article.paper');
    await until(async () => (await cards.count()) === entries.length, `${entries.length} trending papers`, 30_000);
    const ids = await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    assert.deepEqual(ids, BY_UPVOTES.map((e) => e.id));
    // Each paper once, the one also in arXiv's listing included.
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(ids.filter((id) => id === SHARED_ID).length, 1);
    const first = cards.first();
    assert.equal((await first.locator('.upvotes').textContent())?.replace(/\D/g, ''), String(BY_UPVOTES[0]!.upvotes));
    const withRepo = popup.locator('section[aria-label="Trending"] .hf a', { hasText: 'GitHub' });
    assert.equal(await withRepo.count(), entries.filter((e) => e.githubRepo).length);
    await until(async () => (await popup.locator('section[aria-label="Trending"] .tr-title').count()) === entries.length, 'translated trending titles', 60_000);
    const title = (await first.locator('.paper-title a').textContent())!;
    assert.equal(await first.locator('.tr-title').textContent(), `译：${title}`);
    // The shared paper is the same record in the arXiv listing: starring it there shows here.
    await popup.getByRole('tab', { name: 'All papers' }).click();
    await popup.locator(`article[data-id="${SHARED_ID}"]`).getByRole('button', { name: 'Star' }).click();
    await popup.getByRole('tab', { name: 'Trending' }).click();
    await popup.locator(`section[aria-label="Trending"] article[data-id="${SHARED_ID}"]`).getByRole('button', { name: 'Unstar' }).waitFor();
    await popup.screenshot({ path: artifact('trending.png') });
    assert.deepEqual(b.errors, []);
  });

  it('a failing Hugging Face (429) is said in words and the list is kept', async () => {
    hfDown = true;
    const popup = await b.open('popup.html');
    const reply = await popup.evaluate(() => (globalThis as any).chrome.runtime.sendMessage({ type: 'trending-refresh' }));
    assert.equal(reply.ok, true);
    await popup.getByRole('tab', { name: 'Trending' }).click();
    await until(async () => ((await popup.locator('.hf-problem').textContent().catch(() => '')) ?? '').includes('429'), 'the error in words');
    assert.match((await popup.locator('.hf-problem').textContent())!, /^Hugging Face: .*429.*The last list is kept\.$/);
    assert.equal(await popup.locator('section[aria-label="Trending"] article.paper').count(), entries.length);
    hfDown = false;
  });

  it('counting trending matches on the badge is an opt-in in the options', async () => {
    const options = await b.open('options.html');
    const box = options.getByLabel('Also count Hugging Face papers matching my keywords on the badge');
    assert.equal(await box.isChecked(), false);
    await box.check();
    await options.getByRole('button', { name: 'Save' }).click();
    await options.getByText('Saved.').waitFor();
    const stored = await options.evaluate(async () => (await (globalThis as any).chrome.storage.local.get('settings')).settings.trending);
    assert.deepEqual(stored, { enabled: true, countOnBadge: true });
  });
});
