import { describe, expect, it } from 'vitest';
import { pgConstraint } from './errors';

describe('pgConstraint', () => {
  it('uses the constraint field when PostgreSQL sends one', () => {
    expect(pgConstraint({ code: '23505', constraint: 'votes_one_per_user', message: 'x' })).toBe('votes_one_per_user');
  });

  it('reads a Citus worker error from its message and drops the shard suffix', () => {
    const err = { code: '23505', message: 'duplicate key value violates unique constraint "votes_one_per_user_102013"' };
    expect(pgConstraint(err)).toBe('votes_one_per_user');
  });

  it('keeps a field name ending in digits as sent (only message names carry shard ids)', () => {
    expect(pgConstraint({ code: '23505', constraint: 'domains_v2', message: '' })).toBe('domains_v2');
  });

  it('is undefined for errors without a constraint', () => {
    expect(pgConstraint({ code: '42P01', message: 'relation "x" does not exist' })).toBeUndefined();
    expect(pgConstraint(null)).toBeUndefined();
  });
});
