// Issue 24, item 3: `npm start` on a production database (DATABASE_URL set, not the embedded one)
// creates neither the demo tenant nor a superuser unless QUORUM_BOOTSTRAP asks for them.
// scripts/run.ts calls bootstrap(rootHost, bootstrapWants(process.env.QUORUM_BOOTSTRAP, embedded)).
import { afterAll, describe, expect, it } from 'vitest';
import { findSuperuserByEmail } from '@/lib/features/auth/superusers';
import { closePools, directDb } from '@/lib/infra/db/pool';
import { bootstrap, bootstrapWants } from '@/lib/entry/demo-bootstrap';
import { findTenantBySchema } from '@/lib/platform';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';

const ROOT = 'boot24.localhost';

afterAll(async () => {
  await stopTenancyListener();
  await closePools();
});

describe('first-run bootstrap', () => {
  it('QUORUM_BOOTSTRAP: both by default on the embedded database, neither on DATABASE_URL; a typo is an error', () => {
    expect(bootstrapWants(undefined, true)).toEqual({ superuser: true, demo: true });
    expect(bootstrapWants(undefined, false)).toEqual({ superuser: false, demo: false });
    expect(bootstrapWants('', false)).toEqual({ superuser: false, demo: false });
    expect(bootstrapWants('superuser', false)).toEqual({ superuser: true, demo: false });
    expect(bootstrapWants(' Demo , superuser ', false)).toEqual({ superuser: true, demo: true });
    expect(bootstrapWants('none', true)).toEqual({ superuser: false, demo: false });
    expect(() => bootstrapWants('demos', false)).toThrow(/QUORUM_BOOTSTRAP must be/);
    expect(() => bootstrapWants('none,demo', false)).toThrow(/QUORUM_BOOTSTRAP must be/);
  });

  it('on a production database (QUORUM_BOOTSTRAP unset) it migrates and creates no demo tenant and no superuser', async () => {
    const boot = await bootstrap(ROOT, bootstrapWants(undefined, false));
    expect(boot.superuser).toBeUndefined();
    expect(boot.demo).toBeUndefined();
    expect(await findTenantBySchema(directDb(), 'demo')).toBeUndefined();
    expect(await findSuperuserByEmail(directDb(), `admin@${ROOT}`)).toBeUndefined();
  }, 120_000);

  it('QUORUM_BOOTSTRAP=superuser creates a superuser (strong random password, shown once) and still no demo', async () => {
    const boot = await bootstrap(ROOT, bootstrapWants('superuser', false));
    // Another test file may have made a superuser first: then none is created, which is the rule too.
    if (boot.superuser) {
      expect(boot.superuser.email).toBe(`admin@${ROOT}`);
      expect(boot.superuser.password.length).toBeGreaterThanOrEqual(16);
    }
    expect(boot.demo).toBeUndefined();
    expect(await findTenantBySchema(directDb(), 'demo')).toBeUndefined();
  }, 120_000);
});
