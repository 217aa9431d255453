import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { writeImageNode } from '@itk-wasm/image-io';
import { indexSources } from '../dicom/index-study';
import { selectSeries } from '../dicom/select-series';
import { sourcesFromPath } from '../sources/node-files';
import { buildVolume } from '../volume/build-volume';
import { nodeSliceReader } from '../volume/node-slice-reader';
import { volumeToItkImage } from '../volume/to-itk-image';
import { seriesReport } from './series-report';

const USAGE = `usage:
  cli series DIR                                  list series as JSON
  cli convert DIR --series NUMBER_OR_UID -o OUT   write the built volume (.nii, .nii.gz, .nrrd, .mha)`;
const OUTPUT_EXTENSIONS = ['.nii.gz', '.nii', '.nrrd', '.mha'];

async function main(argv: string[]): Promise<number> {
  const [command, dir, ...rest] = argv;
  if (!command || !dir || (command !== 'series' && command !== 'convert')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const sources = await sourcesFromPath(resolve(dir));
  const index = await indexSources(sources);
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
  const volume = await buildVolume(series, new Map(sources.map((s) => [s.name, s])), nodeSliceReader);
  await mkdir(dirname(resolve(out)), { recursive: true });
  await writeImageNode(volumeToItkImage(volume), resolve(out));
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
