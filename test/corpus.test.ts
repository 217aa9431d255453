/**
 * Issue 16, item 9, in Node: every case of the bad-input corpus (test/corpus/cases.ts) through the
 * CLI, `series` then `convert` of the volume it lists, with the outcome the case expects. A volume
 * must equal its reference, built by the library from the reference folder, voxel for voxel and in
 * world geometry; no bare JavaScript message may reach any output.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readImageNode } from '@itk-wasm/image-io';
import { describe, expect, it } from 'vitest';
import { voxelDigest } from '../src/volume/voxel-digest';
import { writeCaseFolder, referenceVolume } from './corpus/case-folder';
import type { CorpusCase, Observed } from './corpus/case-types';
import { CORPUS_CASES, RUNNABLE_CASES } from './corpus/cases';
import { expectOutcome, referenceVoxels } from './corpus/check-outcome';
import { scratchDir } from './helpers/scratch-dir';
import { projectRoot } from './helpers/shared-data';

const work = scratchDir('ct-corpus-');
const exec = promisify(execFile);

interface CliSeries {
  id: string;
  seriesNumber: number | null;
  description: string;
  patientName: string;
  isVolume: boolean;
  reason: string;
  warnings: string[];
}
interface CliReport {
  series: CliSeries[];
  skipped: Array<{ file: string; reason: string }>;
}

/** Runs the CLI as a user would (node + tsx, from the project root); a failure is its exit code and output. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: projectRoot,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** At most two CLI runs at a time: the machine's cores are shared. */
const slots = { free: 2, waiting: [] as Array<() => void> };
async function inSlot<T>(work: () => Promise<T>): Promise<T> {
  if (slots.free === 0) await new Promise<void>((resolve) => slots.waiting.push(resolve));
  else slots.free--;
  try {
    return await work();
  } finally {
    const next = slots.waiting.shift();
    if (next) next();
    else slots.free++;
  }
}

/** What the CLI user got for a case's folder: the series list, and the convert of the volume to build. */
async function observeCli(c: CorpusCase, dir: string) {
  const listed = await cli('series', dir);
  const words: string[] = [listed.stderr];
  if (listed.code !== 0) return { observed: failed(`series exited ${listed.code}: ${listed.stderr}`, words), image: null };
  const report = JSON.parse(listed.stdout) as CliReport;
  for (const s of report.series) words.push(s.reason, ...s.warnings);
  for (const s of report.skipped) words.push(`${s.file}: ${s.reason}`);
  const volumes = report.series.filter((s) => s.isVolume);
  const wanted = c.series ?? (volumes.length === 1 ? volumes[0]!.id : null);
  if (wanted === null) {
    const why = volumes.length === 0 ? 'the series list holds no volume' : `${volumes.length} volumes and none chosen`;
    return { observed: failed(why, words), image: null };
  }
  const chosen = report.series.find((s) => s.id === wanted || String(s.seriesNumber) === wanted);
  const out = join(dir, '..', `${c.id}.mha`);
  const converted = await cli('convert', dir, '--series', wanted, '-o', out);
  words.push(converted.stderr);
  if (converted.code !== 0) return { observed: failed(converted.stderr, words), image: null };
  const image = await readImageNode(out);
  const data = image.data as Int16Array | Float32Array;
  const observed: Observed = {
    volume: {
      dimensions: [...image.size],
      checksum: voxelDigest({ dimensions: [0, 0, 0], scalars: data, huRange: [0, 0] }).checksum,
    },
    failure: null,
    text: words.join('\n'),
    names: chosen ? { patientLabel: chosen.patientName, description: chosen.description } : null,
    markupElements: 0,
    shown2d: null,
  };
  return { observed, image };
}

function failed(failure: string, words: string[]): Observed {
  return { volume: null, failure, text: words.join('\n'), names: null, markupElements: 0, shown2d: null };
}

describe('the bad-input corpus through the CLI', () => {
  it('holds at least 40 cases, each with its expected outcome', () => {
    expect(CORPUS_CASES.length).toBeGreaterThanOrEqual(40);
    const outcomes = ['loads', 'loads-with-warning', 'skipped', 'refused', 'opens-2d'];
    for (const c of CORPUS_CASES) expect(outcomes, c.id).toContain(c.expect.outcome);
  });

  it.concurrent.each(RUNNABLE_CASES.map((c) => [c.id, c] as const))(
    '%s',
    async (_id, c) => {
      const { observed, image } = await inSlot(async () => observeCli(c, writeCaseFolder(work, c.id, await c.build())));
      const reference = 'reference' in c.expect && c.expect.reference ? await referenceVolume(work, c.expect.reference) : null;
      expectOutcome(c, observed, reference && referenceVoxels(reference));
      if (reference && image) {
        // The same grid in world space: a mirrored, sheared or collapsed one would not be.
        image.spacing.forEach((s, axis) => expect(s).toBeCloseTo(reference.spacing[axis]!, 3));
        image.origin.forEach((o, axis) => expect(o).toBeCloseTo(reference.origin[axis]!, 3));
      }
    },
    180_000,
  );
});
