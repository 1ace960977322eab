// The import-boundary rules of eslint.config.mjs, checked on small snippets placed (virtually) in
// each layer: each rule must fire where the layering forbids something and stay quiet where it
// allows it, so a config change that silently disables a boundary fails here.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

const BOUNDARY_RULES = new Set(['no-restricted-imports', 'no-restricted-syntax']);

/** The boundary rules a snippet breaks if it lived at `filePath` (other findings are ignored). */
async function ruleHits(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => m.ruleId ?? m.message).filter((r) => BOUNDARY_RULES.has(r));
}

describe('layer boundaries (eslint.config.mjs)', () => {
  it('lib/ never imports app/ or components/', async () => {
    expect(await ruleHits('lib/features/polls/x.ts', "import { Button } from '@/components/ui';\nexport const b = Button;\n")).toContain(
      'no-restricted-imports',
    );
    expect(await ruleHits('lib/features/polls/x.ts', "import { GET } from '@/app/api/health/route';\nexport const g = GET;\n")).toContain(
      'no-restricted-imports',
    );
    expect(
      await ruleHits('lib/features/polls/x.ts', "import { UserError } from '@/lib/infra/errors';\nexport const e = UserError;\n"),
    ).toEqual([]);
  }, 60_000);

  it('lib/tenancy/ imports no feature, platform or tenant-file code', async () => {
    for (const mod of [
      '@/lib/features/auth/password',
      '@/lib/features/users/manage',
      '@/lib/features/polls/polls',
      '@/lib/web/action',
      '@/lib/platform',
      '@/lib/infra/storage/storage',
    ]) {
      expect(await ruleHits('lib/tenancy/x.ts', `import * as m from '${mod}';\nexport const x = m;\n`), mod).toContain(
        'no-restricted-imports',
      );
    }
    expect(
      await ruleHits('lib/tenancy/x.ts', "import { hashPassword } from '../features/auth/password';\nexport const h = hashPassword;\n"),
    ).toContain('no-restricted-imports');
    expect(await ruleHits('lib/tenancy/x.ts', "import { directDb } from '@/lib/infra/db/pool';\nexport const d = directDb;\n")).toEqual([]);
  }, 60_000);

  it('lib/ imports only the OpenTelemetry API; the SDK only in lib/entry/', async () => {
    for (const mod of ['@opentelemetry/sdk-trace', '@opentelemetry/exporter-trace-otlp-http', '@opentelemetry/context-async-hooks']) {
      expect(await ruleHits('lib/tenancy/x.ts', `import * as m from '${mod}';\nexport const x = m;\n`), mod).toContain(
        'no-restricted-imports',
      );
      expect(await ruleHits('lib/api/x.ts', `import * as m from '${mod}';\nexport const x = m;\n`), mod).toContain('no-restricted-imports');
      expect(await ruleHits('lib/entry/x.ts', `import * as m from '${mod}';\nexport const x = m;\n`), mod).toEqual([]);
    }
    expect(await ruleHits('lib/tenancy/x.ts', "import { trace } from '@opentelemetry/api';\nexport const t = trace;\n")).toEqual([]);
  }, 60_000);

  it('outside lib/tenancy/, only its public face', async () => {
    expect(
      await ruleHits('lib/features/polls/x.ts', "import { withTenant } from '@/lib/tenancy/with-tenant';\nexport const w = withTenant;\n"),
    ).toContain('no-restricted-imports');
    expect(
      await ruleHits('app/x/page.tsx', "import { setTenantSchema } from '@/lib/tenancy/schema-ops';\nexport const s = setTenantSchema;\n"),
    ).toContain('no-restricted-imports');
    // Relative paths too.
    expect(
      await ruleHits('middleware.ts', "import { withTenant } from './lib/tenancy/with-tenant';\nexport const w = withTenant;\n"),
    ).toContain('no-restricted-imports');
    expect(
      await ruleHits(
        'lib/features/polls/x.ts',
        "import { migrateShared } from '../tenancy/migrate/runner';\nexport const m = migrateShared;\n",
      ),
    ).toContain('no-restricted-imports');
    const allowed = [
      "import { classifyHost } from '../tenancy/host';",
      "import { withTenant } from '@/lib/tenancy';",
      "import { requestTenant } from '@/lib/tenancy/request';",
      "import { normalizeHost } from '@/lib/tenancy/host';",
      "import { rootDomain } from '@/lib/tenancy/routing';",
      "import { validateSchemaName } from '@/lib/tenancy/schema-name';",
    ];
    for (const line of allowed) expect(await ruleHits('lib/features/polls/x.ts', `${line}\nexport {};\n`), line).toEqual([]);
  }, 60_000);

  it('only lib/tenancy/ mentions search_path or set_config', async () => {
    const code = "export const q = \"select set_config('search_path', 'x', true)\";\n";
    expect(await ruleHits('lib/features/polls/x.ts', code)).toContain('no-restricted-syntax');
    expect(await ruleHits('lib/features/polls/x.ts', 'export const q = `set search_path to ${"x"}`;\n')).toContain('no-restricted-syntax');
    expect(await ruleHits('lib/tenancy/x.ts', code)).toEqual([]);
  }, 60_000);

  it('app/ builds no SQL', async () => {
    expect(await ruleHits('app/x/route.ts', "import { sql } from 'kysely';\nexport const s = sql;\n")).toContain('no-restricted-imports');
    expect(await ruleHits('app/x/route.ts', "import { pooledDb } from '@/lib/infra/db/pool';\nexport const p = pooledDb;\n")).toContain(
      'no-restricted-imports',
    );
    expect(await ruleHits('app/x/route.ts', "declare const db: any;\nexport const q = db.selectFrom('polls');\n")).toContain(
      'no-restricted-syntax',
    );
    expect(
      await ruleHits('app/x/route.ts', "import { listPolls } from '@/lib/features/polls/polls';\nexport const l = listPolls;\n"),
    ).toEqual([]);
  }, 60_000);
  // One forbidden import (the tier right above, or the top) and one allowed import (the tier right under) per tier.
  const TIER_CASES: Array<{ tier: string; refused: string[]; allowed: string[] }> = [
    { tier: 'config', refused: ['@/lib/infra/log'], allowed: [] },
    { tier: 'infra', refused: ['@/lib/tenancy', '@/lib/cli/runtime'], allowed: ['@/lib/config/env'] },
    {
      tier: 'tenancy',
      refused: ['@/lib/platform', '@/lib/infra/mail/mailer', '@/lib/infra/queue/queue'],
      allowed: ['@/lib/infra/db/pool'],
    },
    {
      tier: 'platform',
      refused: ['@/lib/web/action', '@/lib/features/auth/session'],
      allowed: ['@/lib/tenancy/operator', '@/lib/tenancy'],
    },
    { tier: 'web', refused: ['@/lib/platform', '@/lib/features/polls/polls'], allowed: ['@/lib/infra/errors'] },
    {
      tier: 'features',
      refused: ['@/lib/jobs/tasks', '@/lib/api/errors', '@/lib/tenancy/operator'],
      allowed: ['@/lib/platform', '@/lib/web/action'],
    },
    { tier: 'jobs', refused: ['@/lib/api/errors', '@/lib/entry/workers'], allowed: ['@/lib/features/polls/closing'] },
    { tier: 'http', refused: ['@/lib/entry/workers', '@/lib/jobs/tasks'], allowed: ['@/lib/features/auth/api-tokens'] },
    {
      tier: 'api',
      refused: ['@/lib/entry/workers', '@/lib/jobs/tasks'],
      allowed: ['@/lib/features/polls/polls', '@/lib/http/request-gate'],
    },
    { tier: 'entry', refused: ['@/lib/cli/program'], allowed: ['@/lib/jobs/worker', '@/lib/api/errors'] },
    { tier: 'cli', refused: ['@/components/ui', '@/lib/tenancy/schema-ops'], allowed: ['@/lib/entry/workers'] },
  ];
  for (const { tier, refused, allowed } of TIER_CASES) {
    it(`lib/${tier}/ imports only the tiers under it`, async () => {
      for (const mod of refused) {
        expect(await ruleHits(`lib/${tier}/x/y.ts`, `import * as m from '${mod}';\nexport const x = m;\n`), mod).toContain(
          'no-restricted-imports',
        );
      }
      for (const mod of allowed) {
        expect(await ruleHits(`lib/${tier}/x/y.ts`, `import * as m from '${mod}';\nexport const x = m;\n`), mod).toEqual([]);
      }
    }, 60_000);
  }
  it('relative paths are caught too', async () => {
    expect(await ruleHits('lib/infra/x.ts', "import * as m from '../features/polls/polls';\nexport const x = m;\n")).toContain(
      'no-restricted-imports',
    );
    expect(await ruleHits('lib/features/x.ts', "import * as m from '../jobs/tasks';\nexport const x = m;\n")).toContain(
      'no-restricted-imports',
    );
  }, 60_000);
});
