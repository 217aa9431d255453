// Writes the generated CT phantom as DICOM files:
//   npx tsx scripts/write-phantom.ts OUTDIR [--tilt 15] [--shuffle] [--oblique 20,-10,30] ...
// Run with --help for every option.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generatePhantom, type PhantomOptions } from '../src/phantom/phantom';

const USAGE = `usage: write-phantom OUTDIR [options]
  --rows N  --columns N  --slices N
  --pixel-spacing ROW,COL       mm (default 1.6,1.6)
  --slice-spacing MM|G1,G2,...  one gap, or slices-1 gaps (default 2.5)
  --thickness MM                SliceThickness
  --tilt DEG                    gantry tilt about patient x
  --oblique A,B,C               Euler degrees about x, y, z
  --reverse  --shuffle  --missing INDEX
  --slope S  --intercept I  --unsigned  --monochrome1  --padding RAW
  --window-center C[,C2]  --window-width W[,W2]
  --localizer                   one coronal scout image instead
  --seed S  --patient-name N  --patient-id ID  --study-uid UID  --series-uid UID
  --series-number N  --series-description D  --study-description D
Negative values need "=": --padding=-2000, --oblique=-10,0,5`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    help: { type: 'boolean' },
    rows: { type: 'string' },
    columns: { type: 'string' },
    slices: { type: 'string' },
    'pixel-spacing': { type: 'string' },
    'slice-spacing': { type: 'string' },
    thickness: { type: 'string' },
    tilt: { type: 'string' },
    oblique: { type: 'string' },
    reverse: { type: 'boolean' },
    shuffle: { type: 'boolean' },
    missing: { type: 'string' },
    slope: { type: 'string' },
    intercept: { type: 'string' },
    unsigned: { type: 'boolean' },
    monochrome1: { type: 'boolean' },
    padding: { type: 'string' },
    'window-center': { type: 'string' },
    'window-width': { type: 'string' },
    localizer: { type: 'boolean' },
    seed: { type: 'string' },
    'patient-name': { type: 'string' },
    'patient-id': { type: 'string' },
    'study-uid': { type: 'string' },
    'series-uid': { type: 'string' },
    'series-number': { type: 'string' },
    'series-description': { type: 'string' },
    'study-description': { type: 'string' },
  },
});

const outDir = positionals[0];
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (outDir === undefined || positionals.length > 1) fail('write-phantom needs exactly one OUTDIR');

function number(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) fail(`--${flag} needs a number, got "${text}"`);
  return value;
}

function numberList(flag: string, text: string | undefined): number[] | undefined {
  return text?.split(',').map((part) => number(flag, part) as number);
}

function fixedList(flag: string, text: string | undefined, length: number): number[] | undefined {
  const list = numberList(flag, text);
  if (list !== undefined && list.length !== length) fail(`--${flag} needs ${length} comma-separated numbers`);
  return list;
}

/** A single value stays a number so it is written single-valued. */
function oneOrMany(flag: string, text: string | undefined): number | number[] | undefined {
  const list = numberList(flag, text);
  return list?.length === 1 ? list[0] : list;
}

const options: PhantomOptions = {
  rows: number('rows', values.rows),
  columns: number('columns', values.columns),
  slices: number('slices', values.slices),
  pixelSpacing: fixedList('pixel-spacing', values['pixel-spacing'], 2) as [number, number] | undefined,
  sliceSpacing: oneOrMany('slice-spacing', values['slice-spacing']),
  sliceThickness: number('thickness', values.thickness),
  tiltDeg: number('tilt', values.tilt),
  obliqueDeg: fixedList('oblique', values.oblique, 3) as [number, number, number] | undefined,
  reverse: values.reverse,
  shuffle: values.shuffle,
  missingSlice: number('missing', values.missing),
  rescaleSlope: number('slope', values.slope),
  rescaleIntercept: number('intercept', values.intercept),
  unsigned: values.unsigned,
  monochrome1: values.monochrome1,
  pixelPaddingValue: number('padding', values.padding),
  windowCenter: oneOrMany('window-center', values['window-center']),
  windowWidth: oneOrMany('window-width', values['window-width']),
  localizer: values.localizer,
  seed: values.seed,
  patientName: values['patient-name'],
  patientId: values['patient-id'],
  studyInstanceUID: values['study-uid'],
  seriesInstanceUID: values['series-uid'],
  seriesNumber: number('series-number', values['series-number']),
  seriesDescription: values['series-description'],
  studyDescription: values['study-description'],
};

let phantom: ReturnType<typeof generatePhantom>;
try {
  phantom = generatePhantom(options);
} catch (error) {
  fail(error instanceof RangeError ? error.message : String(error));
}
await mkdir(outDir, { recursive: true });
await Promise.all(phantom.files.map((file) => writeFile(join(outDir, file.name), file.data)));
console.log(`wrote ${phantom.files.length} files to ${outDir} (series ${phantom.options.seriesInstanceUID})`);
