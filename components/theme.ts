import type { Theme } from '@/lib/settings';

/** Light / dark / follow the system: `data-theme` on <html> overrides the media query in styles.css. */
export function applyTheme(theme: Theme): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}
