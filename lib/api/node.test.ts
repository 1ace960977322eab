import { describe, expect, it } from 'vitest';
import { isApiTarget } from './node';

describe('isApiTarget: which requests server.ts answers with the JSON API', () => {
  it.each([
    ['/api/polls', true],
    ['/api/polls?limit=5', true],
    ['/api/polls/1/votes', true],
    ['/api/health', true],
    ['/api/openapi.json', true],
    ['/api/auth/session', false],
    ['/api/auth', false],
    ['/api/AUTH/csrf', false],
    ['/api/%61uth/session', false],
    ['/api', false],
    ['/apix', false],
    ['/', false],
    ['/sites/a.localhost/api/polls', false],
    ['http://a.localhost/api/polls', false],
  ])('%s → %s', (url, expected) => {
    expect(isApiTarget(url)).toBe(expected);
  });
});
