import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { classifyHost, normalizeHost, validateDomain } from './host';
import { hitsInternalPrefix, internalPath } from './routing';

const HOST_GRAMMAR = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
const ROOT = 'localhost:3000';

describe('normalizeHost', () => {
  it.each([
    ['acme.example.com', 'acme.example.com'],
    ['  Acme.Example.COM  ', 'acme.example.com'],
    ['acme.example.com.', 'acme.example.com'],
    ['acme.example.com.:8080', 'acme.example.com'],
    ['acme.localhost:3000', 'acme.localhost'],
    ['localhost', 'localhost'],
    ['LOCALHOST:65535', 'localhost'],
    ['a.com:1', 'a.com'],
    ['bücher.example.com', 'xn--bcher-kva.example.com'],
    ['BÜCHER.example.com:443', 'xn--bcher-kva.example.com'],
    ['xn--bcher-kva.example.com', 'xn--bcher-kva.example.com'],
    ['a-b.c-d.com', 'a-b.c-d.com'],
    ['127.0.0.1:3000', '127.0.0.1'],
    [`${'a'.repeat(63)}.com`, `${'a'.repeat(63)}.com`],
  ])('%j → %j', (raw, want) => {
    expect(normalizeHost(raw)).toBe(want);
  });

  it.each([
    [null],
    [undefined],
    [''],
    ['   '],
    ['.'],
    [':3000'],
    ['a.com:'],
    ['a.com:0'],
    ['a.com:65536'],
    ['a.com:80:80'],
    ['a.com:http'],
    ['a.com: 80'],
    ['a.com..'],
    ['.a.com'],
    ['a..com'],
    ['[::1]'],
    ['[::1]:3000'],
    ['user@host.com'],
    ['user:pw@host.com'],
    [`${'a'.repeat(64)}.com`],
    [`${'a.'.repeat(127)}com`], // 257 chars
    ['-a.com'],
    ['a-.com'],
    ['a_b.com'],
    ["a'b.com"],
    ['a;b.com'],
    ['a"b.com'],
    ['a b.com'],
    ['a/b.com'],
    ['a\\b.com'],
    ['a%41.com'],
    ['a\u0000.com'],
    ['a\r\nx-evil: 1'],
    ['a.com#x'],
    ['a.com?x'],
    ['*.a.com'],
    ['a.com, b.com'],
    ['a.123'],
    ['a\uFF0Fb.com'], // fullwidth solidus maps to '/' under IDNA
    ['a\uFF3Fb.com'], // fullwidth low line maps to '_'
  ])('%j → null', (raw) => {
    expect(normalizeHost(raw)).toBeNull();
  });

  it('accepts exactly 253 characters and rejects 254', () => {
    const h253 = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
    expect(h253.length).toBe(253);
    expect(normalizeHost(h253)).toBe(h253);
    expect(normalizeHost(`${h253}.`)).toBe(h253); // trailing dot does not count
    expect(normalizeHost(`${h253}e`)).toBeNull();
  });

  it('never throws and returns null or a grammatical host (property)', () => {
    const hostish = fc.stringMatching(/^[A-Za-z0-9.\-:@[\]_%/\\ 'ü]{0,80}$/);
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), hostish), (s) => {
        const out = normalizeHost(s);
        expect(out === null || HOST_GRAMMAR.test(out)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('is idempotent (property)', () => {
    fc.assert(
      fc.property(fc.domain(), fc.option(fc.integer({ min: 1, max: 65535 })), (d, port) => {
        const once = normalizeHost(port ? `${d}:${port}` : d);
        if (once !== null) expect(normalizeHost(once)).toBe(once);
      }),
    );
  });
});

describe('classifyHost', () => {
  it.each([
    ['localhost:3000', { kind: 'root' }],
    ['localhost', { kind: 'root' }],
    ['LOCALHOST.:4000', { kind: 'root' }],
    ['www.localhost:3000', { kind: 'root' }],
    ['acme.localhost:3000', { kind: 'tenant', host: 'acme.localhost', subdomain: 'acme' }],
    ['ACME.localhost.', { kind: 'tenant', host: 'acme.localhost', subdomain: 'acme' }],
    ['www.acme.localhost:3000', { kind: 'tenant', host: 'acme.localhost', subdomain: 'acme' }],
    ['a.b.localhost', { kind: 'tenant', host: 'a.b.localhost', subdomain: null }],
    ['www.www.localhost', { kind: 'tenant', host: 'www.www.localhost', subdomain: null }],
    ['polls.acme.com', { kind: 'tenant', host: 'polls.acme.com', subdomain: null }],
    ['notlocalhost', { kind: 'tenant', host: 'notlocalhost', subdomain: null }],
    ['bücher.localhost', { kind: 'tenant', host: 'xn--bcher-kva.localhost', subdomain: 'xn--bcher-kva' }],
    ['', { kind: 'invalid' }],
    ['evil.com:80:80', { kind: 'invalid' }],
    ['user@acme.localhost', { kind: 'invalid' }],
  ])('%j', (raw, want) => {
    expect(classifyHost(raw, ROOT)).toEqual(want);
  });

  it('works with a multi-label root domain', () => {
    expect(classifyHost('quorum.example.com', 'Quorum.Example.com')).toEqual({ kind: 'root' });
    expect(classifyHost('acme.quorum.example.com:443', 'quorum.example.com')).toEqual({
      kind: 'tenant',
      host: 'acme.quorum.example.com',
      subdomain: 'acme',
    });
    expect(classifyHost('example.com', 'quorum.example.com')).toEqual({ kind: 'tenant', host: 'example.com', subdomain: null });
    expect(classifyHost('xquorum.example.com', 'quorum.example.com')).toEqual({
      kind: 'tenant',
      host: 'xquorum.example.com',
      subdomain: null,
    });
  });

  it('throws on an invalid root domain (deployment error)', () => {
    expect(() => classifyHost('a.com', 'bad host')).toThrow(/ROOT_DOMAIN/);
  });

  const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,20}[a-z0-9])?$/).filter((l) => l !== 'www');
  const roots = fc.constantFrom('localhost:3000', 'localhost', 'quorum.test', 'polls.example.com:8443');

  it('<sub>.<root> with random case, port and trailing dot is that tenant (property)', () => {
    fc.assert(
      fc.property(
        label,
        roots,
        fc.array(fc.boolean(), { minLength: 200, maxLength: 200 }),
        fc.option(fc.integer({ min: 1, max: 65535 })),
        fc.boolean(),
        fc.boolean(),
        (sub, root, upper, port, dot, www) => {
          const rootHost = root.split(':')[0]!;
          let h = `${www ? 'www.' : ''}${sub}.${rootHost}`;
          h = [...h].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join('');
          if (dot) h += '.';
          if (port !== null) h += `:${port}`;
          expect(classifyHost(h, root)).toEqual({ kind: 'tenant', host: `${sub}.${rootHost}`, subdomain: sub });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never classifies as root unless the host is root or www.root (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.domain(),
          fc.string(),
          label.map((l) => `${l}.localhost`),
        ),
        roots,
        (h, root) => {
          const result = classifyHost(h, root);
          const n = normalizeHost(h);
          const r = normalizeHost(root)!;
          expect(result.kind === 'root').toBe(n === r || n === `www.${r}`);
          if (result.kind === 'tenant') expect(HOST_GRAMMAR.test(result.host)).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('validateDomain', () => {
  it.each([
    ['acme.example.com', 'acme.example.com'],
    [' Acme.Example.COM. ', 'acme.example.com'],
    ['acme.localhost', 'acme.localhost'],
    ['bücher.example.com', 'xn--bcher-kva.example.com'],
  ])('%j → %j', (input, domain) => {
    expect(validateDomain(input)).toEqual({ ok: true, domain });
  });

  it.each([
    ['', /empty/],
    ['localhost', /two labels/],
    ['com', /two labels/],
    ['acme.localhost:3000', /port/],
    ['a.com:80:80', /port/],
    ['x_y.example.com', /Domain label 'x_y' may only contain letters, digits and hyphens\./],
    ["a'.com", /letters, digits and hyphens/],
    ['a;drop.com', /letters, digits and hyphens/],
    ['a b.com', /letters, digits and hyphens/],
    ['a\u0000b.com', /'a\\u0000b' may only contain/],
    ['a%2e.com', /letters, digits and hyphens/],
    ['user@example.com', /user name/],
    ['[::1]', /IPv6/],
    ['1.2.3.4', /IP address/],
    [`${'a'.repeat(64)}.com`, /longer than 63/],
    [`${'a.'.repeat(127)}com`, /longer than 253/],
    ['-a.com', /hyphen/],
    ['a..com', /empty labels/],
  ])('%j is rejected', (input, message) => {
    const result = validateDomain(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });

  it('accepts only what normalizeHost accepts, minus ports and single labels (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.domain(), fc.string()), (s) => {
        const v = validateDomain(s);
        if (v.ok) {
          expect(normalizeHost(s)).toBe(v.domain);
          expect(v.domain.split('.').length).toBeGreaterThanOrEqual(2);
        } else {
          expect(v.error.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('routing helpers', () => {
  it('internalPath maps / to the segment root', () => {
    expect(internalPath('acme.localhost', '/')).toBe('/sites/acme.localhost');
    expect(internalPath('acme.localhost', '/polls/1')).toBe('/sites/acme.localhost/polls/1');
  });

  it.each([
    ['/sites', true],
    ['/sites/', true],
    ['/sites/acme.localhost/polls', true],
    ['/SITES/x', true],
    ['/Sites', true],
    ['//sites/x', true],
    ['/%73ites/x', true],
    ['/%2573ites/x', true],
    ['/sites%2Facme.localhost', true],
    ['/x/../sites/a', true],
    ['/x/%2e%2e/sites/a', true],
    ['/\\sites/a', true],
    ['/sitesx', false],
    ['/site', false],
    ['/api/sites', false],
    ['/', false],
    ['/%E0%A4%A', false],
  ])('hitsInternalPrefix(%j) = %j', (p, want) => {
    expect(hitsInternalPrefix(p)).toBe(want);
  });
});
