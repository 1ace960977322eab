import { describe, expect, it } from 'vitest';
import { deleteTenantInput, updateTenantInput } from '@/lib/features/admin/inputs';
import { validateSubdomain } from '@/lib/tenancy/schema-name';
import { formStateFromIssues } from './form-state';
import { sentenceIn } from './sentences';

describe('sentenceIn: lib code’s English sentences in the reader’s language', () => {
  it('leaves English as it is', () => {
    expect(sentenceIn('en', 'Please fix the highlighted field.')).toBe('Please fix the highlighted field.');
  });

  it('says a sentence the English catalogue knows from the German one, placeholders and counts included', () => {
    expect(sentenceIn('de', 'Please fix the highlighted field.')).toBe('Bitte korrigieren Sie das markierte Feld.');
    expect(
      sentenceIn(
        'de',
        formStateFromIssues([
          { path: ['a'], message: 'x' },
          { path: ['b'], message: 'y' },
          { path: ['c'], message: 'z' },
        ]).error!,
      ),
    ).toBe('Bitte korrigieren Sie die 3 markierten Felder.');
    const reserved = validateSubdomain('admin');
    expect(reserved.ok).toBe(false);
    expect(sentenceIn('de', (reserved as { error: string }).error)).toBe(
      'Die Subdomain „admin“ ist reserviert; bitte wählen Sie eine andere.',
    );
    const empty = validateSubdomain('');
    expect(sentenceIn('de', (empty as { error: string }).error)).toBe('Die Subdomain ist leer.');
    expect(sentenceIn('de', 'Something went wrong on our side. Please try again.')).toMatch(/^Bei uns ist etwas schief/);
  });

  it('finds sentences of every area: sign-in, users, webhooks', () => {
    expect(sentenceIn('de', 'You have 50 tokens; revoke one first.')).not.toBe('You have 50 tokens; revoke one first.');
    expect(sentenceIn('de', 'ann@example.org is already a user of this organisation.')).toBe(
      'ann@example.org ist bereits Benutzer dieser Organisation.',
    );
    expect(sentenceIn('de', 'The URL must start with https://.')).toBe('Die URL muss mit https:// beginnen.');
  });

  it('leaves a sentence the catalogue does not know unchanged', () => {
    expect(sentenceIn('de', 'Nobody wrote this sentence down.')).toBe('Nobody wrote this sentence down.');
  });
});

describe('the superuser area’s validation sentences', () => {
  it('are said in German from the admin catalogue', () => {
    const refused = deleteTenantInput.safeParse({ schema: 'acme', confirm: 'acm' });
    expect(refused.success).toBe(false);
    expect(sentenceIn('de', refused.error!.issues[0]!.message)).toBe('Geben Sie den Schemanamen genau ein, um das Löschen zu bestätigen.');
    const bad = updateTenantInput.safeParse({ name: 'x', paidUntil: '2027-02-30' });
    const message = bad.error?.issues.find((i) => i.path[0] === 'paidUntil')?.message ?? '';
    expect(sentenceIn('de', message)).toBe('„Bezahlt bis“ ist kein gültiges Datum.');
  });
});
