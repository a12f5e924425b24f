/** A seeded source of randomness, so the demo district comes out the same on every run. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number;
  /** A float in [min, max). */
  between(min: number, max: number): number;
  /** A shuffled copy; the input is left alone. */
  shuffle<T>(items: readonly T[]): T[];
}

/** mulberry32: tiny, fast and good enough for demo data; not for anything secret. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    between: (min, max) => min + next() * (max - min),
    shuffle: (items) => {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = int(0, i);
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      }
      return copy;
    },
  };
}

/**
 * Splits `total` into `parts` integers, each within [min, max]. The surplus over the minimum is handed out one
 * unit at a time to a random part that still has room, so the shares vary but always respect both bounds.
 */
export function partition(
  total: number,
  parts: number,
  { min, max }: { min: number; max: number },
  random: Random,
): number[] {
  if (total < parts * min || total > parts * max) {
    throw new RangeError(`cannot split ${total} into ${parts} parts of ${min}–${max}`);
  }
  const shares = Array.from({ length: parts }, () => min);
  const open = shares.map((_, index) => index);
  for (let surplus = total - parts * min; surplus > 0; surplus--) {
    const slot = random.int(0, open.length - 1);
    const index = open[slot]!;
    shares[index] = shares[index]! + 1;
    if (shares[index] === max) {
      open[slot] = open[open.length - 1]!;
      open.pop();
    }
  }
  return shares;
}
