// The metrics exposition (issue 25): it parses with a strict reader of Prometheus' text format
// (0.0.4) and the per-tenant series stay bounded however many tenants are counted.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsRegistry, observeRequest, requestKind } from '@/lib/infra/metrics';
import { countRequest, countThrottled, enableUsage, takeUsage, usageEnabled } from '@/lib/tenancy';
import { BUSIEST_TENANTS, busiestInWindow, registerScrapeCollectors, startMetricsServer } from './metrics';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}
interface Family {
  type: string;
  help: string;
  samples: Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

/** A strict reader of the text exposition format: throws on anything the spec does not allow. */
function parseExposition(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const familyOf = (sample: string): Family | undefined => {
    const direct = families.get(sample);
    if (direct) return direct;
    const m = /^(.*)_(bucket|sum|count)$/.exec(sample);
    const f = m ? families.get(m[1]) : undefined;
    return f && (f.type === 'histogram' || f.type === 'summary') ? f : undefined;
  };
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  for (const [i, line] of text.slice(0, -1).split('\n').entries()) {
    const where = `line ${i + 1}: ${JSON.stringify(line)}`;
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta;
      if (!METRIC_NAME.test(name)) throw new Error(`bad metric name, ${where}`);
      const f = families.get(name) ?? { type: '', help: '', samples: [] };
      if (f.samples.length) throw new Error(`${kind} after samples, ${where}`);
      if (kind === 'HELP') {
        if (f.help) throw new Error(`second HELP, ${where}`);
        if (/\\[^\\n]/.test(rest.replace(/\\\\/g, ''))) throw new Error(`bad escape in HELP, ${where}`);
        f.help = rest || ' ';
      } else {
        if (f.type) throw new Error(`second TYPE, ${where}`);
        if (!TYPES.has(rest)) throw new Error(`bad TYPE, ${where}`);
        f.type = rest;
      }
      families.set(name, f);
      continue;
    }
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)( -?\d+)?$/.exec(line);
    if (!m) throw new Error(`not a sample, ${where}`);
    const labels: Record<string, string> = {};
    if (m[2]) {
      let rest = m[2].slice(1, -1);
      while (rest.length) {
        const l = /^([^=]+)="((?:[^"\\\n]|\\[\\"n])*)"(,?)/.exec(rest);
        if (!l || !LABEL_NAME.test(l[1])) throw new Error(`bad label, ${where}`);
        if (l[1] in labels) throw new Error(`repeated label ${l[1]}, ${where}`);
        labels[l[1]] = l[2].replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
        rest = rest.slice(l[0].length);
        if (!l[3] && rest.length) throw new Error(`labels not comma-separated, ${where}`);
      }
    }
    if (!/^(?:[-+]?(?:\d+\.?\d*(?:e[-+]?\d+)?|\.\d+)|NaN|[-+]Inf)$/i.test(m[3])) throw new Error(`bad value, ${where}`);
    const f = familyOf(m[1]);
    if (!f || !f.type) throw new Error(`sample without its TYPE, ${where}`);
    if (m[1].endsWith('_bucket') && f.type === 'histogram' && !('le' in labels)) throw new Error(`bucket without le, ${where}`);
    f.samples.push({ name: m[1], labels, value: Number(m[3].replace(/Inf$/i, 'Infinity')) });
  }
  return families;
}

describe('the exposition parser', () => {
  it('refuses what the format does not allow', () => {
    expect(() => parseExposition('# TYPE a counter\na 1\n')).not.toThrow();
    expect(() => parseExposition('a 1\n')).toThrow(/TYPE/);
    expect(() => parseExposition('# TYPE a counter\na{x="\\q"} 1\n')).toThrow(/label/);
    expect(() => parseExposition('# TYPE a counter\na{x="1"} one\n')).toThrow(/value/);
    expect(() => parseExposition('# TYPE 1a counter\n')).toThrow(/name/);
    expect(() => parseExposition('# TYPE a counter\na 1')).toThrow(/newline/);
  });
});

describe('metrics', () => {
  let app: http.Server;
  let port: number;
  const wasEnabled = usageEnabled();

  beforeAll(async () => {
    registerScrapeCollectors();
    enableUsage(true);
    takeUsage();
    app = http.createServer((req, res) => {
      observeRequest(req, res);
      res.writeHead(req.url === '/api/missing' ? 404 : 200).end('ok');
    });
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
    port = (app.address() as AddressInfo).port;
  });
  afterAll(async () => {
    takeUsage();
    enableUsage(wasEnabled);
    await new Promise((r) => app.close(r));
  });

  const get = (p: number, path: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port: p, path, headers }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        })
        .on('error', reject);
    });

  it('classifies requests into a few kinds', () => {
    const k = (url: string, headers: Record<string, string> = {}) => requestKind({ url, headers } as unknown as http.IncomingMessage);
    expect(k('/api/polls/12')).toBe('api');
    expect(k('/api/health')).toBe('health');
    expect(k('/api/auth/session')).toBe('auth');
    expect(k('/_next/static/chunks/a.js')).toBe('asset');
    expect(k('/polls/3', { 'next-action': 'abc' })).toBe('action');
    expect(k('/polls/3')).toBe('page');
  });

  it('counts requests by kind and status and the exposition parses, labels escaped', async () => {
    for (const path of ['/api/polls', '/api/polls', '/api/missing', '/polls']) await get(port, path);
    countRequest('we"ird\\name\nhere');
    const families = parseExposition(await metricsRegistry.metrics());
    const reqs = families.get('quorum_http_requests_total')!;
    expect(reqs.type).toBe('counter');
    const count = (kind: string, status: string) => reqs.samples.find((s) => s.labels.kind === kind && s.labels.status === status)?.value;
    expect(count('api', '200')).toBe(2);
    expect(count('api', '404')).toBe(1);
    expect(count('page', '200')).toBe(1);
    const h = families.get('quorum_http_request_duration_seconds')!;
    expect(h.type).toBe('histogram');
    expect(h.samples.find((s) => s.name.endsWith('_count') && s.labels.kind === 'api')?.value).toBe(3);
    for (const name of ['quorum_db_pool_connections', 'quorum_fair_share_transactions', 'quorum_tenant_window_requests'])
      expect(families.get(name)?.type).toBe('gauge');
    expect(families.get('quorum_tenant_window_requests')!.samples.map((s) => s.labels.tenant)).toContain('we"ird\\name\nhere');
  });

  it(`keeps per-tenant series to the ${BUSIEST_TENANTS} busiest of 10,000 tenants`, async () => {
    takeUsage();
    for (let t = 0; t < 10_000; t++) {
      const schema = `t${t}`;
      for (let r = 0; r <= t % 50; r++) countRequest(schema);
      if (t % 7 === 0) countThrottled(schema);
    }
    const top = busiestInWindow(
      { since: 0, tenants: new Map([...Array(5)].map((_, i) => [`s${i}`, { requests: i, dbMs: 0, throttled: 0, refused: 0 }])) },
      3,
    );
    expect(top.map(([s]) => s)).toEqual(['s4', 's3', 's2']);

    const families = parseExposition(await metricsRegistry.metrics());
    const tenants = new Set<string>();
    let series = 0;
    for (const [name, f] of families) {
      series += f.samples.length;
      if (name.startsWith('quorum_tenant_')) for (const s of f.samples) if (s.labels.tenant) tenants.add(s.labels.tenant);
    }
    expect(tenants.size).toBeLessThanOrEqual(BUSIEST_TENANTS);
    expect(tenants.size).toBe(BUSIEST_TENANTS);
    // The busiest (49 + 1 requests each) are the ones shown.
    expect(families.get('quorum_tenant_window_requests')!.samples.every((s) => s.value === 50)).toBe(true);
    expect(series).toBeLessThan(300);
  });

  it('serves /metrics on its own port, with the bearer token when one is set, and nothing else', async () => {
    const m = (await startMetricsServer({ port: 0, hostname: '127.0.0.1', token: 's3cret' }))!;
    try {
      const p = m.address.port;
      expect((await get(p, '/metrics')).status).toBe(401);
      expect((await get(p, '/metrics', { authorization: 'Bearer wrong!' })).status).toBe(401);
      const ok = await get(p, '/metrics', { authorization: 'Bearer s3cret' });
      expect(ok.status).toBe(200);
      expect(() => parseExposition(ok.text)).not.toThrow();
      expect((await get(p, '/', { authorization: 'Bearer s3cret' })).status).toBe(404);
    } finally {
      await m.close();
    }
    expect(await startMetricsServer({ port: null })).toBeNull();
  });
});
