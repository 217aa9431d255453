import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { writeImageNode } from '@itk-wasm/image-io';
import { indexSources } from '../dicom/index-study';
import { selectSeries } from '../dicom/select-series';
import type { SeriesEntry, StudyIndex } from '../dicom/series-types';
import { buildVolume } from '../volume/build-volume';
import type { CtVolume } from '../volume/ct-volume';
import { nodeSliceReader } from '../volume/node-slice-reader';
import { volumeFileImage } from '../volume/volume-file';
import { cliSources } from './cli-sources';
import { dicomWebInput, openDicomWeb } from './dicomweb-input';
import { onDiskSliceReader } from './on-disk-slice-reader';
import { seriesReport } from './series-report';

const USAGE = `usage:
  cli series DIR                                  list series as JSON
  cli convert DIR --series NUMBER_OR_UID -o OUT   write the built volume (.nii, .nii.gz, .nrrd, .mha)
DIR: a folder, a .zip of one, a DICOMDIR, or one file; or, for a DICOMweb server (series of one study, or of all):
  --dicomweb ROOT [--study UID] [--token T | --user NAME:PASSWORD]   e.g. convert --dicomweb ROOT --study UID --series UID -o OUT`;
const OUTPUT_EXTENSIONS = ['.nii.gz', '.nii', '.nrrd', '.mha'];

async function main(argv: string[]): Promise<number> {
  const [command, dir, ...rest] = argv;
  if (!command || !dir || (command !== 'series' && command !== 'convert')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const web = dicomWebInput(argv.slice(1));
  if (web) {
    const remote = await openDicomWeb(web);
    try {
      return await run(command, rest, remote.index, (series) => buildVolume(series, remote.sources, remote.reader));
    } finally {
      await remote.close();
    }
  }
  const { sources, skipped } = await cliSources(resolve(dir));
  const index = await indexSources(sources, undefined, skipped);
  const files = new Map(sources.map((s) => [s.name, s]));
  return run(command, rest, index, (series) => buildVolume(series, files, onDiskSliceReader(nodeSliceReader)));
}

async function run(
  command: string,
  rest: string[],
  index: StudyIndex,
  build: (series: SeriesEntry) => Promise<CtVolume>,
): Promise<number> {
  if (command === 'series') {
    process.stdout.write(`${JSON.stringify(seriesReport(index), null, 2)}\n`);
    return 0;
  }
  const wanted = option(rest, '--series');
  const out = option(rest, '-o') ?? option(rest, '--output');
  if (!wanted || !out) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (!OUTPUT_EXTENSIONS.some((ext) => out.toLowerCase().endsWith(ext))) {
    throw new Error(`unsupported output "${out}": use one of ${OUTPUT_EXTENSIONS.join(', ')}`);
  }
  const series = selectSeries(index, wanted);
  const volume = await build(series);
  await mkdir(dirname(resolve(out)), { recursive: true });
  // The app's export writes the same image (src/volume/volume-file.ts): the same voxels, geometry and description.
  await writeImageNode(volumeFileImage(volume, /\.nii(\.gz)?$/i.test(out) ? 'nifti' : 'nrrd'), resolve(out));
  const notes = [...volume.warnings, ...volume.corrections];
  process.stderr.write(
    `wrote ${out}: ${volume.dimensions.join('×')} voxels, spacing ${volume.spacing.map((s) => s.toFixed(3)).join('×')} mm` +
      `${notes.length > 0 ? `; ${notes.join('; ')}` : ''}\n`,
  );
  return 0;
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
