// The OpenAPI document as a list of operations for the API reference page (app/sites/[host]/settings/api).
import { openApiDocument } from './app';

export interface ReferenceOperation {
  method: string;
  path: string;
  summary: string;
  description?: string;
  auth: string;
  params: { name: string; in: string; description?: string }[];
  body?: { type: string; schema: string };
  responses: { status: string; description: string; schema?: string }[];
}

type Schema = Record<string, unknown>;
interface Operation {
  summary?: string;
  description?: string;
  security?: Record<string, unknown>[];
  parameters?: { name: string; in: string; description?: string }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
}

let cached: ReferenceOperation[] | null = null;

export function apiReference(): ReferenceOperation[] {
  if (cached) return cached;
  const doc = openApiDocument() as unknown as {
    paths: Record<string, Record<string, Operation>>;
    components?: { schemas?: Record<string, Schema> };
  };
  const schemas = doc.components?.schemas ?? {};
  // Inline named schemas (one level of $ref at a time) so each operation reads on its own.
  const inline = (s: unknown, depth = 0): unknown => {
    if (Array.isArray(s)) return s.map((x) => inline(x, depth));
    if (!s || typeof s !== 'object') return s;
    const ref = (s as { $ref?: string }).$ref;
    if (ref && depth < 4) return inline(schemas[ref.replace('#/components/schemas/', '')], depth + 1);
    return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, inline(v, depth)]));
  };
  const show = (s: Schema | undefined) => (s ? JSON.stringify(inline(s), null, 2) : undefined);
  const ops: ReferenceOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const security = op.security ?? [];
      const auth =
        security.length === 0
          ? 'No token needed.'
          : security.some((s) => Object.keys(s).length === 0)
            ? 'A bearer token is optional (needed when the organisation’s polls are not public).'
            : 'Needs a bearer token.';
      const [type, media] = Object.entries(op.requestBody?.content ?? {})[0] ?? [];
      ops.push({
        method: method.toUpperCase(),
        path,
        summary: op.summary ?? '',
        description: op.description,
        auth,
        params: op.parameters ?? [],
        body: type ? { type, schema: show(media?.schema) ?? '' } : undefined,
        responses: Object.entries(op.responses ?? {}).map(([status, r]) => ({
          status,
          description: r.description ?? '',
          schema: show(Object.values(r.content ?? {})[0]?.schema),
        })),
      });
    }
  }
  return (cached = ops);
}
