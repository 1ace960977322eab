import { afterEach, describe, expect, it, vi } from 'vitest';
import { log } from '@/lib/infra/log';
import { sendMail } from './mailer';
import { tenantLink } from './links';

describe('sendMail without SMTP_URL', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints the message to the log instead of sending it', async () => {
    const saved = process.env.SMTP_URL;
    delete process.env.SMTP_URL;
    const info = vi.spyOn(log, 'info').mockImplementation(() => undefined);
    try {
      await sendMail({ to: 'a@example.com', subject: 'Hello', text: 'Follow http://acme.localhost:3000/invite?token=x' });
    } finally {
      if (saved !== undefined) process.env.SMTP_URL = saved;
    }
    expect(info).toHaveBeenCalledWith(
      { to: 'a@example.com', subject: 'Hello', body: 'Follow http://acme.localhost:3000/invite?token=x' },
      'email (no SMTP_URL: printed, not sent)',
    );
  });
});

describe('tenantLink', () => {
  it('links to the tenant host on the root domain’s port, with the query encoded', () => {
    vi.stubEnv('ROOT_DOMAIN', 'example.test:8443');
    vi.stubEnv('LINK_SCHEME', 'https');
    expect(tenantLink('acme.example.test', '/invite', { token: 'a+b/c' })).toBe('https://acme.example.test:8443/invite?token=a%2Bb%2Fc');
    vi.unstubAllEnvs();
  });
});
