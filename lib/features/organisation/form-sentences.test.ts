import { describe, expect, it } from 'vitest';
import { sentenceIn } from '@/lib/web/sentences';

// The tenant admin's forms (users, invitations, domains, settings, webhooks) get lib code's
// sentences through formAction's one translation step (lib/web/sentences.ts).
const say = (locale: 'en' | 'de', s: string) => sentenceIn(locale, s);

describe('form sentences from lib code, in the reader’s language', () => {
  const sentences = [
    'ann@example.org is already a user of this organisation.',
    'That invitation was already accepted or withdrawn.',
    'An organisation needs at least one admin: make someone else an admin first.',
    'Please fix the 2 highlighted fields.',
    'That domain is 300 characters long; a domain can have at most 253.',
    "Each part of a domain between dots can have at most 63 characters; 'aaaaaaaaaaaaaaaaaaaa…' has 70.",
    'Enter your organisation’s name.',
    'An organisation has at most 10 webhook endpoints.',
    'That endpoint is switched off: switch it on before resending.',
  ];
  it('says each known sentence in English exactly as lib wrote it', () => {
    for (const s of sentences) expect(say('en', s)).toBe(s);
  });
  it('says it in German with the same values', () => {
    for (const s of sentences) expect(say('de', s), s).not.toBe(s);
    expect(say('de', 'ann@example.org is already a user of this organisation.')).toBe(
      'ann@example.org ist bereits Benutzer dieser Organisation.',
    );
    expect(say('de', 'Please fix the 2 highlighted fields.')).toBe('Bitte korrigieren Sie die 2 markierten Felder.');
  });
  it('leaves an unknown sentence as it is', () => {
    expect(say('de', 'Something nobody wrote down.')).toBe('Something nobody wrote down.');
  });
});
