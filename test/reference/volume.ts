/**
 * Plain typed-array reference implementations of the project's WebAssembly
 * pipelines (pipelines/<name>/<name>.cpp), used by test/pipelines to check the
 * compiled modules. Straightforward and slow on purpose: double precision,
 * sort-based median, no SIMD, no tricks.
 *
 * Volumes are x-fastest (index = x + nx * (y + ny * z)), like itk-wasm Images.
 */
export type ScalarArray =
  Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

export type Size3 = readonly [number, number, number];
export type Vec3 = readonly [number, number, number];

/** Clamps index `i` into [0, n - 1] (replicated border). */
export function clampIndex(i: number, n: number): number {
  return i < 0 ? 0 : i >= n ? n - 1 : i;
}

/** Voxel value at (x, y, z), indexes clamped into the volume. */
export function valueAt(data: ArrayLike<number>, size: Size3, x: number, y: number, z: number): number {
  const [nx, ny, nz] = size;
  const i = clampIndex(x, nx) + nx * (clampIndex(y, ny) + ny * clampIndex(z, nz));
  return data[i] ?? Number.NaN;
}

/** A new array of the same kind as `like` with `length` elements. */
export function sameKind<A extends ScalarArray>(like: A, length: number): A {
  const Ctor = like.constructor as new (n: number) => A;
  return new Ctor(length);
}
