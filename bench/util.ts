/** Small timing helpers: medians over repeated runs, printed as ratios against a baseline measured in the same run. */
import { performance } from 'node:perf_hooks';

export async function median(runs: number, fn: () => unknown | Promise<unknown>): Promise<number> {
  const times: number[] = [];
  await fn(); // warm-up
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export function ms(x: number): string {
  return `${x.toFixed(x < 10 ? 2 : 1)} ms`;
}

export function row(label: string, value: string, note = ''): void {
  console.log(`  ${label.padEnd(46)} ${value.padStart(14)}  ${note}`);
}
