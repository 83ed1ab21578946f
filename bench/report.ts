/** The printed tables and bench/results/latest.json. */
import fs from 'node:fs';
import path from 'node:path';

export type Cell = string | number | undefined;

export function table(headers: string[], rows: Cell[][], rightAligned = new Set<number>()): string {
  const text = rows.map((row) => row.map((cell) => (cell === undefined ? '' : String(cell))));
  const widths = headers.map((h, i) => Math.max(h.length, ...text.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...text.map(line)].join('\n');
}

export const fmt = {
  int: (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '—' : Math.round(n).toLocaleString('en-US')),
  num: (n: number | undefined, digits = 1) => (n === undefined || !Number.isFinite(n) ? '—' : n.toFixed(digits)),
  /** A ratio to three significant figures: 0.0213, 0.512, 1.02. */
  ratio: (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '—' : `${n.toPrecision(3)}×`),
};

export function writeJson(file: string, data: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
}
