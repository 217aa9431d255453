import { describe, expect, it } from 'vitest';
import { halfFloatOfInt16 } from '../src/views/half-float';

/** IEEE 754 binary16 decoded independently of the encoder under test. */
function decode(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

describe('halfFloatOfInt16 (the GPU copy of int16 HU)', () => {
  const table = halfFloatOfInt16();

  it('is exact for |HU| ≤ 2048 and rounds to the nearest half float beyond', () => {
    for (let v = -32768; v <= 32767; v++) {
      const decoded = decode(table[v + 32768]!);
      const magnitude = Math.abs(v);
      // spacing of half floats around v: 1 below 2048, 2 up to 4096, …, 32 up to 65504
      const spacing = magnitude < 2048 ? 1 : 2 ** (Math.floor(Math.log2(magnitude)) - 10);
      if (magnitude <= 2048) expect(decoded, `HU ${v}`).toBe(v);
      else expect(Math.abs(decoded - v), `HU ${v}`).toBeLessThanOrEqual(spacing / 2);
    }
  });

  it('keeps the order of values (a window maps them monotonically)', () => {
    let previous = -Infinity;
    for (let v = -32768; v <= 32767; v++) {
      const decoded = decode(table[v + 32768]!);
      expect(decoded).toBeGreaterThanOrEqual(previous);
      previous = decoded;
    }
  });
});
