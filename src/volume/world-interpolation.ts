import type { Vec3 } from '../dicom/types';
import { type CtVolume, worldToIndex } from './ct-volume';

type Sampled = Pick<CtVolume, 'origin' | 'spacing' | 'axes' | 'dimensions' | 'scalars'>;

/** Trilinear HU at a world point; null outside the volume. */
export function sampleWorld(volume: Sampled, p: Vec3): number | null {
  const [x, y, z] = worldToIndex(volume, p);
  const [nx, ny, nz] = volume.dimensions;
  const eps = 1e-6;
  if (x < -eps || y < -eps || z < -eps || x > nx - 1 + eps || y > ny - 1 + eps || z > nz - 1 + eps) return null;
  const clamp = (v: number, n: number): number => Math.min(Math.max(v, 0), n - 1);
  const cx = clamp(x, nx);
  const cy = clamp(y, ny);
  const cz = clamp(z, nz);
  const x0 = Math.min(Math.floor(cx), Math.max(0, nx - 2));
  const y0 = Math.min(Math.floor(cy), Math.max(0, ny - 2));
  const z0 = Math.min(Math.floor(cz), Math.max(0, nz - 2));
  const fx = nx > 1 ? cx - x0 : 0;
  const fy = ny > 1 ? cy - y0 : 0;
  const fz = nz > 1 ? cz - z0 : 0;
  const x1 = Math.min(x0 + 1, nx - 1);
  const y1 = Math.min(y0 + 1, ny - 1);
  const z1 = Math.min(z0 + 1, nz - 1);
  const s = volume.scalars;
  const at = (i: number, j: number, k: number): number => s[i + nx * (j + ny * k)]!;
  const lerp = (a: number, b: number, f: number): number => a + (b - a) * f;
  const c00 = lerp(at(x0, y0, z0), at(x1, y0, z0), fx);
  const c10 = lerp(at(x0, y1, z0), at(x1, y1, z0), fx);
  const c01 = lerp(at(x0, y0, z1), at(x1, y0, z1), fx);
  const c11 = lerp(at(x0, y1, z1), at(x1, y1, z1), fx);
  return lerp(lerp(c00, c10, fy), lerp(c01, c11, fy), fz);
}
