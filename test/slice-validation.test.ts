/**
 * Issue 16, item 1 and 2 (in part): a slice whose own geometry is broken is listed apart with its
 * reason and the rest is built, never sheared, mirrored or collapsed; each slice's stored values become
 * HU with its own pixel representation and rescale. philips-head slices edited in memory.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexSources } from '../src/dicom/index-study';
import { selectSeries } from '../src/dicom/select-series';
import { sourcesFromPath } from '../src/sources/node-files';
import { buildVolume } from '../src/volume/build-volume';
import type { CtVolume } from '../src/volume/ct-volume';
import { nodeSliceReader } from '../src/volume/node-slice-reader';
import { voxelDigest } from '../src/volume/voxel-digest';
import { withElements, withStoredValues } from './helpers/edit-dicom';
import { sharedCt } from './helpers/shared-data';

const work = mkdtempSync(join(tmpdir(), 'ct-slice-validation-'));
const head = sharedCt('philips-head');
const names = readdirSync(head).filter((name) => /^I\d+$/.test(name));
const ascii = (text: string) => new TextEncoder().encode(text);
const EDITED = 'I150';

let folders = 0;
/** philips-head linked file by file, with the edited files written (null: left out). */
function folderWith(edits: Record<string, Uint8Array | null>): string {
  const dir = join(work, `case-${folders++}`);
  mkdirSync(dir);
  for (const name of names) {
    if (!(name in edits)) symlinkSync(join(head, name), join(dir, name));
    else if (edits[name]) writeFileSync(join(dir, name), edits[name]!);
  }
  return dir;
}

async function indexAndBuild(dir: string) {
  const sources = await sourcesFromPath(dir);
  const index = await indexSources(sources);
  const series = selectSeries(index, '201');
  const volume = await buildVolume(series, new Map(sources.map((s) => [s.name, s])), nodeSliceReader);
  return { index, series, volume };
}

const read = (name: string) => new Uint8Array(readFileSync(join(head, name)));
let whole: CtVolume;
let withoutEdited: CtVolume;
beforeAll(async () => {
  whole = (await indexAndBuild(folderWith({}))).volume;
  withoutEdited = (await indexAndBuild(folderWith({ [EDITED]: null }))).volume;
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a slice with broken geometry of its own', () => {
  it.each([
    [
      'row and column 60° apart',
      { '00200037': { vr: 'DS', value: ascii('1\\0\\0\\0.5\\0.866025\\0') } },
      /row and column directions are 60\.0° apart/,
    ],
    [
      'a row direction of length 2',
      { '00200037': { vr: 'DS', value: ascii('2\\0\\0\\0\\1\\0') } },
      /row direction has length 2\.000, not 1/,
    ],
    [
      'negative PixelSpacing',
      { '00280030': { vr: 'DS', value: ascii('-0.45\\-0.45') } },
      /PixelSpacing -0\.45\\-0\.45 is not positive: the grid would be mirrored/,
    ],
    [
      'zero PixelSpacing',
      { '00280030': { vr: 'DS', value: ascii('0\\0') } },
      /PixelSpacing 0\\0 is not positive: the grid would be empty/,
    ],
  ])(
    '%s: listed apart with its reason, the rest built as without it',
    async (_case, elements, reason) => {
      const { index, series, volume } = await indexAndBuild(folderWith({ [EDITED]: withElements(read(EDITED), elements) }));
      expect(index.skipped.find((s) => s.file === EDITED)?.reason).toMatch(reason);
      expect(series.warnings.some((w) => w.startsWith(`left out ${EDITED}:`))).toBe(true);
      expect(volume.warnings.some((w) => w.startsWith(`left out ${EDITED}:`))).toBe(true);
      expect(voxelDigest(volume)).toEqual(voxelDigest(withoutEdited));
    },
    60_000,
  );

  it('every slice broken: nothing is built, and each file is named with its reason', async () => {
    const broken = Object.fromEntries(
      names.map((name) => [name, withElements(read(name), { '00280030': { vr: 'DS', value: ascii('0\\0') } })]),
    );
    const index = await indexSources(await sourcesFromPath(folderWith(broken)));
    expect(index.series.filter((s) => s.isVolume)).toEqual([]);
    expect(
      index.skipped
        .filter((s) => /PixelSpacing 0\\0 is not positive/.test(s.reason))
        .map((s) => s.file)
        .sort(),
    ).toEqual([...names].sort());
  });

  it('a slice without ImagePositionPatient is listed apart and the rest is built, its gap a missing slice', async () => {
    const original = read(EDITED);
    // An empty value: the element is there, its position is not.
    const { index, volume } = await indexAndBuild(
      folderWith({ [EDITED]: withElements(original, { '00200032': { vr: 'DS', value: new Uint8Array(0) } }) }),
    );
    expect(index.skipped).toContainEqual(
      expect.objectContaining({ file: EDITED, reason: expect.stringContaining('no ImagePositionPatient') }),
    );
    expect(volume.warnings.some((w) => w.startsWith('missing slice: gap of') && w.includes('I140') && w.includes('I160'))).toBe(
      true,
    );
    expect(voxelDigest(volume)).toEqual(voxelDigest(withoutEdited));
  }, 60_000);
});

describe('per-slice modality LUT and pixel representation', () => {
  it('one slice stored signed with an intercept of its own (same HU) loads, nothing left out', async () => {
    // Stored unsigned with intercept −1024 elsewhere; here stored − 1024 as int16, intercept 0.
    const signed = withElements(
      withStoredValues(read(EDITED), (v) => v - 1024, true),
      {
        '00281052': { vr: 'DS', value: ascii('0') },
        '00280103': { vr: 'US', value: Uint8Array.of(1, 0) },
      },
    );
    const { volume } = await indexAndBuild(folderWith({ [EDITED]: signed }));
    expect(volume.warnings.filter((w) => w.startsWith('left out'))).toEqual([]);
    expect(voxelDigest(volume)).toEqual(voxelDigest(whole));
  }, 60_000);

  it('one slice with a RescaleSlope of its own (same HU) loads, nothing left out, HU equal', async () => {
    const halved = withElements(
      withStoredValues(read(EDITED), (v) => v * 2, false),
      { '00281053': { vr: 'DS', value: ascii('0.5') } },
    );
    const { volume } = await indexAndBuild(folderWith({ [EDITED]: halved }));
    expect(volume.warnings.filter((w) => w.startsWith('left out'))).toEqual([]);
    expect(volume.dimensions).toEqual(whole.dimensions);
    expect(Array.from(volume.scalars)).toEqual(Array.from(whole.scalars));
  }, 60_000);
});
