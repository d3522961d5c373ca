import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { archiveMatches, categoryName, getArchive, normalizeCategory, searchCategories, type CategoryMatch } from '@/lib/arxiv/taxonomy';
import { t } from '@/lib/i18n';
import './category-picker.css';

export interface CategoryPickerProps {
  /** The followed categories (`cs.AI`) and whole archives (`cs`), in the order shown. */
  value: string[];
  /** Called with the whole new list after an add or a remove. */
  onChange(next: string[]): void;
  /** The text field's id (its label is "Add a category"); also prefixes the list's ids. */
  inputId?: string;
}

/** How many matches the list shows at most (it scrolls). */
const MAX_OPTIONS = 40;

/** What an option, and the chip of a whole archive, say after the id. */
function optionText(m: CategoryMatch): string {
  return m.kind === 'archive' ? t('cp.allCategories', { name: m.name }) : m.name;
}

/**
 * The "Categories" editor of the options page: the followed categories as removable chips, and a
 * searchable combobox to add one (by id, name words, or a whole archive).
 *
 * Keyboard: ↓/↑ move through the matches (↓ on an empty field lists the archives), Enter adds the
 * highlighted match or else the exact id typed (any case: `cs.ro` adds cs.RO), Escape closes the
 * list (a second Escape clears the field). The "Add" button adds the exact id typed or else the top
 * match. Several ids pasted at once (`cs.AI, cs.LG`) are all added. Unknown text shows an inline error.
 */
export function CategoryPicker({ value, onChange, inputId = 'new-category' }: CategoryPickerProps) {
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [error, setError] = useState('');
  const listRef = useRef<HTMLUListElement>(null);

  const listId = `${inputId}-list`;
  const errorId = `${inputId}-error`;
  const optionId = (i: number) => `${inputId}-opt-${i}`;

  const followed = useMemo(() => new Set(value), [value]);
  const matches = useMemo(() => {
    const found = text.trim() ? searchCategories(text) : archiveMatches();
    return found.filter((m) => !followed.has(m.id)).slice(0, MAX_OPTIONS);
  }, [text, followed]);
  const expanded = open && matches.length > 0;
  // Nothing left to add for this text because everything it finds is followed already: say so.
  const alreadyFollowed = useMemo(
    () => (text.trim() && matches.length === 0 ? searchCategories(text, 4).filter((m) => followed.has(m.id)).map((m) => m.id) : []),
    [text, matches, followed],
  );

  useEffect(() => {
    if (!expanded || active < 0) return;
    const el = listRef.current?.children[active] as HTMLElement | undefined;
    el?.scrollIntoView?.({ block: 'nearest' });
  }, [active, expanded]);

  const reset = () => {
    setText('');
    setOpen(false);
    setActive(-1);
    setError('');
  };

  const add = (ids: string[]) => {
    const fresh = ids.filter((id, i) => !followed.has(id) && ids.indexOf(id) === i);
    if (fresh.length) onChange([...value, ...fresh]);
    reset();
  };

  /** The known ids in the text: one id, or several separated by commas/spaces; undefined if any is unknown. */
  const typedIds = (): string[] | undefined => {
    const parts = text.trim().split(/[\s,;]+/).filter(Boolean);
    const ids = parts.map(normalizeCategory);
    return parts.length && ids.every((id) => id !== undefined) ? (ids as string[]) : undefined;
  };

  const unknown = () => {
    const typed = text.trim();
    setOpen(matches.length > 0);
    setError(t(matches.length ? 'cp.unknownPick' : 'cp.unknown', { text: typed }));
  };

  /** Enter: the highlighted match, else the exact id(s) typed, else an error. */
  const commitEnter = () => {
    const highlighted = expanded && active >= 0 ? matches[active] : undefined;
    if (highlighted) return add([highlighted.id]);
    if (!text.trim()) return;
    const ids = typedIds();
    if (ids) return add(ids);
    unknown();
  };

  /** The Add button: the exact id(s) typed, else the top match, else an error. */
  const commitButton = () => {
    if (!text.trim()) return;
    const ids = typedIds();
    if (ids) return add(ids);
    const top = matches[0];
    if (top) return add([top.id]);
    unknown();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        e.preventDefault();
        const n = matches.length;
        if (!n) return;
        if (!expanded) {
          setOpen(true);
          setActive(e.key === 'ArrowDown' ? 0 : n - 1);
          return;
        }
        setActive(e.key === 'ArrowDown' ? (active + 1) % n : active <= 0 ? n - 1 : active - 1);
        return;
      }
      case 'Enter':
        e.preventDefault(); // not the form's submit
        commitEnter();
        return;
      case 'Escape':
        if (expanded) {
          e.preventDefault();
          setOpen(false);
          setActive(-1);
        } else if (text) {
          e.preventDefault();
          reset();
        }
        return;
    }
  };

  const activeMatch = expanded && active >= 0 ? matches[active] : undefined;

  return (
    <div class="cp">
      <ul class="cp-chips" aria-label={t('cp.followed')}>
        {value.map((c) => {
          const name = categoryName(c);
          const whole = getArchive(c)?.hasSubcategories === true;
          return (
            <li key={c} class="cp-chip">
              <span class="cp-chip-id">{c}</span>
              {name && ' '}
              {name && <span class="cp-muted cp-chip-name">{whole ? t('cp.all', { name }) : name}</span>}
              <button type="button" class="cp-remove" aria-label={t('cp.remove', { id: c })} title={t('cp.remove', { id: c })} onClick={() => onChange(value.filter((x) => x !== c))}>
                ×
              </button>
            </li>
          );
        })}
      </ul>
      {value.length === 0 && <p class="cp-muted cp-empty">{t('cp.none')}</p>}
      <label class="cp-label" for={inputId}>
        {t('cp.add')}
      </label>
      <div class="cp-row">
        <div class="cp-combo">
          <input
            id={inputId}
            type="text"
            role="combobox"
            autocomplete="off"
            spellcheck={false}
            aria-autocomplete="list"
            aria-expanded={expanded}
            aria-controls={listId}
            aria-activedescendant={activeMatch ? optionId(active) : undefined}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            value={text}
            placeholder={t('cp.placeholder')}
            onInput={(e) => {
              setText((e.target as HTMLInputElement).value);
              setOpen(true);
              setActive(-1);
              setError('');
            }}
            onKeyDown={onKeyDown}
            onBlur={() => {
              setOpen(false);
              setActive(-1);
            }}
          />
          <ul id={listId} class="cp-list" role="listbox" aria-label={t('cp.matching')} hidden={!expanded} ref={listRef}>
            {expanded &&
              matches.map((m, i) => (
                <li
                  key={m.id}
                  id={optionId(i)}
                  role="option"
                  aria-selected={i === active}
                  class={i === active ? 'cp-option cp-active' : 'cp-option'}
                  // Keep the focus in the field (no blur, which would close the list before the click).
                  onMouseDown={(e) => e.preventDefault()}
                  onMouseMove={() => i !== active && setActive(i)}
                  onClick={() => add([m.id])}
                >
                  <span class="cp-option-id">{m.id}</span> — <span class="cp-option-name">{optionText(m)}</span>
                  {m.aliasOf && <span class="cp-muted cp-alias">{t('cp.aliasOf', { id: m.aliasOf })}</span>}
                </li>
              ))}
          </ul>
        </div>
        <button type="button" class="cp-add" onClick={commitButton}>
          {t('cp.addButton')}
        </button>
      </div>
      {!error && alreadyFollowed.length > 0 && (
        <p class="cp-muted cp-note" role="status">
          {t('cp.already', { ids: alreadyFollowed.join(', ') })}
        </p>
      )}
      {error && (
        <p id={errorId} class="cp-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
