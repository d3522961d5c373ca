import { useState } from 'preact/hooks';
import { t, type MessageKey } from '@/lib/i18n';

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
  const copy = async (text: string, done: MessageKey) => {
    try {
      await navigator.clipboard.writeText(text);
      setNote(t(done));
    } catch {
      setNote(t('export.noClipboard'));
    }
  };
  return (
    <details class="export">
      <summary>{t('export.menu')}</summary>
      <div class="export-menu" role="group" aria-label={t('export.menu')}>
        <button type="button" onClick={() => void copy(digest('text'), 'export.digestCopied')}>{t('export.copyDigest')}</button>
        <button type="button" onClick={() => download(`${fileStem}.txt`, digest('text'), 'text/plain;charset=utf-8')}>{t('export.downloadDigest')}</button>
        <button type="button" onClick={() => void copy(digest('markdown'), 'export.markdownCopied')}>{t('export.copyMarkdown')}</button>
        <button type="button" onClick={() => download(`${fileStem}.md`, digest('markdown'), 'text/markdown;charset=utf-8')}>{t('export.downloadMarkdown')}</button>
        <button
          type="button"
          onClick={() =>
            void bibtex().then((b) => (b ? download(`${fileStem}-starred.bib`, b, 'application/x-bibtex;charset=utf-8') : setNote(t('export.starFirst'))))
          }
        >
          {t('export.bibtex')}
        </button>
        {note && <p role="status" class="muted">{note}</p>}
      </div>
    </details>
  );
}
