// Shared helpers for the bench scripts: argument parsing, statistics, tables, result files,
// and a snapshot of the machine (the box is shared, so every result records its load).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const RESULTS_DIR = path.join(ROOT, 'bench', 'results');

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** `--name value` / `--flag` parser; numbers are returned as strings, use num() to read them. */
export function parseArgs(argv: string[]): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const eq = a.indexOf('=');
    if (eq !== -1) {
      out[a.slice(2, eq)] = a.slice(eq + 1);
    } else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) {
      out[a.slice(2)] = argv[++i];
    } else {
      out[a.slice(2)] = true;
    }
  }
  return out;
}

export function num(args: Record<string, string | true>, name: string, def: number): number {
  const v = args[name];
  if (v === undefined) return def;
  const n = Number(v);
  if (v === true || !Number.isFinite(n)) throw new Error(`--${name} needs a number`);
  return n;
}

/** Nearest-rank percentile of an unsorted sample (p in 0..100). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const rank = Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length)));
  return s[rank - 1];
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function summarize(values: number[]) {
  return {
    n: values.length,
    min: Math.min(...values),
    p50: percentile(values, 50),
    p90: percentile(values, 90),
    p99: percentile(values, 99),
    max: Math.max(...values),
    mean: values.reduce((a, b) => a + b, 0) / values.length,
  };
}

export function fmt(n: number | null | undefined, digits = 1): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  return n.toFixed(digits);
}

/** Plain-text table with right-aligned cells (first column left-aligned). */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export interface Verdict {
  metric: string;
  value: number;
  unit: string;
  target: string;
  pass: boolean;
}

export function verdict(metric: string, value: number, unit: string, op: '<=' | '>=', limit: number): Verdict {
  return { metric, value, unit, target: `${op} ${limit}${unit ? ` ${unit}` : ''}`, pass: op === '<=' ? value <= limit : value >= limit };
}

export function printVerdicts(vs: Verdict[]): void {
  console.log(
    '\n' +
      table(
        ['figure', 'measured', 'target', 'result'],
        vs.map((v) => [
          v.metric,
          `${fmt(v.value, v.unit === 'x' ? 3 : 1)}${v.unit && v.unit !== 'x' ? ` ${v.unit}` : ''}`,
          v.target,
          v.pass ? 'met' : 'MISSED',
        ]),
      ),
  );
}

function sh(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

/** What ran where: machine, load (the box is shared), and the code under test. */
export function machineInfo() {
  return {
    date: new Date().toISOString(),
    host: os.hostname(),
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? '',
    memTotalGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    memFreeGiB: +(os.freemem() / 2 ** 30).toFixed(1),
    loadavg: os.loadavg().map((l) => +l.toFixed(2)),
    node: process.version,
    postgres: sh('/usr/lib/postgresql/15/bin/postgres', ['--version']),
    pgbouncer: sh('pgbouncer', ['--version']).split('\n')[0] ?? '',
    git: sh('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']),
    gitDirty: sh('git', ['-C', ROOT, 'status', '--porcelain', '--untracked-files=no']).split('\n').filter(Boolean).length,
  };
}

/** Writes bench/results/<name>-<timestamp>.json and returns its path. */
export function writeResult(name: string, data: unknown): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(RESULTS_DIR, `${name}-${stamp}.json`);
  fs.writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
  console.log(`\nresults: ${path.relative(ROOT, file)}`);
  return file;
}

/** Load average of the other core users, printed at phase boundaries so noisy rounds can be spotted. */
export function loadNote(): string {
  return `load ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
}

export function log(msg: string): void {
  const t = new Date().toISOString().slice(11, 19);
  console.log(`[${t}] ${msg}`);
}
