/**
 * An object whose properties are made on first read. Contexts are built per request and per
 * subscription; most read a few loaders, so making all of them up front cost memory per idle
 * subscription and time per request.
 */
export function lazyObject<T extends object>(thunks: { [K in keyof T]: () => T[K] }): T {
  const out = {} as T;
  for (const key of Object.keys(thunks) as (keyof T)[]) {
    Object.defineProperty(out, key, {
      enumerable: true,
      configurable: true,
      // `this`, not `out`: after mergeLazy the getter runs on the merged object, which must keep the value.
      get(this: object) {
        const value = thunks[key]();
        Object.defineProperty(this, key, { value, enumerable: true, writable: true });
        return value;
      },
    });
  }
  return out;
}

/** Merges objects by their property descriptors, so lazy properties stay lazy. */
export function mergeLazy<A extends object, B extends object>(a: A, b: B): A & B {
  return Object.defineProperties(a, Object.getOwnPropertyDescriptors(b)) as A & B;
}
