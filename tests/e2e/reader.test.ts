/**
 * The reader, end to end against the real feed: two listing days (the real one and the next day derived
 * from it), previous/next navigation, search by a word of an abstract, stars and read state that survive
 * closing the popup, the keyboard, light and dark screenshots at 800×600.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FakeInternet, artifact, fixture, launch, until, type Browser } from './harness';

const STAT = fixture('rss/stat-2024-03-26.rss.xml');
/** The next day's feed, derived from the real one: new ids and dates, so it is a second listing. */
const NEXT_DAY = STAT.replace('Tue, 26 Mar 2024 00:00:00 -0400', 'Wed, 27 Mar 2024 00:00:00 -0400').replace(/2403\.1(\d{4})/g, '2403.2$1');

describe('reader: days, search, stars, read state, keyboard', () => {
  const net = new FakeInternet();
  let b: Browser;
  let feed = STAT;

  before(async () => {
    net.route('rss.arxiv.org', /^\/rss\//, (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8' });
      res.end(feed);
    });
    net.route('edge.microsoft.com', '/translate/translatetext', (req, res) => {
      const texts = JSON.parse(req.body) as string[];
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(texts.map((t) => ({ translations: [{ text: `中文：${t}`, to: 'zh-Hans' }] }))));
    });
    await net.start();
    b = await launch(net);
    await until(async () => (await b.badge()).text !== '', 'the first listing');
  });
  after(async () => {
    await b?.close();
    await net.stop();
  });

  it('a second listing day arrives; previous and next move between them', async () => {
    feed = NEXT_DAY;
    const popup = await b.open('popup.html');
    await popup.getByRole('button', { name: 'Refresh' }).click();
    await until(async () => (await popup.locator('.listing').textContent())?.includes('Wed, 27 Mar 2024'), 'the new day');
    assert.equal(await popup.getByRole('button', { name: 'Next listing' }).isDisabled(), true);
    await popup.getByRole('button', { name: 'Previous listing' }).click();
    await until(async () => (await popup.locator('.listing').textContent())?.includes('Tue, 26 Mar 2024'), 'the previous day');
    assert.ok(await popup.locator('article[data-id="2403.15999"]').count());
    assert.equal(await popup.getByRole('button', { name: 'Previous listing' }).isDisabled(), true);
    await popup.getByRole('button', { name: 'Next listing' }).click();
    await until(async () => (await popup.locator('.listing').textContent())?.includes('Wed, 27 Mar 2024'), 'back to the new day');
    assert.ok(await popup.locator('article[data-id="2403.25999"]').count());
    await popup.close();
  });

  it('search finds a paper by a word of its abstract, across days', async () => {
    const popup = await b.open('popup.html');
    await popup.waitForSelector('article.paper');
    // "nuclear-norm"-free and specific: a word from 2403.15999's abstract only.
    await popup.getByLabel('Search all stored papers').fill('Schatten');
    await until(async () => (await popup.locator('section[aria-label="Search results"] h2').textContent())?.includes('for “Schatten”'), 'results');
    const ids = await popup.locator('section[aria-label="Search results"] article').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    assert.deepEqual(ids.sort(), ['2403.15999', '2403.25999']);
    await popup.getByLabel('Search all stored papers').fill('"low-rank trace regression" Zha');
    await until(async () => (await popup.locator('section[aria-label="Search results"] article').count()) === 2, 'phrase + author');
    await popup.getByLabel('Search all stored papers').fill('zzzqqq');
    await until(async () => (await popup.locator('section[aria-label="Search results"] h2').textContent())?.startsWith('0 results'), 'no results');
    await popup.close();
  });

  it('stars and read state survive closing the popup; the starred view lists them', async () => {
    let popup = await b.open('popup.html');
    await popup.getByRole('tab', { name: 'All papers' }).click();
    const first = popup.locator('article.paper').first();
    const id = (await first.getAttribute('data-id'))!;
    await first.getByRole('button', { name: 'Star' }).click();
    assert.equal(await first.getByRole('button', { name: 'Unstar' }).getAttribute('aria-pressed'), 'true');
    // Opening a paper marks it read (the link opens a tab).
    const [tab] = await Promise.all([b.context.waitForEvent('page'), first.locator('.links a', { hasText: 'abs' }).click()]);
    await tab.close();
    await popup.waitForTimeout(300);
    await popup.close();
    popup = await b.open('popup.html');
    await popup.getByRole('tab', { name: 'All papers' }).click();
    const again = popup.locator(`article[data-id="${id}"]`);
    await again.getByRole('button', { name: 'Unstar' }).waitFor();
    assert.match((await again.getAttribute('class'))!, /\bread\b/);
    await popup.getByRole('tab', { name: 'Starred' }).click();
    await until(async () => (await popup.locator('section[aria-label="Starred papers"] article').count()) === 1, 'the starred view');
    assert.equal(await popup.locator('section[aria-label="Starred papers"] article').getAttribute('data-id'), id);
    await popup.close();
  });

  it('the keyboard: j/k move, s stars, t toggles translations, / searches', async () => {
    const popup = await b.open('popup.html');
    await popup.getByRole('tab', { name: 'All papers' }).click();
    await popup.waitForSelector('article.paper');
    await until(async () => (await popup.locator('.tr-title').count()) > 0, 'translations', 30_000);
    await popup.keyboard.press('j');
    await popup.keyboard.press('j');
    const second = await popup.locator('article.paper').nth(1).getAttribute('data-id');
    assert.equal(await popup.locator('article.selected').getAttribute('data-id'), second);
    await popup.keyboard.press('k');
    const firstId = await popup.locator('article.paper').first().getAttribute('data-id');
    assert.equal(await popup.locator('article.selected').getAttribute('data-id'), firstId);
    await popup.keyboard.press('s');
    assert.equal(await popup.locator('article.selected').getByRole('button', { name: /Star|Unstar/ }).getAttribute('aria-pressed'), 'false', 'was starred by the previous test; s unstars');
    await popup.keyboard.press('t');
    await until(async () => (await popup.locator('.tr-title').count()) === 0, 'translations hidden');
    await popup.keyboard.press('t');
    await until(async () => (await popup.locator('.tr-title').count()) > 0, 'translations shown');
    await popup.keyboard.press('/');
    assert.equal(await popup.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Search all stored papers');
    await popup.close();
  });

  it('the popup switches inline translation on arxiv.org off and on', async () => {
    const popup = await b.open('popup.html');
    await popup.waitForSelector('article.paper');
    const inline = () => popup.evaluate(async () => ((await (globalThis as any).chrome.storage.local.get('settings')).settings?.inline?.enabled as boolean | undefined));
    const box = popup.getByLabel('On arxiv.org');
    assert.equal(await box.isChecked(), true);
    await box.click();
    await until(async () => (await inline()) === false, 'inline translation off in settings');
    await until(async () => !(await box.isChecked()), 'the switch to show off');
    await box.click();
    await until(async () => (await inline()) === true, 'inline translation on again');
    await popup.close();
  });

  it('looks careful at 800×600 in light and dark', async () => {
    for (const theme of ['light', 'dark'] as const) {
      const popup = await b.open('popup.html', { width: 800, height: 600 });
      await popup.waitForSelector('article.paper');
      const toggle = popup.getByRole('button', { name: /^Theme:/ });
      while ((await toggle.getAttribute('aria-label')) !== `Theme: ${theme}`) await toggle.click();
      await popup.locator('article.paper').first().getByRole('button', { name: 'Full abstract' }).click();
      await popup.waitForTimeout(300);
      await popup.screenshot({ path: artifact(`reader-${theme}.png`) });
      const bg = await popup.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(bg, theme === 'dark' ? 'rgb(31, 32, 35)' : 'rgb(255, 255, 255)');
      await popup.close();
    }
    assert.deepEqual(b.errors, []);
  });
});
