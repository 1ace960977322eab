// Issue 24, item 2: one strength rule at every edge where a person sets a password.
import { describe, expect, it } from 'vitest';
import { signupInput } from '@/lib/features/organisation/actions/signup-input';
import { createTenantInput } from '@/lib/features/admin/inputs';
import { resetInput } from '@/lib/features/auth/password-reset';
import { createSuperuser } from '@/lib/features/auth/superusers';
import { acceptInput } from '@/lib/features/users/invitations';
import { newPasswordSchema, newUserFormInput } from '@/lib/features/auth/users';
import { weakPasswordReason } from './password';

const WEAK = ['password', '12345678', 'aaaaaaaa', 'password123', 'qwertyuiop', 'abcdefgh'];
const STRONG = ['correct horse battery', 'copper-kettle-meadow-7', 'vivid-harbour-lantern-42'];

describe('password strength (zxcvbn-ts)', () => {
  it('refuses common, repeated and keyboard passwords with a sentence that says why and what to do', () => {
    for (const p of WEAK) {
      const why = weakPasswordReason(p);
      expect(why, p).toMatch(/^This password is too weak: .+\. Use a longer one, for example three or four unrelated words\.$/);
    }
    expect(weakPasswordReason('password')).toContain('one of the most common passwords');
    expect(weakPasswordReason('aaaaaaaa')).toContain('repeats the same characters');
    for (const p of STRONG) expect(weakPasswordReason(p), p).toBeNull();
  });

  it('the shared zod rule: the length sentence for short ones (not both), the strength sentence otherwise', () => {
    expect(newPasswordSchema.safeParse('short').error?.issues.map((i) => i.message)).toEqual(['Password must be at least 8 characters.']);
    expect(newPasswordSchema.safeParse('password').error?.issues[0].message).toMatch(/too weak/);
    expect(newPasswordSchema.safeParse('copper-kettle-meadow-7').success).toBe(true);
  });

  it('every edge uses it: signup, add user, invitation, reset, the superuser’s tenant form', () => {
    for (const weak of ['password', '12345678', 'aaaaaaaa']) {
      const signup = signupInput.safeParse({ name: 'Org', subdomain: 'org-x', email: 'a@org.test', password: weak, publicReads: 'off' });
      expect(signup.error?.issues.find((i) => i.path[0] === 'password')?.message, weak).toMatch(/too weak/);
      expect(newUserFormInput.safeParse({ email: 'a@org.test', password: weak }).error?.issues[0].message).toMatch(/too weak/);
      expect(acceptInput.safeParse({ name: 'A', password: weak }).error?.issues[0].message).toMatch(/too weak/);
      expect(resetInput.safeParse({ token: 't', password: weak }).error?.issues[0].message).toMatch(/too weak/);
      const tenant = createTenantInput.safeParse({
        schema: 'org_x',
        name: 'Org',
        domain: 'org-x.localhost',
        paidUntil: '',
        onTrial: true,
        adminEmail: 'a@org.test',
        adminPassword: weak,
      });
      expect(tenant.error?.issues.find((i) => i.path[0] === 'adminPassword')?.message, weak).toMatch(/too weak/);
    }
    expect(
      signupInput.safeParse({ name: 'Org', subdomain: 'org-x', email: 'a@org.test', password: STRONG[0], publicReads: 'off' }).success,
    ).toBe(true);
  });

  it('createSuperuser (the CLI and the bootstrap) refuses before touching the database', async () => {
    const db = new Proxy(
      {},
      {
        get: () => {
          throw new Error('no database here');
        },
      },
    ) as never;
    await expect(createSuperuser(db, 'op@quorum.test', '12345678')).rejects.toThrow(/too weak/);
  });
});
