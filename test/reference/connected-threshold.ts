import type { Size3 } from './volume';

/**
 * uint8 mask: 1 for the voxels 6-connected to `seed` (voxel index) through
 * voxels whose value lies in [lower, upper], else 0. A seed outside the image
 * throws; a seed whose value is outside [lower, upper] gives all zeros.
 */
export function connectedThresholdReference(
  data: ArrayLike<number>,
  size: Size3,
  seed: readonly [number, number, number],
  lower: number,
  upper: number,
): Uint8Array {
  const [nx, ny, nz] = size;
  const [sx, sy, sz] = seed;
  if (sx < 0 || sy < 0 || sz < 0 || sx >= nx || sy >= ny || sz >= nz) {
    throw new Error(`seed ${seed.join(',')} is outside the image ${size.join('x')}`);
  }
  const mask = new Uint8Array(nx * ny * nz);
  const inside = (i: number) => {
    const v = data[i] ?? Number.NaN;
    return v >= lower && v <= upper;
  };
  const start = sx + nx * (sy + ny * sz);
  if (!inside(start)) return mask;
  // breadth-first flood fill
  const queue: number[] = [start];
  mask[start] = 1;
  for (let head = 0; head < queue.length; head++) {
    const i = queue[head] ?? 0;
    const x = i % nx;
    const y = Math.floor(i / nx) % ny;
    const z = Math.floor(i / (nx * ny));
    const neighbours: [boolean, number][] = [
      [x > 0, i - 1],
      [x < nx - 1, i + 1],
      [y > 0, i - nx],
      [y < ny - 1, i + nx],
      [z > 0, i - nx * ny],
      [z < nz - 1, i + nx * ny],
    ];
    for (const [ok, j] of neighbours) {
      if (ok && mask[j] === 0 && inside(j)) {
        mask[j] = 1;
        queue.push(j);
      }
    }
  }
  return mask;
}
