import { useState } from 'preact/hooks';

export interface ExportMenuProps {
  /** Digest as plain text (the layout of the familiar daily digest) or Markdown. */
  digest(format: 'text' | 'markdown'): string;
  /** BibTeX of the starred papers (or '' when none). */
  bibtex(): Promise<string>;
  fileStem: string;
}

function download(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Copy or download the day's digest; BibTeX of starred papers. */
export function ExportMenu({ digest, bibtex, fileStem }: ExportMenuProps) {
  const [note, setNote] = useState('');
  const copy = async (text: string, what: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setNote(`${what} copied.`);
    } catch {
      setNote('The clipboard is not available here; use Download.');
    }
  };
  return (
    <details class="export">
      <summary>Export</summary>
      <div class="export-menu" role="group" aria-label="Export">
        <button type="button" onClick={() => void copy(digest('text'), 'Digest')}>Copy digest</button>
        <button type="button" onClick={() => download(`${fileStem}.txt`, digest('text'), 'text/plain;charset=utf-8')}>Download digest (.txt)</button>
        <button type="button" onClick={() => void copy(digest('markdown'), 'Markdown digest')}>Copy as Markdown</button>
        <button type="button" onClick={() => download(`${fileStem}.md`, digest('markdown'), 'text/markdown;charset=utf-8')}>Download Markdown (.md)</button>
        <button
          type="button"
          onClick={() =>
            void bibtex().then((b) => (b ? download(`${fileStem}-starred.bib`, b, 'application/x-bibtex;charset=utf-8') : setNote('Star papers first: BibTeX is made for starred papers.')))
          }
        >
          BibTeX of starred papers
        </button>
        {note && <p role="status" class="muted">{note}</p>}
      </div>
    </details>
  );
}
