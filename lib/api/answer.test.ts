import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRequestListener } from '@hono/node-server';
import { rawHttp } from '@/harness/raw-http';
import { Answer, asResponse, bodyAnswer, doorHeaders, emptyAnswer, jsonAnswer, sendAnswer } from './answer';
import { jsonError } from './errors';

// Each case: the Answer the API now returns, and the web Response the same code returned before
// (Hono's c.json / c.body, errors.ts's `new Response`, the logo route's), which @hono/node-server
// wrote to node's response.
const logo = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
const logoHeaders = { 'Content-Type': 'image/png', 'Cache-Control': 'public, max-age=300', ETag: '"abc"' };
const cases: Record<string, [Answer, () => Response]> = {
  list: [
    jsonAnswer({ tenant: 't1', polls: [{ id: 1, question: 'Ä “quoted” <b>?' }], next_cursor: null }),
    () =>
      new Response(JSON.stringify({ tenant: 't1', polls: [{ id: 1, question: 'Ä “quoted” <b>?' }], next_cursor: null }), {
        headers: { 'Content-Type': 'application/json' },
      }),
  ],
  created: [
    jsonAnswer({ tenant: 't1', id: 3 }, 201),
    () => new Response(JSON.stringify({ tenant: 't1', id: 3 }), { status: 201, headers: { 'Content-Type': 'application/json' } }),
  ],
  notFound: [
    jsonError(404, 'Poll not found.'),
    () => new Response(JSON.stringify({ error: 'Poll not found.' }), { status: 404, headers: { 'content-type': 'application/json' } }),
  ],
  busy: [
    jsonError(503, 'Busy’, try again.', { 'Retry-After': '2' }),
    () =>
      new Response(JSON.stringify({ error: 'Busy’, try again.' }), {
        status: 503,
        headers: { 'content-type': 'application/json', 'Retry-After': '2' },
      }),
  ],
  deleted: [emptyAnswer(204), () => new Response(null, { status: 204 })],
  // An answer that sets a header the door sends too: its own value wins, once.
  ownPolicy: [
    jsonAnswer({ ok: true }, 200, { 'Referrer-Policy': 'no-referrer' }),
    () => new Response('{"ok":true}', { status: 200, headers: { 'content-type': 'application/json', 'Referrer-Policy': 'no-referrer' } }),
  ],
  notModified: [emptyAnswer(304, logoHeaders), () => new Response(null, { status: 304, headers: logoHeaders })],
  logo: [
    bodyAnswer(200, new Uint8Array(logo), { ...logoHeaders, 'Content-Length': String(logo.length) }),
    () => new Response(new Uint8Array(logo), { status: 200, headers: { ...logoHeaders, 'Content-Length': String(logo.length) } }),
  ],
  document: [
    bodyAnswer(200, '{"openapi":"3.1.0"}', { 'content-type': 'application/json' }),
    () => new Response('{"openapi":"3.1.0"}', { status: 200, headers: { 'content-type': 'application/json' } }),
  ],
};

let server: http.Server;
let port: number;

// The door's headers (lib/api/node.ts: security headers, the request id).
const door: [string, string][] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'strict-origin-when-cross-origin'],
  ['X-Request-Id', '00000000-0000-0000-0000-000000000000'],
];

beforeAll(async () => {
  // "before": the door's headers set on node's response first, then the listener writes the web
  // Response; "after": the Answer writes them and its own in one writeHead (lib/api/node.ts).
  const before = getRequestListener((req) => cases[new URL(req.url).pathname.split('/')[2]!]![1](), { overrideGlobalObjects: false });
  const after = getRequestListener(
    async (req, env) => {
      await Promise.resolve();
      return sendAnswer(cases[new URL(req.url).pathname.split('/')[2]!]![0], env.outgoing as ServerResponse, doorHeaders(door));
    },
    { overrideGlobalObjects: false },
  );
  server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.url!.startsWith('/before/')) {
      for (const [k, v] of door) res.setHeader(k, v);
      void before(req, res);
    } else void after(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** The raw bytes of one answer (its Date line blanked), over a connection of its own. */
async function raw(method: string, path: string): Promise<string> {
  const r = await rawHttp(port, { method, target: path, headers: ['Host: a.localhost'] });
  return r.raw.replace(/\r\nDate: [^\r]*/, '\r\nDate: -');
}

describe('Answer: the API answers written straight to node', () => {
  it.each(Object.keys(cases))('%s: the same bytes as @hono/node-server wrote for the web Response', async (name) => {
    const [b, a] = await Promise.all([raw('GET', `/before/${name}`), raw('GET', `/after/${name}`)]);
    expect(a).toBe(b);
    expect(a).toMatch(/^HTTP\/1\.1 \d{3} /);
    expect(a).toContain('\r\nX-Request-Id: 00000000-0000-0000-0000-000000000000\r\n');
    expect(a.match(/referrer-policy/gi)).toHaveLength(1);
  });

  it.each(Object.keys(cases))('%s: stands for the same web Response (what Next serves)', async (name) => {
    const [answer, before] = cases[name]!;
    const web = asResponse(answer);
    const old = before();
    expect(web).toBeInstanceOf(Response);
    expect(web.status).toBe(old.status);
    expect([...web.headers]).toEqual([...old.headers]);
    expect(Buffer.from(await web.arrayBuffer())).toEqual(Buffer.from(await old.arrayBuffer()));
  });

  it('behaves as a Response where one is read (status, headers, body; a HEAD wraps it)', async () => {
    const a = jsonAnswer({ ok: true }, 201, { 'Retry-After': ' 5 ' });
    expect(a.status).toBe(201);
    expect(a.ok).toBe(true);
    expect(a.headers.get('retry-after')).toBe('5');
    expect(await a.json()).toEqual({ ok: true });
    expect(a.bodyUsed).toBe(true);
    const head = new Response(null, jsonError(404, 'x'));
    expect(head.status).toBe(404);
    expect(head.headers.get('content-type')).toBe('application/json');
  });
});
