import { describe, expect, it } from 'vitest';
import type { SliceHeader } from '../src/dicom/types';
import { copyAsHu } from '../src/volume/copy-as-hu';

const header = (overrides: Partial<SliceHeader> = {}): SliceHeader =>
  ({
    rescaleSlope: 1,
    rescaleIntercept: -1024,
    bitsStored: 12,
    pixelRepresentation: 0,
    photometricInterpretation: 'MONOCHROME2',
    ...overrides,
  }) as SliceHeader;

/** The copy of `values` into a target with a guard voxel on either side, which must stay untouched. */
function copied(
  values: ArrayLike<number> & { length: number },
  copy: (target: Int16Array | Float32Array) => ReturnType<typeof copyAsHu>,
  float = false,
) {
  const target = float ? new Float32Array(values.length + 2).fill(7) : new Int16Array(values.length + 2).fill(7);
  const stats = copy(target);
  expect(target[0]).toBe(7);
  expect(target[values.length + 1]).toBe(7);
  return { written: [...target.subarray(1, values.length + 1)], stats };
}

describe('copyAsHu (one slice of reader output into the HU stack)', () => {
  it('narrows int32 HU to int16 exactly, with their range', () => {
    const values = Int32Array.from([-1024, -1000, 0, 40, 3071, -32768, 32767]);
    const { written, stats } = copied(values, (t) => copyAsHu(values, t, 1, 'reader-applied', header()));
    expect(written).toEqual([...values]);
    expect(stats).toEqual({ clamped: 0, min: -32768, max: 32767 });
  });

  it('clamps int32 HU beyond int16 and counts them (a bare narrowing would wrap them round)', () => {
    const values = Int32Array.from([-40000, 5, 40000, 32768]);
    const { written, stats } = copied(values, (t) => copyAsHu(values, t, 1, 'reader-applied', header()));
    expect(written).toEqual([-32768, 5, 32767, 32767]);
    expect(stats).toEqual({ clamped: 3, min: -32768, max: 32767 });
  });

  it('rounds float HU to the nearest integer', () => {
    const values = Float32Array.from([-1000.6, 10.4, 10.5, 2.25]);
    const { written, stats } = copied(values, (t) => copyAsHu(values, t, 1, 'reader-applied', header()));
    expect(written).toEqual([-1001, 10, 11, 2]);
    expect(stats).toEqual({ clamped: 0, min: -1001, max: 11 });
  });

  it('keeps float HU as they are in a float stack', () => {
    const values = Float64Array.from([-1000.5, 0.25, 2.75]);
    const { written, stats } = copied(values, (t) => copyAsHu(values, t, 1, 'reader-applied', header()), true);
    expect(written).toEqual([-1000.5, 0.25, 2.75]);
    expect(stats).toEqual({ clamped: 0, min: -1000.5, max: 2.75 });
  });

  it('applies the modality LUT the reader skipped', () => {
    const values = Uint16Array.from([0, 1024, 4095]);
    const { written, stats } = copied(values, (t) =>
      copyAsHu(values, t, 1, 'apply-here', header({ rescaleSlope: 2, rescaleIntercept: -1024 })),
    );
    expect(written).toEqual([-1024, 1024, 7166]);
    expect(stats).toEqual({ clamped: 0, min: -1024, max: 7166 });
  });

  it('undoes the reader’s MONOCHROME1 inversion', () => {
    const h = header({ photometricInterpretation: 'MONOCHROME1', rescaleIntercept: 0 });
    // the reader returned (4095 − stored) · 1 + 0 for stored values 0, 100, 4095
    const values = Int32Array.from([4095, 3995, 0]);
    const { written, stats } = copied(values, (t) => copyAsHu(values, t, 1, 'reader-inverted', h));
    expect(written).toEqual([0, 100, 4095]);
    expect(stats).toEqual({ clamped: 0, min: 0, max: 4095 });
  });
});
