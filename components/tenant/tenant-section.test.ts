import { describe, expect, it } from 'vitest';
import { tenantPath, tenantSection } from './tenant-section';

describe('tenant navigation section', () => {
  const hrefs = ['/', '/polls/new', '/users'];
  it('marks the exact page, and a poll under "Polls"', () => {
    expect(tenantSection('/', hrefs)).toBe('/');
    expect(tenantSection('/polls/new', hrefs)).toBe('/polls/new');
    expect(tenantSection('/users', hrefs)).toBe('/users');
    expect(tenantSection('/polls/12', hrefs)).toBe('/');
    expect(tenantSection('/polls/12/edit', hrefs)).toBe('/');
    expect(tenantSection('/login', hrefs)).toBeUndefined();
  });
  it('reads the rewritten /sites/<host> path as the browser path', () => {
    expect(tenantPath('/sites/acme.localhost%3A3000/users')).toBe('/users');
    expect(tenantPath('/sites/acme.localhost')).toBe('/');
    expect(tenantSection('/sites/acme.localhost/polls/new', hrefs)).toBe('/polls/new');
    // A member without "New poll": a poll page still belongs to "Polls".
    expect(tenantSection('/polls/new', ['/'])).toBe('/');
  });
});
