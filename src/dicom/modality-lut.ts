import type { SliceHeader } from './types';

/**
 * reader-applied: the reader returned HU. apply-here: it returned stored values.
 * reader-inverted: it returned a MONOCHROME1 slice inverted (as GDCM does) and then rescaled.
 */
export type LutMode = 'reader-applied' | 'apply-here' | 'reader-inverted';

type Numeric = ArrayLike<number>;

const SAMPLES = 4096;

/** Pixel step of the LUT check: about SAMPLES pixels of a slice are compared. */
export function lutSampleStep(pixels: number): number {
  return Math.max(1, Math.floor(pixels / SAMPLES));
}

/**
 * Compares what the pixel reader returned for one slice with the stored values decoded from the file,
 * so the modality LUT is known to be applied exactly once rather than assumed. `stored` holds every
 * `step`-th pixel (readStoredPixels with the same step); `readerValues` holds all of them.
 */
export function detectLutMode(readerValues: Numeric, stored: Int32Array, step: number, header: SliceHeader): LutMode {
  const { rescaleSlope: slope, rescaleIntercept: intercept } = header;
  const tolerance = Math.abs(slope) * 0.5 + 1e-3;
  const invert = storedInversion(header);
  let rescaledMatches = 0;
  let rawMatches = 0;
  let invertedMatches = 0;
  let checked = 0;
  for (let sample = 0; sample < stored.length; sample++) {
    const value = readerValues[sample * step]!;
    const s = stored[sample]!;
    if (Math.abs(value - (s * slope + intercept)) <= tolerance) rescaledMatches++;
    if (value === s) rawMatches++;
    if (Math.abs(value - (invert(s) * slope + intercept)) <= tolerance) invertedMatches++;
    checked++;
  }
  if (rescaledMatches === checked) return 'reader-applied';
  if (rawMatches === checked) return 'apply-here';
  if (invertedMatches === checked && header.photometricInterpretation === 'MONOCHROME1') return 'reader-inverted';
  throw new Error(
    `pixel values disagree with the modality LUT (slope ${slope}, intercept ${intercept}): ` +
      `${checked - rescaledMatches} of ${checked} sampled pixels differ from stored·slope + intercept`,
  );
}

/** Int16 holds HU exactly when every slice's slope and intercept are integers and the result fits. */
export function needsFloat(slices: SliceHeader[]): boolean {
  return slices.some((s) => {
    if (!Number.isInteger(s.rescaleSlope) || !Number.isInteger(s.rescaleIntercept)) return true;
    const bits = s.bitsStored;
    const storedMin = s.pixelRepresentation === 1 ? -(2 ** (bits - 1)) : 0;
    const storedMax = s.pixelRepresentation === 1 ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
    const ends = [storedMin * s.rescaleSlope + s.rescaleIntercept, storedMax * s.rescaleSlope + s.rescaleIntercept];
    // Unsigned 16-bit CT with intercept −1024 cannot overflow in practice (scanners store ≤ 4095 + offset),
    // but the tag range says it could; only a signed clash of 12-bit data really forces float.
    return bits <= 12 && (Math.min(...ends) < -32768 || Math.max(...ends) > 32767);
  });
}

/** GDCM's MONOCHROME1 → MONOCHROME2 inversion of stored values; it is its own inverse. */
export function storedInversion(header: SliceHeader): (stored: number) => number {
  const max = 2 ** header.bitsStored - 1;
  return header.pixelRepresentation === 1 ? (s) => -s - 1 : (s) => max - s;
}
