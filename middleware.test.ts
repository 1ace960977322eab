import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { NextRequest } from 'next/server';
import { NOT_FOUND_PATH, config, middleware } from './middleware';
import { classifyHost } from './lib/tenancy/host';

function call(url: string, headers: Record<string, string>, method = 'GET') {
  const init = method === 'GET' || method === 'HEAD' ? { method, headers } : { method, headers, body: 'x=1' };
  return middleware(new NextRequest(url, init));
}

const rewriteOf = (res: Response) => res.headers.get('x-middleware-rewrite');
const forwarded = (res: Response, name: string) => res.headers.get(`x-middleware-request-${name}`);

beforeEach(() => {
  vi.stubEnv('ROOT_DOMAIN', 'localhost:3000');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('middleware: tenant hosts', () => {
  it('rewrites to /sites/<host><path> and sets the trusted headers', () => {
    const res = call('http://acme.localhost:3000/polls/7', { host: 'acme.localhost:3000' });
    expect(res.status).toBe(200);
    expect(rewriteOf(res)).toBe('http://acme.localhost:3000/sites/acme.localhost/polls/7');
    expect(forwarded(res, 'x-quorum-host')).toBe('acme.localhost');
    expect(forwarded(res, 'x-quorum-host-kind')).toBe('tenant');
    expect(res.headers.get('x-middleware-override-headers')!.split(',')).toEqual(
      expect.arrayContaining(['host', 'x-quorum-host', 'x-quorum-host-kind', 'x-request-id']),
    );
  });

  it('rewrites / to the segment root', () => {
    const res = call('http://x/', { host: 'acme.localhost' });
    expect(rewriteOf(res)).toBe('http://x/sites/acme.localhost');
  });

  it('overwrites client-supplied tenancy headers', () => {
    const res = call('http://x/api/polls', {
      host: 'acme.localhost:3000',
      'x-quorum-host': 'evil.example.com',
      'x-quorum-host-kind': 'root',
      cookie: 'a=b',
    });
    expect(forwarded(res, 'x-quorum-host')).toBe('acme.localhost');
    expect(forwarded(res, 'x-quorum-host-kind')).toBe('tenant');
    expect(forwarded(res, 'cookie')).toBe('a=b');
    expect(rewriteOf(res)).toBe('http://x/sites/acme.localhost/api/polls');
  });

  it('normalises case, port, trailing dot, www. and IDN', () => {
    expect(forwarded(call('http://x/', { host: 'WWW.Acme.LocalHost.:3000' }), 'x-quorum-host')).toBe('acme.localhost');
    const idn = call('http://x/p', { host: 'bücher.example.com' });
    expect(forwarded(idn, 'x-quorum-host')).toBe('xn--bcher-kva.example.com');
    expect(rewriteOf(idn)).toBe('http://x/sites/xn--bcher-kva.example.com/p');
  });

  it('rewrites POST and other methods alike, preserving the query string', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']) {
      const res = call('http://x/api/polls/3/votes?x=1&y=%2F', { host: 'acme.localhost' }, method);
      expect(rewriteOf(res), method).toBe('http://x/sites/acme.localhost/api/polls/3/votes?x=1&y=%2F');
    }
  });

  it('rewrites custom domains too (resolved later on the Node side)', () => {
    const res = call('http://x/?q=1', { host: 'polls.acme.com' });
    expect(rewriteOf(res)).toBe('http://x/sites/polls.acme.com?q=1');
  });

  it('keeps a tenant path that itself starts with /sites under the tenant prefix', () => {
    const res = call('http://x/sites/other.localhost/x', { host: 'acme.localhost' });
    expect(rewriteOf(res)).toBe('http://x/sites/acme.localhost/sites/other.localhost/x');
  });

  it('passes /_next/ through without a rewrite but with the trusted headers', () => {
    const res = call('http://x/_next/webpack-hmr', { host: 'acme.localhost', 'x-quorum-host': 'evil.example.com' });
    expect(rewriteOf(res)).toBeNull();
    expect(res.headers.get('x-middleware-next')).toBe('1');
    expect(forwarded(res, 'x-quorum-host')).toBe('acme.localhost');
  });

  it('sets a fresh request id on the request and the response', () => {
    const res = call('http://x/', { host: 'acme.localhost', 'x-request-id': 'client-chosen' });
    const id = forwarded(res, 'x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('x-request-id')).toBe(id);
  });
});

describe('middleware: root host', () => {
  it.each(['localhost:3000', 'localhost', 'www.localhost:3000', 'LOCALHOST.'])('%j passes through as root', (host) => {
    const res = call('http://x/signup?next=%2F', { host, 'x-quorum-host': 'evil.example.com', 'x-quorum-host-kind': 'root' });
    expect(res.status).toBe(200);
    expect(rewriteOf(res)).toBeNull();
    expect(res.headers.get('x-middleware-next')).toBe('1');
    expect(forwarded(res, 'x-quorum-host-kind')).toBe('root');
    expect(forwarded(res, 'x-quorum-host')).toBe(host.toLowerCase().replace(/\.?(:\d+)?$/, ''));
  });

  it.each([
    '/sites',
    '/sites/',
    '/sites/acme.localhost',
    '/sites/acme.localhost/api/polls',
    '/Sites/acme.localhost',
    '/SITES',
    '/%73ites/acme.localhost',
    '/%2573ites/acme.localhost',
    '/sites%2Facme.localhost',
    '/x/%2e%2e/sites/acme.localhost',
  ])('%j → 404', (path) => {
    const res = call(`http://x${path}`, { host: 'localhost:3000' });
    expect(res.status).toBe(404);
    expect(rewriteOf(res)).toBeNull();
  });

  it('a browser asking for /sites on the root host gets the 404 page, not JSON', () => {
    const res = call('http://x/sites/acme.localhost/polls', { host: 'localhost:3000', accept: 'text/html,application/xhtml+xml' });
    expect(rewriteOf(res)).toBe(`http://x${NOT_FOUND_PATH}`);
    expect(forwarded(res, 'x-quorum-host-kind')).toBe('root');
    // An API client still gets the JSON error.
    const api = call('http://x/sites/acme.localhost/polls', { host: 'localhost:3000', accept: 'application/json' });
    expect(api.status).toBe(404);
    expect(rewriteOf(api)).toBeNull();
  });

  it('refuses root requests that carry the tenant marker (Next following a tenant server action redirect)', () => {
    const res = call('http://x/login', { host: 'localhost:3000', 'x-quorum-host-kind': 'tenant', 'x-quorum-host': 'acme.localhost' });
    expect(res.status).toBe(404);
    expect(rewriteOf(res)).toBeNull();
    expect(call('http://x/login', { host: 'localhost:3000' }).status).toBe(200);
    expect(call('http://x/admin', { host: 'localhost:3000', 'x-quorum-host-kind': 'root' }).status).toBe(200);
  });

  it('does not 404 look-alike paths', () => {
    expect(call('http://x/sitesmap', { host: 'localhost:3000' }).status).toBe(200);
    expect(call('http://x/admin/sites', { host: 'localhost:3000' }).status).toBe(200);
  });
});

describe('middleware: bad hosts', () => {
  it.each(['a.com:80:80', 'user@acme.localhost', '[::1]:3000', 'a_b.com', "a'.com", 'a b.com', `${'a'.repeat(64)}.com`, 'a..com'])(
    '%j → 400',
    async (host) => {
      const res = call('http://x/', { host });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: 'Bad Host header' });
      expect(rewriteOf(res)).toBeNull();
    },
  );

  it('missing Host → 400', () => {
    expect(middleware(new NextRequest('http://x/')).status).toBe(400);
  });
});

describe('middleware: properties', () => {
  const hosts = fc.oneof(
    fc.domain(),
    fc.stringMatching(/^[a-z0-9-]{1,12}$/).map((s) => `${s}.localhost:3000`),
    fc.constantFrom('localhost:3000', 'www.localhost', 'a.com:80:80', 'user@x.com', '[::1]', 'bücher.example.com'),
    fc.string({ maxLength: 40 }),
  );
  const paths = fc.oneof(
    fc.webPath(),
    fc.string({ maxLength: 60 }).map((s) => `/${s}`),
    fc.constantFrom('/sites/evil.com/x', '/%2e%2e/sites/evil.com', '/..%2Fsites%2Fevil.com', '//evil.com/x', '/_next/data/x'),
  );
  const queries = fc.oneof(
    fc.constant(''),
    fc.webQueryParameters().map((q) => `?${q}`),
  );

  it('never returns ≥500 and never rewrites to another host’s prefix', () => {
    fc.assert(
      fc.property(hosts, paths, queries, fc.constantFrom('GET', 'POST', 'DELETE'), (host, path, query, method) => {
        let request: NextRequest;
        try {
          request = new NextRequest(`http://origin.test${path}${query}`, { method, headers: { host } });
        } catch {
          return; // not representable as an HTTP request at all (e.g. NUL in a header value)
        }
        const res = middleware(request);
        expect(res.status).toBeLessThan(500);
        const cls = classifyHost(host, 'localhost:3000');
        const target = rewriteOf(res);
        if (cls.kind !== 'tenant') {
          expect(target).toBeNull();
          if (cls.kind === 'invalid') expect(res.status).toBe(400);
          return;
        }
        expect(forwarded(res, 'x-quorum-host') ?? cls.host).toBe(cls.host);
        if (target === null) return; // /_next/ pass-through or 4xx
        const url = new URL(target);
        expect(url.origin).toBe('http://origin.test');
        const base = `/sites/${encodeURIComponent(cls.host)}`;
        expect(url.pathname === base || url.pathname.startsWith(`${base}/`)).toBe(true);
        expect(url.search).toBe(request.nextUrl.search);
        expect(forwarded(res, 'x-quorum-host')).toBe(cls.host);
      }),
      { numRuns: 1500 },
    );
  });
});

describe('middleware config', () => {
  it('excludes static assets from the matcher', () => {
    const re = new RegExp(`^${config.matcher[0]}$`);
    expect(re.test('/_next/static/chunk.js')).toBe(false);
    expect(re.test('/_next/image')).toBe(false);
    expect(re.test('/favicon.ico')).toBe(false);
    expect(re.test('/polls/1')).toBe(true);
    expect(re.test('/')).toBe(true);
  });
});
