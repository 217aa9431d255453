import { sameKind, valueAt, type ScalarArray, type Size3 } from './volume';

/**
 * 3-D box median over (2R+1)^3 voxels, indexes clamped at the border
 * (replicate). Same array type as the input.
 */
export function medianFilterReference<A extends ScalarArray>(data: A, size: Size3, radius = 1): A {
  const [nx, ny, nz] = size;
  const out = sameKind(data, nx * ny * nz);
  const window = 2 * radius + 1;
  const values = new Float64Array(window * window * window);
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++) {
        let n = 0;
        for (let dz = -radius; dz <= radius; dz++) {
          for (let dy = -radius; dy <= radius; dy++) {
            for (let dx = -radius; dx <= radius; dx++) {
              values[n++] = valueAt(data, size, x + dx, y + dy, z + dz);
            }
          }
        }
        values.sort();
        out[x + nx * (y + ny * z)] = values[(values.length - 1) / 2] ?? Number.NaN;
      }
    }
  }
  return out;
}
