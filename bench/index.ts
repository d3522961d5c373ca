/** `npm run bench`: every figure is a ratio against a baseline measured in the same run. */
import { benchIngest } from './ingest';
import { benchTranslate } from './translate';

console.log(`arXiv Daily benchmarks · Node ${process.version} · ${new Date().toISOString()}`);
await benchIngest();
await benchTranslate();
