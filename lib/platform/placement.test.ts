import { describe, expect, it } from 'vitest';
import { UserError } from '@/lib/infra/errors';
import { parseNode } from './placement';

describe('parseNode', () => {
  it('accepts host:port as Citus lists workers', () => {
    expect(parseNode('localhost:5433')).toEqual({ host: 'localhost', port: 5433, node: 'localhost:5433' });
    expect(parseNode(' worker-1.internal:6432 ')).toEqual({ host: 'worker-1.internal', port: 6432, node: 'worker-1.internal:6432' });
  });

  it.each(['localhost', ':5432', 'localhost:', 'localhost:0', 'localhost:65536', 'a b:1', "x';--:1", 'host:12x'])(
    'refuses %j with one sentence',
    (input) => {
      expect(() => parseNode(input)).toThrow(UserError);
      expect(() => parseNode(input)).toThrow(/expected HOST:PORT/);
    },
  );
});
