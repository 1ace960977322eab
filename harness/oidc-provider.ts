/**
 * A real OpenID provider on loopback for the single sign-on tests (issue 23, part 4): the
 * certified `oidc-provider` package, one confidential client (client_secret_basic, PKCE required)
 * whose redirect URIs the test gives. Accounts are set by the test, with the `email_verified` it
 * wants. Node resolves no *.localhost: the issuer is http://127.0.0.1:<port>.
 * Two ways to sign in: by default an interaction signs in whichever account the test chose with
 * `signInAs` (no form) and consent is granted at once (HTTP tests); with `interactive: true` the
 * provider's own development pages ask, as a browser sees them: a login form whose "login" is the
 * account's key (any password), then a consent page (the e2e spec).
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface IdpAccount {
  email: string;
  email_verified: boolean;
  name?: string;
}

export interface TestIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, IdpAccount>;
  /** The account the next interaction signs in (its key in `accounts`). */
  signInAs(sub: string): void;
  /** How many times its discovery document was fetched. */
  discoveryFetches(): number;
  stop(): Promise<void>;
}

// oidc-provider ships no types; the little of it used here.
interface Interaction {
  uid: string;
  prompt: { name: string };
  params: Record<string, unknown>;
}
interface GrantLike {
  addOIDCScope(scope: string): void;
  save(): Promise<string>;
}
interface ProviderLike {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
  interactionFinished(req: IncomingMessage, res: ServerResponse, result: object, opts?: object): Promise<void>;
  Grant: { new (o: { accountId: string; clientId: string }): GrantLike; find(id: string): Promise<GrantLike | undefined> };
}
interface GrantCtx {
  oidc: {
    provider: ProviderLike;
    client: { clientId: string };
    session: { accountId: string; grantIdFor(clientId: string): string | undefined };
    result?: { consent?: { grantId?: string } };
  };
}

export async function startTestIdp(redirectUris: string[], opts: { interactive?: boolean } = {}): Promise<TestIdp> {
  const { default: Provider } = (await import('oidc-provider')) as unknown as {
    default: new (issuer: string, config: object) => ProviderLike;
  };
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'quorum-test';
  const clientSecret = randomBytes(24).toString('base64url');
  const accounts = new Map<string, IdpAccount>();
  let next: string | null = null;
  const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: redirectUris,
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...jwk, use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    pkce: { required: () => true },
    ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    findAccount: (_ctx: unknown, sub: string) => {
      const a = accounts.get(sub);
      return a ? { accountId: sub, claims: () => ({ sub, ...a }) } : undefined;
    },
    ...(opts.interactive
      ? // oidc-provider's own login and consent pages (at /interaction/<uid>).
        { features: { devInteractions: { enabled: true } } }
      : {
          features: { devInteractions: { enabled: false } },
          interactions: { url: (_ctx: unknown, i: Interaction) => `/interaction/${i.uid}` },
          // First-party client: consent is granted without asking (oidc-provider's documented recipe).
          loadExistingGrant: async (ctx: GrantCtx) => {
            const id = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
            if (id) return ctx.oidc.provider.Grant.find(id);
            const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
            grant.addOIDCScope('openid email profile');
            await grant.save();
            return grant;
          },
        }),
  });
  const handler = provider.callback();
  let discoveries = 0;
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.url?.startsWith('/.well-known/openid-configuration')) discoveries++;
    if (opts.interactive || !req.url?.startsWith('/interaction/')) return handler(req, res);
    void (async () => {
      try {
        await provider.interactionDetails(req, res);
        if (!next) throw new Error('the test did not say whom to sign in (signInAs)');
        await provider.interactionFinished(req, res, { login: { accountId: next } }, { mergeWithLastSubmission: false });
      } catch (err) {
        res.statusCode = 500;
        res.end(String(err));
      }
    })();
  });
  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    signInAs: (sub) => void (next = sub),
    discoveryFetches: () => discoveries,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
