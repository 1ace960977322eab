// The JSON API's answers as plain data: a status, headers and a string or bytes body, instead of a
// web Response built by undici (its Headers checks every name and value, its body is a stream that
// @hono/node-server then reads back chunk by chunk). Every route and refusal of the API answers
// with one (jsonAnswer, emptyAnswer, bytesAnswer; errors.ts's jsonError), and each door turns it
// into what it serves:
//   - server.ts's direct door (./node.ts) writes it to node's ServerResponse (writeTo), exactly as
//     @hono/node-server writes the equivalent web Response: the same status, the same headers in
//     the same order (lower-case names, sorted, as a web Headers iterates them; Content-Length last
//     unless the answer has one) and the same bytes;
//   - Next's catch-all (./next.ts) returns the real Response (toResponse): Next's global Response
//     class is never touched.
// Anything else that treats an Answer as a Response (Hono wrapping the GET answer of a HEAD request,
// a test calling .json()) gets the real one, made on first use: an Answer IS the Response it stands
// for, only cheaper when nobody asks for more than its status, headers and body.
import type { ServerResponse } from 'node:http';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';

type Body = string | Uint8Array<ArrayBuffer> | null;

/**
 * Headers as a web Headers holds them: lower-case names, a repeated name's values joined with ", ",
 * each value without leading and trailing HTTP whitespace, sorted by name.
 */
function normalisedHeaders(headers: Record<string, string>): readonly [string, string][] {
  const merged = new Map<string, string>();
  for (const name in headers) {
    const key = name.toLowerCase();
    const value = headers[name]!.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
    const before = merged.get(key);
    merged.set(key, before === undefined ? value : `${before}, ${value}`);
  }
  return [...merged].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

const NO_HEADERS: readonly [string, string][] = [];

function indexOfName(headers: readonly [string, string][], name: string): number {
  for (let i = 0; i < headers.length; i++) if (headers[i]![0] === name) return i;
  return -1;
}

/** Headers a door sends on every answer (lib/api/node.ts: security headers, the request id). */
export interface DoorHeaders {
  /** The names, lower-case. */
  readonly lower: readonly string[];
  /** name, value, name, value, … (names as they are written). */
  readonly flat: readonly string[];
}
const NO_DOOR_HEADERS: DoorHeaders = { lower: [], flat: [] };

/** `headers` as DoorHeaders. */
export function doorHeaders(headers: readonly (readonly [string, string])[]): DoorHeaders {
  return { lower: headers.map(([k]) => k.toLowerCase()), flat: headers.flat() };
}

/** `door` with one more header (a request's own, as its id). */
export function withHeader(door: DoorHeaders, name: string, value: string): DoorHeaders {
  return { lower: [...door.lower, name.toLowerCase()], flat: [...door.flat, name, value] };
}

export class Answer implements Response {
  readonly #status: number;
  readonly #body: Body;
  /** Lower-case names (a repeated name's values joined with ", ", as a web Headers does), sorted. */
  readonly #headers: readonly [string, string][];
  #web: Response | undefined;

  /** `headers` as a record, or already normalised (see normalisedHeaders) when they are a constant. */
  constructor(status: number, body: Body, headers: Record<string, string> | readonly [string, string][] = NO_HEADERS) {
    this.#status = status;
    this.#body = body;
    this.#headers = Array.isArray(headers) ? headers : normalisedHeaders(headers as Record<string, string>);
  }

  /**
   * The answer on node's response, as @hono/node-server writes the same web Response (see above)
   * after `door`'s headers were set on the response: the door's first (where the answer sets the
   * same name, the answer's value in that place, as writeHead's setHeader replacing it leaves it),
   * then the answer's, all in one writeHead (nothing set on the response before it).
   */
  writeTo(res: ServerResponse, door: DoorHeaders = NO_DOOR_HEADERS): void {
    const own = this.#headers;
    const head: string[] = [];
    const { lower, flat } = door;
    for (let i = 0; i < lower.length; i++) {
      // The answer's own value goes in the door header's place, as setHeader replacing it leaves it.
      const j = indexOfName(own, lower[i]!);
      if (j === -1) head.push(flat[2 * i]!, flat[2 * i + 1]!);
      else head.push(own[j]![0], own[j]![1]);
    }
    let length = false;
    for (let j = 0; j < own.length; j++) {
      const [name, value] = own[j]!;
      if (name === 'content-length') length = true;
      if (!lower.includes(name)) head.push(name, value);
    }
    const body = this.#body;
    if (body !== null && !length) head.push('content-length', String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength));
    res.writeHead(this.#status, head);
    if (body === null) res.end();
    else res.end(body);
  }

  /** The web Response this answer stands for (made once). */
  toResponse(): Response {
    return (this.#web ??= new Response(this.#body, { status: this.#status, headers: this.#headers as [string, string][] }));
  }

  get status(): number {
    return this.#status;
  }
  get ok(): boolean {
    return this.#status >= 200 && this.#status < 300;
  }
  get statusText(): string {
    return '';
  }
  get type(): ResponseType {
    return 'default';
  }
  get url(): string {
    return '';
  }
  get redirected(): boolean {
    return false;
  }
  get headers(): Headers {
    return this.toResponse().headers;
  }
  get body() {
    return this.toResponse().body;
  }
  get bodyUsed(): boolean {
    return this.#web?.bodyUsed ?? false;
  }
  arrayBuffer() {
    return this.toResponse().arrayBuffer();
  }
  blob() {
    return this.toResponse().blob();
  }
  bytes() {
    return this.toResponse().bytes();
  }
  formData() {
    return this.toResponse().formData();
  }
  json() {
    return this.toResponse().json() as Promise<unknown>;
  }
  text() {
    return this.toResponse().text();
  }
  clone(): Response {
    return this.toResponse().clone();
  }
}

const JSON_TYPE = 'application/json';
/** The headers of nearly every answer, normalised once and not per answer. */
const JSON_HEADERS = normalisedHeaders({ 'content-type': JSON_TYPE });

/** `data` as JSON (what Hono's c.json answers: Content-Type application/json, no charset). */
export function jsonAnswer(data: unknown, status = 200, headers?: Record<string, string>): Answer {
  return new Answer(status, JSON.stringify(data), headers ? { 'content-type': JSON_TYPE, ...headers } : JSON_HEADERS);
}

/** No body (204, 304). */
export function emptyAnswer(status: number, headers?: Record<string, string>): Answer {
  return new Answer(status, null, headers);
}

/** A body of bytes or text with its Content-Type. */
export function bodyAnswer(status: number, body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string>): Answer {
  return new Answer(status, body, headers);
}

/**
 * For @hono/node-server's listener (server.ts's direct door, ./node.ts): an Answer is written to
 * node's response here, with `door`'s headers, and the listener told so; any other Response (a
 * HEAD answer Hono wrapped, the bench routes) is returned for the listener to write, `door`'s
 * headers set on the response first.
 */
export function sendAnswer(
  res: Response,
  outgoing: ServerResponse,
  door: DoorHeaders = NO_DOOR_HEADERS,
): Response | typeof RESPONSE_ALREADY_SENT {
  if (!(res instanceof Answer)) {
    setDoorHeaders(outgoing, door);
    return res;
  }
  res.writeTo(outgoing, door);
  return RESPONSE_ALREADY_SENT;
}

/** `door`'s headers on node's response (for what the listener writes itself). */
export function setDoorHeaders(outgoing: ServerResponse, door: DoorHeaders): void {
  for (let i = 0; i < door.flat.length; i += 2) outgoing.setHeader(door.flat[i]!, door.flat[i + 1]!);
}

/** Whatever a route returned (an Answer or a web Response) as the web Response it is. */
export function asResponse(res: Response): Response {
  return res instanceof Answer ? res.toResponse() : res;
}
