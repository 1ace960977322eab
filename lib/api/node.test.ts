import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { rootDomain } from '@/lib/config/env';
import { directApiHandler, isApiTarget } from './node';

describe('isApiTarget: which requests server.ts answers with the JSON API', () => {
  it.each([
    ['/api/polls', true],
    ['/api/polls?limit=5', true],
    ['/api/polls/1/votes', true],
    ['/api/health', true],
    ['/api/openapi.json', true],
    ['/api/auth/session', false],
    ['/api/auth', false],
    ['/api/AUTH/csrf', false],
    ['/api/%61uth/session', false],
    ['/api', false],
    ['/apix', false],
    ['/', false],
    ['/sites/a.localhost/api/polls', false],
    ['http://a.localhost/api/polls', false],
  ])('%s → %s', (url, expected) => {
    expect(isApiTarget(url)).toBe(expected);
  });
});

describe('a body the answer does not need', () => {
  it('is read to its end before the answer goes out, so closing after it does not reset the answer away', async () => {
    const handle = directApiHandler(false);
    const server = http.createServer((req, res) => {
      if (!handle(req, res)) res.writeHead(500).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      // POST /api/health on the root host is a 404 that reads no body. The client sends 100 KB of a
      // chunked body, waits 300 ms, then the rest: the answer must come after the rest was sent.
      const socket = net.connect(port, '127.0.0.1');
      const received: Buffer[] = [];
      let firstByteAt = 0;
      let error: Error | undefined;
      socket.on('data', (d: Buffer) => {
        firstByteAt ||= performance.now();
        received.push(d);
      });
      socket.on('error', (err) => (error = err));
      const closed = new Promise<void>((r) => socket.on('close', () => r()));
      const chunk = 'x'.repeat(100 * 1024);
      socket.write(
        `POST /api/health HTTP/1.1\r\nHost: ${rootDomain()}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n` +
          `${chunk.length.toString(16)}\r\n${chunk}\r\n`,
      );
      await new Promise((r) => setTimeout(r, 300));
      const restSentAt = performance.now();
      socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n0\r\n\r\n`);
      await closed;
      const text = Buffer.concat(received).toString('latin1');
      expect(error).toBeUndefined();
      expect(text).toMatch(/^HTTP\/1\.1 404 /);
      expect(text).toContain('{"error":"Not found."}');
      expect(firstByteAt).toBeGreaterThanOrEqual(restSentAt);
    } finally {
      server.close();
    }
  });
});
