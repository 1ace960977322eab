import { describe, expect, it } from 'vitest';
import { formatBytes } from '@/lib/infra/format-bytes';
import { sumPools } from './pool-samples';

describe('pool sample totals', () => {
  it("adds up the app's pools, leaves out PgBouncer's own console and takes the worst wait", () => {
    const pools = {
      columns: ['database', 'user', 'cl_active', 'cl_waiting', 'sv_active', 'sv_idle', 'sv_used', 'maxwait'],
      rows: [
        { database: 'quorum', user: 'quorum', cl_active: '3', cl_waiting: '2', sv_active: '3', sv_idle: '1', sv_used: '0', maxwait: '4' },
        {
          database: 'quorum',
          user: 'quorum_app',
          cl_active: '1',
          cl_waiting: '0',
          sv_active: '1',
          sv_idle: '0',
          sv_used: '2',
          maxwait: '1',
        },
        {
          database: 'pgbouncer',
          user: 'pgbouncer',
          cl_active: '9',
          cl_waiting: '9',
          sv_active: '9',
          sv_idle: '9',
          sv_used: '9',
          maxwait: '99',
        },
      ],
    };
    const stats = {
      columns: ['database', 'avg_xact_count'],
      rows: [
        { database: 'quorum', avg_xact_count: '120' },
        { database: 'pgbouncer', avg_xact_count: '7' },
      ],
    };
    expect(sumPools(pools, stats)).toEqual({
      cl_active: 4,
      cl_waiting: 2,
      sv_active: 4,
      sv_idle: 1,
      sv_used: 2,
      maxwait_s: 4,
      xact_per_s: 120,
    });
  });

  it('counts missing or unreadable figures as zero', () => {
    const pools = { columns: ['database'], rows: [{ database: 'quorum', cl_active: '', cl_waiting: 'n/a' }] };
    expect(sumPools(pools, { columns: [], rows: [] })).toEqual({
      cl_active: 0,
      cl_waiting: 0,
      sv_active: 0,
      sv_idle: 0,
      sv_used: 0,
      maxwait_s: 0,
      xact_per_s: 0,
    });
  });
});

describe('formatBytes', () => {
  it('reads as people read sizes', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(8192)).toBe('8.0 kB');
    expect(formatBytes(5.5 * 1024 * 1024)).toBe('5.5 MB');
  });
});
