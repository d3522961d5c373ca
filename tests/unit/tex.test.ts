import { describe, expect, it } from 'vitest';
import { decodeTexAccents, normalizeWhitespace, splitMath, texTextToPlain } from '../../lib/text/tex';

const mathOf = (s: string) => splitMath(s).filter((seg) => seg.math).map((seg) => seg.text);

describe('decodeTexAccents: accents', () => {
  it.each([
    ["Garc\\'ia", 'García'],
    ["Garc\\'{\\i}a", 'García'],
    ["Garc\\'\\i a", 'García'],
    ['Erd\\H{o}s', 'Erdős'],
    ['G\\"{o}del', 'Gödel'],
    ['G\\"odel', 'Gödel'],
    ['\\c{C}a\\u{g}lar', 'Çağlar'],
    ['\\v{S}koda', 'Škoda'],
    ['\\v Skoda', 'Škoda'],
    ['Pi\\v{z}urica', 'Pižurica'],
    ['Jakub\\r{u}v', 'Jakubův'],
    ['\\k{a}', 'ą'],
    ['\\r{a}', 'å'],
    ['\\=a', 'ā'],
    ['\\.z', 'ż'],
    ['\\~n', 'ñ'],
    ['\\^o', 'ô'],
    ['In\\`es', 'Inès'],
    ["\\'Etienne", 'Étienne'],
    ["Mikol\\'a\\v{s}", 'Mikoláš'],
  ])('%s → %s', (input, expected) => {
    expect(decodeTexAccents(input)).toBe(expected);
  });

  it('accepts braces around the whole macro and around the argument, and spaces before it', () => {
    expect(decodeTexAccents("{\\'e}")).toBe('é');
    expect(decodeTexAccents("\\'{e}")).toBe('é');
    expect(decodeTexAccents("\\' e")).toBe('é');
    expect(decodeTexAccents('{\\"{o}}')).toBe('ö');
    expect(decodeTexAccents('caf{\\\'e} au lait')).toBe('café au lait');
  });

  it('produces precomposed (NFC) characters', () => {
    const s = decodeTexAccents("Andr\\'e");
    expect(s).toBe('Andr\u00e9');
    expect(s).toHaveLength(5);
  });
});

describe('decodeTexAccents: letter macros', () => {
  it.each([
    ['{\\o}', 'ø'],
    ['S{\\o}gaard', 'Søgaard'],
    ['S\\o gaard', 'Søgaard'],
    ['\\O stergaard', 'Østergaard'],
    ['Kra{\\ss}', 'Kraß'],
    ['Stra\\ss{}e', 'Straße'],
    ['{\\aa}', 'å'],
    ['\\AA ngstr\\"om', 'Ångström'],
    ['Micha{\\l}', 'Michał'],
    ['{\\L}\\\'od\\\'z', 'Łódź'],
    ['{\\ae}', 'æ'],
    ['{\\AE}', 'Æ'],
    ['{\\oe}uvre', 'œuvre'],
    ['{\\OE}', 'Œ'],
    ['\\i', 'ı'],
  ])('%s → %s', (input, expected) => {
    expect(decodeTexAccents(input)).toBe(expected);
  });
});

describe('decodeTexAccents: text escapes, dashes, ties', () => {
  it('unescapes \\% \\& \\_ \\# \\$', () => {
    expect(decodeTexAccents('64\\%')).toBe('64%');
    expect(decodeTexAccents('R\\&D')).toBe('R&D');
    expect(decodeTexAccents('snake\\_case \\#1')).toBe('snake_case #1');
    expect(decodeTexAccents('costs \\$5')).toBe('costs $5');
  });

  it('turns --- into an em dash and -- into an en dash', () => {
    expect(decodeTexAccents('pages 3--5')).toBe('pages 3–5');
    expect(decodeTexAccents('Dvoretzky--Kiefer--Wolfowitz--Massart')).toBe('Dvoretzky–Kiefer–Wolfowitz–Massart');
    expect(decodeTexAccents('yes---no')).toBe('yes—no');
    expect(decodeTexAccents('a-b')).toBe('a-b');
  });

  it('turns ~ into a space only where it ties two words', () => {
    expect(decodeTexAccents('Fig.~3')).toBe('Fig. 3');
    expect(decodeTexAccents('Ref.~\\cite{x}')).toBe('Ref. \\cite{x}');
    expect(decodeTexAccents('about ~100 images')).toBe('about ~100 images');
    expect(decodeTexAccents('http://example.edu/~gould')).toBe('http://example.edu/~gould');
  });

  it('leaves unknown macros, and the braces of their argument, alone', () => {
    expect(decodeTexAccents('\\emph{new} method')).toBe('\\emph{new} method');
    expect(decodeTexAccents("\\textit{caf\\'e}")).toBe('\\textit{café}');
    expect(decodeTexAccents('{BERT} and \\\\ line')).toBe('{BERT} and \\\\ line');
  });

  it('returns the same string when there is nothing to decode', () => {
    const s = 'Conformal online model aggregation';
    expect(decodeTexAccents(s)).toBe(s);
  });
});

describe('decodeTexAccents: math is untouched', () => {
  it.each([
    ["$\\'a$"],
    ["$$\\'a -- b$$"],
    ["\\(\\'a~b\\)"],
    ['\\[x--y\\]'],
    ['$\\mathcal{O}(n^3)$'],
    ['$\\alpha$'],
  ])('%s', (math) => {
    expect(decodeTexAccents(math)).toBe(math);
  });

  it('decodes the text around the math and keeps the math', () => {
    expect(decodeTexAccents("Poincar\\'e on $\\'a \\% b$ and G\\\"odel")).toBe("Poincaré on $\\'a \\% b$ and Gödel");
    expect(decodeTexAccents('Optimal convex $M$-estimation')).toBe('Optimal convex $M$-estimation');
    expect(decodeTexAccents('Factor $\\alpha$ --- 64\\%')).toBe('Factor $\\alpha$ — 64%');
  });

  it('treats \\$ as an escaped dollar, not a delimiter', () => {
    // Without the escape rule, `\$5 and \'e $` would be taken as math and left undecoded.
    expect(decodeTexAccents("\\$5 and \\'e $x$")).toBe('$5 and é $x$');
  });

  it('treats an unmatched $ as text', () => {
    expect(decodeTexAccents("1.41 times$that of Poincar\\'e")).toBe('1.41 times$that of Poincaré');
  });

  it('ties across a math boundary', () => {
    expect(decodeTexAccents('Theorem~$1$')).toBe('Theorem $1$');
  });

  it('keeps $ inside braces within math, and math environments, untouched', () => {
    expect(decodeTexAccents("$\\text{caf\\'e $x$ --}$ caf\\'e")).toBe("$\\text{caf\\'e $x$ --}$ café");
    expect(decodeTexAccents("\\begin{equation}\\'a--b\\end{equation} --")).toBe("\\begin{equation}\\'a--b\\end{equation} –");
  });
});

describe('splitMath', () => {
  it('splits text and math with every delimiter', () => {
    expect(splitMath('a $x$ b $$y$$ c \\(z\\) d \\[w\\] e')).toEqual([
      { math: false, text: 'a ' },
      { math: true, text: '$x$', tex: 'x', display: false },
      { math: false, text: ' b ' },
      { math: true, text: '$$y$$', tex: 'y', display: true },
      { math: false, text: ' c ' },
      { math: true, text: '\\(z\\)', tex: 'z', display: false },
      { math: false, text: ' d ' },
      { math: true, text: '\\[w\\]', tex: 'w', display: true },
      { math: false, text: ' e' },
    ]);
  });

  it('does not end math at an escaped dollar inside it', () => {
    expect(splitMath('$a\\$b$ c')).toEqual([
      { math: true, text: '$a\\$b$', tex: 'a\\$b', display: false },
      { math: false, text: ' c' },
    ]);
  });

  it('finds $…$, $$…$$, \\(…\\), \\[…\\] and math environments; \\$ is a literal dollar', () => {
    const text = 'A $x$ B $$y$$ C \\(z\\) D \\[w\\] E \\begin{equation}v\\end{equation} costs \\$5 and \\$6.';
    const segs = splitMath(text);
    expect(segs.map((s) => s.text).join('')).toBe(text);
    expect(segs.filter((s) => s.math)).toEqual([
      { math: true, text: '$x$', tex: 'x', display: false },
      { math: true, text: '$$y$$', tex: 'y', display: true },
      { math: true, text: '\\(z\\)', tex: 'z', display: false },
      { math: true, text: '\\[w\\]', tex: 'w', display: true },
      { math: true, text: '\\begin{equation}v\\end{equation}', tex: '\\begin{equation}v\\end{equation}', display: true },
    ]);
  });

  it('handles adjacent math, braces holding $ and unclosed dollars', () => {
    expect(mathOf('a $b$$c$ d')).toEqual(['$b$', '$c$']);
    expect(mathOf('$\\text{if $x$ holds}$ then')).toEqual(['$\\text{if $x$ holds}$']);
    expect(mathOf('price $5 only')).toEqual([]);
    expect(mathOf('two \\$ signs \\$ here')).toEqual([]);
    expect(mathOf('$a\\$b$')).toEqual(['$a\\$b$']);
  });

  it('leaves unclosed delimiters as text and is lossless', () => {
    for (const text of ['a $$ b', 'a \\( b', 'a \\[ b \\)', '\\begin{equation} x', '\\begin{itemize}$x$\\end{itemize}', '$\\{$ x', 'cost \\$ and $', '']) {
      expect(splitMath(text).map((s) => s.text).join('')).toBe(text);
    }
    expect(mathOf('a $$ b')).toEqual([]);
    expect(mathOf('a \\( b \\]')).toEqual([]);
    expect(mathOf('\\begin{equation} x')).toEqual([]);
    expect(mathOf('\\begin{itemize}$x$\\end{itemize}')).toEqual(['$x$']);
    expect(mathOf('$\\{$ x')).toEqual(['$\\{$']);
  });

  it('treats $$$$ as an empty display and falls back to the first $ when braces do not balance', () => {
    expect(splitMath('a $$$$ b')).toEqual([
      { math: false, text: 'a ' },
      { math: true, text: '$$$$', tex: '', display: true },
      { math: false, text: ' b' },
    ]);
    expect(mathOf('$f(\\{x$ and $y$')).toEqual(['$f(\\{x$', '$y$']);
    expect(mathOf('${x$ and y')).toEqual(['${x$']);
  });
});

describe('texTextToPlain', () => {
  it('turns TeX text escapes into characters', () => {
    expect(texTextToPlain("50\\% of A\\&B -- and --- \\emph{very \\textbf{bold}} ``q'' Fig.~2")).toBe('50% of A&B – and — very bold “q” Fig. 2');
    expect(texTextToPlain("Garc\\'ia G\\\"odel \\c{c}a {\\'e}t\\'e Erd\\H{o}s \\v{S}ediv\\'y Pe\\~na \\'{\\i}ndice {\\ss} \\o")).toBe(
      'García Gödel ça été Erdős Šedivý Peña índice ß ø',
    );
    expect(texTextToPlain('{\\em big} and {\\bf bold} \\ldots')).toBe('big and bold …');
  });

  it('leaves math exactly as written', () => {
    expect(texTextToPlain("Poincar\\'e on $\\'a -- b~c \\emph{x}$ and \\[x--y\\] --- \\(a''\\)")).toBe(
      "Poincaré on $\\'a -- b~c \\emph{x}$ and \\[x--y\\] — \\(a''\\)",
    );
    expect(texTextToPlain('\\emph{On $k$-means} and $\\text{if $x$}$')).toBe('On $k$-means and $\\text{if $x$}$');
    expect(texTextToPlain('\\begin{align}a--b\\end{align} --')).toBe('\\begin{align}a--b\\end{align} –');
  });

  it('keeps verbatim spans (escaped braces, \\texttt, \\verb, unknown commands) through `keep`', () => {
    expect(texTextToPlain('a \\{b\\} \\texttt{x--y} \\verb|p~q| \\foo{a--b} \\textasciitilde')).toBe('a {b} x--y p~q \\foo{a--b} ~');
    const kept: Array<[string, string]> = [];
    const out = texTextToPlain('\\{ \\texttt{t} \\foo[o]{x} $m$', (raw, plain) => {
      kept.push([raw, plain]);
      return `<${kept.length}>`;
    });
    expect(out).toBe('<1> <2> <3> $m$');
    expect(kept).toEqual([
      ['\\{', '{'],
      ['t', 't'],
      ['\\foo[o]{x}', '\\foo[o]{x}'],
    ]);
  });

  it('turns spacing escapes and ties into spaces; a TeX line break is not an escaped brace', () => {
    expect(texTextToPlain('a\\,b\\;c\\@. d~e f\\/g')).toBe('a b c. d e fg');
    expect(texTextToPlain('x\\\\{y}')).toBe('x y');
  });

  it('uses the same accent table as decodeTexAccents', () => {
    for (const s of ["\\c \\i", '\\k{a}', '\\AA ngstr\\"om', '{\\L}\\\'od\\\'z', '\\th orn', '\\ng']) {
      expect(texTextToPlain(s)).toBe(decodeTexAccents(s));
    }
  });
});

describe('normalizeWhitespace', () => {
  it('collapses runs of spaces, tabs and newlines and trims', () => {
    expect(normalizeWhitespace('  On Neuromechanical\n  Approaches\tfor  the\r\nStudy  ')).toBe(
      'On Neuromechanical Approaches for the Study',
    );
  });

  it('leaves single spaces and an already clean string as they are', () => {
    expect(normalizeWhitespace('a b c')).toBe('a b c');
    expect(normalizeWhitespace('')).toBe('');
    expect(normalizeWhitespace(' \n ')).toBe('');
  });

  it('turns a lone newline or tab into a space', () => {
    expect(normalizeWhitespace('a\nb\tc')).toBe('a b c');
  });
});
