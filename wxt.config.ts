import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // MV3 everywhere: Chrome's service worker, Firefox's event page.
  manifestVersion: 3,
  vite: () => ({
    plugins: [preact()],
  }),
  manifest: ({ browser }) => ({
    // Localized from public/_locales (English and Simplified Chinese); the pages' own text is in lib/i18n.
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'alarms', 'unlimitedStorage', ...(browser === 'firefox' ? [] : ['offscreen'])],
    host_permissions: [
      'https://rss.arxiv.org/*',
      'https://export.arxiv.org/*',
      // Inline translation on arxiv.org's own pages: the background tells open tabs when it is switched on or off.
      'https://arxiv.org/*',
      // Hugging Face's daily papers (the Trending tab): https://huggingface.co/api/daily_papers.
      'https://huggingface.co/*',
      // Translation services (free web endpoints and DeepL); user-chosen LLM endpoints are optional, asked for from a click.
      'https://edge.microsoft.com/*',
      'https://translate-pa.googleapis.com/*',
      'https://translate.googleapis.com/*',
      'https://api.deepl.com/*',
      'https://api-free.deepl.com/*',
    ],
    optional_permissions: ['notifications'],
    optional_host_permissions: ['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*'],
    action: { default_title: '__MSG_actionTitle__' },
    // The page-world bridge to arxiv.org's own MathJax, which typesets the formulas of inserted translations.
    web_accessible_resources: [{ resources: ['mathjax-bridge.js'], matches: ['https://arxiv.org/*'] }],
    commands: {
      'toggle-inline-translation': {
        suggested_key: { default: 'Alt+Shift+T' },
        description: 'Turn translations on arxiv.org pages on or off',
      },
    },
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'arxiv-daily@arxiv-daily.app' } } }
      : {}),
  }),
});
