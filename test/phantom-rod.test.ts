import { describe, expect, it } from 'vitest';
import { generatePhantom } from '../src/phantom/phantom';
import { ROD_END, ROD_HU, ROD_RADIUS, ROD_START, SOFT_TISSUE_HU, phantomHU } from '../src/phantom/phantom-model';
import { indexToWorld } from '../src/volume/ct-volume';
import { buildPhantom } from './helpers/phantom-folder';

const SMALL = { rows: 128, columns: 128, slices: 64 } as const;

describe('the optional thin oblique rod of the phantom', () => {
  it('is not there unless asked for: the default phantom is unchanged', () => {
    const mid = ROD_START.map((v, i) => (v + ROD_END[i]!) / 2) as [number, number, number];
    expect(phantomHU(mid)).toBe(SOFT_TISSUE_HU);
    expect(phantomHU(mid, { rod: true })).toBe(ROD_HU);
    expect(phantomHU([mid[0], mid[1] + ROD_RADIUS + 0.01, mid[2]], { rod: true })).toBe(SOFT_TISSUE_HU);
    expect(phantomHU([ROD_END[0] + ROD_RADIUS + 0.01, ROD_END[1], ROD_END[2]], { rod: true })).toBe(SOFT_TISSUE_HU);
    const plain = generatePhantom(SMALL);
    const asked = generatePhantom({ ...SMALL, rod: false });
    expect(asked.files.length).toBe(plain.files.length);
    asked.files.forEach((file, i) => expect(Buffer.from(file.data).equals(plain.files[i]!.data), file.name).toBe(true));
  });

  it('builds exactly (every voxel against the model with the rod); a few axial slices hold it, each only a short piece', async () => {
    const { volume } = await buildPhantom({ ...SMALL, rod: true });
    const [nx, ny, nz] = volume.dimensions;
    let wrong = 0;
    const rodVoxelsPerSlice: number[] = [];
    for (let k = 0; k < nz; k++) {
      let rod = 0;
      for (let j = 0; j < ny; j++) {
        for (let i = 0; i < nx; i++) {
          const value = volume.scalars[i + nx * (j + ny * k)];
          if (value !== phantomHU(indexToWorld(volume, i, j, k), { rod: true })) wrong++;
          if (value === ROD_HU) rod++;
        }
      }
      rodVoxelsPerSlice.push(rod);
    }
    expect(wrong).toBe(0);
    const total = rodVoxelsPerSlice.reduce((a, b) => a + b, 0);
    const slicesWithRod = rodVoxelsPerSlice.filter((n) => n > 0).length;
    // Lying almost in the axial plane: few slices hold it, and each only a part.
    expect(slicesWithRod).toBeGreaterThanOrEqual(4);
    expect(slicesWithRod).toBeLessThanOrEqual(7);
    expect(Math.max(...rodVoxelsPerSlice)).toBeLessThan(total / 2.5);
  }, 120_000);
});
