import type { Compilable, CompiledQuery } from 'kysely';

// Statements compiled once per shape, not built and compiled by kysely on every call (issue 22:
// kysely's builders were ~8 % of the API's CPU on a token or one-poll read).
//
// The arguments' leaves (numbers, strings, Dates, bigints that are not 0 or '') are replaced by
// markers while the statement is compiled; their places in the compiled parameters are remembered,
// and each call puts its own values there. What is not a leaf (null, undefined, booleans, 0, '')
// is the shape: it may choose the statement's form, so each shape is compiled on its own. A marker
// refuses to be used as a value in JavaScript (arithmetic, comparison, string building): a builder
// that computes with an argument instead of passing it to SQL cannot be prepared, and is then
// built and compiled per call as before (checked once per shape, when it is first compiled).

class Marker {
  constructor(readonly index: number) {}
  valueOf(): never {
    throw new NotPreparable();
  }
  toString(): never {
    throw new NotPreparable();
  }
  toJSON(): never {
    throw new NotPreparable();
  }
  [Symbol.toPrimitive](): never {
    throw new NotPreparable();
  }
}
class NotPreparable extends Error {}

const isLeaf = (v: unknown): boolean =>
  (typeof v === 'number' && v !== 0) || (typeof v === 'string' && v !== '') || typeof v === 'bigint' || v instanceof Date;

/**
 * The shape of `args` (what a builder may branch on) and its leaves in a fixed order: the keys of
 * an object in their own order (the same arguments built the same way have one shape; built in
 * another key order they get a template of their own, which is as correct).
 */
function walk(args: unknown, leaves: unknown[]): string {
  if (isLeaf(args)) {
    leaves.push(args);
    return '$';
  }
  if (Array.isArray(args)) return `[${args.map((a) => walk(a, leaves)).join(',')}]`;
  if (args !== null && typeof args === 'object') {
    return `{${Object.keys(args)
      .map((k) => `${k}:${walk((args as Record<string, unknown>)[k], leaves)}`)
      .join(',')}}`;
  }
  return JSON.stringify(args) ?? 'u';
}

/** `args` with each leaf replaced by its marker (in walk's order). */
function marked(args: unknown, next: { i: number }): unknown {
  if (isLeaf(args)) return new Marker(next.i++);
  if (Array.isArray(args)) return args.map((a) => marked(a, next));
  if (args !== null && typeof args === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(args)) out[k] = marked((args as Record<string, unknown>)[k], next);
    return out;
  }
  return args;
}

interface Template {
  sql: string;
  /** Per parameter: the index of the argument leaf it takes, or -1 (a constant of the statement). */
  slots: number[];
  constants: readonly unknown[];
  query: CompiledQuery;
}

const MAX_SHAPES = 64;

/**
 * `compile(args)`: the compiled statement of `build(args)`, from a per-shape template when the
 * builder can be prepared, else built and compiled now.
 */
export function preparedCompiler<A, R>(build: (args: A) => Compilable<R>): (args: A) => CompiledQuery<R> {
  const templates = new Map<string, Template | null>();
  return (args) => {
    const leaves: unknown[] = [];
    const shape = walk(args, leaves);
    let t = templates.get(shape);
    if (t === undefined) {
      t = prepare(build, args, leaves.length);
      if (templates.size >= MAX_SHAPES) templates.clear();
      templates.set(shape, t);
    }
    if (!t) return build(args).compile();
    const parameters = t.slots.map((s, i) => (s === -1 ? t.constants[i] : leaves[s]));
    return { ...t.query, parameters } as CompiledQuery<R>;
  };
}

function prepare<A, R>(build: (args: A) => Compilable<R>, args: A, leafCount: number): Template | null {
  let query: CompiledQuery;
  try {
    query = build(marked(args, { i: 0 }) as A).compile();
  } catch {
    // A marker used as a value (NotPreparable, or a method a string has and a marker lacks): the
    // builder computes with its arguments. Built per call; a genuine error shows there.
    return null;
  }
  const slots = query.parameters.map((p) => (p instanceof Marker ? p.index : -1));
  // Every leaf must reach SQL as a parameter of its own; otherwise the builder used it some other way.
  const used = new Set(slots.filter((s) => s !== -1));
  if (used.size !== leafCount) return null;
  return { sql: query.sql, slots, constants: query.parameters, query };
}
