import { describe, expect, it } from 'vitest';
import { progressiveOrder } from '../src/volume/build-plan';

/** Every slice exactly once, as [start, count) runs. */
function covered(chunks: { start: number; count: number }[], n: number): number[] {
  const seen = new Array<number>(n).fill(0);
  for (const { start, count } of chunks) for (let k = start; k < start + count; k++) seen[k]! += 1;
  return seen;
}

describe('progressiveOrder', () => {
  it.each([1, 2, 3, 15, 16, 17, 28, 140, 141, 2000])('covers %i slices exactly once, the middle first', (n) => {
    const order = progressiveOrder(n, 16);
    expect(covered(order, n)).toEqual(new Array(n).fill(1));
    const first = order[0]!;
    // The axial view opens at index (n − 1) / 2, rounded either way: both slices come first, alone.
    expect(first.start).toBe(Math.floor((n - 1) / 2));
    expect(first.start + first.count - 1).toBe(Math.ceil((n - 1) / 2));
    expect(Math.max(...order.slice(1).map((c) => c.count))).toBeLessThanOrEqual(16);
  });

  it('goes outwards from the middle, alternating above and below', () => {
    const order = progressiveOrder(140, 16);
    expect(order.slice(0, 5)).toEqual([
      { start: 69, count: 2 },
      { start: 71, count: 16 },
      { start: 53, count: 16 },
      { start: 87, count: 16 },
      { start: 37, count: 16 },
    ]);
    const distance = order.map((c) => Math.abs(c.start + c.count / 2 - 70));
    for (let i = 3; i < distance.length; i++) expect(distance[i]).toBeGreaterThanOrEqual(distance[i - 2]! - 1e-9);
  });

  it('is empty for no slices', () => {
    expect(progressiveOrder(0)).toEqual([]);
  });
});
