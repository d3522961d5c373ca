import { describe, expect, it } from 'vitest';
import { isOldStyleId, paperLinks, parseArxivId } from '../../lib/arxiv/ids';

describe('parseArxivId', () => {
  it.each([
    ['2605.28828', { id: '2605.28828' }],
    ['2605.28828v2', { id: '2605.28828', version: 2 }],
    ['arXiv:2605.28828v2', { id: '2605.28828', version: 2 }],
    ['ARXIV: 2605.28828', { id: '2605.28828' }],
    ['oai:arXiv.org:2403.15527v1', { id: '2403.15527', version: 1 }],
    ['0704.0001', { id: '0704.0001' }],
    ['1707.08567v12', { id: '1707.08567', version: 12 }],
    ['  2605.28828  ', { id: '2605.28828' }],
    ['0000.0000', { id: '0000.0000' }],
  ])('new style %s', (input, expected) => {
    expect(parseArxivId(input)).toEqual(expected);
  });

  it.each([
    ['https://arxiv.org/abs/2605.28828', { id: '2605.28828' }],
    ['http://arxiv.org/abs/1710.08557v1', { id: '1710.08557', version: 1 }],
    ['https://arxiv.org/pdf/2104.12255v1', { id: '2104.12255', version: 1 }],
    ['https://arxiv.org/pdf/2104.12255v1.pdf', { id: '2104.12255', version: 1 }],
    ['https://arxiv.org/html/2403.15527v2/', { id: '2403.15527', version: 2 }],
    ['https://export.arxiv.org/abs/2403.15527?context=cs', { id: '2403.15527' }],
    ['arxiv.org/abs/2403.15527#S1', { id: '2403.15527' }],
    ['http://arxiv.org/abs/astro-ph/9812133v1', { id: 'astro-ph/9812133', version: 1 }],
    ['https://arxiv.org/pdf/math/0211159', { id: 'math/0211159' }],
  ])('URL %s', (input, expected) => {
    expect(parseArxivId(input)).toEqual(expected);
  });

  it.each([
    ['hep-th/9901001', { id: 'hep-th/9901001' }],
    ['math.GT/0309136', { id: 'math/0309136' }],
    ['astro-ph/0601001v1', { id: 'astro-ph/0601001', version: 1 }],
    ['arXiv:quant-ph/0201082v1', { id: 'quant-ph/0201082', version: 1 }],
    ['oai:arXiv.org:cond-mat/0102536v3', { id: 'cond-mat/0102536', version: 3 }],
    ['cond-mat.stat-mech/0102536', { id: 'cond-mat/0102536' }],
    ['physics.acc-ph/0101001', { id: 'physics/0101001' }],
  ])('old style %s', (input, expected) => {
    expect(parseArxivId(input)).toEqual(expected);
  });

  it.each([
    'abc',
    '',
    '   ',
    'INVALIDID',
    '2605.288',
    '2605.288281',
    '26051.28828',
    '2605.28828v',
    '2605.28828v0x',
    'hep-th/990100',
    'hep-th/99010011',
    'HEP-TH/9901001',
    '/9901001',
    'https://example.org/abs/2605.28828',
    'https://arxiv.org/list/cs.AI/new',
    'arXiv:2605.28828 extra',
  ])('rejects %j', (input) => {
    expect(parseArxivId(input)).toBeNull();
  });

  it('drops a v0 version (versions start at 1)', () => {
    expect(parseArxivId('2605.28828v0')).toEqual({ id: '2605.28828' });
  });
});

describe('isOldStyleId', () => {
  it('tells old-style ids from new-style ones', () => {
    expect(isOldStyleId('hep-th/9901001')).toBe(true);
    expect(isOldStyleId('math/0211159')).toBe(true);
    expect(isOldStyleId('math.GT/0309136')).toBe(true);
    expect(isOldStyleId('astro-ph/0601001v1')).toBe(true);
    expect(isOldStyleId('2605.28828')).toBe(false);
    expect(isOldStyleId('0704.0001')).toBe(false);
    expect(isOldStyleId('abc')).toBe(false);
  });
});

describe('paperLinks', () => {
  it('gives unversioned links without a version', () => {
    expect(paperLinks('2605.28828')).toEqual({
      abs: 'https://arxiv.org/abs/2605.28828',
      pdf: 'https://arxiv.org/pdf/2605.28828',
      html: 'https://arxiv.org/html/2605.28828',
    });
  });

  it('pins pdf and html to a given version, keeps abs unversioned', () => {
    expect(paperLinks('2605.28828', 2)).toEqual({
      abs: 'https://arxiv.org/abs/2605.28828',
      pdf: 'https://arxiv.org/pdf/2605.28828v2',
      html: 'https://arxiv.org/html/2605.28828v2',
    });
  });

  it('keeps the slash of old-style ids', () => {
    expect(paperLinks('hep-th/9901001', 1)).toEqual({
      abs: 'https://arxiv.org/abs/hep-th/9901001',
      pdf: 'https://arxiv.org/pdf/hep-th/9901001v1',
      html: 'https://arxiv.org/html/hep-th/9901001v1',
    });
  });
});
