import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readImageNode } from '@itk-wasm/image-io';
import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../src/dicom/types';
import { indexToWorld, worldToIndex } from '../src/volume/ct-volume';
import { scratchDir } from './helpers/scratch-dir';
import { sharedCt } from './helpers/shared-data';
import { axesFromItkDirection } from './helpers/world-error';

const work = scratchDir('ct-dcm2niix-');

async function readNifti(path: string) {
  const image = await readImageNode(path);
  return {
    origin: image.origin as Vec3,
    spacing: image.spacing as Vec3,
    axes: axesFromItkDirection(image.direction as Float64Array),
    dimensions: image.size as [number, number, number],
    scalars: image.data as ArrayLike<number>,
  };
}

describe('philips-head against dcm2niix (Debian package, the reference converter)', () => {
  it('converts to the same voxels at the same world positions', async () => {
    const version = spawnSync('dcm2niix', ['-v'], { encoding: 'utf8' });
    expect(version.error, 'dcm2niix must be installed (apt-get install dcm2niix)').toBeUndefined();

    const referenceDir = join(work, 'reference');
    execFileSync('mkdir', ['-p', referenceDir]);
    execFileSync('dcm2niix', ['-z', 'n', '-f', '%s_%d', '-o', referenceDir, sharedCt('philips-head')], { stdio: 'pipe' });
    const referenceFile = readdirSync(referenceDir).find((f) => f.endsWith('.nii'));
    expect(referenceFile).toBeDefined();

    const ours = join(work, 'ours.nii');
    execFileSync('npx', ['tsx', 'src/cli/main.ts', 'convert', sharedCt('philips-head'), '--series', '201', '-o', ours], {
      stdio: 'pipe',
    });

    const a = await readNifti(ours);
    const b = await readNifti(join(referenceDir, referenceFile!));
    expect([...a.dimensions].sort()).toEqual([...b.dimensions].sort());
    const sortedSpacing = (s: Vec3) => [...s].sort((x, y) => x - y);
    sortedSpacing(a.spacing).forEach((s, i) => expect(Math.abs(s - sortedSpacing(b.spacing)[i]!)).toBeLessThan(1e-3));

    // Both cover the same world box: every corner of ours is a corner of theirs (they may flip axes).
    const corners = (v: typeof a) =>
      [0, 1].flatMap((x) =>
        [0, 1].flatMap((y) =>
          [0, 1].map((z) => indexToWorld(v, x * (v.dimensions[0] - 1), y * (v.dimensions[1] - 1), z * (v.dimensions[2] - 1))),
        ),
      );
    const theirs = corners(b);
    for (const corner of corners(a)) {
      const nearest = Math.min(...theirs.map((t) => Math.hypot(t[0] - corner[0], t[1] - corner[1], t[2] - corner[2])));
      expect(nearest).toBeLessThan(1e-3);
    }

    // Voxel for voxel in world space.
    const [nx, ny, nz] = a.dimensions;
    let compared = 0;
    let mismatched = 0;
    for (let k = 0; k < nz; k++) {
      for (let j = 0; j < ny; j += 3) {
        for (let i = 0; i < nx; i += 3) {
          const q = worldToIndex(b, indexToWorld(a, i, j, k));
          const r = q.map(Math.round) as Vec3;
          expect(Math.abs(q[0] - r[0]) + Math.abs(q[1] - r[1]) + Math.abs(q[2] - r[2])).toBeLessThan(1e-2);
          const theirsValue = b.scalars[r[0] + b.dimensions[0] * (r[1] + b.dimensions[1] * r[2])]!;
          if (a.scalars[i + nx * (j + ny * k)] !== theirsValue) mismatched++;
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(500_000);
    expect(mismatched).toBe(0);
  }, 120_000);
});
