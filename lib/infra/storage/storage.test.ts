import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sniffImageType } from './image-type';
import { localStorage } from './storage';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([4, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);

describe('sniffImageType', () => {
  it('tells PNG, JPEG and WebP apart by content, and refuses everything else', () => {
    expect(sniffImageType(PNG)).toBe('image/png');
    expect(sniffImageType(JPEG)).toBe('image/jpeg');
    expect(sniffImageType(WEBP)).toBe('image/webp');
    expect(sniffImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImageType(Buffer.from('GIF89a'))).toBeNull();
    expect(sniffImageType(Buffer.concat([Buffer.from('RIFF'), Buffer.from([4, 0, 0, 0]), Buffer.from('WAVE')]))).toBeNull();
    expect(sniffImageType(Buffer.alloc(0))).toBeNull();
  });
});

describe('localStorage', () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
  async function store() {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'quorum-storage-'));
    dirs.push(dir);
    return { dir, s: localStorage(dir) };
  }

  it('keeps each tenant’s files apart and removes them with the tenant', async () => {
    const { dir, s } = await store();
    const a = await s.put(1, 'logo', { bytes: PNG, contentType: 'image/png' });
    await s.put(2, 'logo', { bytes: JPEG, contentType: 'image/jpeg' });
    expect((await s.get(1, 'logo'))?.bytes.equals(PNG)).toBe(true);
    expect((await s.get(2, 'logo'))?.contentType).toBe('image/jpeg');
    expect(await s.meta(1, 'logo')).toEqual({ contentType: 'image/png', etag: a.etag });
    expect(await s.get(3, 'logo')).toBeNull();
    await s.removeTenant(1);
    expect(await s.get(1, 'logo')).toBeNull();
    expect((await s.get(2, 'logo'))?.bytes.equals(JPEG)).toBe(true);
    expect(await readdir(path.join(dir, 'tenants'))).toEqual(['2']);
  });

  it('refuses names and ids that could leave the tenant’s directory', async () => {
    const { s } = await store();
    for (const name of ['../2/logo', 'logo/../../x', '.logo', 'Logo', '', 'a'.repeat(64), 'logo\u0000']) {
      await expect(s.put(1, name, { bytes: PNG, contentType: 'image/png' })).rejects.toThrow(/bad file name/);
    }
    for (const id of [0, -1, 1.5, Number.NaN]) {
      await expect(s.get(id, 'logo')).rejects.toThrow(/bad tenant id/);
    }
  });
});
