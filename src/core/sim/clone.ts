// Deep copy of the normalized state for checkpoints. Plain objects, arrays, Maps and Sets are
// copied; objects with a clone() method (IntervalMap, RangeList) clone themselves in O(1);
// frozen preset data (the platform) is shared.

export function deepClone<T>(x: T): T {
  return copy(x) as T;
}

function copy(x: unknown): unknown {
  if (x === null || typeof x !== 'object') return x;
  if (Object.isFrozen(x)) return x;
  if (Array.isArray(x)) return x.map(copy);
  if (x instanceof Map) {
    const m = new Map();
    for (const [k, v] of x) m.set(k, copy(v));
    return m;
  }
  if (x instanceof Set) return new Set([...x].map(copy));
  const c = (x as { clone?: unknown }).clone;
  if (typeof c === 'function') return (c as () => unknown).call(x);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) out[k] = copy(v);
  return out;
}

/** Freezes preset data so that deepClone shares it instead of copying it. */
export function deepFreeze<T>(x: T): T {
  if (x !== null && typeof x === 'object' && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}
