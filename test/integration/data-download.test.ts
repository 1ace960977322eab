// Issue 24 item 19: the data download's polls.csv carries the voting options and closing time;
// every CSV starts with a UTF-8 byte-order mark (spreadsheets read accents right); a clone with
// data copies the logo too.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, directDb } from '@/lib/infra/db/pool';
import { tenantDataZip } from '@/lib/features/organisation/data-zip';
import { createPoll } from '@/lib/features/polls/polls';
import { readLogo, saveLogo } from '@/lib/features/organisation/logo';
import { migrateShared } from '@/lib/tenancy';
import { cloneTenant } from '@/lib/platform/lifecycle';
import { stopTenancyListener } from '@/lib/tenancy/resolve-host';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { provisionTenantWithAdmin } from '@/lib/features/organisation/provision-with-admin';
import { requirePooledUrl } from '@/harness/env';

let dir: string;
let tenantId: number;

beforeAll(async () => {
  requirePooledUrl();
  dir = await mkdtemp(path.join(os.tmpdir(), 'quorum-dl-'));
  process.env.STORAGE_DIR = path.join(dir, 'storage');
  await migrateShared(directDb());
  const t = await provisionTenantWithAdmin(directDb(), {
    schema: 'dl_csv',
    name: 'Data download',
    domain: 'dl-csv.localhost',
    admin: { email: 'zoe@dl-csv.test', password: 'password123', name: 'Zoë' },
  });
  tenantId = t.id;
}, 120_000);

afterAll(async () => {
  await stopTenancyListener();
  await closePools();
  await rm(dir, { recursive: true, force: true });
});

async function unzipped(): Promise<(name: string) => string> {
  const chunks: Buffer[] = [];
  for await (const c of tenantDataZip({ schema: 'dl_csv' })) chunks.push(c as Buffer);
  const file = path.join(dir, 'data.zip');
  await writeFile(file, Buffer.concat(chunks));
  return (name) => execFileSync('unzip', ['-p', file, name], { encoding: 'utf8' });
}

describe('data download', () => {
  it('polls.csv has closes_at, allow_vote_change and hide_results; every CSV starts with a BOM', async () => {
    await withTenant({ schema: 'dl_csv' }, (db) =>
      createPoll(
        db,
        { id: 1, role: 'admin' },
        {
          question: 'Café?',
          choices: ['oui', 'non'],
          closes_at: new Date('2031-02-03T04:05:06.000Z'),
          allow_vote_change: true,
          hide_results: false,
        },
      ),
    );
    const read = await unzipped();
    const polls = read('polls.csv');
    expect(polls.startsWith('\uFEFFid,question,created_by,pub_date,closes_at,allow_vote_change,hide_results\r\n')).toBe(true);
    expect(polls).toMatch(/\r\n1,Café\?,1,\d{4}-[^,]+,2031-02-03T04:05:06\.000Z,true,false\r\n$/);
    for (const name of ['choices.csv', 'votes.csv', 'users.csv']) expect(read(name).charCodeAt(0), name).toBe(0xfeff);
    expect(read('users.csv')).toContain('zoe@dl-csv.test,Zoë,admin,');
  });

  it('a clone with data copies the logo; a template clone does not', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 3)]);
    await saveLogo(tenantId, png);
    const full = await cloneTenant(directDb(), { from: 'dl_csv', schema: 'dl_full', domain: 'dl-full.localhost', data: true });
    const copy = await readLogo(full.id);
    expect(copy?.bytes.equals(png)).toBe(true);
    expect(copy?.contentType).toBe('image/png');
    const template = await cloneTenant(directDb(), { from: 'dl_csv', schema: 'dl_tpl', domain: 'dl-tpl.localhost' });
    expect(await readLogo(template.id)).toBeNull();
  });
});
