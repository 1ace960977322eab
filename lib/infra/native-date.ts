// The engine's own Date constructor, kept before Next replaces the global one (Next's server
// wraps Date in a function that checks every `new Date()` for its prerendering rules: 7 µs of
// each API list read went there, for dates pg makes from rows). server.ts imports this before
// Next; wherever it loads after Next (Next's own bundles), the global Date is used. Dates made
// with either are the same objects: Next's wrapper shares the engine's Date.prototype, so
// `instanceof Date` holds for both.
const KEY = Symbol.for('quorum.nativeDate');
const store = globalThis as unknown as Record<symbol, DateConstructor | undefined>;

function isEngineOwn(d: DateConstructor): boolean {
  return /\{\s*\[native code\]\s*\}\s*$/.test(Function.prototype.toString.call(d));
}

if (!store[KEY] && isEngineOwn(Date)) store[KEY] = Date;

/** The engine's Date constructor (or the global Date where this loaded after Next's replaced it). */
export const NativeDate: DateConstructor = store[KEY] ?? Date;
