// npm run bench -- fair-share-cost [--rounds 6] [--seconds 8] [--connections 20] [--pool 4] [--workers 2] [--tenants 20] [--rebuild]
//
// Issue 21's "no cost when nobody is noisy": the same production server (server.ts, `--workers`)
// twice on one PostgreSQL + PgBouncer (transaction mode, pool `--pool`), once with the fair share
// (default) and once with QUORUM_FAIR_SHARE=0, both up for the whole run. GET /api/polls of one
// tenant (anonymous, the lean path) at `--connections` closed-loop clients, rounds interleaved
// on/off/on/off… so the machine's load affects each alike. Prints req/s and p99 per round, the
// medians, and the ratio on ÷ off (target ≥ 0.95). Two kinds of traffic, each interleaved on/off:
// one tenant alone (past its K it borrows the idle slots: what that costs against no caps at all)
// and the same requests spread round-robin over `--tenants` tenants (nobody noisy: what the
// scheduler's bookkeeping costs).
import { onOffCost } from './lib/on-off';

export function main(argv: string[]): Promise<number> {
  return onOffCost(argv, {
    bench: 'fair-share-cost',
    what: 'fair share',
    prefix: 'fair',
    env: async () => ({ on: { QUORUM_FAIR_SHARE: '1' }, off: { QUORUM_FAIR_SHARE: '0' } }),
    spread: 'nobody noisy',
    oneTenant: 'it borrows idle slots past K',
  });
}
