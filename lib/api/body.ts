import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import type { ZodType } from 'zod';
import { UserError } from '@/lib/infra/errors';
import type { ApiEnv } from './context';

export const MAX_BODY_BYTES = 64 * 1024;
const TOO_LARGE = `The request body is larger than ${MAX_BODY_BYTES / 1024} KB.`;

/**
 * Reads a JSON body (bounded in size, whatever its Content-Type) and validates it with the route's
 * zod schema — the same schema the OpenAPI document shows. Every failure is a 400 with a sentence.
 */
export async function readJson<T>(c: Context<ApiEnv>, schema: ZodType<T>): Promise<T> {
  const declared = Number(c.req.header('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) throw new UserError(TOO_LARGE);
  const incoming = c.env?.incoming;
  const text = incoming ? await boundedNodeText(incoming) : await boundedText(c.req.raw);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UserError('The request body must be valid JSON.');
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
    throw new UserError(issue.code === 'unrecognized_keys' ? issue.message : `${where}${issue.message}`);
  }
  return parsed.data;
}

/** The body as text, refused as soon as it passes the limit (a chunked body has no Content-Length). */
async function boundedText(req: Request): Promise<string> {
  if (!req.body) return '';
  return bounded(req.body);
}

/**
 * The same, read straight from node's request (served by server.ts): no web Request and stream
 * around it. What passes the limit is left unread (the server drains or closes it after the 400).
 */
function boundedNodeText(incoming: IncomingMessage): Promise<string> {
  if (incoming.readableEnded) return Promise.resolve('');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > MAX_BODY_BYTES) {
        done();
        reject(new UserError(TOO_LARGE));
      } else chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onError = (err: Error) => {
      done();
      reject(err);
    };
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
  });
}

async function bounded(body: ReadableStream<Uint8Array>): Promise<string> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw new UserError(TOO_LARGE);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
