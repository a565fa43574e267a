/**
 * `{ ...base, ...changes }` (or `{ ...base, ...changes, ...more }`) for an object made on every
 * request or page, typed as Object.assign types it. In Node 20's V8 an object that begins with a
 * spread and has more properties after it gets a map (hidden class) of its own every time it is
 * made: making it is slow, and every later read of it, here and in axios, finds a shape it has
 * not seen (a megamorphic access). Object.assign onto a fresh object builds the same properties,
 * in the same order, on maps V8 shares. Not for user data: Object.assign sets a key named
 * `__proto__` instead of copying it.
 * @example overlay(spec, { failOnErrorStatus: false })
 */
export const overlay: {
  <A extends object, B extends object>(base: A, changes: B): A & B;
  <A extends object, B extends object, C extends object>(base: A, changes: B, more: C): A & B & C;
} = (base: object, ...changes: object[]) => Object.assign({}, base, ...changes);
