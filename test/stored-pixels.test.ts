import { describe, expect, it } from 'vitest';
import { detectLutMode, lutSampleStep } from '../src/dicom/modality-lut';
import { parseHeader } from '../src/dicom/parse-header';
import { readStoredPixels } from '../src/dicom/stored-pixels';
import { generatePhantom } from '../src/phantom/phantom';
import { sourceFromBytes } from '../src/sources/source-file';

async function phantomSlice() {
  const file = generatePhantom({ rows: 37, columns: 53, slices: 1, rescaleSlope: 2, rescaleIntercept: -1000 }).files[0]!;
  const bytes = file.data as Uint8Array;
  const parsed = await parseHeader(sourceFromBytes(file.name, bytes));
  if (!parsed.ok) throw new Error(parsed.skipped.reason);
  return { bytes, header: parsed.header };
}

describe('stored pixels sampled for the modality LUT check', () => {
  it('decodes every step-th pixel, the same values as a full decode', async () => {
    const { bytes, header } = await phantomSlice();
    const all = readStoredPixels(bytes, header)!;
    expect(all).toHaveLength(37 * 53);
    const sampled = readStoredPixels(bytes, header, 7)!;
    expect(sampled).toHaveLength(Math.ceil((37 * 53) / 7));
    expect([...sampled]).toEqual([...all].filter((_, index) => index % 7 === 0));
  });

  it('tells reader-applied from raw reader output, and rejects values that match neither', async () => {
    const { bytes, header } = await phantomSlice();
    const all = readStoredPixels(bytes, header)!;
    const step = 3;
    const stored = readStoredPixels(bytes, header, step)!;
    const hu = Float32Array.from(all, (s) => s * 2 - 1000);
    expect(detectLutMode(hu, stored, step, header)).toBe('reader-applied');
    expect(detectLutMode(Int32Array.from(all), stored, step, header)).toBe('apply-here');
    // one sampled pixel off by one slope step is caught…
    const wrong = hu.slice();
    wrong[step * 5]! += 2;
    expect(() => detectLutMode(wrong, stored, step, header)).toThrow(/1 of \d+ sampled pixels differ/);
    expect(lutSampleStep(512 * 512)).toBe(64);
    expect(lutSampleStep(100)).toBe(1);
  });
});
