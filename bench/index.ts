/** `npm run bench`: every figure is a ratio against a baseline measured in the same run. */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { benchIngest } from './ingest';
import { benchListing } from './listing';
import { benchPopup } from './popup';
import { benchTranslate } from './translate';

console.log(`arXiv Daily benchmarks · Node ${process.version} · ${new Date().toISOString()}`);
await benchIngest();
await benchTranslate();
// The browser benchmarks run the built extension.
if (!existsSync(new URL('../.output/chrome-mv3/manifest.json', import.meta.url))) execSync('npx wxt build', { stdio: 'inherit' });
await benchPopup();
await benchListing();
