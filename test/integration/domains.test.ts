import { execFile } from 'node:child_process';
import dgram from 'node:dgram';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, directDb, pooledDb } from '@/lib/infra/db/pool';
import { installJobQueue } from '@/lib/jobs/worker';
import { migrateShared } from '@/lib/tenancy';
import { parseDnsServers, servesDomain, verifyDomain } from '@/lib/platform/domain-verification';
import { provisionTenantWithAdmin } from '@/lib/features/organisation/provision-with-admin';
import { resolveTenant, stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { addDomain, setPrimaryDomain } from '@/lib/platform/tenants';
import { request, startApp, type AppServer } from '@/harness/app-server';
import { startDns, type TestDns } from '@/harness/dns';
import { requirePooledUrl, testProcessEnv } from '@/harness/env';

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

let dns: TestDns;
let app: AppServer;

function cli(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const base = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...testProcessEnv() } as Record<
    string,
    string
  >;
  return new Promise((resolve) => {
    execFile(
      TSX,
      ['lib/cli/main.ts', ...args],
      { cwd: ROOT, env: { ...base, ...env } as NodeJS.ProcessEnv, timeout: 45_000, encoding: 'utf8' },
      (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
      },
    );
  });
}

async function tokenOf(domain: string): Promise<string> {
  const row = await directDb()
    .selectFrom('public.domains')
    .select('verification_token')
    .where('domain', '=', domain)
    .executeTakeFirstOrThrow();
  return row.verification_token!;
}

/** A loopback UDP port with nothing listening: queries there fail (refused or timed out). */
async function deadPort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

beforeAll(async () => {
  requirePooledUrl();
  await migrateShared(directDb());
  await installJobQueue();
  await provisionTenantWithAdmin(directDb(), {
    schema: 'dom_a',
    name: 'Dom A',
    domain: 'dom-a.localhost',
    admin: { email: 'a@dom-a.test', password: 'password123' },
  });
  dns = await startDns();
  process.env.DNS_SERVERS = dns.server;
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await dns?.stop();
  await stopTenancyListener();
  await closePools();
});

describe('verified custom domains', () => {
  it('DNS_SERVERS is parsed, and a malformed list is a sentence', () => {
    expect(parseDnsServers('127.0.0.1:5353, [::1]:53,10.0.0.1')).toEqual(['127.0.0.1:5353', '[::1]:53', '10.0.0.1:53']);
    expect(parseDnsServers('')).toBeNull();
    expect(() => parseDnsServers('dns.example:53')).toThrow(/not an IP address/);
  });

  it('a custom domain is pending (no routing) until its TXT record carries the token', async () => {
    const d = await addDomain(directDb(), 'dom_a', 'Polls.Example.org');
    expect(d).toMatchObject({ domain: 'polls.example.org', verified: false });
    const token = await tokenOf('polls.example.org');
    expect(token).toMatch(/^quorum-verify=[0-9a-f]{32}$/);
    expect(await resolveTenant('polls.example.org')).toBeNull();
    expect(await servesDomain(pooledDb(), 'polls.example.org')).toBe(false);
    await expect(addDomain(directDb(), 'dom_a', 'other.example.org', { primary: true })).rejects.toMatchObject({ status: 409 });
    await expect(setPrimaryDomain(directDb(), 'dom_a', 'polls.example.org')).rejects.toThrow(/pending verification/);

    // No record yet.
    await expect(verifyDomain(directDb(), 'dom_a', 'polls.example.org')).rejects.toThrow(/no TXT record was found/);
    // A wrong record: the message says what was found; the domain stays pending.
    dns.setTxt('_quorum-challenge.polls.example.org', [['quorum-verify=wrong']]);
    await expect(verifyDomain(directDb(), 'dom_a', 'polls.example.org')).rejects.toThrow(
      `Not verified: _quorum-challenge.polls.example.org should have the TXT value '${token}', but it has 'quorum-verify=wrong'.`,
    );
    expect(await resolveTenant('polls.example.org')).toBeNull();
    // The right token as a multi-string record (split in two strings), next to an unrelated record.
    dns.setTxt('_quorum-challenge.polls.example.org', [['v=spf1 -all'], [token.slice(0, 10), token.slice(10)]]);
    const ok = await verifyDomain(directDb(), 'dom_a', 'polls.example.org');
    expect(ok).toEqual({ domain: 'polls.example.org', verified: true, record: null });
    expect((await resolveTenant('polls.example.org'))?.schema).toBe('dom_a');
    expect(await servesDomain(pooledDb(), 'polls.example.org')).toBe(true);
    await setPrimaryDomain(directDb(), 'dom_a', 'dom-a.localhost');
  });

  it('an unreachable DNS server is a sentence, and the domain stays pending', async () => {
    await addDomain(directDb(), 'dom_a', 'dark.example.org');
    const saved = process.env.DNS_SERVERS;
    process.env.DNS_SERVERS = `127.0.0.1:${await deadPort()}`;
    try {
      const err = await verifyDomain(directDb(), 'dom_a', 'dark.example.org').catch((e: unknown) => e);
      expect(err).toMatchObject({ status: 503 });
      expect((err as Error).message).toMatch(/^The DNS server could not be asked \(\w+\); the domain stays pending/);
    } finally {
      process.env.DNS_SERVERS = saved;
    }
    expect(await resolveTenant('dark.example.org')).toBeNull();
  });

  it('the CLI prints the record on `domain add` and verifies with `domain verify`', async () => {
    const env = { DNS_SERVERS: dns.server };
    const add = await cli(env, 'domain', 'add', '--schema', 'dom_a', '--domain', 'cli.example.net');
    expect(add.code, add.stderr).toBe(0);
    const token = await tokenOf('cli.example.net');
    expect(add.stdout).toContain('pending verification');
    expect(add.stdout).toContain('name\t_quorum-challenge.cli.example.net');
    expect(add.stdout).toContain(`value\t${token}`);
    const early = await cli(env, 'domain', 'verify', '--schema', 'dom_a', '--domain', 'cli.example.net');
    expect(early.code).not.toBe(0);
    expect(early.stderr.trim().split('\n')).toHaveLength(1);
    expect(early.stderr).toMatch(/no TXT record was found/);
    dns.setTxt('_quorum-challenge.cli.example.net', [[token]]);
    const verify = await cli(env, 'domain', 'verify', '--schema', 'dom_a', '--domain', 'cli.example.net');
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toContain("cli.example.net is verified and routes to 'dom_a'");
  });

  it('HTTP: a pending domain 404s; tls-ask answers 200 only for verified domains and tenant subdomains', async () => {
    app = await startApp({ ...testProcessEnv() });
    await addDomain(directDb(), 'dom_a', 'waiting.example.org');
    const ask = (d: string) => request(app.port, app.rootDomain, 'GET', `/api/domains/tls-ask?domain=${encodeURIComponent(d)}`);
    expect((await ask('polls.example.org')).status).toBe(200);
    expect((await ask('dom-a.localhost')).status).toBe(200);
    expect((await ask('waiting.example.org')).status).toBe(404);
    expect((await ask('nobody.example.org')).status).toBe(404);
    expect((await ask('')).status).toBe(404);
    expect((await ask('bad host!')).status).toBe(404);
    // Only on the root host.
    expect((await request(app.port, `dom-a.localhost:${app.port}`, 'GET', '/api/domains/tls-ask?domain=dom-a.localhost')).status).toBe(404);
    // Routing: the verified custom domain answers, the pending one does not.
    const verified = await request<{ tenant: string }>(app.port, `polls.example.org:${app.port}`, 'GET', '/api/health');
    expect(verified.status).toBe(200);
    expect(verified.body.tenant).toBe('dom_a');
    expect((await request(app.port, `waiting.example.org:${app.port}`, 'GET', '/api/health')).status).toBe(404);
  }, 120_000);
});
