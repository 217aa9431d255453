/**
 * Shared helpers of the pipeline tests: small generated images with
 * anisotropic spacing, an oblique direction and a non-zero origin, and a
 * runner that calls the built modules in public/pipelines exactly the way the
 * packaged @itk-wasm pipelines are called (runPipelineNode + --memory-io).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Image, ImageType, InterfaceTypes, runPipelineNode } from 'itk-wasm';
import { OWN_PIPELINES } from '../../src/processing/own-pipelines';
import type { ScalarArray } from '../reference/volume';
import { vi } from 'vitest';
import { PIXEL_ARRAY_TYPES } from '../../src/processing/worker/prepare-outputs';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PIPELINES_DIR = path.join(REPO_ROOT, 'public/pipelines');

/** The project's own pipelines (pipelines/pipelines.json). */
export const PIPELINE_NAMES = OWN_PIPELINES;
export type PipelineName = (typeof PIPELINE_NAMES)[number];

export function pipelinePath(name: PipelineName): string {
  return path.join(PIPELINES_DIR, name);
}

/** The packaged @itk-wasm modules log everything they print (ours only capture it); keep test output readable. */
export function silenceModuleConsole(): void {
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
}

/** Deterministic PRNG (mulberry32) in [0, 1). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Row-major 3x3 rotation (orthonormal, oblique: not a permutation of the axes). */
export function obliqueDirection(): Float64Array {
  const [a, b, c] = [0.3, -0.45, 0.8];
  const rx = [1, 0, 0, 0, Math.cos(a), -Math.sin(a), 0, Math.sin(a), Math.cos(a)];
  const ry = [Math.cos(b), 0, Math.sin(b), 0, 1, 0, -Math.sin(b), 0, Math.cos(b)];
  const rz = [Math.cos(c), -Math.sin(c), 0, Math.sin(c), Math.cos(c), 0, 0, 0, 1];
  const mul = (p: number[], q: number[]) =>
    Array.from({ length: 9 }, (_, k) => {
      const i = Math.floor(k / 3);
      const j = k % 3;
      let s = 0;
      for (let m = 0; m < 3; m++) s += (p[3 * i + m] ?? 0) * (q[3 * m + j] ?? 0);
      return s;
    });
  return Float64Array.from(mul(rz, mul(ry, rx)));
}

export const TEST_SIZE = [11, 9, 7] as const;
export const TEST_SPACING = [0.7, 1.1, 2.5] as const;
export const TEST_ORIGIN = [-12.5, 30.25, 101.75] as const;

type ComponentType = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64';

const ARRAYS = PIXEL_ARRAY_TYPES;

export interface TestImageOptions {
  componentType?: ComponentType;
  size?: readonly number[];
  spacing?: readonly number[];
  origin?: readonly number[];
  seed?: number;
  /** value range of the random voxels */
  range?: readonly [number, number];
}

/** A random 3-D image (default 11x9x7 int16 in [-1000, 1000], anisotropic, oblique). */
export function makeTestImage(options: TestImageOptions = {}): Image {
  const componentType = options.componentType ?? 'int16';
  const size = [...(options.size ?? TEST_SIZE)];
  const [lo, hi] = options.range ?? [-1000, 1000];
  const next = random(options.seed ?? 1);
  const n = size.reduce((a, b) => a * b, 1);
  const data = new ARRAYS[componentType](n);
  const integer = !componentType.startsWith('float');
  for (let i = 0; i < n; i++) {
    const v = lo + (hi - lo) * next();
    data[i] = integer ? Math.round(v) : v;
  }
  const image = new Image(new ImageType(3, componentType, 'Scalar', 1));
  image.name = 'test-volume';
  image.size = size;
  image.spacing = [...(options.spacing ?? TEST_SPACING)];
  image.origin = [...(options.origin ?? TEST_ORIGIN)];
  image.direction = obliqueDirection();
  image.metadata = new Map([['0008|0060', 'CT']]);
  image.data = data;
  return image;
}

/** Deep copy (runPipelineNode may not transfer, but inputs should stay pristine anyway). */
export function cloneImage(image: Image): Image {
  const copy = new Image({ ...image.imageType });
  copy.name = image.name;
  copy.size = [...image.size];
  copy.spacing = [...image.spacing];
  copy.origin = [...image.origin];
  copy.direction = Float64Array.from(image.direction as Float64Array);
  copy.metadata = new Map(image.metadata);
  copy.data = image.data === null ? null : structuredClone(image.data);
  return copy;
}

export interface ImageRun {
  returnValue: number;
  stdout: string;
  stderr: string;
  output: Image | null;
}

/** Runs `name` on `image` as itk-wasm's generated bindings do: `0 0 --memory-io ...args`. */
export async function runImagePipeline(name: PipelineName, image: Image, args: string[] = []): Promise<ImageRun> {
  const result = await runPipelineNode(
    pipelinePath(name),
    ['0', '0', '--memory-io', ...args],
    [{ type: InterfaceTypes.Image }],
    [{ type: InterfaceTypes.Image, data: cloneImage(image) }],
  );
  return {
    returnValue: result.returnValue,
    stdout: result.stdout,
    stderr: result.stderr,
    output: result.returnValue === 0 ? ((result.outputs[0]?.data as Image | undefined) ?? null) : null,
  };
}

/** max |a - e| / max(|e|, 1) */
export function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] ?? Number.NaN;
    const err = Math.abs((actual[i] ?? Number.NaN) - e) / Math.max(Math.abs(e), 1);
    if (!(err <= worst)) worst = err;
  }
  return worst;
}

export function size3(image: Image): [number, number, number] {
  return [image.size[0] ?? 1, image.size[1] ?? 1, image.size[2] ?? 1];
}

export function spacing3(image: Image): [number, number, number] {
  return [image.spacing[0] ?? 1, image.spacing[1] ?? 1, image.spacing[2] ?? 1];
}

/** The pixel buffer of `image` as a number array (these tests use no 64-bit integer images). */
export function pixels(image: Image): ScalarArray {
  const data = image.data;
  if (data === null || data instanceof BigInt64Array || data instanceof BigUint64Array) {
    throw new Error(`image ${image.name} has no number pixel buffer`);
  }
  return data as ScalarArray;
}

/** The direction matrix of `image` as plain numbers (row-major). */
export function directionArray(image: Image): number[] {
  return Array.from(image.direction as Float64Array);
}
