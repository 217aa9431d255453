/**
 * Bench inputs: the real Philips head folder and two generated phantom series, cached under
 * `.cache/bench/<folder>/` (ignored by git). A cache entry is complete when
 * `.cache/bench/<folder>.json` (kept outside the folder, so the app never sees it) records the
 * same generator parameters and the folder holds exactly that many files.
 * Generation writes into `<folder>.partial/` and renames it when done, so an interrupted run
 * never leaves a half series that looks complete.
 */
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import dicomParser from 'dicom-parser';
import { generatePhantom } from '../../src/phantom/phantom';
import { type StreamPhantomOptions, writePhantomSeriesStreaming } from './phantom-stream';

export interface DatasetInfo {
  dir: string;
  /** Image files the app can stack (DICOMDIR-like and non-DICOM files are not counted). */
  slices: number;
  /** Stored voxel bytes of the volume in MiB (rows × columns × slices × bytes per voxel). */
  volumeMB: number;
}

export interface Scenario {
  /** Short key for `--scenarios` (a, b, c). */
  key: string;
  name: string;
  /** Time the app gets to reach ready/error after the files are handed over. */
  loadTimeoutMs: number;
  /** Time the baseline page gets for its one `readImageDicomFileSeries` call. */
  baselineTimeoutMs: number;
  prepare(root: string, log: (msg: string) => void): Promise<DatasetInfo>;
}

/** Bump when the generated files change, so old caches are regenerated. */
const GENERATOR_VERSION = 1;

interface Manifest {
  version: number;
  options: StreamPhantomOptions;
  files: number;
  bytes: number;
  seriesInstanceUID: string;
  generatedMs: number;
}

async function countFiles(dir: string): Promise<number> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).length;
  } catch {
    return -1;
  }
}

/** Generates (once) a phantom series in the cache; returns its folder. */
async function cachedPhantom(
  root: string,
  folder: string,
  options: StreamPhantomOptions,
  mode: 'in-memory' | 'streaming',
  log: (msg: string) => void,
): Promise<DatasetInfo> {
  const cache = resolve(root, '.cache', 'bench');
  const dir = join(cache, folder);
  const manifestPath = join(cache, `${folder}.json`);
  const slices = options.slices ?? 64;
  const volumeMB = ((options.rows ?? 128) * (options.columns ?? 128) * slices * 2) / 2 ** 20;
  if (existsSync(manifestPath)) {
    try {
      const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Manifest;
      if (
        manifest.version === GENERATOR_VERSION &&
        JSON.stringify(manifest.options) === JSON.stringify(options) &&
        (await countFiles(dir)) === manifest.files
      ) {
        return { dir, slices, volumeMB };
      }
    } catch {
      // unreadable manifest: regenerate
    }
  }

  log(`generating ${folder} (${slices} slices, ${volumeMB.toFixed(0)} MiB, ${mode}) into ${dir}`);
  await mkdir(cache, { recursive: true });
  await rm(manifestPath, { force: true });
  await rm(dir, { recursive: true, force: true });
  const partial = `${dir}.partial`;
  await rm(partial, { recursive: true, force: true });
  const t0 = performance.now();
  let result: { seriesInstanceUID: string; files: number; bytes: number };
  if (mode === 'in-memory') {
    const phantom = generatePhantom(options);
    await mkdir(partial, { recursive: true });
    let bytes = 0;
    for (const file of phantom.files) {
      await writeFile(join(partial, file.name), file.data);
      bytes += file.data.byteLength;
    }
    result = { seriesInstanceUID: phantom.options.seriesInstanceUID, files: phantom.files.length, bytes };
  } else {
    // Guard against phantom.ts drifting from the streaming copy of its slice writer.
    let lastReport = performance.now();
    result = await writePhantomSeriesStreaming(options, partial, ({ written, total, bytes }) => {
      const now = performance.now();
      if (now - lastReport > 10_000 || written === total) {
        lastReport = now;
        const rate = bytes / 2 ** 20 / ((now - t0) / 1000);
        log(`  ${folder}: ${written}/${total} files (${rate.toFixed(0)} MiB/s)`);
      }
    });
  }
  const generatedMs = performance.now() - t0;
  await rename(partial, dir);
  const manifest: Manifest = { version: GENERATOR_VERSION, options, ...result, generatedMs: Math.round(generatedMs) };
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  log(
    `generated ${folder}: ${result.files} files, ${(result.bytes / 2 ** 20).toFixed(0)} MiB in ${(generatedMs / 1000).toFixed(1)} s`,
  );
  return { dir, slices, volumeMB };
}

/** Reads enough of a file to parse its header (everything before the pixel data). */
async function readHeader(path: string): Promise<dicomParser.DataSet | null> {
  const size = (await stat(path)).size;
  for (const length of [64 * 1024, size]) {
    const handle = await open(path, 'r');
    try {
      const buffer = new Uint8Array(Math.min(length, size));
      await handle.read(buffer, 0, buffer.byteLength, 0);
      try {
        return dicomParser.parseDicom(buffer, { untilTag: 'x7fe00010' });
      } catch {
        if (length >= size) return null;
      }
    } finally {
      await handle.close();
    }
  }
  return null;
}

/** Slice count and volume size of a folder of single-frame images (non-images skipped). */
export async function scanFolder(dir: string): Promise<DatasetInfo> {
  let slices = 0;
  let bytes = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const header = await readHeader(join(dir, entry.name));
    const rows = header?.uint16('x00280010');
    const columns = header?.uint16('x00280011');
    if (!header || !rows || !columns) continue;
    slices += 1;
    bytes += rows * columns * ((header.uint16('x00280100') ?? 16) / 8) * (Number(header.string('x00280008') ?? 1) || 1);
  }
  return { dir, slices, volumeMB: bytes / 2 ** 20 };
}

export const SCENARIOS: readonly Scenario[] = [
  {
    key: 'a',
    name: 'philips-head',
    loadTimeoutMs: 120_000,
    baselineTimeoutMs: 120_000,
    async prepare(root) {
      const dir = resolve(root, '..', 'shared', 'data', 'ct', 'philips-head');
      if (!existsSync(dir)) throw new Error(`missing ${dir}`);
      return scanFolder(dir);
    },
  },
  {
    key: 'b',
    name: 'phantom-512x512x140',
    loadTimeoutMs: 150_000,
    baselineTimeoutMs: 150_000,
    prepare: (root, log) =>
      cachedPhantom(
        root,
        'phantom-512x512x140',
        { rows: 512, columns: 512, slices: 140, pixelSpacing: [0.4, 0.4], sliceSpacing: 1.25, seed: 'bench-b' },
        'in-memory',
        log,
      ),
  },
  {
    key: 'c',
    name: 'phantom-512x512x2000',
    loadTimeoutMs: 240_000,
    baselineTimeoutMs: 240_000,
    prepare: (root, log) =>
      cachedPhantom(
        root,
        'phantom-512x512x2000',
        { rows: 512, columns: 512, slices: 2000, pixelSpacing: [0.4, 0.4], sliceSpacing: 0.5, seed: 'bench-c' },
        'streaming',
        log,
      ),
  },
];
