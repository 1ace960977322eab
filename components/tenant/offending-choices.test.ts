import { describe, expect, it } from 'vitest';
import { offendingChoices } from './offending-choices';

const rows = (...texts: string[]) => texts.map((text, key) => ({ key, text }));

describe('offendingChoices (only the rows a choices error is about are outlined)', () => {
  it('marks the repeated answers, case and spaces aside', () => {
    expect([...offendingChoices(rows('Tea', 'Coffee', ' tea ', 'Water'))]).toEqual([0, 2]);
  });
  it('marks a too long answer', () => {
    expect([...offendingChoices(rows('Tea', 'x'.repeat(201), 'Water'))]).toEqual([1]);
  });
  it('marks the empty rows when there are too few answers, else every row', () => {
    expect([...offendingChoices(rows('Tea', '', '  '))]).toEqual([1, 2]);
    expect([...offendingChoices(rows('Tea', 'Coffee'))]).toEqual([0, 1]);
  });
});
