import type { SliceHeader } from '../dicom/types';
import type { HuArray } from './ct-volume';

/**
 * Window from (0028,1050/1051) — first value when multi-valued — else the 1st–99th percentile of
 * the voxels, so a series without tags still opens readable.
 */
export function defaultWindow(
  first: SliceHeader,
  values: HuArray,
  range: [number, number],
): { center: number; width: number; fromTags: boolean } {
  if (first.windowCenter !== null && first.windowWidth !== null && first.windowWidth > 0) {
    return { center: first.windowCenter, width: first.windowWidth, fromTags: true };
  }
  // While a volume is still filling its percentiles would be of zeros: the value range is known.
  const [low, high] = values.length > 0 ? percentiles(values, 0.01, 0.99) : range;
  return { center: (low + high) / 2, width: Math.max(1, high - low), fromTags: false };
}

function percentiles(values: HuArray, lowFraction: number, highFraction: number): [number, number] {
  const step = Math.max(1, Math.floor(values.length / 200_000));
  const sample: number[] = [];
  for (let index = 0; index < values.length; index += step) sample.push(values[index]!);
  sample.sort((a, b) => a - b);
  const at = (fraction: number): number => sample[Math.min(sample.length - 1, Math.floor(fraction * sample.length))] ?? 0;
  return [at(lowFraction), at(highFraction)];
}
