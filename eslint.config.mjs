// ESLint (flat config): Next's core-web-vitals and typescript-eslint's recommended rules, plus
// import-boundary rules that encode the layers of ARCHITECTURE.md. `npm test` runs `eslint .`
// and fails on any error; warnings (a few noisy stylistic rules) are reported but do not fail.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

// Production code only: tests, e2e specs, benches and scripts may reach into any layer.
const TESTS = ['**/*.test.ts', 'test/**', 'harness/**', 'e2e/**', 'bench/**', 'scripts/**'];

const NO_UI_FROM_LIB = {
  group: ['@/app/*', '@/components/*', '**/app/*', '**/components/*'],
  message: 'lib/ never imports app/ or components/: move the shared part into lib/ (see ARCHITECTURE.md).',
};
const TENANCY_PUBLIC_FACE = {
  // '**/tenancy/*' also catches relative paths ('./lib/tenancy/x', '../tenancy/x').
  group: ['**/tenancy/*', '!**/tenancy/host', '!**/tenancy/routing', '!**/tenancy/schema-name', '!**/tenancy/request'],
  message:
    "Import the tenancy core through its public face: '@/lib/tenancy' (server), '@/lib/tenancy/request' (this request's tenant) or the pure host/routing/schema-name files.",
};
// lib/platform/ also reaches the core's operator face (schema and role DDL, migration steps, cache invalidation).
const TENANCY_OPERATOR_FACE = {
  group: [...TENANCY_PUBLIC_FACE.group, '!**/tenancy/operator'],
  message: "lib/platform/ imports the tenancy core through '@/lib/tenancy', '@/lib/tenancy/operator' or the pure helpers.",
};

// The tiers of lib/, bottom to top (ARCHITECTURE.md): each imports only from the tiers under it.
// A tier's rule lists the folders it must not import; '**/x/*' also catches relative paths.
const TIERS = ['config', 'infra', 'tenancy', 'platform', 'web', 'features', 'jobs', 'http', 'api', 'entry', 'cli'];
const ABOVE = {
  config: TIERS.slice(1),
  infra: TIERS.slice(2),
  tenancy: TIERS.slice(3),
  platform: ['web', 'features', 'jobs', 'http', 'api', 'entry', 'cli'],
  web: ['platform', 'features', 'jobs', 'http', 'api', 'entry', 'cli'],
  features: ['jobs', 'http', 'api', 'entry', 'cli'],
  jobs: ['http', 'api', 'entry', 'cli'],
  http: ['jobs', 'api', 'entry', 'cli'],
  // lib/api: the JSON API (Hono), over the features and the request plumbing; served by entry (server.ts) and app/.
  api: ['jobs', 'entry', 'cli'],
  entry: ['cli'],
  cli: [],
};
const above = (tier) => ({
  group: ABOVE[tier].flatMap((t) => [`**/lib/${t}`, `**/lib/${t}/*`, `../${t}`, `../${t}/*`, `../../${t}`, `../../${t}/*`]),
  message: `lib/${tier}/ imports only the tiers under it (${TIERS.slice(0, TIERS.indexOf(tier)).join(', ') || 'none'}): see ARCHITECTURE.md.`,
});
// The sealed core needs only the database, errors and logging from infra/: no tenant files, mail or job queue.
const TENANCY_SEALED = {
  group: ['**/infra/storage/*', '**/infra/mail/*', '**/infra/queue/*'],
  message: 'lib/tenancy/ imports no feature, platform or tenant-file code: take a callback instead (see provisionTenant onCreated).',
};
// Traces (issue 25, part 2): lib/ speaks to OpenTelemetry through its API (a no-op while tracing is
// off); the SDK and the exporter are loaded by lib/entry/tracing.ts alone, and only with an endpoint.
const OTEL_API_ONLY = {
  group: ['@opentelemetry/*', '!@opentelemetry/api'],
  message: "lib/ imports only '@opentelemetry/api': the SDK is started by lib/entry/tracing.ts (see README, Traces).",
};

// Only lib/tenancy/ writes the tenant context (SECURITY.md, tenant isolation).
const NO_SEARCH_PATH = [
  {
    selector: 'Literal[value=/search_path|set_config/i]',
    message: 'Only lib/tenancy/ may set search_path: use withTenant / tenantStatement.',
  },
  {
    selector: 'TemplateElement[value.raw=/search_path|set_config/i]',
    message: 'Only lib/tenancy/ may set search_path: use withTenant / tenantStatement.',
  },
];
const NO_SQL_IN_APP = [
  ...NO_SEARCH_PATH,
  {
    selector:
      "TaggedTemplateExpression[tag.name='sql'], CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom)$/]",
    message: 'app/ builds no SQL: put the query in lib/ and call it.',
  },
];

export default defineConfig([
  js.configs.recommended,
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    'node_modules/**',
    '.next/**',
    '.next-*/**',
    '.data/**',
    '.tmp/**',
    'bench/results/**',
    'test-results/**',
    'playwright-report/**',
    'next-env.d.ts',
  ]),
  {
    rules: {
      // `_`-prefixed arguments and variables are deliberately unused (server action signatures, destructuring).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Input validation here matches control characters on purpose (hosts, emails, poll texts).
      'no-control-regex': 'off',
    },
  },
  // Playwright fixtures: `use` is Playwright's callback, not React's hook, and `async ({}, use)` is its documented shape.
  {
    files: ['e2e/**'],
    rules: {
      'react-hooks/rules-of-hooks': 'off',
      'no-empty-pattern': 'off',
    },
  },
  // Everything outside lib/tenancy/: the tenancy core only through its public face; no search_path.
  {
    files: ['**/*.{ts,tsx,mjs}'],
    ignores: ['lib/tenancy/**', 'eslint.config.mjs', ...TESTS],
    rules: {
      'no-restricted-imports': ['error', { patterns: [TENANCY_PUBLIC_FACE] }],
      'no-restricted-syntax': ['error', ...NO_SEARCH_PATH],
    },
  },
  // A file of lib/ outside the tiers still never imports the UI and reaches the core through its face.
  {
    files: ['lib/**/*.{ts,tsx}'],
    ignores: [...TIERS.map((t) => `lib/${t}/**`), ...TESTS],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_UI_FROM_LIB, TENANCY_PUBLIC_FACE] }] },
  },
  // lib/<tier>/: never the UI layers, only the tiers under it, the tenancy core through its face.
  ...TIERS.map((tier) => ({
    files: [`lib/${tier}/**/*.{ts,tsx}`],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NO_UI_FROM_LIB,
            ...(tier === 'tenancy' ? [TENANCY_SEALED] : [tier === 'platform' ? TENANCY_OPERATOR_FACE : TENANCY_PUBLIC_FACE]),
            ...(ABOVE[tier].length ? [above(tier)] : []),
            ...(tier === 'entry' ? [] : [OTEL_API_ONLY]),
          ],
        },
      ],
    },
  })),
  // app/: no query builder, no database driver, no SQL.
  {
    files: ['app/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'kysely', message: 'app/ builds no SQL: put the query in lib/ and call it.' },
            { name: 'pg', message: 'app/ builds no SQL: put the query in lib/ and call it.' },
          ],
          patterns: [
            TENANCY_PUBLIC_FACE,
            { group: ['kysely/*', '@/lib/infra/db/*', '**/infra/db/*'], message: 'app/ builds no SQL: put the query in lib/ and call it.' },
          ],
        },
      ],
      'no-restricted-syntax': ['error', ...NO_SQL_IN_APP],
    },
  },
]);
