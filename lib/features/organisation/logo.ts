import { UserError } from '@/lib/infra/errors';
import { sniffImageType } from '@/lib/infra/storage/image-type';
import { LOGO_FILE as LOGO, tenantStorage, type StoredFile } from '@/lib/infra/storage/storage';

export const LOGO_MAX_BYTES = 1024 * 1024;

/** Stores the organisation's logo after checking its size and its content (PNG, JPEG or WebP). */
export async function saveLogo(tenantId: number, bytes: Buffer): Promise<StoredFile> {
  if (bytes.length === 0) throw new UserError('Choose an image file to upload.', 400, 'logo');
  if (bytes.length > LOGO_MAX_BYTES) throw new UserError('The logo is larger than 1 MB; upload a smaller image.', 400, 'logo');
  const contentType = sniffImageType(bytes);
  if (!contentType) throw new UserError('The logo must be a PNG, JPEG or WebP image (this file is none of them).', 400, 'logo');
  return tenantStorage().put(tenantId, LOGO, { bytes, contentType });
}

export function readLogo(tenantId: number): Promise<StoredFile | null> {
  return tenantStorage().get(tenantId, LOGO);
}

export function removeLogo(tenantId: number): Promise<void> {
  return tenantStorage().remove(tenantId, LOGO);
}

/** The logo's version for its URL (`/api/logo?v=…`), or null when there is no logo. */
export async function logoVersion(tenantId: number): Promise<string | null> {
  return (await tenantStorage().meta(tenantId, LOGO))?.etag ?? null;
}
