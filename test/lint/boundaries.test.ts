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
    expect(await ruleHits('lib/polls/x.ts', "import { Button } from '@/components/ui';\nexport const b = Button;\n")).toContain(
      'no-restricted-imports',
    );
    expect(await ruleHits('lib/polls/x.ts', "import { GET } from '@/app/api/health/route';\nexport const g = GET;\n")).toContain(
      'no-restricted-imports',
    );
    expect(await ruleHits('lib/polls/x.ts', "import { UserError } from '@/lib/infra/errors';\nexport const e = UserError;\n")).toEqual([]);
  }, 60_000);

  it('lib/tenancy/ imports no feature code', async () => {
    for (const mod of ['@/lib/auth/password', '@/lib/users/users', '@/lib/polls/polls', '@/lib/actions/action']) {
      expect(await ruleHits('lib/tenancy/x.ts', `import * as m from '${mod}';\nexport const x = m;\n`), mod).toContain(
        'no-restricted-imports',
      );
    }
    expect(
      await ruleHits('lib/tenancy/x.ts', "import { hashPassword } from '../auth/password';\nexport const h = hashPassword;\n"),
    ).toContain('no-restricted-imports');
    expect(await ruleHits('lib/tenancy/x.ts', "import { directDb } from '@/lib/infra/db/pool';\nexport const d = directDb;\n")).toEqual([]);
  }, 60_000);

  it('outside lib/tenancy/, only its public face', async () => {
    expect(
      await ruleHits('lib/polls/x.ts', "import { withTenant } from '@/lib/tenancy/with-tenant';\nexport const w = withTenant;\n"),
    ).toContain('no-restricted-imports');
    expect(
      await ruleHits('app/x/page.tsx', "import { setTenantSchema } from '@/lib/tenancy/schema-ops';\nexport const s = setTenantSchema;\n"),
    ).toContain('no-restricted-imports');
    // Relative paths too.
    expect(
      await ruleHits('middleware.ts', "import { withTenant } from './lib/tenancy/with-tenant';\nexport const w = withTenant;\n"),
    ).toContain('no-restricted-imports');
    expect(
      await ruleHits('lib/polls/x.ts', "import { migrateShared } from '../tenancy/migrate/runner';\nexport const m = migrateShared;\n"),
    ).toContain('no-restricted-imports');
    const allowed = [
      "import { classifyHost } from '../tenancy/host';",
      "import { withTenant } from '@/lib/tenancy';",
      "import { requestTenant } from '@/lib/tenancy/request';",
      "import { normalizeHost } from '@/lib/tenancy/host';",
      "import { rootDomain } from '@/lib/tenancy/routing';",
      "import { validateSchemaName } from '@/lib/tenancy/schema-name';",
    ];
    for (const line of allowed) expect(await ruleHits('lib/polls/x.ts', `${line}\nexport {};\n`), line).toEqual([]);
  }, 60_000);

  it('only lib/tenancy/ mentions search_path or set_config', async () => {
    const code = "export const q = \"select set_config('search_path', 'x', true)\";\n";
    expect(await ruleHits('lib/polls/x.ts', code)).toContain('no-restricted-syntax');
    expect(await ruleHits('lib/polls/x.ts', 'export const q = `set search_path to ${"x"}`;\n')).toContain('no-restricted-syntax');
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
    expect(await ruleHits('app/x/route.ts', "import { listPolls } from '@/lib/features/polls/polls';\nexport const l = listPolls;\n")).toEqual([]);
  }, 60_000);
});
