import type { CtVolume } from './ct-volume';

/** A volume's grid and voxels in a few bytes: equal digests mean equal volumes, voxel for voxel. */
export interface VoxelDigest {
  dimensions: [number, number, number];
  /** FNV-1a (32-bit) of the voxels' bytes, as hex. */
  checksum: string;
  huRange: [number, number];
}

export function voxelDigest(volume: Pick<CtVolume, 'dimensions' | 'scalars' | 'huRange'>): VoxelDigest {
  const { scalars } = volume;
  const bytes = new Uint8Array(scalars.buffer, scalars.byteOffset, scalars.byteLength);
  let hash = 0x811c9dc5;
  for (let index = 0; index < bytes.length; index++) {
    hash ^= bytes[index]!;
    hash = Math.imul(hash, 0x01000193);
  }
  return {
    dimensions: [...volume.dimensions],
    checksum: (hash >>> 0).toString(16).padStart(8, '0'),
    huRange: [...volume.huRange],
  };
}
