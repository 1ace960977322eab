/**
 * HTTP/1.x over a bare TCP socket, for hostile-input tests: the request bytes are sent exactly as
 * given (no Host header added, no header validation — CR/LF, NUL, duplicate headers, absolute-form
 * targets all go out as written). One request per connection (`Connection: close` is added unless
 * the caller sends its own Connection header).
 */
import net from 'node:net';

export interface RawResponse {
  /** 0 when the server closed the connection without a status line. */
  status: number;
  headers: Record<string, string>;
  text: string;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  json: unknown;
  /** Everything received, decoded as latin1 (for diagnostics). */
  raw: string;
}

export interface RawRequest {
  method?: string;
  /** Request target as sent: '/api/health', 'http://x/y' (absolute form), '*'… */
  target: string;
  /** 'HTTP/1.1' (default) or 'HTTP/1.0'. */
  version?: string;
  /** Header lines, sent verbatim and in order ("Name: value"; may contain anything). */
  headers: string[];
  body?: string | Buffer;
  /** Client-side ceiling (default 15 s); on expiry the result has status -1. */
  timeoutMs?: number;
}

function decodeChunked(body: Buffer): Buffer {
  const out: Buffer[] = [];
  let i = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', i);
    if (eol === -1) break;
    const size = parseInt(body.subarray(i, eol).toString('latin1').split(';')[0]!.trim(), 16);
    if (!Number.isFinite(size) || size === 0) break;
    out.push(body.subarray(eol + 2, eol + 2 + size));
    i = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
}

export function parseRawResponse(buf: Buffer): RawResponse {
  const raw = buf.toString('latin1');
  const end = buf.indexOf('\r\n\r\n');
  const head = (end === -1 ? raw : raw.slice(0, end)).split('\r\n');
  const status = /^HTTP\/\d\.\d (\d{3})/.exec(head[0] ?? '')?.[1];
  const headers: Record<string, string> = {};
  for (const line of head.slice(1)) {
    const c = line.indexOf(':');
    if (c > 0) headers[line.slice(0, c).trim().toLowerCase()] = line.slice(c + 1).trim();
  }
  let body = end === -1 ? Buffer.alloc(0) : buf.subarray(end + 4);
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) body = decodeChunked(body);
  const text = body.toString('utf8');
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: status ? Number(status) : 0, headers, text, json, raw };
}

/** Sends one request as raw bytes (UTF-8 for the head) and reads the response until the server closes. */
export function rawHttp(port: number, req: RawRequest): Promise<RawResponse> {
  const lines = [`${req.method ?? 'GET'} ${req.target} ${req.version ?? 'HTTP/1.1'}`, ...req.headers];
  if (!req.headers.some((h) => /^connection\s*:/i.test(h))) lines.push('Connection: close');
  const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
  if (body && !req.headers.some((h) => /^(content-length|transfer-encoding)\s*:/i.test(h))) lines.push(`Content-Length: ${body.length}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, '127.0.0.1');
    let done = false;
    const finish = (status?: number) => {
      if (done) return;
      done = true;
      socket.destroy();
      const r = parseRawResponse(Buffer.concat(chunks));
      resolve(status === undefined ? r : { ...r, status });
    };
    socket.setTimeout(req.timeoutMs ?? 15_000, () => finish(-1));
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('end', () => finish());
    socket.on('close', () => finish());
    socket.on('error', () => finish());
    socket.write(body ? Buffer.concat([head, body]) : head);
  });
}
