/** The daily digest: text (the layout users know), Markdown and BibTeX. Pure functions, no browser globals. */
export * from './common';
export { categoryName, subjectLabel, subjectsLine } from './categories';
export { formatDigestText, formatEntryText } from './text';
export { escapeMarkdownText, escapeMarkdownWithMath, formatDigestMarkdown } from './markdown';
export { bibtexEscape, citationKey, paperYear, toBibtex } from './bibtex';
