import HalfFloat from '@kitware/vtk.js/Common/Core/HalfFloat';

let table: Uint16Array | null = null;

/**
 * Half-float bit patterns of every int16 value, indexed by value + 32768 (built once, 128 KiB):
 * converting a slab is then one table read per voxel instead of a float decomposition.
 */
export function halfFloatOfInt16(): Uint16Array {
  if (!table) {
    table = new Uint16Array(65536);
    for (let i = 0; i < 65536; i++) table[i] = HalfFloat.toHalf(i - 32768);
  }
  return table;
}
