// The physical limit for `npm run bench -- peer`: node:http + pg and nothing else, answering the
// paths the bench measures with the statements of Quorum's own query functions (compiled once by
// the bench, ./bare-sql.ts: schema-qualified, so no tenant context), through the same PgBouncer:
//   GET  /api/polls[?limit=N&cursor=C]   listPollsQuery (anonymous, or the token's viewer)
//   GET  /api/polls/:id                  pollQuery
//   POST /api/polls/:id/votes            castVote on a poll that allows changes, in one transaction
// A bearer token is looked up the way lib/features/auth/api-tokens.ts does: SHA-256 of the token,
// one indexed lookup (userForToken's statement); reads keep the answer in a per-process map (like
// Quorum's token cache), writes look it up inside their transaction every time.
// Plain JavaScript on purpose: no framework, no TypeScript loader, no logging, no headers beyond
// Content-Type. Configured by environment: BARE_PORT, BARE_DATABASE_URL, BARE_STATEMENTS (JSON of
// ./bare-sql.ts BareSql), BARE_TENANT (the "tenant" field of the answers), BARE_LIMIT (the default
// page size; answers are lib/features/polls/page.ts toPage's shape), BARE_POOL_MAX (per process),
// BARE_WORKERS (default 1: one process; more: node:cluster workers sharing the port, as Quorum's
// QUORUM_WORKERS, each with its own pool).
import cluster from 'node:cluster';
import { createHash } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';

const env = (k) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set`);
  return v;
};
const S = JSON.parse(env('BARE_STATEMENTS'));
const tenant = env('BARE_TENANT');
const defaultLimit = Number(env('BARE_LIMIT'));
const pool = new pg.Pool({ connectionString: env('BARE_DATABASE_URL'), max: Number(process.env.BARE_POOL_MAX ?? 10) });
pool.on('error', () => {});

class Fail extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const values = (st, args) => st.params.map((p) => ('arg' in p ? args[p.arg] : p.v));
const run = (db, st, args) => db.query(st.text, values(st, args)).then((r) => r.rows);

const tokenCache = new Map();
async function userOf(req, db, cached) {
  const m = /^Bearer\s+(\S+)$/i.exec((req.headers.authorization ?? '').trim());
  if (!m || !/^qrm_[A-Za-z0-9_-]{43}$/.test(m[1])) throw new Fail(401, 'The token is invalid or has expired.');
  const tokenHash = createHash('sha256').update(m[1]).digest('hex');
  const hit = cached ? tokenCache.get(tokenHash) : undefined;
  if (hit && hit.until > Date.now()) return hit.user;
  const [row] = await run(db, S.tokenUser, { tokenHash });
  if (!row) throw new Fail(401, 'The token is invalid or has expired.');
  const { expires_at, ...user } = row;
  tokenCache.set(tokenHash, { user, until: Math.min(Date.now() + 60_000, expires_at.getTime()) });
  return user;
}

function pageArgs(search) {
  let limit = defaultLimit;
  const rawLimit = search.get('limit');
  if (rawLimit !== null) {
    limit = /^\d{1,4}$/.test(rawLimit) ? Number(rawLimit) : 0;
    if (limit < 1 || limit > 100) throw new Fail(400, 'limit must be a whole number from 1 to 100.');
  }
  const raw = search.get('cursor');
  if (!raw) return { limit, after: false, args: { limit, limitPlus1: limit + 1 } };
  const m = /^[A-Za-z0-9_-]{1,64}$/.test(raw) ? /^(-?\d{1,19})\.(\d{1,10})$/.exec(Buffer.from(raw, 'base64url').toString()) : null;
  if (!m || Number(m[2]) < 1) throw new Fail(400, 'cursor is not one this API returned; start again without it.');
  return { limit, after: true, args: { limit, limitPlus1: limit + 1, cursorMicros: m[1], cursorId: Number(m[2]) } };
}

async function list(req, search) {
  const page = pageArgs(search);
  const user = req.headers.authorization === undefined ? null : await userOf(req, pool, true);
  const st = S.list[`${user ? 'user' : 'anon'}${page.after ? 'After' : 'First'}`];
  const rows = await run(pool, st, { ...page.args, user: user?.id });
  // toPage of lib/features/polls/page.ts: the first `limit` rows without their page key, and the next cursor.
  const shown = rows.slice(0, page.limit);
  const last = shown[shown.length - 1];
  const next_cursor = rows.length > page.limit && last ? Buffer.from(`${last.page_key}.${last.id}`).toString('base64url') : null;
  return [200, { tenant, polls: shown.map(({ page_key: _key, ...rest }) => rest), next_cursor }];
}

async function one(req, id) {
  const user = req.headers.authorization === undefined ? null : await userOf(req, pool, true);
  const [poll] = await run(pool, user ? S.poll.user : S.poll.anon, { poll: id, user: user?.id });
  if (!poll) throw new Fail(404, 'Poll not found.');
  return [200, { tenant, poll }];
}

async function vote(req, id, body) {
  let choice;
  try {
    choice = JSON.parse(body).choice_id;
  } catch {
    throw new Fail(400, 'The body is not JSON.');
  }
  if (!Number.isInteger(choice) || choice < 1) throw new Fail(400, 'choice_id must be a positive whole number.');
  const db = await pool.connect();
  try {
    await db.query('BEGIN');
    const user = await userOf(req, db, false);
    const args = { user: user.id, poll: id, choice };
    const [c] = await run(db, S.vote.choice, args);
    const [p] = await run(db, S.vote.poll, args);
    if (!p) throw new Fail(404, 'Poll not found.');
    if (!c || c.poll_id !== id) throw new Fail(400, 'That choice does not belong to this poll.');
    if (p.closed || !p.allow_vote_change) throw new Fail(409, 'This poll does not take this vote here.');
    let out;
    const [prior] = await run(db, S.vote.prior, args);
    if (prior) {
      if (prior.old_choice_id !== choice) {
        const moved = { ...args, old: prior.old_choice_id };
        await run(db, S.vote.lock, moved);
        await run(db, S.vote.move, moved);
      }
      out = [200, { tenant, id: prior.id, poll_id: prior.poll_id, choice_id: prior.choice_id, replaced: true }];
    } else {
      const [row] = await run(db, S.vote.insert, args);
      if (!row) throw new Fail(409, 'A concurrent first vote.');
      await run(db, S.vote.add, args);
      out = [201, { tenant, ...row, replaced: false }];
    }
    await db.query('COMMIT');
    return out;
  } catch (err) {
    await db.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    db.release();
  }
}

function route(req, body) {
  const url = new URL(req.url, 'http://x');
  if (req.method === 'GET' && url.pathname === '/api/polls') return list(req, url.searchParams);
  const m = /^\/api\/polls\/(\d{1,10})(\/votes)?$/.exec(url.pathname);
  if (m && req.method === 'GET' && !m[2]) return one(req, Number(m[1]));
  if (m && req.method === 'POST' && m[2]) return vote(req, Number(m[1]), body);
  return Promise.reject(new Fail(404, 'Not found.'));
}

function serve() {
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      route(req, Buffer.concat(chunks).toString('utf8')).then(
        ([status, answer]) => {
          const body = JSON.stringify(answer);
          res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
        },
        (err) => {
          res.writeHead(err.status ?? 500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(err.message) }));
        },
      );
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(Number(env('BARE_PORT')), '127.0.0.1', () => (cluster.isWorker ? process.send('listening') : console.log('listening')));
  for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => server.close(() => pool.end().then(() => process.exit(0))));
  if (cluster.isWorker) process.on('disconnect', () => process.exit(0)); // the primary has gone
}

const workers = Number(process.env.BARE_WORKERS ?? 1);
if (workers > 1 && cluster.isPrimary) {
  let up = 0;
  for (let i = 0; i < workers; i++)
    cluster.fork().on('message', (m) => {
      if (m === 'listening' && ++up === workers) console.log('listening');
    });
  for (const sig of ['SIGTERM', 'SIGINT'])
    process.on(sig, () => {
      for (const w of Object.values(cluster.workers ?? {})) w?.kill(sig);
      process.exit(0);
    });
} else serve();
