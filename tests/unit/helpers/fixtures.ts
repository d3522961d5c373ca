import { readFileSync } from 'node:fs';

export const FIXTURES = new URL('../../../../shared/fixtures/', import.meta.url);

export function fixture(path: string): string {
  return readFileSync(new URL(path, FIXTURES), 'utf8');
}

/** Distinct IndexedDB names so tests never share state. */
let n = 0;
export function dbName(label: string): string {
  return `test-${label}-${process.pid}-${++n}`;
}
