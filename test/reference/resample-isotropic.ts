import type { Size3, Vec3 } from './volume';

/** Output size per axis: floor((n - 1) * spacing / S + 1e-6) + 1. */
export function isotropicSize(size: Size3, spacing: Vec3, outSpacing: number): [number, number, number] {
  return [0, 1, 2].map((d) => {
    const n = size[d] ?? 1;
    return n === 0 ? 0 : Math.floor(((n - 1) * (spacing[d] ?? 1)) / outSpacing + 1e-6) + 1;
  }) as [number, number, number];
}

/**
 * Trilinear resampling onto an isotropic grid of spacing `outSpacing`
 * (default: the smallest input spacing) over the same physical extent: output
 * voxel i samples the input at continuous index i * S / spacing[axis] (same
 * origin and direction). Double precision.
 */
export function resampleIsotropicReference(
  data: ArrayLike<number>,
  size: Size3,
  spacing: Vec3,
  outSpacing = Math.min(...spacing),
): { data: Float64Array; size: [number, number, number]; spacing: number } {
  const outSize = isotropicSize(size, spacing, outSpacing);
  const [nx, ny] = size;
  const [ox, oy, oz] = outSize;
  const out = new Float64Array(ox * oy * oz);
  const at = (x: number, y: number, z: number) => data[x + nx * (y + ny * z)] ?? Number.NaN;
  const sample = (i: number, d: number) => {
    const n = size[d] ?? 1;
    const c = Math.min((i * outSpacing) / (spacing[d] ?? 1), n - 1);
    const i0 = Math.floor(c);
    return { i0, i1: Math.min(i0 + 1, n - 1), f: c - i0 };
  };
  for (let z = 0; z < oz; z++) {
    const sz = sample(z, 2);
    for (let y = 0; y < oy; y++) {
      const sy = sample(y, 1);
      for (let x = 0; x < ox; x++) {
        const sx = sample(x, 0);
        let v = 0;
        for (const [zi, wz] of [
          [sz.i0, 1 - sz.f],
          [sz.i1, sz.f],
        ] as const) {
          for (const [yi, wy] of [
            [sy.i0, 1 - sy.f],
            [sy.i1, sy.f],
          ] as const) {
            for (const [xi, wx] of [
              [sx.i0, 1 - sx.f],
              [sx.i1, sx.f],
            ] as const) {
              v += wz * wy * wx * at(xi, yi, zi);
            }
          }
        }
        out[x + ox * (y + oy * z)] = v;
      }
    }
  }
  return { data: out, size: outSize, spacing: outSpacing };
}
