// The message catalogues (messages/<locale>/<namespace>.json): every language has exactly the
// keys of English, no empty message, and each message the same ICU arguments (names and kinds,
// rich-text tags included), so a translation can neither lose a placeholder nor invent one.
import { describe, expect, it } from 'vitest';
import { LOCALES } from '@/lib/config/locale';
import { MESSAGES } from '@/messages';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

/**
 * The arguments of an ICU message, as sorted "name:kind" strings (kind: simple, plural, select,
 * selectordinal, number, date, time, tag). A small parser of the ICU syntax next-intl reads:
 * {name}, {name, type}, {name, type, style}, {name, plural|select|selectordinal, key {message} …},
 * and <tag>…</tag>. Apostrophe quoting is not used in these catalogues (typographic ’ is).
 */
function icuArguments(message: string): string[] {
  const args = new Set<string>();
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`${why} at ${i} in ${JSON.stringify(message)}`);
  };
  const skipSpace = () => {
    while (i < message.length && /\s/.test(message[i])) i++;
  };
  const readUntil = (stops: string) => {
    const start = i;
    while (i < message.length && !stops.includes(message[i])) i++;
    return message.slice(start, i).trim();
  };
  // Text up to the closing brace of the enclosing option (nested) or the end (top level).
  const parseText = (nested: boolean) => {
    while (i < message.length) {
      const c = message[i];
      if (c === '{') {
        i++;
        parseArgument();
      } else if (c === '}') {
        if (nested) return;
        fail('unmatched }');
      } else if (c === '<') {
        const m = /^<\/?([A-Za-z][\w-]*)\s*\/?>/.exec(message.slice(i));
        if (m) {
          args.add(`${m[1]}:tag`);
          i += m[0].length;
        } else i++;
      } else i++;
    }
    if (nested) fail('unclosed {');
  };
  const parseArgument = () => {
    skipSpace();
    const name = readUntil(',}');
    if (!/^[\w-]+$/.test(name)) fail(`bad argument name ${JSON.stringify(name)}`);
    if (message[i] === '}') {
      i++;
      args.add(`${name}:simple`);
      return;
    }
    i++; // ','
    const type = readUntil(',}');
    args.add(`${name}:${type}`);
    if (message[i] === '}') {
      i++;
      return;
    }
    i++; // ','
    if (type === 'plural' || type === 'select' || type === 'selectordinal') {
      for (;;) {
        skipSpace();
        if (message[i] === '}') {
          i++;
          return;
        }
        const selector = readUntil('{}');
        if (!selector || message[i] !== '{') fail('bad option');
        i++;
        parseText(true);
        i++; // the option's '}'
      }
    }
    // A style (number, date, time): up to the matching brace.
    let depth = 1;
    while (i < message.length && depth) {
      if (message[i] === '{') depth++;
      else if (message[i] === '}') depth--;
      i++;
    }
    if (depth) fail('unclosed {');
  };
  parseText(false);
  return [...args].sort();
}

const en = flatten(MESSAGES.en as unknown as Tree);

describe('the ICU argument parser of this test', () => {
  it('reads simple, plural, nested and rich arguments', () => {
    expect(icuArguments('Hello')).toEqual([]);
    expect(icuArguments('{n, plural, =1 {one <b>{name}</b>} other {# of {total, number}}}')).toEqual([
      'b:tag',
      'n:plural',
      'name:simple',
      'total:number',
    ]);
    expect(icuArguments('<name></name> is free. <link>Sign up</link>.')).toEqual(['link:tag', 'name:tag']);
    expect(() => icuArguments('{oops')).toThrow();
  });
});

describe.each(LOCALES.filter((l) => l !== 'en'))('the %s catalogue', (locale) => {
  const other = flatten(MESSAGES[locale] as unknown as Tree);

  it('has exactly the keys of English', () => {
    expect([...other.keys()].sort()).toEqual([...en.keys()].sort());
  });

  it('has no empty message', () => {
    expect([...other].filter(([, v]) => !v.trim()).map(([k]) => k)).toEqual([]);
  });

  // The same arguments by name; a language may inflect one English leaves plain (German's
  // "von {total, plural, …}" where English says "of {total}"), so their kinds may differ.
  it('has the same ICU arguments as English in every message', () => {
    const names = (v: string) => JSON.stringify([...new Set(icuArguments(v).map((a) => a.split(':')[0]))].sort());
    const differ = [...en]
      .filter(([k]) => other.has(k))
      .filter(([k, v]) => names(v) !== names(other.get(k)!))
      .map(([k, v]) => `${k}: en ${icuArguments(v).join(' ')} / ${locale} ${icuArguments(other.get(k)!).join(' ')}`);
    expect(differ).toEqual([]);
  });
});

describe('the English catalogue', () => {
  it('has no empty message, and every message parses', () => {
    expect([...en].filter(([, v]) => !v.trim()).map(([k]) => k)).toEqual([]);
    for (const [, v] of en) icuArguments(v);
  });
});
