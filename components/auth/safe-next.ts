/** A same-origin path to go to after login, or the fallback (no open redirects). */
export function safeNext(raw: string | string[] | undefined | null, fallback: string): string {
  const v = Array.isArray(raw) ? raw[0] : raw;
  if (typeof v !== 'string' || !v.startsWith('/') || v.startsWith('//') || v.startsWith('/\\') || /[\u0000-\u001f]/.test(v))
    return fallback;
  return v;
}

/** First value of a search param. */
export function param(raw: string | string[] | undefined): string | undefined {
  return Array.isArray(raw) ? raw[0] : raw;
}
