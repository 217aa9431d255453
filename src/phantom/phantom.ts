import type { Vec3 } from '../math/vec3';
import { type PhantomFrame, type PhantomGeometry, type PhantomPlan, planPhantom } from './phantom-geometry';
import { writeImage } from './phantom-image';
import { type PhantomOptions, type ResolvedPhantomOptions, resolveOptions } from './phantom-options';
import { deterministicUID, hashString, seededRandom, shuffleInPlace } from './phantom-random';

/**
 * Writes the analytic phantom (phantom-model.ts) as a CT series of DICOM Part 10 files.
 * Browser-safe: no Node imports, Uint8Array only. The parts, each in a file of its own: options
 * and their defaults (phantom-options.ts), where the slices lie (phantom-geometry.ts), their pixels
 * (phantom-pixels.ts), their tags (phantom-image.ts) and the seeded UIDs, names and shuffle
 * (phantom-random.ts); this module is the entry point the rest of the app imports.
 */

export type { PhantomOptions, ResolvedPhantomOptions } from './phantom-options';
export type { PhantomGeometry } from './phantom-geometry';
export { isPaddingPixel } from './phantom-pixels';

export interface PhantomFile {
  name: string;
  data: Uint8Array;
}

export interface PhantomSlice {
  file: string;
  instanceNumber: number;
  sopInstanceUID: string;
  position: Vec3;
}

export interface GeneratedPhantom {
  /** In write order: instance order, or seeded random order with `shuffle`. */
  files: PhantomFile[];
  /** In instance-number order, like geometry.positions. */
  slices: PhantomSlice[];
  geometry: PhantomGeometry;
  options: ResolvedPhantomOptions;
}

export function generatePhantom(options: PhantomOptions = {}): GeneratedPhantom {
  const opts = resolveOptions(options);
  const plan = planPhantom(opts);
  const written = [...writeFrames(opts, plan)];
  const slices = written.map((w) => w.slice);
  const files = written.map((w) => w.file);
  if (opts.shuffle) shuffleInPlace(files, seededRandom(`${opts.seed}|${opts.seriesInstanceUID}|shuffle`));
  return { files, slices, geometry: plan.geometry, options: opts };
}

/**
 * The same files as generatePhantom, in instance order, one at a time: a large series (a 512×512×2000
 * benchmark volume is 1 GiB) never sits in memory. Shuffling needs the whole list, so it is not offered here.
 */
export function* generatePhantomFiles(options: PhantomOptions = {}): Generator<{ slice: PhantomSlice; file: PhantomFile }> {
  const opts = resolveOptions({ ...options, shuffle: false });
  yield* writeFrames(opts, planPhantom(opts));
}

function* writeFrames(opts: ResolvedPhantomOptions, plan: PhantomPlan): Generator<{ slice: PhantomSlice; file: PhantomFile }> {
  const nameFor = fileNamer(opts);
  for (const frame of plan.frames) {
    const name = nameFor(frame);
    const sopInstanceUID = deterministicUID(`${opts.seed}|${opts.seriesInstanceUID}|sop|${frame.instanceNumber}`);
    const slice: PhantomSlice = { file: name, instanceNumber: frame.instanceNumber, sopInstanceUID, position: frame.position };
    yield { slice, file: { name, data: writeImage(opts, plan.geometry, frame, sopInstanceUID) } };
  }
}

/**
 * Names carry a tag of the series UID so two phantoms can share a folder. Shuffled series
 * get random names so that sorting by name cannot recover the acquisition order.
 */
function fileNamer(opts: ResolvedPhantomOptions): (frame: PhantomFrame) => string {
  const hex8 = (n: number) => n.toString(16).padStart(8, '0');
  if (!opts.shuffle) {
    const seriesTag = hex8(hashString(opts.seriesInstanceUID));
    return (frame) => `${seriesTag}-${String(frame.instanceNumber).padStart(4, '0')}.dcm`;
  }
  const next = seededRandom(`${opts.seed}|${opts.seriesInstanceUID}|names`);
  const used = new Set<string>();
  return () => {
    let name: string;
    do name = `${hex8(Math.floor(next() * 4294967296))}.dcm`;
    while (used.has(name));
    used.add(name);
    return name;
  };
}
