import { describe, expect, it } from 'vitest';
import { subdomainOfHost } from './signup-offer';

describe('subdomainOfHost', () => {
  it('takes the one label in front of the root domain, ports ignored', () => {
    expect(subdomainOfHost('acme.localhost:3000', 'localhost')).toBe('acme');
    expect(subdomainOfHost('Acme.Example.com', 'example.com')).toBe('acme');
  });
  it('refuses other domains and deeper names', () => {
    expect(subdomainOfHost('polls.acme.com', 'localhost')).toBeNull();
    expect(subdomainOfHost('a.b.localhost:3000', 'localhost')).toBeNull();
    expect(subdomainOfHost('localhost:3000', 'localhost')).toBeNull();
    expect(subdomainOfHost('evillocalhost', 'localhost')).toBeNull();
  });
});
