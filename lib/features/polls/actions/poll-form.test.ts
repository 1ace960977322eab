import { describe, expect, it } from 'vitest';
import { readClosesAt, readVoteOptions } from './poll-form';

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

describe('readClosesAt', () => {
  it('turns the browser-local time and its offset into UTC', () => {
    // getTimezoneOffset() is -60 in Paris in winter: local 18:30 is 17:30 UTC.
    expect(readClosesAt(form({ closes_at: '2030-01-15T18:30', tz_offset: '-60' }), 'create')).toBe('2030-01-15T17:30:00.000Z');
    expect(readClosesAt(form({ closes_at: '2030-01-15T18:30', tz_offset: '300' }), 'create')).toBe('2030-01-15T23:30:00.000Z');
  });

  it('blank means "no closing time" on create and "clear it" on edit; unchanged on edit means no change', () => {
    expect(readClosesAt(form({ closes_at: '' }), 'create')).toBeUndefined();
    expect(readClosesAt(form({ closes_at: '', closes_at_initial: '2030-01-15T18:30' }), 'edit')).toBeNull();
    expect(readClosesAt(form({ closes_at: '2030-01-15T18:30', closes_at_initial: '2030-01-15T18:30' }), 'edit')).toBeUndefined();
  });

  it('passes malformed input through for the schema to explain', () => {
    expect(readClosesAt(form({ closes_at: 'tomorrow', tz_offset: '0' }), 'create')).toBe('tomorrow');
    expect(readClosesAt(form({ closes_at: '2030-01-15T18:30', tz_offset: 'x' }), 'create')).toBe('2030-01-15T18:30');
  });
});

describe('readVoteOptions', () => {
  it('sends every option on create, unchecked as false', () => {
    expect(readVoteOptions(form({ allow_vote_change: 'on' }), 'create')).toEqual({ allow_vote_change: true, hide_results: false });
  });

  it('sends only the options that changed on edit', () => {
    const unchanged = form({ allow_vote_change: 'on', allow_vote_change_initial: 'true', hide_results_initial: 'false' });
    expect(readVoteOptions(unchanged, 'edit')).toEqual({});
    const switched = form({ allow_vote_change_initial: 'true', hide_results: 'on', hide_results_initial: 'false' });
    expect(readVoteOptions(switched, 'edit')).toEqual({ allow_vote_change: false, hide_results: true });
  });
});
