/** The security headers of every answer (pages through next.config.mjs, the JSON API through lib/api). */
export function securityHeaders(production: boolean): { key: string; value: string }[];
