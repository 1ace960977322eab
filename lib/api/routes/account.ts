// Logging in for a token, password resets and invitations.
import { z } from 'zod';
import {
  API_CODE_REQUIRED,
  API_CODE_WRONG,
  API_SET_UP_TWO_FACTOR,
  API_SSO_REQUIRED,
  apiLogin,
  type ApiLoginResult,
} from '@/lib/features/auth/api-login';
import { hashPassword } from '@/lib/features/auth/password';
import { RESET_REQUESTED, queuePasswordReset, resetInput, resetPassword, resetRequestInput } from '@/lib/features/auth/password-reset';
import { UserError } from '@/lib/infra/errors';
import { withTenant } from '@/lib/tenancy';
import { acceptInput, acceptInvitation, invitationInput, queueInvitation } from '@/lib/features/users/invitations';
import { auditApiAdmin } from '../audit';
import { assertWritable, requireApiUser } from '../auth';
import { readJson } from '../body';
import { jsonAnswer } from '../answer';
import { define, error, json, type ApiApp } from '../define';
import { apiLog } from '../log';
import { jsonError } from '../errors';
import { bearer, LoginAnswer } from '../schemas';
import { tryAgainIn } from '@/lib/infra/format';
import { countLoginRefusal, type LoginRefusal } from '@/lib/infra/metrics';

/** The metrics' reason for each refusal of POST /api/login. */
const API_REFUSAL: Record<Exclude<ApiLoginResult['kind'], 'ok'>, LoginRefusal> = {
  limited: 'rate_limited',
  denied: 'credentials',
  'code-required': 'two_factor',
  'code-wrong': 'two_factor',
  'set-up-two-factor': 'set_up_two_factor',
  'sso-required': 'sso_required',
};

const loginInput = z
  .object({
    email: z
      .string({ error: 'email is required.' })
      .trim()
      .toLowerCase()
      .max(254, 'email is too long.')
      // NUL cannot reach PostgreSQL text (it would be a 500); no address has control characters.
      .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'email contains control characters.'),
    password: z.string({ error: 'password is required.' }).min(1, 'password is required.').max(200, 'password is too long.'),
    code: z
      .string()
      .max(64, 'code is too long.')
      .optional()
      .openapi({ description: 'Two-factor code (6 digits) or a recovery code, for accounts with two-factor' }),
  })
  .strict();

const inviteBody = invitationInput.strict();
const acceptBody = acceptInput.extend({ token: z.string({ error: 'token is required.' }) }).strict();

const jsonBody = (schema: z.ZodType) => ({ body: { content: { 'application/json': { schema } }, required: true } });

export function accountRoutes(app: ApiApp): void {
  define(
    app,
    {
      method: 'post',
      path: '/api/login',
      summary: 'A bearer token for this organisation only (30 days)',
      tags: ['auth'],
      request: jsonBody(loginInput),
      responses: {
        200: json(LoginAnswer, 'Logged in'),
        400: error('Invalid input'),
        401: error('Wrong email or password; or the account has two-factor and the code is missing or wrong'),
        403: error('An admin who must set up two-factor first, or a member of an organisation that requires single sign-on'),
        404: error('Unknown host'),
        429: error('Too many attempts (Retry-After says when to try again)'),
      },
    },
    async (c) => {
      const tenant = c.get('tenant');
      const { email, password, code } = await readJson(c, loginInput);
      const address = c.env.address;
      const r = await apiLogin(tenant, email, password, address, code);
      if (r.kind !== 'ok') countLoginRefusal('api', API_REFUSAL[r.kind]);
      if (r.kind === 'limited') {
        apiLog(c).warn({ address, wait: r.wait }, 'api login refused: too many attempts');
        return jsonError(429, `Too many login attempts; ${tryAgainIn(r.wait)}.`, { 'Retry-After': String(r.wait) });
      }
      if (r.kind === 'denied') return jsonError(401, 'Wrong email or password.');
      if (r.kind === 'code-required') return jsonError(401, API_CODE_REQUIRED);
      if (r.kind === 'code-wrong') return jsonError(401, API_CODE_WRONG);
      if (r.kind === 'set-up-two-factor') return jsonError(403, API_SET_UP_TWO_FACTOR);
      if (r.kind === 'sso-required') return jsonError(403, API_SSO_REQUIRED);
      apiLog(c).info({ userId: r.user.id }, 'api login');
      return jsonAnswer({ token: r.token, expires_at: r.expires_at, user: r.user });
    },
  );

  define(
    app,
    {
      method: 'post',
      path: '/api/password-reset',
      summary: 'Ask for a reset link by email (the same answer whether or not the address has an account)',
      tags: ['auth'],
      request: jsonBody(resetRequestInput),
      responses: { 202: json(z.object({ message: z.string() }), 'Queued'), 400: error('Invalid input'), 404: error('Unknown host') },
    },
    async (c) => {
      const tenant = c.get('tenant');
      const { email } = await readJson(c, resetRequestInput);
      await withTenant(tenant, (db) => queuePasswordReset(db, tenant, email));
      return jsonAnswer({ message: RESET_REQUESTED }, 202);
    },
  );

  define(
    app,
    {
      method: 'post',
      path: '/api/password-reset/confirm',
      summary: 'Set a new password with a reset link (once)',
      tags: ['auth'],
      request: jsonBody(resetInput),
      responses: {
        200: json(z.object({ ok: z.literal(true) }), 'Done'),
        400: error('Invalid input, or a used, expired or unknown link'),
        404: error('Unknown host'),
      },
    },
    async (c) => {
      const tenant = c.get('tenant');
      const { token, password } = await readJson(c, resetInput);
      const hash = await hashPassword(password);
      await withTenant(tenant, (db) => resetPassword(db, token, hash));
      return jsonAnswer({ ok: true });
    },
  );

  define(
    app,
    {
      method: 'post',
      path: '/api/invitations',
      summary: 'Invite someone by email (tenant admins)',
      tags: ['users'],
      security: bearer,
      request: jsonBody(inviteBody),
      responses: {
        202: json(
          z.object({
            id: z.number().int(),
            email: z.string(),
            role: z.enum(['admin', 'member']),
            status: z.literal('queued'),
            expires_at: z.string(),
          }),
          'Queued (the email is sent by a job)',
        ),
        400: error('Invalid input'),
        401: error('No token or a bad token'),
        403: error('Not an admin; read-only or suspended organisation'),
        404: error('Unknown host'),
        409: error('Already a user, or the user quota is used up'),
      },
    },
    async (c) => {
      const tenant = c.get('tenant');
      assertWritable(tenant);
      const input = await readJson(c, inviteBody);
      const { inv, user } = await withTenant(tenant, async (db) => {
        const user = await requireApiUser(c, db);
        if (user.role !== 'admin') throw new UserError('Only an admin of this organisation can invite people.', 403);
        return { inv: await queueInvitation(db, tenant, user.id, input), user };
      });
      await auditApiAdmin(c, user, 'user.invite', { user: inv.email, role: inv.role });
      return jsonAnswer({ id: inv.id, email: inv.email, role: inv.role, status: 'queued', expires_at: inv.expires_at }, 202);
    },
  );

  define(
    app,
    {
      method: 'post',
      path: '/api/invitations/accept',
      summary: 'Accept an invitation link (once): creates the user',
      tags: ['users'],
      request: jsonBody(acceptBody),
      responses: {
        201: json(z.object({ email: z.string(), role: z.enum(['admin', 'member']) }), 'Created'),
        400: error('Invalid input, or a used, expired or unknown link'),
        403: error('Read-only or suspended organisation'),
        404: error('Unknown host'),
      },
    },
    async (c) => {
      const tenant = c.get('tenant');
      assertWritable(tenant);
      const { token, ...input } = await readJson(c, acceptBody);
      const hash = await hashPassword(input.password);
      const user = await withTenant(tenant, (db) => acceptInvitation(db, tenant, token, input, hash));
      return jsonAnswer({ email: user.email, role: user.role }, 201);
    },
  );
}
