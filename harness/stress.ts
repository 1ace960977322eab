/**
 * Isolation under load: many tenants, mixed reads and writes through the production app and
 * PgBouncer, then a check of every answer and of the database.
 *
 * Every poll and choice a tenant owns carries its marker `[<sub>]`. A read is a cross-tenant
 * leak if its `tenant` field is not the host's schema or any marker in it is another tenant's.
 * Every write acknowledged with a 2xx is looked up afterwards over the DIRECT connection
 * (not through PgBouncer); a missing or altered one is a lost write, a row in the wrong schema
 * is misplaced.
 *
 * Used by test/integration/stress.test.ts (short run) and bench/stress.ts (≥ 100,000 requests).
 * No vitest import here.
 */
import http from 'node:http';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { issueToken } from '@/lib/features/auth/api-tokens';
import { hashPassword } from '@/lib/features/auth/password';
import { directDb } from '@/lib/infra/db/pool';
import { createPoll } from '@/lib/features/polls/polls';
import { provisionTenant } from '@/lib/platform/provision-tenant';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { createUser } from '@/lib/features/auth/users';

export interface StressTenant {
  /** Position in the run: this tenant's row ids lie in (index+1)×1e6 … (index+2)×1e6. */
  index: number;
  sub: string;
  schema: string;
  /** Host header value without port; the app ignores the port of tenant hosts. */
  host: string;
  /** users[0] is the tenant admin; the others are members who vote. */
  users: { id: number; token: string }[];
  /** Polls known to exist (seeded or acknowledged): targets for reads and votes. */
  polls: { id: number; choices: number[] }[];
}

export const marker = (sub: string) => `[${sub}]`;
/** Ids of tenant number i start above i × 1,000,000. */
const ID_RANGE = 1_000_000;
const idBase = (i: number) => (i + 1) * ID_RANGE;
const idTenant = (id: number) => Math.floor(id / ID_RANGE) - 1;
const MARKER_RE = /\[([a-z0-9-]+)\]/g;

/** Runs `fn` over `items` with at most `limit` in flight. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

/**
 * Provisions `tenants` tenants `<prefix><i>` (domain `<sub>.localhost`), each with an admin,
 * `voters` members, API tokens for all of them (issued directly: logins are not under test here)
 * and one seeded poll. One password hash is shared, so setup is DDL-bound, not KDF-bound.
 */
export async function setupStressTenants(opts: {
  tenants: number;
  prefix: string;
  voters?: number;
  parallel?: number;
  log?: (m: string) => void;
}): Promise<StressTenant[]> {
  const voters = opts.voters ?? 3;
  if (opts.tenants > 2000) throw new Error('setupStressTenants: at most 2000 tenants (ids are PostgreSQL integers)');
  const hash = await hashPassword('stress-password-1');
  const subs = Array.from({ length: opts.tenants }, (_, i) => `${opts.prefix}${i}`);
  let done = 0;
  return mapLimit(subs, opts.parallel ?? 4, async (sub, i) => {
    const schema = sub.replace(/-/g, '_');
    await provisionTenant(directDb(), { schema, name: `Stress ${sub}`, domain: `${sub}.localhost` });
    const t = await withTenant({ schema }, async (db) => {
      // Each tenant numbers its rows from its own range, so an id can only ever be valid in one
      // tenant: a request that ran in the wrong schema would miss (404/401) or show up as a foreign id.
      for (const table of ['users', 'polls', 'choices', 'votes', 'api_tokens']) {
        await sql`alter table ${sql.table(table)} alter column id restart with ${sql.lit(idBase(i) + 1)}`.execute(db);
      }
      const users: StressTenant['users'] = [];
      for (let v = 0; v <= voters; v++) {
        const u = await createUser(
          db,
          { email: `${v === 0 ? 'admin' : `voter${v}`}@${sub}.test`, password: 'unused-here', role: v === 0 ? 'admin' : 'member' },
          hash,
        );
        users.push({ id: u.id, token: (await issueToken(db, u.id)).token });
      }
      const poll = await createPoll(
        db,
        { id: users[0]!.id, role: 'admin' },
        { question: `seed ${marker(sub)}`, choices: [`yes ${marker(sub)}`, `no ${marker(sub)}`] },
      );
      return { index: i, sub, schema, host: `${sub}.localhost`, users, polls: [{ id: poll.id, choices: poll.choices.map((c) => c.id) }] };
    });
    if (++done % 50 === 0) opts.log?.(`provisioned ${done}/${subs.length} tenants`);
    return t;
  });
}

// ---------------------------------------------------------------------------------------------
// Checking answers
// ---------------------------------------------------------------------------------------------

interface PollJson {
  id?: number;
  question?: string;
  choices?: { id?: number; choice_text?: string }[];
}

/** Problems with one JSON answer given to tenant `t` (empty = clean). Exported so a test can prove it detects a leak. */
export function inspectAnswer(t: Pick<StressTenant, 'sub' | 'schema'> & { index?: number }, body: unknown): string[] {
  const problems: string[] = [];
  const b = body as { tenant?: unknown; polls?: PollJson[]; poll?: PollJson; question?: string; choices?: PollJson['choices'] } | null;
  if (!b || typeof b !== 'object') return ['not a JSON object'];
  if (b.tenant !== t.schema) problems.push(`tenant field ${JSON.stringify(b.tenant)} on ${t.sub}`);
  const polls: PollJson[] = b.polls ?? (b.poll ? [b.poll] : b.question !== undefined ? [b as PollJson] : []);
  for (const p of polls) {
    if (t.index !== undefined) {
      for (const id of [p.id, ...(p.choices ?? []).map((c) => c.id)]) {
        if (typeof id === 'number' && idTenant(id) !== t.index) problems.push(`id ${id} of tenant #${idTenant(id)} on ${t.sub}`);
      }
    }
    const texts = [p.question ?? '', ...(p.choices ?? []).map((c) => c.choice_text ?? '')];
    for (const text of texts) {
      const found = [...text.matchAll(MARKER_RE)].map((m) => m[1]);
      if (found.length === 0) problems.push(`unmarked text ${JSON.stringify(text.slice(0, 60))} on ${t.sub}`);
      for (const m of found) if (m !== t.sub) problems.push(`marker [${m}] on ${t.sub}`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The load
// ---------------------------------------------------------------------------------------------

export type RequestKind = 'list' | 'get' | 'create' | 'vote';

export interface StressOptions {
  port: number;
  tenants: StressTenant[];
  requests: number;
  concurrency: number;
  /** Relative weights (default list 45, get 15, create 20, vote 20). */
  mix?: Partial<Record<RequestKind, number>>;
  /** PRNG seed for tenant/kind choice (default 1). */
  seed?: number;
  /** Per-request client ceiling (default 30 s). */
  timeoutMs?: number;
  log?: (m: string) => void;
}

export interface AckedPoll {
  schema: string;
  id: number;
  question: string;
  choices: string[];
}
export interface AckedVote {
  schema: string;
  id: number;
  poll_id: number;
  choice_id: number;
  voted_by: number;
}

export interface StressReport {
  requests: number;
  tenants: number;
  concurrency: number;
  durationMs: number;
  rps: number;
  /** "201": n, "409": n, "error": n (network/timeout) … */
  statuses: Record<string, number>;
  byKind: Record<RequestKind, { n: number; ok: number }>;
  /** Reads (and write answers) that showed another tenant's data or tenant field. */
  crossTenant: number;
  crossTenantSamples: string[];
  /** Unexpected answers: anything but 200/201, a 409 no other attempt explains, a 503 (counted in `shed`). */
  failures: number;
  /** 503 + Retry-After: the app shed load (pool checkout timed out). Nothing was acknowledged, so not a violation. */
  shed: number;
  failureSamples: string[];
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  acked: { polls: AckedPoll[]; votes: AckedVote[] };
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pct(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export async function runStress(opts: StressOptions): Promise<StressReport> {
  const weights = { list: 45, get: 15, create: 20, vote: 20, ...opts.mix };
  const kinds = Object.keys(weights) as RequestKind[];
  const total = kinds.reduce((s, k) => s + weights[k], 0);
  const rand = mulberry32(opts.seed ?? 1);
  const pickKind = (): RequestKind => {
    let x = rand() * total;
    for (const k of kinds) if ((x -= weights[k]) < 0) return k;
    return 'list';
  };
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const send = (host: string, method: string, path: string, token: string | null, json?: unknown) =>
    new Promise<{ status: number; body: unknown }>((resolve) => {
      const payload = json === undefined ? undefined : JSON.stringify(json);
      const headers: Record<string, string> = { host: `${host}:${opts.port}` };
      if (token) headers.authorization = `Bearer ${token}`;
      if (payload !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = String(Buffer.byteLength(payload));
      }
      const req = http.request({ host: '127.0.0.1', port: opts.port, method, path, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          let body: unknown = null;
          try {
            body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
        res.on('error', () => resolve({ status: 0, body: null }));
      });
      req.setTimeout(opts.timeoutMs ?? 30_000, () => req.destroy(new Error('timeout')));
      req.on('error', () => resolve({ status: 0, body: null }));
      if (payload !== undefined) req.write(payload);
      req.end();
    });

  const report: StressReport = {
    requests: 0,
    tenants: opts.tenants.length,
    concurrency: opts.concurrency,
    durationMs: 0,
    rps: 0,
    statuses: {},
    byKind: { list: { n: 0, ok: 0 }, get: { n: 0, ok: 0 }, create: { n: 0, ok: 0 }, vote: { n: 0, ok: 0 } },
    crossTenant: 0,
    crossTenantSamples: [],
    failures: 0,
    shed: 0,
    failureSamples: [],
    latencyMs: { p50: 0, p90: 0, p99: 0, max: 0 },
    acked: { polls: [], votes: [] },
  };
  const latencies = new Float64Array(opts.requests);
  // Every vote attempt per (tenant, user, poll), to explain a surprising 409.
  const journal = new Map<string, string[]>();
  // (tenant schema, user id) → poll ids voted on or being voted on
  const voted = new Map<string, Set<number>>();
  const fail = (what: string) => {
    if (/ → 503$/.test(what)) {
      report.shed++;
      return;
    }
    report.failures++;
    if (report.failureSamples.length < 20) report.failureSamples.push(what);
  };
  const leak = (problems: string[], what: string) => {
    if (problems.length === 0) return;
    report.crossTenant++;
    if (report.crossTenantSamples.length < 20) report.crossTenantSamples.push(`${what}: ${problems.slice(0, 3).join('; ')}`);
  };

  let issued = 0;
  let finished = 0;
  const step = Math.max(1, Math.floor(opts.requests / 10));
  const t0 = performance.now();
  const worker = async () => {
    while (issued < opts.requests) {
      const n = issued++;
      const t = opts.tenants[Math.floor(rand() * opts.tenants.length)]!;
      const kind = pickKind();
      const started = performance.now();
      let status = 0;
      let ok = false;
      if (kind === 'list') {
        // Half anonymous, half with a member's token (both paths must be isolated).
        const token = rand() < 0.5 ? null : t.users[1 + Math.floor(rand() * (t.users.length - 1))]!.token;
        const r = await send(t.host, 'GET', '/api/polls', token);
        status = r.status;
        ok = status === 200;
        if (ok) leak(inspectAnswer(t, r.body), `GET /api/polls on ${t.sub}`);
        else fail(`GET /api/polls on ${t.sub} → ${status}`);
      } else if (kind === 'get') {
        const p = t.polls[Math.floor(rand() * t.polls.length)]!;
        const r = await send(t.host, 'GET', `/api/polls/${p.id}`, null);
        status = r.status;
        ok = status === 200;
        if (ok) leak(inspectAnswer(t, r.body), `GET /api/polls/${p.id} on ${t.sub}`);
        else fail(`GET /api/polls/${p.id} on ${t.sub} → ${status}`);
      } else if (kind === 'create') {
        const user = t.users[Math.floor(rand() * t.users.length)]!;
        const question = `q${n} ${marker(t.sub)}`;
        const choices = [`a${n} ${marker(t.sub)}`, `b${n} ${marker(t.sub)}`, `c${n} ${marker(t.sub)}`];
        const r = await send(t.host, 'POST', '/api/polls', user.token, { question, choices });
        status = r.status;
        ok = status === 201;
        if (ok) {
          const b = r.body as { id: number; choices: { id: number }[] };
          leak(inspectAnswer(t, r.body), `POST /api/polls on ${t.sub}`);
          report.acked.polls.push({ schema: t.schema, id: b.id, question, choices });
          t.polls.push({ id: b.id, choices: b.choices.map((c) => c.id) });
        } else fail(`POST /api/polls on ${t.sub} → ${status}`);
      } else {
        const user = t.users[1 + Math.floor(rand() * (t.users.length - 1))]!;
        const key = `${t.schema}:${user.id}`;
        const mine = voted.get(key) ?? new Set<number>();
        voted.set(key, mine);
        // Prefer a poll this user has not voted on; if there is none, the answer must be a clean 409.
        const fresh = t.polls.filter((p) => !mine.has(p.id));
        const p = fresh.length ? fresh[Math.floor(rand() * fresh.length)]! : t.polls[Math.floor(rand() * t.polls.length)]!;
        const repeat = mine.has(p.id);
        mine.add(p.id);
        const choice = p.choices[Math.floor(rand() * p.choices.length)]!;
        const jkey = `${t.schema}:${user.id}:${p.id}`;
        const entries = journal.get(jkey) ?? [];
        journal.set(jkey, entries);
        entries.push(`#${n} sent at ${(started - t0).toFixed(0)} ms (repeat=${repeat})`);
        const r = await send(t.host, 'POST', `/api/polls/${p.id}/votes`, user.token, { choice_id: choice });
        status = r.status;
        entries.push(`#${n} → ${status} ${JSON.stringify(r.body)} at ${(performance.now() - t0).toFixed(0)} ms`);
        // A 409 is right only if another attempt of the same user on the same poll won (checked
        // after the run: two attempts can be in flight at once, and the later one may win).
        ok = status === 201 || status === 409;
        if (status === 201) {
          const b = r.body as { id: number; poll_id: number; choice_id: number; tenant: string };
          if (b.tenant !== t.schema || b.poll_id !== p.id || b.choice_id !== choice)
            leak([`vote answer ${JSON.stringify(b)}`], `POST vote on ${t.sub}`);
          report.acked.votes.push({ schema: t.schema, id: b.id, poll_id: p.id, choice_id: choice, voted_by: user.id });
        } else if (!ok && status !== 409) fail(`POST /api/polls/${p.id}/votes on ${t.sub} (repeat=${repeat}) → ${status}`);
      }
      latencies[n] = performance.now() - started;
      report.byKind[kind].n++;
      if (ok) report.byKind[kind].ok++;
      const key = status === 0 ? 'error' : String(status);
      report.statuses[key] = (report.statuses[key] ?? 0) + 1;
      if (++finished % step === 0)
        opts.log?.(`${finished}/${opts.requests} requests, ${Math.round(finished / ((performance.now() - t0) / 1000))} req/s`);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  for (const [key, entries] of journal) {
    const wins = entries.filter((e) => / → 201 /.test(e)).length;
    const refusals = entries.filter((e) => / → 409 /.test(e)).length;
    if (wins > 1) fail(`${key}: ${wins} votes accepted for one user and poll: ${entries.join(' | ')}`);
    // (An attempt answered 503 or cut off may have committed before failing: then a 409 is right too.)
    const unanswered = entries.filter((e) => / → (?!201 |409 )/.test(e)).length;
    if (refusals > 0 && wins === 0 && unanswered === 0)
      fail(`${key}: refused as already voted, but no vote was accepted: ${entries.join(' | ')}`);
  }
  report.durationMs = performance.now() - t0;
  agent.destroy();
  report.requests = finished;
  report.rps = finished / (report.durationMs / 1000);
  const sorted = latencies.slice(0, finished).sort();
  report.latencyMs = { p50: pct(sorted, 50), p90: pct(sorted, 90), p99: pct(sorted, 99), max: sorted[sorted.length - 1] ?? NaN };
  return report;
}

// ---------------------------------------------------------------------------------------------
// Checking the database
// ---------------------------------------------------------------------------------------------

export interface StressVerification {
  /** Acknowledged polls/votes that are missing or differ in the database. */
  lostPolls: number;
  lostVotes: number;
  lostSamples: string[];
  /** Rows in a tenant's schema that carry another tenant's marker. */
  misplaced: number;
  /** Rows present but never acknowledged (e.g. a write whose answer was lost); informational. */
  unacknowledged: { polls: number; votes: number };
  checkedTenants: number;
}

/** Reads every tenant schema over the direct connection and compares with what was acknowledged. */
export async function verifyStress(
  tenants: StressTenant[],
  report: StressReport,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any> = directDb(),
): Promise<StressVerification> {
  const v: StressVerification = {
    lostPolls: 0,
    lostVotes: 0,
    lostSamples: [],
    misplaced: 0,
    unacknowledged: { polls: 0, votes: 0 },
    checkedTenants: 0,
  };
  const pollsBy = new Map<string, AckedPoll[]>();
  for (const p of report.acked.polls) pollsBy.set(p.schema, [...(pollsBy.get(p.schema) ?? []), p]);
  const votesBy = new Map<string, AckedVote[]>();
  for (const x of report.acked.votes) votesBy.set(x.schema, [...(votesBy.get(x.schema) ?? []), x]);
  const lost = (what: string) => {
    if (v.lostSamples.length < 20) v.lostSamples.push(what);
  };
  await mapLimit(tenants, 4, async (t) => {
    const rows = await withTenant(
      { schema: t.schema },
      async (tdb) => {
        const polls = await tdb.selectFrom('polls').select(['id', 'question']).execute();
        const choices = await tdb
          .selectFrom('choices')
          .select(['id', 'poll_id', 'choice_text'])
          .orderBy('position')
          .orderBy('id')
          .execute();
        const votes = await tdb.selectFrom('votes').select(['id', 'poll_id', 'choice_id', 'voted_by']).execute();
        const where = await sql<{ s: string }>`select current_schema() as s`.execute(tdb);
        return { polls, choices, votes, schema: where.rows[0]!.s };
      },
      db,
    );
    if (rows.schema !== t.schema) throw new Error(`verification read ${rows.schema} instead of ${t.schema}`);
    const own = marker(t.sub);
    const foreign = (id: number | null) => id !== null && idTenant(id) !== t.index;
    for (const p of rows.polls) if (foreign(p.id)) v.misplaced++;
    for (const c of rows.choices) if (foreign(c.id) || foreign(c.poll_id)) v.misplaced++;
    for (const x of rows.votes) if (foreign(x.id) || foreign(x.poll_id) || foreign(x.choice_id) || foreign(x.voted_by)) v.misplaced++;
    for (const text of [...rows.polls.map((p) => p.question), ...rows.choices.map((c) => c.choice_text)]) {
      const found = [...text.matchAll(MARKER_RE)].map((m) => m[1]);
      if (found.length === 0 || found.some((m) => `[${m}]` !== own)) v.misplaced++;
    }
    const pollById = new Map(rows.polls.map((p) => [p.id, p]));
    const choicesByPoll = new Map<number, string[]>();
    for (const c of rows.choices) choicesByPoll.set(c.poll_id, [...(choicesByPoll.get(c.poll_id) ?? []), c.choice_text]);
    const ackedPolls = pollsBy.get(t.schema) ?? [];
    for (const p of ackedPolls) {
      const row = pollById.get(p.id);
      if (!row || row.question !== p.question || JSON.stringify(choicesByPoll.get(p.id)) !== JSON.stringify(p.choices)) {
        v.lostPolls++;
        lost(`${t.schema} poll ${p.id} ${row ? 'differs' : 'missing'}`);
      }
    }
    const voteById = new Map(rows.votes.map((x) => [x.id, x]));
    const ackedVotes = votesBy.get(t.schema) ?? [];
    for (const x of ackedVotes) {
      const row = voteById.get(x.id);
      if (!row || row.poll_id !== x.poll_id || row.choice_id !== x.choice_id || row.voted_by !== x.voted_by) {
        v.lostVotes++;
        lost(`${t.schema} vote ${x.id} ${row ? 'differs' : 'missing'}`);
      }
    }
    v.unacknowledged.polls += Math.max(0, rows.polls.length - 1 - ackedPolls.length); // 1 seeded poll
    v.unacknowledged.votes += Math.max(0, rows.votes.length - ackedVotes.length);
    v.checkedTenants++;
  });
  return v;
}

// ---------------------------------------------------------------------------------------------
// PgBouncer server connections during the run
// ---------------------------------------------------------------------------------------------

/** Samples `SHOW POOLS` every `intervalMs`; stop() returns the peaks for database `quorum`. */
export function samplePgBouncer(
  adminUrl: string,
  intervalMs = 250,
): { stop: () => Promise<{ maxServerConns: number; maxClientsWaiting: number; samples: number }> } {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => undefined);
  const peak = { maxServerConns: 0, maxClientsWaiting: 0, samples: 0 };
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const ready = client.connect().then(
    () => true,
    () => false,
  );
  const tick = async () => {
    if (stopped || !(await ready)) return;
    try {
      const r = await client.query<Record<string, string>>('SHOW POOLS');
      for (const row of r.rows) {
        if (row.database !== 'quorum') continue;
        const server = ['sv_active', 'sv_idle', 'sv_used', 'sv_tested', 'sv_login'].reduce((s, k) => s + Number(row[k] ?? 0), 0);
        peak.maxServerConns = Math.max(peak.maxServerConns, server);
        peak.maxClientsWaiting = Math.max(peak.maxClientsWaiting, Number(row.cl_waiting ?? 0));
      }
      peak.samples++;
    } catch {
      /* a failed sample is skipped */
    }
    if (!stopped) timer = setTimeout(tick, intervalMs);
  };
  void tick();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await client.end().catch(() => undefined);
      return peak;
    },
  };
}
