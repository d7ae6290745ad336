// `npm run bench`: runs every suite and prints one line per measurement with its target.
// Benchmarks report; they do not fail the build (speed targets are never checked by timed tests).
import type { BenchLine, BenchSuite } from './types';
import { suites } from './suites';

function verdict(line: BenchLine): string {
  if (line.target === undefined) return '';
  const ok = line.higherIsBetter === false ? line.value <= line.target : line.value >= line.target;
  return `${ok ? 'meets' : 'MISSES'} target ${line.higherIsBetter === false ? '<=' : '>='} ${format(line.target)}`;
}

function format(n: number): string {
  return Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2);
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  // A name chooses its suite and every suite named `<name>-...` (`scaling` runs scaling-store, scaling-odoo, ...).
  const chosen: BenchSuite[] = only.length ? suites.filter((s) => only.some((name) => s.name === name || s.name.startsWith(`${name}-`))) : suites.filter((s) => !s.onlyWhenNamed);
  let missed = 0;
  for (const suite of chosen) {
    console.log(`\n## ${suite.name}`);
    const lines = await suite.run();
    for (const line of lines) {
      const v = verdict(line);
      if (v.startsWith('MISSES')) missed++;
      console.log(`${line.name.padEnd(58)} ${format(line.value).padStart(12)} ${line.unit.padEnd(10)} ${v}${line.note ? `  (${line.note})` : ''}`);
    }
  }
  console.log(`\n${missed === 0 ? 'all measured targets met' : `${missed} target(s) missed`}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
