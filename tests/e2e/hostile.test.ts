/**
 * Hostile text, end to end: a feed derived from the real one whose title, authors and abstract carry
 * markup, script, a javascript: link, an RTL override, a 100 KB abstract and an unpaired surrogate, and a
 * translator that answers with markup. Everything must show as inert text in the popup.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FakeInternet, artifact, fixture, launch, until, type Browser } from './harness';

const STAT = fixture('rss/stat-2024-03-26.rss.xml');
const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const TITLE = `<img src=x onerror="document.title='pwned'"> Conformal <script>document.title='pwned'</script> \u202Eevil`;
// (No parentheses: they mark affiliations, which are not authors.)
const AUTHOR = `<b onmouseover="alert\`1\`">Mallory</b>`;
const LINKY = `See [click](javascript:alert(1)) and <a href="javascript:alert(1)">here</a>; lone surrogate \uD800 end.`;
const LONG = 'Long abstract. '.repeat(7000); // ≈ 105 KB
// The first item (2403.15527, stat.ML + cs.LG) becomes hostile; the second gets a 100 KB abstract.
const HOSTILE = STAT.replace('<title>Conformal online model aggregation</title>', `<title>${xml(TITLE)}</title>`)
  .replace('<dc:creator>Matteo Gasparin, Aaditya Ramdas</dc:creator>', `<dc:creator>${xml(AUTHOR)}, Aaditya Ramdas</dc:creator>`)
  .replace('Abstract: Conformal prediction equips', `Abstract: ${xml(LINKY)} Conformal prediction equips`)
  .replace(/(arXiv:2403\.15778v1 Announce Type: new \nAbstract: )/, `$1${LONG}`);

describe('hostile text stays inert', () => {
  const net = new FakeInternet();
  let b: Browser;
  before(async () => {
    assert.notEqual(HOSTILE, STAT);
    net.route('rss.arxiv.org', /^\/rss\//, (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8' });
      res.end(HOSTILE);
    });
    net.route('edge.microsoft.com', '/translate/translatetext', (req, res) => {
      const texts = JSON.parse(req.body) as string[];
      res.writeHead(200, { 'Content-Type': 'application/json' });
      // A translator that answers with markup of its own.
      res.end(JSON.stringify(texts.map((t) => ({ translations: [{ text: `<img src=y onerror="document.title='pwned2'">${t}`, to: 'zh-Hans' }] }))));
    });
    await net.start();
    b = await launch(net);
  });
  after(async () => {
    await b?.close();
    await net.stop();
  });

  it('title, authors, abstract and translation render as text', async () => {
    const popup = await b.open('popup.html');
    let dialogs = 0;
    popup.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    const card = popup.locator('article[data-id="2403.15527"]');
    await card.waitFor();
    await until(async () => (await card.locator('.tr-title').count()) === 1, 'the translated title', 30_000);
    await card.getByRole('button', { name: /Full abstract|完整摘要/ }).click();
    await until(async () => (await card.locator('.tr-abstract').count()) === 1, 'the translated abstract', 30_000);
    // Inert: no element came from the text, nothing ran.
    assert.equal(await popup.locator('main img, main script, main b[onmouseover], main a[href^="javascript:"]').count(), 0);
    assert.equal(await popup.title(), 'arXiv Daily');
    assert.equal(dialogs, 0);
    // Shown as the text it is.
    const title = (await card.locator('.paper-title a').first().textContent())!;
    assert.ok(title.includes(`<img src=x onerror="document.title='pwned'">`));
    assert.ok(title.includes('<script>'));
    assert.ok((await card.locator('.authors').textContent())!.includes(AUTHOR));
    assert.ok((await card.locator('.abstract p.en').textContent())!.includes('<a href="javascript:alert(1)">here</a>'));
    assert.ok((await card.locator('.tr-title').textContent())!.includes(`<img src=y onerror=`));
    // The RTL override is contained to its own text: the card's links still read left to right.
    assert.equal(await card.locator('.links a').first().textContent(), 'abs');
    // The 100 KB abstract renders (clamped) without breaking the page.
    const long = popup.locator('article[data-id="2403.15778"] .abstract p.en');
    assert.ok(((await long.textContent()) ?? '').length > 100_000);
    assert.ok((await long.boundingBox())!.height < 200, 'collapsed to a few lines');
    await popup.screenshot({ path: artifact('hostile-popup.png') });
    // The digest (plain text) and a fresh popup after a reload are just as inert.
    await popup.reload();
    await card.waitFor();
    assert.equal(await popup.locator('main img, main script').count(), 0);
    assert.equal(dialogs, 0);
    assert.deepEqual(b.errors, []);
  });
});
