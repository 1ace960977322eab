import { describe, expect, it } from 'vitest';
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
    expect(sentenceIn('de', 'Something went wrong on our side. Please try again.')).toBe(
      'Bei uns ist etwas schiefgelaufen. Bitte versuchen Sie es noch einmal.',
    );
  });

  it('leaves a sentence the catalogue does not know unchanged', () => {
    expect(sentenceIn('de', 'Nobody wrote this sentence down.')).toBe('Nobody wrote this sentence down.');
  });
});
