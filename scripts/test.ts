// `npm test`: ESLint, Prettier, knip and tsc (each a check: a finding fails the run), unit + integration tests
// (vitest, against a throwaway PostgreSQL + PgBouncer), then the Playwright end-to-end suite. Prints
// one closing line with the totals (each check counts as one passed or failed item).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const tmp = path.resolve('.tmp');
mkdirSync(tmp, { recursive: true });
const vitestJson = path.join(tmp, 'vitest-report.json');
const playwrightJson = path.join(tmp, 'playwright-report.json');
rmSync(vitestJson, { force: true });
rmSync(playwrightJson, { force: true });

const skipE2e = process.argv.includes('--no-e2e') || process.env.SKIP_E2E === '1';
const bin = (name: string) => path.resolve('node_modules', '.bin', name);

function step(title: string, cmd: string, args: string[], env: Record<string, string> = {}): number {
  console.log(`\n=== ${title} ===`);
  const r = spawnSync(cmd, args, {
    stdio: 'inherit',
    env: { VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true', ...process.env, ...env } as NodeJS.ProcessEnv,
  });
  return r.status ?? 1;
}

let passed = 0;
let failed = 0;
let skipped = 0;
const failures: string[] = []; // named again at the end, where a CI log's tail shows them

// Static checks first (seconds, and they name the file): ESLint errors fail the run, warnings do not;
// Prettier must find every file formatted; knip finds no unused file, export or dependency; tsc no type error. The tests still run after a failing check.
let checksFailed = false;
for (const [title, cmd, args] of [
  ['eslint', bin('eslint'), ['.']],
  ['prettier --check', bin('prettier'), ['--check', '.']],
  ['knip', bin('knip'), []],
  ['tsc --noEmit', bin('tsc'), ['--noEmit']],
] as const) {
  if (step(title, cmd, [...args]) === 0) passed++;
  else {
    failed++;
    checksFailed = true;
    failures.push(title);
  }
}

// One production build for every HTTP-level test (vitest integration files and Playwright).
const buildCode = step('next build (.next-test)', process.execPath, [path.resolve('node_modules/next/dist/bin/next'), 'build'], {
  NEXT_DIST_DIR: '.next-test',
  NODE_ENV: 'production',
});
if (buildCode !== 0) {
  console.log(`\n${passed} passed, ${failed + 1} failed`);
  process.exit(1);
}

// The integration-citus project needs Citus (../shared/citus/install.sh); CI always installs it.
const citusInstalled = existsSync('/usr/lib/postgresql/15/lib/citus.so');
if (!citusInstalled && process.env.CI !== 'true') {
  console.warn('\n!!! Citus is not installed: skipping the integration-citus tests (bash ../shared/citus/install.sh, as root)\n');
}
const projects = citusInstalled || process.env.CI === 'true' ? [] : ['--project', 'unit', '--project', 'integration'];
const vitestCode = step('vitest (unit + integration + integration-citus)', bin('vitest'), [
  'run',
  ...projects,
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
]);
if (existsSync(vitestJson)) {
  const r = JSON.parse(readFileSync(vitestJson, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    testResults?: {
      name: string;
      message?: string;
      assertionResults: { fullName: string; status: string; failureMessages?: string[] }[];
    }[];
  };
  for (const file of r.testResults ?? []) {
    const where = path.relative(process.cwd(), file.name);
    const failedTests = file.assertionResults.filter((a) => a.status === 'failed');
    for (const a of failedTests) failures.push(`${where} › ${a.fullName}${why(a.failureMessages?.[0])}`);
    // A file that fails before its tests run (a hook, an import) has no failed assertion: name the file.
    if (failedTests.length === 0 && file.message) failures.push(`${where} › (the file itself)${why(file.message)}`);
  }
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + r.numTodoTests;
}
if (vitestCode !== 0 && failed === 0) failed++; // a crash outside any test still fails the run

let e2eCode = 0;
if (!skipE2e) {
  e2eCode = step('playwright (end to end)', bin('playwright'), ['test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson,
    E2E_DIST_DIR: '.next-test',
    E2E_SKIP_BUILD: '1',
  });
  if (existsSync(playwrightJson)) {
    const r = JSON.parse(readFileSync(playwrightJson, 'utf8')) as {
      stats: { expected: number; unexpected: number; flaky: number; skipped: number };
      suites?: PlaywrightSuite[];
    };
    for (const suite of r.suites ?? []) failures.push(...playwrightFailures(suite));
    passed += r.stats.expected + r.stats.flaky;
    failed += r.stats.unexpected;
    skipped += r.stats.skipped;
  }
  if (e2eCode !== 0 && !existsSync(playwrightJson)) failed++;
}

if (failures.length > 0) console.log(`\nFailed:\n${failures.map((f) => `  ✗ ${f}`).join('\n')}`);
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(checksFailed || vitestCode !== 0 || e2eCode !== 0 ? 1 : 0);

/**
 * The first lines of a failure's message, indented under its name: the log's tail is often all
 * that is kept of a CI run, and a name alone does not say what went wrong.
 */
function why(message: string | undefined): string {
  if (!message) return '';
  const lines = message
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() && !/^\s+at /.test(l))
    .slice(0, 8)
    .map((l) => `      ${l.length > 240 ? `${l.slice(0, 240)}…` : l}`);
  return lines.length ? `\n${lines.join('\n')}` : '';
}

interface PlaywrightSuite {
  file?: string;
  suites?: PlaywrightSuite[];
  specs?: { title: string; file: string; line: number; tests: { status: string; results?: { error?: { message?: string } }[] }[] }[];
}

function playwrightFailures(suite: PlaywrightSuite): string[] {
  const own = (suite.specs ?? [])
    .filter((spec) => spec.tests.some((t) => t.status === 'unexpected'))
    .map((spec) => {
      const error = spec.tests.flatMap((t) => t.results ?? []).find((r) => r.error?.message)?.error?.message;
      return `${spec.file}:${spec.line} › ${spec.title}${why(error)}`;
    });
  return [...own, ...(suite.suites ?? []).flatMap(playwrightFailures)];
}
