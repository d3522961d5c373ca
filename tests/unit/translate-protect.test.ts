/** Math & markup protection, restore checks, sentence retry, glossary masking. (splitMath / texTextToPlain: tex.test.ts) */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildGlossary, BUILTIN_GLOSSARY_ZH, glossaryPrompt, keepTerms, parseUserGlossary } from '../../lib/translate/glossary';
import { splitMath } from '../../lib/text/tex';
import {
  convertPlaceholders,
  protect,
  restore,
  splitSentences,
  translateProtected,
  withPlaceholderFormat,
} from '../../lib/translate/protect';
import type { PlaceholderFormat, TranslationService } from '../../lib/translate/types';
import { parseFeed } from '../../lib/arxiv/feed';

const RSS = readFileSync(new URL('../../../shared/fixtures/rss/stat-2024-03-26.rss.xml', import.meta.url), 'utf8');

function decodeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}

const ABSTRACTS = [...RSS.matchAll(/<description>[\s\S]*?Abstract:\s*([\s\S]*?)<\/description>/g)].map((m) => decodeXml(m[1]!.trim()));

const mathOf = (s: string) => splitMath(s).filter((seg) => seg.math).map((seg) => seg.text);

/** Placeholders in the canonical form of each format. */
const CANON: Record<PlaceholderFormat, RegExp> = { bracket: /\[\[\d+\]\]/g, xml: /<x id="\d+"\/>/g };

/**
 * A fake machine translator that rewrites every letter outside placeholders (and entities) into
 * a CJK character, the way a real one rewrites English — so anything unprotected is destroyed.
 */
function scrambler(format: PlaceholderFormat, opts: { limits?: TranslationService['limits'] } = {}) {
  const calls: string[][] = [];
  const rewrite = (s: string) => s.replace(/[A-Za-z]/g, (c) => String.fromCharCode(0x4e00 + c.charCodeAt(0)));
  const service: TranslationService = {
    id: 'microsoft',
    name: 'Scrambler',
    placeholder: format,
    limits: opts.limits ?? { maxChars: 1_000_000, maxItems: 1000 },
    async translate(texts) {
      calls.push(texts);
      return texts.map((t) => {
        const keep = format === 'xml' ? /<x id="\d+"\/>|&[a-z]+;/g : CANON.bracket;
        let out = '';
        let last = 0;
        for (const m of t.matchAll(keep)) {
          out += rewrite(t.slice(last, m.index)) + m[0];
          last = m.index + m[0].length;
        }
        return out + rewrite(t.slice(last));
      });
    },
  };
  return { service, calls };
}

describe('protect / restore', () => {
  it('replaces math, citations, URLs, arXiv ids, DOIs and keep terms; restores them exactly', () => {
    const src =
      'We bound $\\mathcal{O}(n^3)$ via \\citep{a,b} and \\eqref{eq:1}; code at https://github.com/x/y. See arXiv:2401.01234v2, hep-th/9901001, 2403.15527 and doi:10.1000/xyz-123. Refs [3, 4]. The rollout costs \\$5 (50\\%).';
    const p = protect(src, ['rollout']);
    expect(p.tokens).toEqual([
      '$\\mathcal{O}(n^3)$',
      '\\citep{a,b}',
      '\\eqref{eq:1}',
      'https://github.com/x/y',
      'arXiv:2401.01234v2',
      'hep-th/9901001',
      '2403.15527',
      'doi:10.1000/xyz-123',
      '[3, 4]',
      'rollout',
      '\\$',
    ]);
    expect(p.text).toBe(
      'We bound [[1]] via [[2]] and [[3]]; code at [[4]]. See [[5]], [[6]], [[7]] and [[8]]. Refs [[9]]. The [[10]] costs [[11]]5 (50%).',
    );
    const r = restore(p.text, p.tokens);
    expect(r.ok).toBe(true);
    expect(r.text).toBe(
      'We bound $\\mathcal{O}(n^3)$ via \\citep{a,b} and \\eqref{eq:1}; code at https://github.com/x/y. See arXiv:2401.01234v2, hep-th/9901001, 2403.15527 and doi:10.1000/xyz-123. Refs [3, 4]. The rollout costs \\$5 (50%).',
    );
  });

  it('xml format escapes the text and uses <x id="N"/>', () => {
    const p = protect('If $a<b$ then x < y & z.', [], { format: 'xml' });
    expect(p.text).toBe('If <x id="1"/> then x &lt; y &amp; z.');
    expect(restore(p.text, p.tokens, 'xml')).toEqual({ text: 'If $a<b$ then x < y & z.', ok: true, problems: [] });
  });

  it('source text that looks like a placeholder is itself protected', () => {
    const p = protect('literal [[1]] and <x id="1"/> here', []);
    expect(p.tokens).toEqual(['[[1]]']);
    expect(restore(p.text, p.tokens).text).toBe('literal [[1]] and <x id="1"/> here');
  });

  it('tolerates harmless variants and reordering', () => {
    const tokens = ['$a$', '$b$'];
    expect(restore('先 [[ 2 ]] 后 【【1】】', tokens)).toEqual({ text: '先 $b$ 后 $a$', ok: true, problems: [] });
    expect(restore('［［１］］ and ⟦⟦2⟧⟧', tokens).ok).toBe(true);
    expect(restore('<x id="2"></x> then < x id = 1 / >', tokens, 'xml')).toMatchObject({ text: '$b$ then $a$', ok: true });
  });

  it('flags lost, duplicated, unknown and damaged placeholders', () => {
    const tokens = ['$a$', '$b$'];
    expect(restore('only [[1]]', tokens).problems).toEqual(['lost placeholder 2 ($b$)']);
    expect(restore('[[1]] [[1]] [[2]]', tokens).problems).toEqual(['duplicated placeholder 1 ($a$)']);
    expect(restore('[[1]] [[2]] [[3]]', tokens).problems).toEqual(['unknown placeholder [[3]]']);
    const damaged = restore('[[1]] and [2]]', tokens);
    expect(damaged.ok).toBe(false);
    expect(damaged.problems.join()).toMatch(/damaged.*lost placeholder 2/);
    expect(restore('<x id="1"/> <x id="2"', tokens, 'xml').ok).toBe(false);
  });

  it('brackets already in the source are not mistaken for damage', () => {
    const p = protect('on the interval [0,1) for $x$', []);
    expect(restore(p.text.replace('on the interval', 'ON THE INTERVAL'), p.tokens, 'bracket', p.text)).toMatchObject({ ok: true });
  });

  it('converts between formats (auto chain adapters)', () => {
    expect(convertPlaceholders('a < [[1]] & [[2]]', 'bracket', 'xml')).toBe('a &lt; <x id="1"/> &amp; <x id="2"/>');
    expect(convertPlaceholders('a &lt; <x id="1"></x> &amp; <x id="2"/>', 'xml', 'bracket')).toBe('a < [[1]] & [[2]]');
  });
});

describe('every abstract of stat-2024-03-26 survives a text-rewriting translator', () => {
  it('the fixture has abstracts with math', () => {
    expect(ABSTRACTS.length).toBe(123);
    expect(ABSTRACTS.flatMap(mathOf).length).toBeGreaterThan(100);
  });

  it.each(['bracket', 'xml'] as const)('%s placeholders: every formula exactly, in order', async (format) => {
    const { service, calls } = scrambler(format);
    const results = await translateProtected(service, ABSTRACTS, 'en', 'zh-CN');
    expect(calls).toHaveLength(1);
    let formulas = 0;
    results.forEach((r, i) => {
      expect(r.failed, `abstract ${i}: ${'reason' in r ? r.reason : ''}`).toBe(false);
      const expected = mathOf(ABSTRACTS[i]!);
      expect(mathOf(r.text)).toEqual(expected);
      formulas += expected.length;
      // English letters outside math were all rewritten (nothing untranslated leaked through),
      // except the protected URLs/ids/commands.
      if (expected.length === 0 && !/https?:|\\[a-z]+|arXiv/.test(ABSTRACTS[i]!)) expect(r.text).not.toMatch(/[A-Za-z]/);
    });
    expect(formulas).toBeGreaterThan(100);
    // Nothing the translator saw contains a formula.
    expect(calls[0]).toHaveLength(ABSTRACTS.length);
    for (const text of calls[0]!) expect(mathOf(text.replace(CANON[format], ''))).toEqual([]);
  });

  it('a translator that damages placeholders once is rescued sentence by sentence', async () => {
    const { service } = scrambler('bracket');
    let first = true;
    const flaky: TranslationService = {
      ...service,
      async translate(texts, from, to) {
        const out = await service.translate(texts, from, to);
        if (!first) return out;
        first = false;
        // Whole abstracts: lose placeholder 2, duplicate placeholder 1.
        return out.map((t) => t.replace('[[2]]', '').replace('[[1]]', '[[1]][[1]]'));
      },
    };
    const withMath = ABSTRACTS.filter((a) => mathOf(a).length >= 2);
    const results = await translateProtected(flaky, withMath, 'en', 'zh-CN');
    results.forEach((r, i) => {
      expect(r.failed).toBe(false);
      expect(mathOf(r.text)).toEqual(mathOf(withMath[i]!));
    });
  });
});

describe('translateProtected retry and failure marking', () => {
  const TEXT = 'First we set $x=1$. Then we take $y=2$. Finally $z$ follows.';

  it('a lost placeholder → sentence retry → success when sentences survive', async () => {
    const seen: string[][] = [];
    const svc: TranslationService = {
      id: 'google',
      name: 'Lossy',
      limits: { maxChars: 5000, maxItems: 50 },
      async translate(texts) {
        seen.push(texts);
        // Drops [[2]] whenever it is not the only placeholder.
        return texts.map((t) => ((t.match(/\[\[\d\]\]/g) ?? []).length > 1 ? t.replace('[[2]]', '') : t.toUpperCase()));
      },
    };
    const [r] = await translateProtected(svc, [TEXT], 'en', 'fr');
    expect(seen).toHaveLength(2);
    expect(seen[1]).toEqual(['First we set [[1]].', 'Then we take [[1]].', 'Finally [[1]] follows.']);
    expect(r).toEqual({ text: 'FIRST WE SET $x=1$. THEN WE TAKE $y=2$. FINALLY $z$ FOLLOWS.', failed: false });
  });

  it('still broken after sentence retry → original English, marked failed, with the reason', async () => {
    const svc: TranslationService = {
      id: 'google',
      name: 'Broken',
      limits: { maxChars: 5000, maxItems: 50 },
      async translate(texts) {
        return texts.map((t) => t.replace(/\[\[1\]\]/, '[[1]] [[1]]'));
      },
    };
    const [r, ok] = await translateProtected(svc, [TEXT, 'No math here.'], 'en', 'zh-CN');
    expect(r).toMatchObject({ text: TEXT, failed: true });
    expect(r!.failed && r!.reason).toMatch(/duplicated placeholder 1/);
    expect(ok).toEqual({ text: 'No math here.', failed: false });
  });

  it('texts without words are not sent; over-long texts are split to fit the limits', async () => {
    const seen: string[][] = [];
    const svc: TranslationService = {
      id: 'chrome',
      name: 'Small',
      limits: { maxChars: 40, maxItems: 2 },
      async translate(texts) {
        seen.push(texts);
        return texts.map((t) => `<${t}>`);
      },
    };
    const long = 'One sentence with $a$ here. Another sentence with $b$. A third one.';
    const results = await translateProtected(svc, ['$x$', long], 'en', 'zh-CN');
    expect(results[0]).toEqual({ text: '$x$', failed: false });
    expect(seen.flat().every((t) => t.length <= 40)).toBe(true);
    expect(seen.every((c) => c.length <= 2)).toBe(true);
    expect(results[1]!.text).toBe('<One sentence with $a$ here.><Another sentence with $b$.><A third one.>');
  });

  it('withPlaceholderFormat lets an xml service be driven with bracket text', async () => {
    const { service, calls } = scrambler('xml');
    const adapted = withPlaceholderFormat(service, 'bracket');
    const [r] = await translateProtected(adapted, ['a < b and $x$'], 'en', 'zh-CN');
    expect(calls[0]).toEqual(['a &lt; b and <x id="1"/>']);
    expect(r!.failed).toBe(false);
    expect(mathOf(r!.text)).toEqual(['$x$']);
  });
});

describe('sentences', () => {
  it('does not split after abbreviations, initials or before lower case', () => {
    expect(splitSentences('We use e.g. this. Smith et al. showed it. J. Doe agreed! Ok? yes. Fig. 2 shows it.')).toEqual([
      'We use e.g. this. ',
      'Smith et al. showed it. ',
      'J. Doe agreed! ',
      'Ok? yes. ',
      'Fig. 2 shows it.',
    ]);
  });
});

describe('glossary', () => {
  /** A fake MT that translates word by word from a small dictionary (a poor translator). */
  const literal: TranslationService = {
    id: 'microsoft',
    name: 'Literal',
    limits: { maxChars: 5000, maxItems: 50 },
    async translate(texts) {
      const dict: Record<string, string> = { rollout: '推广', rollouts: '推广', tokens: '代币', token: '代币', the: '', of: '的', we: '我们', count: '计数' };
      return texts.map((t) => t.replace(/[A-Za-z]+/g, (w) => dict[w.toLowerCase()] ?? w));
    },
  };

  it('"rollout tokens" does not become 推广代币 when keep-as-is terms are masked', async () => {
    const keep = keepTerms(buildGlossary('zh-CN'));
    expect(keep).toEqual(expect.arrayContaining(['rollout', 'token', 'Transformer']));
    const [masked] = await translateProtected(literal, ['We count the rollout tokens.'], 'en', 'zh-CN', { keepTerms: keep });
    expect(masked!.text).toBe('我们 计数  rollout tokens.');
    expect(masked!.text).not.toMatch(/推广|代币/);
    // Control: without the glossary the fake translator does produce the bad translation.
    const [plain] = await translateProtected(literal, ['We count the rollout tokens.'], 'en', 'zh-CN');
    expect(plain!.text).toContain('推广 代币');
  });

  it('services that handle the glossary themselves are not masked', async () => {
    const seen: string[] = [];
    const llm: TranslationService = { ...literal, handlesGlossary: true, translate: async (t) => (seen.push(...t), t) };
    await translateProtected(llm, ['rollout tokens'], 'en', 'zh-CN', { keepTerms: ['rollout', 'token'] });
    expect(seen).toEqual(['rollout tokens']);
  });

  it('has ~80+ built-in terms with the agreed translations', () => {
    expect(BUILTIN_GLOSSARY_ZH.length).toBeGreaterThanOrEqual(80);
    const get = (t: string) => BUILTIN_GLOSSARY_ZH.find((e) => e.term === t)?.translation;
    expect(get('reinforcement learning')).toBe('强化学习');
    expect(get('large language model')).toBe('大语言模型');
    expect(get('diffusion policy')).toBe('扩散策略');
    expect(get('chain-of-thought')).toBe('思维链');
    expect(get('rollout')).toBeNull();
    expect(get('token')).toBeNull();
  });

  it('parses user entries and lets them override built-ins', () => {
    const { entries, errors } = parseUserGlossary('# mine\nrollout => 展开\nGRPO\nagent → 代理\n=> nothing\n');
    expect(entries).toEqual([
      { term: 'rollout', translation: '展开' },
      { term: 'GRPO', translation: null },
      { term: 'agent', translation: '代理' },
    ]);
    expect(errors).toEqual([{ line: 5, message: 'missing term before "=>"' }]);
    const g = buildGlossary('zh-CN', entries);
    expect(g.find((e) => e.term === 'rollout')?.translation).toBe('展开');
    expect(keepTerms(g)).toContain('GRPO');
    // Built-in translations are Simplified Chinese only; keep-as-is applies to zh-TW too; user entries everywhere.
    expect(buildGlossary('zh-TW').every((e) => e.translation === null)).toBe(true);
    expect(buildGlossary('fr')).toEqual([]);
    expect(buildGlossary('fr', entries)).toHaveLength(3);
    expect(glossaryPrompt(g)).toContain('agent → 代理');
  });

  it('keep-term matching: whole words, plurals, hyphen/space variants, case rules', () => {
    const p = protect('Chain of thought and chain-of-thought, tokenizer, Tokens, lora vs LoRA.', ['chain-of-thought', 'token', 'LoRA']);
    expect(p.tokens).toEqual(['Chain of thought', 'chain-of-thought', 'Tokens', 'LoRA']);
  });
});

describe('every abstract in every arXiv fixture survives a text-rewriting translator', () => {
  const dir = new URL('../../../shared/fixtures/', import.meta.url);
  const abstracts: string[] = [];
  for (const sub of ['rss', 'api']) {
    for (const name of readdirSync(new URL(`${sub}/`, dir))) {
      let xml = readFileSync(new URL(`${sub}/${name}`, dir), 'utf8');
      // The truncated feed (a real broken download): keep its complete entries.
      if (name.includes('truncated')) xml = xml.slice(0, xml.lastIndexOf('</entry>') + '</entry>'.length) + '</feed>';
      try {
        abstracts.push(...parseFeed(xml).papers.map((p) => p.abstract));
      } catch {
        // Error documents (bad id) have no abstracts.
      }
    }
  }
  const unique = [...new Set(abstracts)].filter(Boolean);

  it('collects hundreds of real abstracts, many with math', () => {
    expect(unique.length).toBeGreaterThan(300);
    expect(unique.filter((a) => mathOf(a).length > 0).length).toBeGreaterThan(40);
  });

  it.each(['bracket', 'xml'] as const)('%s placeholders: every formula of every abstract, exactly and in order', async (format) => {
    const { service } = scrambler(format);
    const results = await translateProtected(service, unique, 'en', 'zh-CN');
    results.forEach((r, i) => {
      expect(r.failed, `abstract ${i}`).toBe(false);
      expect(mathOf(r.text), `abstract ${i}`).toEqual(mathOf(unique[i]!));
    });
  });
});
