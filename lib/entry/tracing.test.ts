import { describe, expect, it } from 'vitest';
import { routeKind } from './tracing';

describe('routeKind (span names of requests)', () => {
  it('keeps the route, replaces ids and tokens, drops the query', () => {
    expect(routeKind('/api/polls')).toBe('/api/polls');
    expect(routeKind('/api/polls?cursor=12')).toBe('/api/polls');
    expect(routeKind('/api/polls/12/votes')).toBe('/api/polls/:id/votes');
    expect(routeKind('/invite/qrm_AbC123dEf456GhI789')).toBe('/invite/:id');
    expect(routeKind('/files/0f8fad5b-d9cb-469f-a165-70867728950e/logo')).toBe('/files/:id/logo');
    expect(routeKind('/_next/static/chunks/app-3a1b.js')).toBe('/_next/*');
    expect(routeKind('/')).toBe('/');
    expect(routeKind(undefined)).toBe('/');
  });
});
