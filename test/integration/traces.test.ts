// Traces (issue 25, part 2) through the production server: with OTEL_EXPORTER_OTLP_ENDPOINT set, the
// server exports its spans over OTLP/HTTP (JSON) to a real receiver on loopback (a node:http server
// taking POST /v1/traces, as a collector does). Each request is a SERVER span named by its method
// and route kind, with its status and its tenant; each tenant transaction is a child span carrying
// the same tenant and its outcome; no span of one tenant's request names the other tenant.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools } from '@/lib/infra/db/pool';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { request, startApp, type AppServer } from '@/harness/app-server';
import { provisionPollTenants } from '@/harness/tenants';
import { requirePooledUrl, testProcessEnv } from '@/harness/env';

// OTLP/JSON as the exporter sends it (ids in hex, attribute values tagged by type).
interface OtlpValue {
  stringValue?: string;
  intValue?: number | string;
  boolValue?: boolean;
  doubleValue?: number;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: { key: string; value: OtlpValue }[];
  status?: { code?: number };
}
interface OtlpRequest {
  resourceSpans?: { resource?: { attributes?: { key: string; value: OtlpValue }[] }; scopeSpans?: { spans?: OtlpSpan[] }[] }[];
}

interface Span {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  kind: number;
  attrs: Record<string, string | number | boolean>;
  service: string | undefined;
}
const SPAN_KIND_SERVER = 2;

const plain = (v: OtlpValue): string | number | boolean =>
  v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : (v.boolValue ?? v.doubleValue ?? ''));
const attrsOf = (list: { key: string; value: OtlpValue }[] | undefined) =>
  Object.fromEntries((list ?? []).map((a) => [a.key, plain(a.value)]));

/** A loopback OTLP/HTTP receiver: every span of every POST /v1/traces, decoded. */
function startReceiver(): Promise<{ url: string; spans: Span[]; posts: string[]; close: () => Promise<void> }> {
  const spans: Span[] = [];
  const posts: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      posts.push(`${req.method} ${req.url} ${req.headers['content-type']}`);
      if (req.method !== 'POST' || req.url !== '/v1/traces') return void res.writeHead(404).end();
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpRequest;
      for (const rs of body.resourceSpans ?? []) {
        const service = attrsOf(rs.resource?.attributes)['service.name'] as string | undefined;
        for (const ss of rs.scopeSpans ?? [])
          for (const s of ss.spans ?? [])
            spans.push({
              traceId: s.traceId,
              spanId: s.spanId,
              parentSpanId: s.parentSpanId || undefined,
              name: s.name,
              kind: s.kind,
              attrs: attrsOf(s.attributes),
              service,
            });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        spans,
        posts,
        close: () =>
          new Promise<void>((r) => {
            server.close(() => r());
            server.closeAllConnections();
          }),
      });
    });
  });
}

const TENANTS = ['tr_alpha', 'tr_beta'] as const;
let app: AppServer;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const host = (s: string) => `${s.replace('_', '-')}.localhost:${app.port}`;

beforeAll(async () => {
  requirePooledUrl();
  await provisionPollTenants(TENANTS, 'Traces');
  receiver = await startReceiver();
  app = await startApp({
    ...testProcessEnv(),
    QUORUM_WORKERS: '1',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_SERVICE_NAME: 'quorum-traces-test',
    OTEL_BSP_SCHEDULE_DELAY: '100',
  });
}, 300_000);

afterAll(async () => {
  await app?.stop();
  await receiver?.close();
  await stopTenancyListener();
  await closePools();
});

/** Waits until the receiver holds `n` request spans on tenant hosts of the API (the batch delay is 100 ms). */
async function requestSpans(n: number): Promise<Span[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const found = receiver.spans.filter((s) => s.kind === SPAN_KIND_SERVER && s.name.includes(' /api/') && s.attrs['quorum.tenant']);
    if (found.length >= n || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('traces over OTLP/HTTP', () => {
  it('a span per request with a child per tenant transaction, each with its own tenant and no other', async () => {
    // Requests per tenant, each different in number so that the spans can be counted per tenant:
    // the anonymous list and one poll (tenantStatement), a sign-in and the signed-in list (withTenant).
    const sent: Record<string, string[]> = { tr_alpha: [], tr_beta: [] };
    for (const [s, lists] of [
      ['tr_alpha', 3],
      ['tr_beta', 2],
    ] as const) {
      for (let i = 0; i < lists; i++) {
        expect((await request(app.port, host(s), 'GET', '/api/polls')).status).toBe(200);
        sent[s].push('GET /api/polls');
      }
      expect((await request(app.port, host(s), 'GET', '/api/polls/1')).status).toBe(200);
      sent[s].push('GET /api/polls/:id');
      const login = await request<{ token: string }>(app.port, host(s), 'POST', '/api/login', {
        json: { email: `admin@${s.replace('_', '-')}.test`, password: 'password123' },
      });
      expect(login.status, login.text).toBe(200);
      sent[s].push('POST /api/login');
      expect((await request(app.port, host(s), 'GET', '/api/polls', { token: login.body.token })).status).toBe(200);
      sent[s].push('GET /api/polls');
    }

    const total = sent.tr_alpha.length + sent.tr_beta.length;
    const roots = await requestSpans(total);
    expect(
      receiver.posts.every((p) => p.startsWith('POST /v1/traces application/json')),
      receiver.posts.join('\n'),
    ).toBe(true);
    expect(roots.map((r) => `${r.attrs['quorum.tenant']} ${r.name}`).sort()).toEqual(
      TENANTS.flatMap((s) => sent[s].map((name) => `${s} ${name}`)).sort(),
    );

    for (const root of roots) {
      const tenant = root.attrs['quorum.tenant'] as string;
      const other = TENANTS.find((t) => t !== tenant)!;
      expect(root.service).toBe('quorum-traces-test');
      expect(root.parentSpanId).toBeUndefined();
      expect(root.attrs['http.method']).toBe(root.name.split(' ')[0]);
      expect(root.attrs['http.status_code']).toBe(200);
      // The route kind, never the id-bearing path.
      expect(root.name).not.toMatch(/\/\d/);

      const children = receiver.spans.filter((s) => s.traceId === root.traceId && s.parentSpanId === root.spanId);
      expect(children.length, `${tenant} ${root.name}: no tenant transaction span`).toBeGreaterThan(0);
      for (const child of children) {
        expect(['withTenant', 'tenantStatement']).toContain(child.name);
        expect(child.attrs['quorum.tenant']).toBe(tenant);
        expect(child.attrs['quorum.outcome']).toBe('ok');
      }
      // Nothing in the whole trace names the other tenant (its schema or its host).
      const trace = receiver.spans.filter((s) => s.traceId === root.traceId);
      const text = JSON.stringify(trace);
      expect(text).not.toContain(other);
      expect(text).not.toContain(other.replace('_', '-'));
    }
    // Both kinds of tenant transaction were seen.
    const kinds = new Set(receiver.spans.filter((s) => s.parentSpanId).map((s) => s.name));
    expect(kinds).toContain('withTenant');
    expect(kinds).toContain('tenantStatement');
  });
});
