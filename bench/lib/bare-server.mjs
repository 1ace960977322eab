// The physical limit for `npm run bench -- peer`: node:http + pg and nothing else. One route,
// GET /api/polls, answers the tenant's polls with the SQL of lib/features/polls/polls.ts listPollsQuery
// compiled once by the bench (schema-qualified, so no tenant context), through the same PgBouncer.
// Plain JavaScript on purpose: no framework, no TypeScript loader, no logging, no headers beyond
// Content-Type. Configured by environment: BARE_PORT, BARE_DATABASE_URL, BARE_SQL, BARE_PARAMS
// (JSON array), BARE_TENANT (the "tenant" field of the answer), BARE_LIMIT (the page size: the
// query reads one row more; the answer is lib/features/polls/page.ts toPage's shape), BARE_POOL_MAX.
import http from 'node:http';
import pg from 'pg';

const env = (k) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set`);
  return v;
};
const text = env('BARE_SQL');
const values = JSON.parse(env('BARE_PARAMS'));
const tenant = env('BARE_TENANT');
const limit = Number(env('BARE_LIMIT'));
const pool = new pg.Pool({ connectionString: env('BARE_DATABASE_URL'), max: Number(process.env.BARE_POOL_MAX ?? 10) });
pool.on('error', () => {});

const server = http.createServer((req, res) => {
  if (req.method !== 'GET' || req.url !== '/api/polls') {
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Not found."}');
    return;
  }
  pool.query(text, values).then(
    (r) => {
      // toPage of lib/features/polls/page.ts: the first `limit` rows without their page key, and the next cursor.
      const shown = r.rows.slice(0, limit);
      const last = shown[shown.length - 1];
      const next_cursor = r.rows.length > limit && last ? Buffer.from(`${last.page_key}.${last.id}`).toString('base64url') : null;
      const polls = shown.map(({ page_key: _key, ...rest }) => rest);
      const body = JSON.stringify({ tenant, polls, next_cursor });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
    },
    (err) => {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(err.message) }));
    },
  );
});
server.keepAliveTimeout = 65_000;
server.listen(Number(env('BARE_PORT')), '127.0.0.1', () => console.log('listening'));
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => server.close(() => pool.end().then(() => process.exit(0))));
