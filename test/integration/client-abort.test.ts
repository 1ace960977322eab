// Issue 24 item 17: a client that goes away mid-request (an upload cancelled half-way) is
// handled quietly: no uncaughtException (or any error line) in the server's log, and the server
// keeps answering.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, directDb } from '@/lib/infra/db/pool';
import { migrateShared } from '@/lib/tenancy';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { provisionTenantWithAdmin } from '@/lib/features/organisation/provision-with-admin';
import { request, startApp, type AppServer } from '@/harness/app-server';
import { requirePooledUrl, testProcessEnv } from '@/harness/env';

let app: AppServer;
let token: string;
const host = () => `abort.localhost:${app.port}`;

beforeAll(async () => {
  requirePooledUrl();
  await migrateShared(directDb());
  await provisionTenantWithAdmin(directDb(), {
    schema: 'abort',
    name: 'Abort',
    domain: 'abort.localhost',
    admin: { email: 'a@abort.test', password: 'password123' },
  });
  app = await startApp({ ...testProcessEnv(), LOGIN_LIMIT_PER_ADDRESS: '100000', LOG_LEVEL: 'info' });
  const r = await request<{ token: string }>(app.port, host(), 'POST', '/api/login', {
    json: { email: 'a@abort.test', password: 'password123' },
  });
  token = r.body.token;
}, 300_000);

afterAll(async () => {
  await app?.stop();
  await stopTenancyListener();
  await closePools();
});

/** Sends the headers and part of a body, then drops the connection. */
function abortedUpload(path: string, headers: Record<string, string>, declared: number, sent: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = net.connect(app.port, '127.0.0.1', () => {
      const head = [
        `POST ${path} HTTP/1.1`,
        `Host: ${host()}`,
        `Content-Length: ${declared}`,
        ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      ];
      s.write(`${head.join('\r\n')}\r\n\r\n`);
      s.write(Buffer.alloc(sent, 0x89));
      setTimeout(() => {
        s.destroy();
        resolve();
      }, 300);
    });
    s.on('error', reject);
  });
}

describe('client aborts', () => {
  it('an upload cancelled half-way leaves no uncaught exception or error in the log', async () => {
    const before = app.output().length;
    await abortedUpload('/api/logo', { Authorization: `Bearer ${token}`, 'Content-Type': 'image/png' }, 900_000, 200_000);
    const boundary = '----abort';
    await abortedUpload(
      '/api/logo',
      { Authorization: `Bearer ${token}`, 'Content-Type': `multipart/form-data; boundary=${boundary}` },
      900_000,
      200_000,
    );
    await new Promise((r) => setTimeout(r, 1500));
    const health = await request(app.port, host(), 'GET', '/api/health');
    expect(health.status).toBe(200);
    const log = app.output().slice(before);
    expect(log).not.toMatch(/uncaughtException|unhandledRejection|Error: aborted|ECONNRESET|"level":(50|60)/);
  });
});
