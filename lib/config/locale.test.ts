import { describe, expect, it } from 'vitest';
import { fromAcceptLanguage, isLocale } from './locale';

describe('fromAcceptLanguage', () => {
  it('answers null without a header or without a supported language', () => {
    expect(fromAcceptLanguage(null)).toBeNull();
    expect(fromAcceptLanguage(undefined)).toBeNull();
    expect(fromAcceptLanguage('')).toBeNull();
    expect(fromAcceptLanguage('fr-FR, es;q=0.8')).toBeNull();
    expect(fromAcceptLanguage('*')).toBeNull();
  });

  it('takes the first supported language, regions ignored, case-insensitive', () => {
    expect(fromAcceptLanguage('de')).toBe('de');
    expect(fromAcceptLanguage('de-AT')).toBe('de');
    expect(fromAcceptLanguage('DE-ch')).toBe('de');
    expect(fromAcceptLanguage('en-GB,en;q=0.9')).toBe('en');
    expect(fromAcceptLanguage('fr-FR,fr;q=0.9,de;q=0.8,en;q=0.7')).toBe('de');
  });

  it('ranks by q-value, then by order; q=0 means not acceptable', () => {
    expect(fromAcceptLanguage('en;q=0.5, de;q=0.9')).toBe('de');
    expect(fromAcceptLanguage('de;q=0.7, en;q=0.7')).toBe('de');
    expect(fromAcceptLanguage('en;q=0.7, de;q=0.7')).toBe('en');
    expect(fromAcceptLanguage('de;q=0, en;q=0.1')).toBe('en');
    expect(fromAcceptLanguage('de;q=0')).toBeNull();
    expect(fromAcceptLanguage(' de ; q=0.8 , en ; q=0.2 ')).toBe('de');
  });

  it('treats a malformed q-value as not acceptable', () => {
    expect(fromAcceptLanguage('de;q=abc, en;q=0.1')).toBe('en');
  });
});

describe('isLocale', () => {
  it('accepts only the supported codes', () => {
    expect(isLocale('en')).toBe(true);
    expect(isLocale('de')).toBe(true);
    expect(isLocale('fr')).toBe(false);
    expect(isLocale('DE')).toBe(false);
    expect(isLocale(undefined)).toBe(false);
    expect(isLocale(1)).toBe(false);
  });
});
