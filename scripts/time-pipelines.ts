// Times the project's pipelines in Node (itk-wasm's runPipelineNode, as the tests run them) on a
// CT-sized int16 volume sampled from the phantom's HU model, with noise:
//   npx tsx scripts/time-pipelines.ts [name ...] [--size 512,512,140] [--spacing 0.7,0.7,2.5] [--runs 1]
// Default: the ITK filters added for CT readers (anisotropic-diffusion, tissue-mask,
// otsu-multiple-thresholds) with their default parameters. Prints one line per run.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Image, ImageType, InterfaceTypes, runPipelineNode } from 'itk-wasm';
import { phantomHU } from '../src/phantom/phantom-model';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    size: { type: 'string', default: '512,512,140' },
    spacing: { type: 'string', default: '0.7,0.7,2.5' },
    runs: { type: 'string', default: '1' },
  },
});
const names = positionals.length > 0 ? positionals : ['anisotropic-diffusion', 'tissue-mask', 'otsu-multiple-thresholds'];
const size = values.size.split(',').map(Number);
const spacing = values.spacing.split(',').map(Number);
const runs = Number(values.runs);
if (size.length !== 3 || spacing.length !== 3 || ![...size, ...spacing, runs].every((v) => Number.isFinite(v) && v > 0)) {
  console.error('time-pipelines: --size and --spacing take three positive numbers, --runs a positive count');
  process.exit(2);
}

function volume(): Image {
  const [nx, ny, nz] = size as [number, number, number];
  const origin = size.map((n, d) => (-(n - 1) * spacing[d]!) / 2);
  const data = new Int16Array(nx * ny * nz);
  let seed = 12345;
  for (let k = 0, i = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let x = 0; x < nx; x++, i++) {
        seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
        const p: [number, number, number] = [
          origin[0]! + x * spacing[0]!,
          origin[1]! + j * spacing[1]!,
          origin[2]! + k * spacing[2]!,
        ];
        data[i] = Math.round(phantomHU(p) + 80 * (seed / 4294967296 - 0.5));
      }
    }
  }
  const image = new Image(new ImageType(3, 'int16', 'Scalar', 1));
  image.size = [...size];
  image.spacing = [...spacing];
  image.origin = origin;
  image.data = data;
  return image;
}

const input = volume();
for (const name of names) {
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const result = await runPipelineNode(
      path.resolve('public/pipelines', name),
      ['0', '0', '--memory-io'],
      [{ type: InterfaceTypes.Image }],
      [{ type: InterfaceTypes.Image, data: { ...input, data: (input.data as Int16Array).slice() } as Image }],
    );
    const seconds = (performance.now() - started) / 1000;
    if (result.returnValue !== 0) {
      console.error(`time-pipelines: ${name} failed (${result.returnValue}): ${result.stderr.trim()}`);
      process.exit(1);
    }
    console.log(`${name} ${size.join('x')} int16, defaults, runPipelineNode wall time: ${seconds.toFixed(2)} s`);
  }
}
