/**
 * Native ITK (Debian's libinsighttoolkit5-dev: ITK 5.2.1, the version the WebAssembly pipelines
 * are built from) for test/pipelines-itk-native.test.ts: builds test/native/itk-filters.cxx with
 * g++ once per source version into a cache folder, and runs one filter on a volume.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ITK_INCLUDE = '/usr/include/ITK-5.2';
const SOURCE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../native/itk-filters.cxx');
// The ITK libraries the filters' non-template code lives in (Debian installs them in /usr/lib).
const LIBRARIES = [
  'ITKCommon',
  'ITKStatistics',
  'ITKTransform',
  'ITKRegionGrowing',
  'ITKSmoothing',
  'ITKMathematicalMorphology',
  'ITKLabelMap',
  'ITKImageIntensity',
  'ITKPath',
  'ITKSpatialObjects',
  'ITKMesh',
  'ITKVNLInstantiation',
  'itkvnl_algo',
  'itkvnl',
  'itkv3p_netlib',
  'itksys',
  'itkvcl',
].map((name) => `-l${name}-5.2`);

/** Builds (or finds in the cache) the native program; throws, saying what to install, without ITK or g++. */
export function nativeItkFilters(): string {
  if (!existsSync(path.join(ITK_INCLUDE, 'itkImage.h'))) {
    throw new Error(`native ITK 5.2 not found (${ITK_INCLUDE}/itkImage.h): apt-get install -y libinsighttoolkit5-dev`);
  }
  const source = readFileSync(SOURCE);
  const key = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const dir = path.join(process.env.ITK_NATIVE_CACHE ?? path.join(tmpdir(), 'ct-viewer-itk-native'), key);
  const binary = path.join(dir, 'itk-filters');
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  const building = `${binary}.${process.pid}`;
  try {
    execFileSync('g++', ['-O2', '-std=c++17', `-I${ITK_INCLUDE}`, SOURCE, '-o', building, '-L/usr/lib', ...LIBRARIES], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`building ${SOURCE} against native ITK failed (g++ installed?):\n${stderr.slice(0, 4000)}`);
  }
  renameSync(building, binary);
  return binary;
}

export interface NativeVolume {
  componentType: 'int16' | 'float32';
  data: Int16Array | Float32Array;
  size: readonly number[];
  spacing: readonly number[];
  origin: readonly number[];
  direction: ArrayLike<number>;
}

export interface NativeResult {
  componentType: string;
  size: number[];
  spacing: number[];
  origin: number[];
  direction: number[];
  data: Uint8Array | Int16Array | Float32Array;
}

const ARRAYS = { uint8: Uint8Array, int16: Int16Array, float32: Float32Array } as const;

/** Runs `filter` (a pipeline's name) with the native program's positional `parameters`. */
export function runNativeFilter(
  binary: string,
  scratch: string,
  filter: string,
  volume: NativeVolume,
  parameters: number[],
): NativeResult {
  const input = path.join(scratch, `${filter}-in.raw`);
  const output = path.join(scratch, `${filter}-out.raw`);
  writeFileSync(input, new Uint8Array(volume.data.buffer, volume.data.byteOffset, volume.data.byteLength));
  const args = [
    filter,
    volume.componentType,
    input,
    output,
    ...[...volume.size, ...volume.spacing, ...volume.origin, ...Array.from(volume.direction), ...parameters].map(String),
  ];
  const stdout = execFileSync(binary, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const header = JSON.parse(stdout) as Omit<NativeResult, 'data'>;
  const Array_ = ARRAYS[header.componentType as keyof typeof ARRAYS];
  if (Array_ === undefined) throw new Error(`native ${filter}: unexpected component type ${header.componentType}`);
  const bytes = readFileSync(output);
  const data = new Array_(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return { ...header, data };
}
