import { clampIndex, type Size3, type Vec3 } from './volume';

/** Normalised Gaussian weights for |i| <= ceil(3 sigma), sigma in voxels. */
export function gaussianKernel(sigmaVoxels: number): Float64Array {
  if (!(sigmaVoxels > 0)) return Float64Array.of(1);
  const radius = Math.ceil(3 * sigmaVoxels);
  const w = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const v = Math.exp((-i * i) / (2 * sigmaVoxels * sigmaVoxels));
    w[i + radius] = v;
    sum += v;
  }
  for (let i = 0; i < w.length; i++) w[i] = (w[i] ?? 0) / sum;
  return w;
}

/**
 * Separable Gaussian, sigma in millimetres: per axis sigma_voxels =
 * sigmaMm / spacing[axis], kernel truncated at ceil(3 sigma_voxels),
 * normalised, replicated border; x, then y, then z. Double precision.
 */
export function gaussianSmoothingReference(data: ArrayLike<number>, size: Size3, spacing: Vec3, sigmaMm = 1): Float64Array {
  const [nx, ny, nz] = size;
  const strides = [1, nx, nx * ny] as const;
  let current = Float64Array.from(data);
  for (let axis = 0; axis < 3; axis++) {
    const kernel = gaussianKernel(sigmaMm / (spacing[axis] ?? 1));
    const r = (kernel.length - 1) / 2;
    const n = size[axis] ?? 1;
    const stride = strides[axis] ?? 1;
    const next = new Float64Array(current.length);
    for (let z = 0; z < nz; z++) {
      for (let y = 0; y < ny; y++) {
        for (let x = 0; x < nx; x++) {
          const index = x + nx * (y + ny * z);
          const c = axis === 0 ? x : axis === 1 ? y : z;
          const base = index - c * stride;
          let sum = 0;
          for (let j = -r; j <= r; j++) {
            sum += (kernel[j + r] ?? 0) * (current[base + clampIndex(c + j, n) * stride] ?? 0);
          }
          next[index] = sum;
        }
      }
    }
    current = next;
  }
  return current;
}
