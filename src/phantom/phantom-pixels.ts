import { type Vec3, scale } from '../math/vec3';
import type { PhantomGeometry } from './phantom-geometry';
import { phantomHU } from './phantom-model';
import { type ResolvedPhantomOptions, storedRange } from './phantom-options';

/** True where a pixel centre lies outside the circle inscribed in the image, i.e. gets padding. */
export function isPaddingPixel(geometry: PhantomGeometry, column: number, row: number): boolean {
  const [rowSpacing, colSpacing] = geometry.pixelSpacing;
  const dx = (column - (geometry.columns - 1) / 2) * colSpacing;
  const dy = (row - (geometry.rows - 1) / 2) * rowSpacing;
  const radius = Math.min(geometry.columns * colSpacing, geometry.rows * rowSpacing) / 2;
  return dx * dx + dy * dy > radius * radius;
}

/** The stored values of the image whose top-left pixel centre is `position`: the model's HU, through the LUT. */
export function samplePixels(opts: ResolvedPhantomOptions, geometry: PhantomGeometry, position: Vec3): Int16Array | Uint16Array {
  const { rows, columns } = geometry;
  const [rowSpacing, colSpacing] = geometry.pixelSpacing;
  // Steps per column and per row, hoisted out of the million-pixel loop.
  const [cx, cy, cz] = scale(geometry.rowDir, colSpacing);
  const [rx, ry, rz] = scale(geometry.colDir, rowSpacing);
  const [px, py, pz] = position;
  const pixels = opts.unsigned ? new Uint16Array(rows * columns) : new Int16Array(rows * columns);
  const [min, max] = storedRange(opts.unsigned);
  const p: Vec3 = [0, 0, 0];
  const features = { rod: opts.rod };
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < columns; i++) {
      if (opts.pixelPaddingValue !== null && isPaddingPixel(geometry, i, j)) {
        pixels[j * columns + i] = opts.pixelPaddingValue;
        continue;
      }
      p[0] = px + i * cx + j * rx;
      p[1] = py + i * cy + j * ry;
      p[2] = pz + i * cz + j * rz;
      const stored = Math.round((phantomHU(p, features) - opts.rescaleIntercept) / opts.rescaleSlope);
      pixels[j * columns + i] = Math.min(max, Math.max(min, stored));
    }
  }
  return pixels;
}
