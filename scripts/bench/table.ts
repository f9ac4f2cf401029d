// One table for every bench figure, printed and written to bench-results.json.
import { writeFile } from 'node:fs/promises';
import os from 'node:os';

export interface Figure {
  name: string;
  value: number | string;
  unit: string;
  /** The reference measured in the same run, in words. */
  reference?: string;
  target?: string;
  met?: boolean;
}

export function printTable(figures: readonly Figure[]): void {
  const rows = figures.map((figure) => [
    figure.name,
    `${formatValue(figure.value)} ${figure.unit}`,
    figure.reference ?? '',
    figure.target ?? '',
    figure.met === undefined ? '' : figure.met ? 'met' : 'MISSED',
  ]);
  const header = ['figure', 'value', 'reference (same run)', 'target', ''];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  console.log(line(header));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) console.log(line(row));
}

export async function writeResults(file: string, figures: readonly Figure[], quick: boolean) {
  const machine = {
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    load_average_at_end: os.loadavg(),
  };
  const results = { date: new Date().toISOString(), quick, machine, figures };
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
}

function formatValue(value: number | string): string {
  if (typeof value === 'string') return value;
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}
