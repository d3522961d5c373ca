/**
 * "Subjects:" lines as arXiv prints them (`Computation and Language (cs.CL); Artificial Intelligence (cs.AI)`).
 * The names come from the one taxonomy table, lib/arxiv/taxonomy.ts. A code it does not know is shown bare
 * in parentheses (`(xx.YY)`), so a new category never breaks or silently drops from a digest.
 */
import { categoryName } from '../arxiv/taxonomy';

export { categoryName };

/** One subject: `Computation and Language (cs.CL)`; an unknown code as `(cs.XX)`. */
export function subjectLabel(code: string): string {
  const name = categoryName(code);
  return name ? `${name} (${code})` : `(${code})`;
}

/** A paper's subjects, primary first, as one line: `Machine Learning (cs.LG); Robotics (cs.RO)`. */
export function subjectsLine(categories: readonly string[]): string {
  return categories.map(subjectLabel).join('; ');
}
