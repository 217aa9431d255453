/**
 * The WebAssembly pipelines (ITK 5.2.1 built with emscripten, run by itk-wasm's runPipelineNode)
 * against the same ITK built natively (Debian's libinsighttoolkit5-dev, test/native/itk-filters.cxx)
 * on an oblique, anisotropic int16 volume sampled from the phantom's model, with noise: identical
 * voxels for the integer outputs (median, region growing, masks, labels), <= 1e-4 relative for
 * the float ones, identical geometry. Needs g++ and libinsighttoolkit5-dev; fails saying so
 * without them.
 */
import { Image, ImageType } from 'itk-wasm';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { phantomHU } from '../src/phantom/phantom-model';
import { nativeItkFilters, runNativeFilter, type NativeVolume } from './helpers/itk-native';
import { scratchDir } from './helpers/scratch-dir';
import {
  maxRelativeError,
  obliqueDirection,
  pixels,
  random,
  runImagePipeline,
  silenceModuleConsole,
  type PipelineName,
} from './pipelines/helpers';

const SIZE = [44, 38, 18] as const;
const SPACING = [4.1, 3.6, 2.3] as const;

/** The phantom's HU model on an oblique grid centred on the body, plus uniform noise of +-40 HU. */
function phantomVolume(): Image {
  const direction = obliqueDirection();
  const next = random(5);
  const [nx, ny, nz] = SIZE;
  const half = SIZE.map((n, d) => ((n - 1) * (SPACING[d] ?? 1)) / 2);
  const origin = [0, 1, 2].map(
    (r) =>
      -((direction[3 * r] ?? 0) * half[0]! + (direction[3 * r + 1] ?? 0) * half[1]! + (direction[3 * r + 2] ?? 0) * half[2]!),
  );
  const data = new Int16Array(nx * ny * nz);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const ijk = [i * SPACING[0], j * SPACING[1], k * SPACING[2]];
        const p = [0, 1, 2].map(
          (r) =>
            (origin[r] ?? 0) +
            (direction[3 * r] ?? 0) * ijk[0]! +
            (direction[3 * r + 1] ?? 0) * ijk[1]! +
            (direction[3 * r + 2] ?? 0) * ijk[2]!,
        );
        data[i + nx * (j + ny * k)] = Math.round(phantomHU(p as [number, number, number]) + 80 * (next() - 0.5));
      }
    }
  }
  const image = new Image(new ImageType(3, 'int16', 'Scalar', 1));
  image.name = 'phantom';
  image.size = [...SIZE];
  image.spacing = [...SPACING];
  image.origin = origin;
  image.direction = direction;
  image.data = data;
  return image;
}

const STABLE_TIME_STEP = Math.min(...SPACING) / 16;
const CENTRE_SEED = [22, 19, 9];

const CASES: { name: PipelineName; args: string[]; native: number[]; exact: boolean }[] = [
  { name: 'median-filter', args: ['--radius', '1'], native: [1], exact: true },
  { name: 'median-filter', args: ['--radius', '2'], native: [2], exact: true },
  { name: 'gaussian-smoothing', args: ['--sigma', '3.2'], native: [3.2], exact: false },
  {
    name: 'connected-threshold',
    args: ['--seed', CENTRE_SEED.join(','), '--lower', '-200', '--upper', '200'],
    native: [...CENTRE_SEED, -200, 200],
    exact: true,
  },
  { name: 'resample-isotropic', args: ['--spacing', '2.7'], native: [2.7], exact: false },
  {
    name: 'anisotropic-diffusion',
    args: ['--iterations', '3', '--conductance', '1.5'],
    native: [3, 1.5, STABLE_TIME_STEP],
    exact: false,
  },
  { name: 'tissue-mask', args: ['--lower', '300', '--upper', '3071', '--radius', '4'], native: [300, 3071, 4], exact: true },
  { name: 'otsu-multiple-thresholds', args: ['--thresholds', '2', '--bins', '128'], native: [2, 128], exact: true },
];

describe('WebAssembly pipelines = native ITK 5.2.1', () => {
  const scratch = scratchDir('itk-native-');
  const volume = phantomVolume();
  const nativeVolume: NativeVolume = {
    componentType: 'int16',
    data: pixels(volume) as Int16Array,
    size: volume.size,
    spacing: volume.spacing,
    origin: volume.origin,
    direction: volume.direction as Float64Array,
  };
  let binary = '';

  beforeAll(() => {
    binary = nativeItkFilters(); // g++ on ITK's headers: minutes on a busy machine, once per source version
  }, 900_000);

  beforeEach(() => {
    silenceModuleConsole();
    return () => vi.restoreAllMocks();
  });

  it.each(CASES)(
    '$name $args',
    async ({ name, args, native, exact }) => {
      const run = await runImagePipeline(name, volume, args);
      expect(run.stderr).toBe('');
      expect(run.returnValue).toBe(0);
      const wasm = run.output!;
      const reference = runNativeFilter(binary, scratch, name, nativeVolume, native);
      expect(wasm.imageType.componentType).toBe(reference.componentType);
      expect(wasm.size).toEqual(reference.size);
      for (let d = 0; d < 3; d++) {
        expect(wasm.spacing[d]).toBeCloseTo(reference.spacing[d] ?? Number.NaN, 12);
        expect(wasm.origin[d]).toBeCloseTo(reference.origin[d] ?? Number.NaN, 10);
      }
      Array.from(wasm.direction as Float64Array).forEach((v, i) =>
        expect(v).toBeCloseTo(reference.direction[i] ?? Number.NaN, 12),
      );
      const actual = pixels(wasm);
      if (exact) {
        let mismatches = 0;
        for (let i = 0; i < reference.data.length; i++) if (actual[i] !== reference.data[i]) mismatches++;
        expect(actual.length).toBe(reference.data.length);
        expect(mismatches).toBe(0);
        // not a trivial output: the masks and labels have more than one value
        if (reference.componentType === 'uint8') expect(new Set(reference.data).size).toBeGreaterThan(1);
      } else {
        expect(maxRelativeError(actual, reference.data)).toBeLessThanOrEqual(1e-4);
      }
    },
    120_000,
  );
});
