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
    name: 'arXiv Daily',
    description: 'Your daily arXiv, bilingual: new papers in your categories, matched to your keywords.',
    permissions: ['storage', 'alarms', 'unlimitedStorage', ...(browser === 'firefox' ? [] : ['offscreen'])],
    host_permissions: [
      'https://rss.arxiv.org/*',
      'https://export.arxiv.org/*',
      // Translation services (free web endpoints and DeepL); user-chosen LLM endpoints are optional, asked for from a click.
      'https://edge.microsoft.com/*',
      'https://translate-pa.googleapis.com/*',
      'https://translate.googleapis.com/*',
      'https://api.deepl.com/*',
      'https://api-free.deepl.com/*',
    ],
    optional_permissions: ['notifications'],
    optional_host_permissions: ['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*'],
    action: { default_title: 'arXiv Daily' },
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'arxiv-daily@arxiv-daily.app' } } }
      : {}),
  }),
});
