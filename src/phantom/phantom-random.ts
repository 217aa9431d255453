/**
 * Determinism: every UID, file name and shuffle of the phantom comes from a seed string, through a
 * PRNG that gives the same sequence in every JS engine, so generated series are reproducible.
 */

/** FNV-1a: a stable 32-bit seed from any string. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small, fast PRNG that is identical in every JS engine. */
export function seededRandom(key: string): () => number {
  let state = hashString(key);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A "2.25." UID (the UUID-derived root) with 36 pseudo-random digits: 41 characters. */
export function deterministicUID(key: string): string {
  const next = seededRandom(key);
  let digits = String(1 + Math.floor(next() * 9));
  while (digits.length < 36) digits += String(Math.floor(next() * 10));
  return `2.25.${digits}`;
}

export function shuffleInPlace<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swapped = items[i]!;
    items[i] = items[j]!;
    items[j] = swapped;
  }
}
