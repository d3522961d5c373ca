/**
 * Foundation, end to end in real Chromium with the built extension: install → welcome page → the
 * background fetches the real arXiv feed (served by this test) → badge → popup → a second fetch adds
 * nothing → a broken feed keeps the papers and says what went wrong → options change what counts.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FakeInternet, artifact, fixture, launch, until, type Browser } from './harness';

const STAT = fixture('rss/stat-2024-03-26.rss.xml');
const DEFAULT_URL = '/rss/cs.AI+cs.CL+cs.CV+cs.LG+cs.RO';

/** Items of the real feed, read with plain regexes (independently of the product's parser). */
const items = [...STAT.matchAll(/<item>([\s\S]*?)<\/item>/g)].map(([, x]) => ({
  type: /<arxiv:announce_type>([^<]+)</.exec(x!)![1]!,
  categories: [...x!.matchAll(/<category>([^<]+)<\/category>/g)].map((m) => m[1]!),
  text: (/<title>([\s\S]*?)<\/title>/.exec(x!)![1]! + ' ' + /<description>([\s\S]*?)<\/description>/.exec(x!)![1]!),
}));
const countNewAndCross = (follows: (c: string) => boolean) =>
  items.filter((i) => (i.type === 'new' || i.type === 'cross') && i.categories.some(follows)).length;
const DEFAULTS = ['cs.AI', 'cs.LG', 'cs.CL', 'cs.CV', 'cs.RO'];
const EXPECTED_DEFAULT = countNewAndCross((c) => DEFAULTS.includes(c));
const EXPECTED_STAT = countNewAndCross((c) => c.startsWith('stat.'));
const EXPECTED_BAYESIAN = items.filter(
  (i) => (i.type === 'new' || i.type === 'cross') && i.categories.some((c) => c.startsWith('stat.')) && /\bbayesians?\b/i.test(i.text),
).length;

describe('foundation: fetch, store, badge, popup', () => {
  const net = new FakeInternet();
  let b: Browser;
  let served: 'good' | 'truncated' | '503' = 'good';

  before(async () => {
    net.route('rss.arxiv.org', /^\/rss\//, (req, res) => {
      if (served === '503') {
        res.writeHead(503, { 'Retry-After': '1800', 'Content-Type': 'text/plain' });
        return void res.end('Service Unavailable');
      }
      if (served === 'truncated') {
        res.writeHead(200, { 'Content-Type': 'application/atom+xml' });
        return void res.end(fixture('rss/cs.AI-2025-08-20.truncated.atom.xml'));
      }
      const etag = '"stat-2024-03-26"';
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { ETag: etag });
        return void res.end();
      }
      res.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8', ETag: etag });
      res.end(STAT);
    });
    await net.start();
    b = await launch(net);
  });
  after(async () => {
    await b?.close();
    await net.stop();
  });

  it('opens the welcome page with the default categories', async () => {
    const options = await until(
      () => b.context.pages().find((p) => p.url().includes('/options.html')),
      'the options page to open on install',
    );
    await options.waitForSelector('.welcome');
    const chips = await options.locator('ul[aria-label="Followed categories"] li .cp-chip-id').allTextContents();
    assert.deepEqual(chips.map((c) => c.trim()), DEFAULTS);
    assert.equal(await options.getByLabel('Include cross-lists from other categories').isChecked(), true);
    assert.equal(await options.getByLabel('Include replacements (new versions of older papers)').isChecked(), false);
    assert.equal(await options.locator('#keywords').inputValue(), '');
  });

  it('fetches the listing without being asked and counts new papers on the badge', async () => {
    assert.ok(EXPECTED_DEFAULT > 10, 'the fixture has papers in the default categories');
    const badge = await until(async () => {
      const x = await b.badge();
      return x.text ? x : undefined;
    }, 'the badge');
    assert.equal(badge.text, String(EXPECTED_DEFAULT));
    assert.deepEqual(badge.color, [179, 27, 27, 255]);
    const feedRequests = net.requestsTo('rss.arxiv.org', '/rss/');
    assert.equal(feedRequests.length, 1, 'one combined request for the five categories');
    assert.equal(feedRequests[0]!.path, DEFAULT_URL);
  });

  it('lists the papers in the popup, labelled with the real announcement, and clears the badge', async () => {
    const popup = await b.open('popup.html');
    await popup.waitForSelector('article.paper');
    assert.equal(await popup.locator('article.paper').count(), EXPECTED_DEFAULT);
    const heading = await popup.locator('.listing').textContent();
    assert.match(heading!, /New listings for Tue, 26 Mar 2024 · announced Mon 25 Mar 20:00 EDT/);
    assert.match((await popup.locator('.count').textContent())!, new RegExp(`^${EXPECTED_DEFAULT} new papers today`));
    assert.match((await popup.locator('.sync').first().textContent())!, /Fetched at \d\d:\d\d · new listing stored: 123 papers · next check/);
    // Each paper: title, authors, categories with the primary first, links.
    const first = popup.locator('article.paper').first();
    const id = await first.getAttribute('data-id');
    assert.ok(id && STAT.includes(`arXiv:${id}v`));
    assert.equal(await first.locator('a', { hasText: 'pdf' }).getAttribute('href'), `https://arxiv.org/pdf/${id}`);
    assert.ok((await first.locator('.authors').textContent())!.length > 3);
    assert.ok((await first.locator('.cat.primary').count()) === 1);
    await popup.screenshot({ path: artifact('foundation-popup.png') });
    await until(async () => (await b.badge()).text === '', 'the badge to clear after the popup showed the papers');
    await popup.close();
  });

  it('a second fetch of the same feed adds nothing and the badge does not grow', async () => {
    const popup = await b.open('popup.html');
    await popup.waitForSelector('article.paper');
    await popup.getByRole('button', { name: 'Refresh' }).click();
    await until(async () => (await popup.locator('.sync').first().textContent())?.includes('no new listing yet'), 'the refresh to finish');
    const reqs = net.requestsTo('rss.arxiv.org', '/rss/');
    assert.equal(reqs.length, 2);
    assert.equal(reqs[1]!.headers['if-none-match'], '"stat-2024-03-26"', 'conditional request');
    assert.equal(await popup.locator('article.paper').count(), EXPECTED_DEFAULT);
    assert.equal((await b.badge()).text, '');
    await popup.close();
  });

  it('a broken feed leaves earlier papers in place and shows the error in the popup', async () => {
    for (const [kind, expected] of [
      ['truncated', /incomplete|truncated|cut/i],
      ['503', /arXiv answered 503.*retrying at/],
    ] as const) {
      served = kind;
      const popup = await b.open('popup.html');
      await popup.waitForSelector('article.paper');
      await popup.getByRole('button', { name: 'Refresh' }).click();
      // Wait for this failure's own message (the previous one may still be on screen when the click lands).
      await until(async () => expected.test((await popup.locator('.sync-error').first().textContent({ timeout: 200 }).catch(() => '')) ?? ''), `the ${kind} error to show`);
      assert.equal(await popup.locator('article.paper').count(), EXPECTED_DEFAULT, 'papers are kept');
      await popup.screenshot({ path: artifact(`foundation-error-${kind}.png`) });
      await popup.close();
    }
    served = 'good';
  });

  it('options: following another category fetches it; keywords decide what the badge counts', async () => {
    const options = await b.open('options.html');
    await options.waitForSelector('ul[aria-label="Followed categories"]');
    for (const c of DEFAULTS) await options.getByRole('button', { name: `Remove ${c}` }).click();
    await options.getByLabel('Add a category').fill('stat');
    await options.getByRole('button', { name: 'Add', exact: true }).click();
    await options.getByRole('button', { name: 'Save' }).click();
    await options.getByText('Saved.').waitFor();
    await until(() => net.requestsTo('rss.arxiv.org', '/rss/stat').length === 1, 'the stat feed to be fetched');
    // The same real feed: the papers already seen stay seen; the stat-only ones are new to the badge.
    const seenBefore = countNewAndCross((c) => DEFAULTS.includes(c) );
    const statAlsoDefault = items.filter(
      (i) => (i.type === 'new' || i.type === 'cross') && i.categories.some((c) => c.startsWith('stat.')) && i.categories.some((c) => DEFAULTS.includes(c)),
    ).length;
    assert.ok(seenBefore >= statAlsoDefault);
    await until(async () => (await b.badge()).text === String(EXPECTED_STAT - statAlsoDefault), `badge ${EXPECTED_STAT - statAlsoDefault}`);

    // A keyword: only unseen matches count. Expected by an independent whole-word test over title + abstract.
    const unseenBayesian = items.filter(
      (i) => (i.type === 'new' || i.type === 'cross') && i.categories.some((c) => c.startsWith('stat.')) && !i.categories.some((c) => DEFAULTS.includes(c)) && /\bbayesians?\b/i.test(i.text),
    ).length;
    assert.ok(unseenBayesian > 0);
    await options.locator('#keywords').fill('Bayesian');
    await options.getByText(`Bayesian: ${EXPECTED_BAYESIAN} papers in the latest listing`).waitFor();
    await options.getByRole('button', { name: 'Save' }).click();
    await until(async () => (await b.badge()).text === String(unseenBayesian), `badge ${unseenBayesian} for the keyword`);
    await options.screenshot({ path: artifact('foundation-options.png'), fullPage: true });

    const popup = await b.open('popup.html');
    await popup.waitForSelector('section.group');
    assert.equal(await popup.locator('section.group h2').first().textContent(), `Bayesian ${await popup.locator('section.group article').count()}`);
    assert.ok((await popup.locator('mark').count()) > 0, 'keyword hits are highlighted');
    await popup.screenshot({ path: artifact('foundation-popup-keywords.png') });
    assert.deepEqual(b.errors, []);
  });
});
