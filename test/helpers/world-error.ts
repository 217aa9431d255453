import { readFile } from 'node:fs/promises';
import { median } from '../../src/dicom/geometry';
import { readStoredPixels } from '../../src/dicom/stored-pixels';
import type { SliceHeader, Vec3 } from '../../src/dicom/types';
import type { CtVolume } from '../../src/volume/ct-volume';
import { sampleWorld } from '../../src/volume/world-interpolation';

type Sampled = Pick<CtVolume, 'origin' | 'spacing' | 'axes' | 'dimensions' | 'scalars'>;

/**
 * For every original slice, the median |volume(world(pixel)) − HU(pixel)| over pixels above −500 HU
 * (outside the volume counts as the volume's minimum). Pixels are read straight from the files, so
 * the figure is independent of the reader under test. `stride` thins the pixels for speed.
 */
export async function medianWorldError(
  volume: Sampled,
  slices: Array<{ header: SliceHeader; path: string }>,
  stride = 4,
): Promise<number> {
  let floor = Infinity;
  for (let i = 0; i < volume.scalars.length; i += 97) floor = Math.min(floor, volume.scalars[i]!);
  const errors: number[] = [];
  for (const { header, path } of slices) {
    const stored = readStoredPixels(new Uint8Array(await readFile(path)), header);
    if (!stored) throw new Error(`${path}: cannot decode stored pixels`);
    const iop = header.imageOrientationPatient!;
    const ipp = header.imagePositionPatient!;
    const [rowSpacing, colSpacing] = header.pixelSpacing!;
    for (let j = 0; j < header.rows; j += stride) {
      for (let i = 0; i < header.columns; i += stride) {
        const hu = stored[j * header.columns + i]! * header.rescaleSlope + header.rescaleIntercept;
        if (hu <= -500) continue;
        const p: Vec3 = [
          ipp[0] + i * colSpacing * iop[0] + j * rowSpacing * iop[3],
          ipp[1] + i * colSpacing * iop[1] + j * rowSpacing * iop[4],
          ipp[2] + i * colSpacing * iop[2] + j * rowSpacing * iop[5],
        ];
        errors.push(Math.abs((sampleWorld(volume, p) ?? floor) - hu));
      }
    }
  }
  return median(errors);
}

/** itk-wasm's Image direction is row-major with the index axes as columns. */
export function axesFromItkDirection(direction: ArrayLike<number>): [Vec3, Vec3, Vec3] {
  const d = (r: number, c: number): number => direction[r * 3 + c]!;
  return [0, 1, 2].map((c) => [d(0, c), d(1, c), d(2, c)]) as [Vec3, Vec3, Vec3];
}
