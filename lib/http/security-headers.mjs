// The security headers of every page and API answer (see SECURITY.md), in ONE place: next.config.mjs
// `headers()` sends them on everything Next answers, and the JSON API (lib/api/app.ts) sends the same
// list when server.ts serves it directly. Plain JavaScript so next.config.mjs can import it.
// No script-src policy: Next's inline bootstrap scripts would need per-request nonces; React's
// escaping is the XSS defence.

/**
 * @param {boolean} production HSTS only in production (browsers honour it only on HTTPS answers;
 *   production is expected behind TLS).
 * @returns {{ key: string, value: string }[]}
 */
export function securityHeaders(production) {
  const headers = [
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'X-Frame-Options', value: 'DENY' },
    { key: 'Content-Security-Policy', value: "frame-ancestors 'none'; base-uri 'self'; object-src 'none'" },
    { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
    { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
  ];
  if (production) headers.push({ key: 'Strict-Transport-Security', value: 'max-age=31536000' });
  return headers;
}
