/**
 * arXiv identifiers: parsing every form a user or a feed may hand us, and building links.
 *
 * Two id schemes exist:
 * - new style (since April 2007): `YYMM.NNNN` (until 2014) or `YYMM.NNNNN`, e.g. `2605.28828`;
 * - old style: `archive/YYMMNNN`, e.g. `hep-th/9901001`. References sometimes carry the subject
 *   class (`math.GT/0309136`); the canonical id drops it (`math/0309136`).
 * Either may carry a version suffix `vN`.
 *
 * The check is syntactic only: `0000.0000` is accepted (the API answers it with no entry).
 */

import type { PaperLinks } from './types';

export interface ArxivId {
  /** Canonical id without version: `2605.28828`, `math/0309136`. */
  id: string;
  /** The version when the input named one (`v2` → 2). */
  version?: number;
}

const NEW_STYLE = /^(\d{4}\.\d{4,5})(?:v(\d+))?$/;
// archive: lowercase letters with an optional `-part` (hep-th, astro-ph, cond-mat, q-bio, math-ph…);
// optional subject class (.GT, .AI, .stat-mech); then seven digits YYMMNNN.
const OLD_STYLE = /^([a-z]+(?:-[a-z]+)?)(?:\.[A-Za-z]+(?:-[A-Za-z]+)?)?\/(\d{7})(?:v(\d+))?$/;
const PREFIXES = /^(?:oai:arxiv\.org:|arxiv:)\s*/i;
const URL_FORM = /^(?:https?:\/\/)?(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf|html|format)\/(.+)$/i;

/**
 * Parses an arXiv id in any common form, or returns null.
 *
 * Accepted: `2605.28828`, `2605.28828v2`, `arXiv:2605.28828v2`, `oai:arXiv.org:2403.15527v1`,
 * `http(s)://arxiv.org/abs/<id>[vN]`, `/pdf/<id>[vN][.pdf]`, `/html/<id>[vN]`, and old-style ids
 * (`hep-th/9901001`, `math.GT/0309136`, `astro-ph/0601001v1`) in all the same wrappers.
 * Surrounding whitespace, a trailing slash, a query string and a fragment on URLs are ignored.
 */
export function parseArxivId(input: string): ArxivId | null {
  let s = input.trim();
  if (s === '') return null;
  const url = URL_FORM.exec(s);
  if (url) {
    s = (url[1] ?? '').replace(/[?#].*$/, '').replace(/\/+$/, '').replace(/\.pdf$/i, '');
  } else {
    s = s.replace(PREFIXES, '');
  }
  let m = NEW_STYLE.exec(s);
  if (m) return withVersion(m[1] ?? '', m[2]);
  m = OLD_STYLE.exec(s);
  if (m) return withVersion(`${m[1]}/${m[2]}`, m[3]);
  return null;
}

function withVersion(id: string, version: string | undefined): ArxivId {
  if (version === undefined) return { id };
  const v = Number(version);
  return v >= 1 ? { id, version: v } : { id };
}

/** True for an old-style id (`hep-th/9901001`, also with subject class or version). */
export function isOldStyleId(id: string): boolean {
  return OLD_STYLE.test(id.trim());
}

/**
 * Links to a paper's pages.
 *
 * Decision: `abs` is always unversioned (it shows the latest version and lists all versions).
 * `pdf` and `html` carry `vN` only when a version is passed; without one they follow the latest
 * version. The feed parser calls `paperLinks(id)` without a version so that stored links stay
 * right after the paper is revised; pass a version to pin a specific one.
 * Note: arXiv's HTML rendering exists only for papers with LaTeX source, mostly from
 * December 2023 on; for older (and all old-style) ids the `html` link may give 404.
 */
export function paperLinks(id: string, version?: number): PaperLinks {
  const v = version !== undefined && version >= 1 ? `v${version}` : '';
  return {
    abs: `https://arxiv.org/abs/${id}`,
    pdf: `https://arxiv.org/pdf/${id}${v}`,
    html: `https://arxiv.org/html/${id}${v}`,
  };
}
