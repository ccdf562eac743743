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

/** One value (a DataLoader, typically) per distinct key, such as page arguments, made on first use. */
export function keyed<K, V>(factory: (key: K) => V, keyOf: (key: K) => string = String): (key: K) => V {
  const made = new Map<string, V>();
  return (key) => {
    const k = keyOf(key);
    let value = made.get(k);
    if (!value) made.set(k, (value = factory(key)));
    return value;
  };
}

/** Merges objects by their property descriptors, so lazy properties stay lazy. */
export function mergeLazy<A extends object, B extends object>(a: A, b: B): A & B {
  return Object.defineProperties(a, Object.getOwnPropertyDescriptors(b)) as A & B;
}
