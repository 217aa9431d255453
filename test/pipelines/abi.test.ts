/**
 * The itk-wasm pipeline ABI of the built modules: --interface-json, --help,
 * --version, error reporting, and repeated runs on one module instance (the
 * browser caches one instance per pipeline in itk-wasm's web worker).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { InterfaceTypes, runPipelineNode, type Image } from 'itk-wasm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { medianFilterReference } from '../reference/median-filter';
import {
  cloneImage,
  makeTestImage,
  PIPELINE_NAMES,
  type PipelineName,
  pipelinePath,
  pixels,
  REPO_ROOT,
  runImagePipeline,
  silenceModuleConsole,
  size3,
} from './helpers';

beforeEach(() => {
  silenceModuleConsole();
  return () => vi.restoreAllMocks();
});

interface InterfaceOption {
  name: string;
  type: string;
  description: string;
  required: boolean;
  itemsExpected: number;
  itemsExpectedMin: number;
  itemsExpectedMax: number;
  default: string;
}
interface InterfaceJson {
  name: string;
  description: string;
  version: string;
  inputs: InterfaceOption[];
  outputs: InterfaceOption[];
  parameters: InterfaceOption[];
}

async function interfaceJson(name: PipelineName): Promise<InterfaceJson> {
  const result = await runPipelineNode(pipelinePath(name), ['--interface-json'], [], null);
  expect(result.returnValue).toBe(0);
  return JSON.parse(result.stdout) as InterfaceJson;
}

const EXPECTED_PARAMETERS: Record<PipelineName, Record<string, Partial<InterfaceOption>>> = {
  'median-filter': { radius: { type: 'INT', default: '1', required: false, itemsExpectedMax: 1 } },
  'gaussian-smoothing': { sigma: { type: 'FLOAT', default: '1', required: false, itemsExpectedMax: 1 } },
  'connected-threshold': {
    seed: { type: 'INT', required: true, itemsExpected: 3, itemsExpectedMin: 3, itemsExpectedMax: 3 },
    lower: { type: 'FLOAT', required: true, itemsExpectedMax: 1 },
    upper: { type: 'FLOAT', required: true, itemsExpectedMax: 1 },
  },
  'resample-isotropic': { spacing: { type: 'FLOAT', default: '', required: false, itemsExpectedMax: 1 } },
  'anisotropic-diffusion': {
    iterations: { type: 'INT', default: '5', required: false },
    conductance: { type: 'FLOAT', default: '1', required: false },
    'time-step': { type: 'FLOAT', default: '', required: false },
  },
  'tissue-mask': {
    lower: { type: 'FLOAT', default: '300', required: false },
    upper: { type: 'FLOAT', default: '3071', required: false },
    radius: { type: 'FLOAT', default: '1', required: false },
    'all-components': { type: 'BOOL', default: 'false', required: false },
  },
  'otsu-multiple-thresholds': {
    thresholds: { type: 'INT', default: '2', required: false },
    bins: { type: 'INT', default: '128', required: false },
    'valley-emphasis': { type: 'BOOL', default: 'false', required: false },
  },
};

describe('built pipeline files', () => {
  it.each(PIPELINE_NAMES)('%s.js and %s.wasm.zst exist (packaged layout)', (name) => {
    const prefix = pipelinePath(name);
    expect(fs.statSync(`${prefix}.js`).size).toBeGreaterThan(1000);
    const zst = fs.readFileSync(`${prefix}.wasm.zst`);
    expect(zst.readUInt32LE(0)).toBe(0xfd2fb528); // zstd frame magic
    expect(fs.readFileSync(`${prefix}.js`, 'utf8')).toMatch(/export default \w+;\s*$/);
  });
});

describe('--interface-json', () => {
  it.each(PIPELINE_NAMES)('%s.interface.json beside the module is what the module prints (the panel reads it)', async (name) => {
    const written = JSON.parse(fs.readFileSync(`${pipelinePath(name)}.interface.json`, 'utf8')) as unknown;
    expect(written).toEqual(await interfaceJson(name));
  });

  it.each(PIPELINE_NAMES)('%s describes its image input, image output and parameters', async (name) => {
    const iface = await interfaceJson(name);
    expect(iface.name).toBe(name);
    expect(iface.description.length).toBeGreaterThan(20);
    expect(iface.version).toBe('0.1.0');
    const keys = ['description', 'name', 'type', 'required', 'itemsExpected', 'itemsExpectedMin', 'itemsExpectedMax', 'default'];
    for (const option of [...iface.inputs, ...iface.outputs, ...iface.parameters]) {
      expect(Object.keys(option).sort()).toEqual([...keys].sort());
    }
    expect(iface.inputs).toEqual([expect.objectContaining({ name: 'input', type: 'INPUT_IMAGE', required: true, itemsExpected: 1 })]);
    expect(iface.outputs).toEqual([expect.objectContaining({ name: 'output', type: 'OUTPUT_IMAGE', required: true, itemsExpected: 1 })]);
    const parameters = new Map(iface.parameters.map((p) => [p.name, p]));
    // the internal flags every itk-wasm pipeline has, first
    expect(iface.parameters.slice(0, 2).map((p) => [p.name, p.type, p.default])).toEqual([
      ['memory-io', 'BOOL', 'false'],
      ['version', 'BOOL', 'false'],
    ]);
    const expected = EXPECTED_PARAMETERS[name]!;
    expect([...parameters.keys()].slice(2)).toEqual(Object.keys(expected));
    for (const [param, fields] of Object.entries(expected)) {
      expect(parameters.get(param)).toMatchObject(fields);
    }
  });

  it('uses the same schema as a packaged @itk-wasm pipeline', async () => {
    const packaged = path.join(REPO_ROOT, 'node_modules/@itk-wasm/image-io/dist/pipelines/nrrd-write-image');
    const result = await runPipelineNode(packaged, ['--interface-json'], [], null);
    const theirs = JSON.parse(result.stdout) as InterfaceJson;
    const ours = await interfaceJson('median-filter');
    expect(Object.keys(ours)).toEqual(Object.keys(theirs));
    const input = theirs.inputs[0]!;
    expect(Object.keys(ours.inputs[0]!).sort()).toEqual(Object.keys(input).sort());
    expect(ours.parameters[0]).toEqual(theirs.parameters[0]); // memory-io
    expect(ours.parameters[1]).toEqual(theirs.parameters[1]); // version
  });
});

describe('command line', () => {
  it('--help prints usage on stdout and returns 0', async () => {
    const result = await runPipelineNode(pipelinePath('connected-threshold'), ['--help'], [], null);
    expect(result.returnValue).toBe(0);
    expect(result.stdout).toContain('Usage: connected-threshold [OPTIONS] input output');
    expect(result.stdout).toContain('--seed INT x 3 REQUIRED');
  });

  it('--version prints the version', async () => {
    const result = await runPipelineNode(pipelinePath('median-filter'), ['--version'], [], null);
    expect(result.returnValue).toBe(0);
    expect(result.stdout.trim()).toBe('0.1.0');
  });
});

describe('errors', () => {
  it('a seed outside the image: non-zero return value and the reason in words on stderr', async () => {
    const run = await runImagePipeline('connected-threshold', makeTestImage(), [
      '--seed',
      '11,0,0',
      '--lower',
      '-100',
      '--upper',
      '100',
    ]);
    expect(run.returnValue).not.toBe(0);
    expect(run.output).toBeNull();
    expect(run.stderr).toMatch(/seed index \(11, 0, 0\) is outside the image, whose size is 11 x 9 x 7 voxels/);
  });

  it.each([
    { args: ['--seed', '1,2', '--lower', '0', '--upper', '1'], code: 114, text: /--seed: expected 3 INT values, got 2/ },
    { args: ['--lower', '0', '--upper', '1'], code: 106, text: /--seed is required/ },
    { args: ['--seed', '1,2,x', '--lower', '0', '--upper', '1'], code: 104, text: /"x" is not an integer/ },
    { args: ['--seed', '1,2,3', '--lower', '0', '--upper', '1', '--bogus'], code: 109, text: /not expected: --bogus/ },
  ])('bad arguments $args -> $code', async ({ args, code, text }) => {
    const run = await runImagePipeline('connected-threshold', makeTestImage(), args);
    expect(run.returnValue).toBe(code);
    expect(run.stderr).toMatch(text);
  });

  it('a missing input image is reported, not crashed on', async () => {
    const result = await runPipelineNode(pipelinePath('median-filter'), ['0', '0', '--memory-io'], [{ type: InterfaceTypes.Image }], null);
    expect(result.returnValue).toBe(1);
    expect(result.stderr).toMatch(/no image was given as input 0/);
  });

  it('without --memory-io the pipeline explains that file IO is not built in', async () => {
    const result = await runPipelineNode(pipelinePath('median-filter'), ['in.nrrd', 'out.nrrd'], [], null);
    expect(result.returnValue).toBe(1);
    expect(result.stderr).toMatch(/pass --memory-io/);
  });

  it('a negative radius is a validation error', async () => {
    const run = await runImagePipeline('median-filter', makeTestImage(), ['--radius', '-1']);
    expect(run.returnValue).toBe(105);
    expect(run.stderr).toMatch(/--radius: -1 is outside/);
  });
});

describe('one module instance, many runs (as in itk-wasm web workers)', () => {
  it('gives correct results every time, including after a failure, without leaking memory', async () => {
    // What itk-wasm's worker does: load once, then runPipelineEmscripten per call.
    const internal = path.join(REPO_ROOT, 'node_modules/itk-wasm/dist/pipeline/internal');
    const { default: loadModule } = (await import(pathToFileURL(path.join(internal, 'load-emscripten-module-node.js')).href)) as {
      default: (p: string) => Promise<{ HEAPU8: Uint8Array }>;
    };
    const { default: runPipelineEmscripten } = (await import(pathToFileURL(path.join(internal, 'run-pipeline-emscripten.js')).href)) as {
      default: (m: unknown, args: string[], outputs: unknown[], inputs: unknown[] | null) => {
        returnValue: number;
        stderr: string;
        outputs: { data: unknown }[];
      };
    };
    const module = await loadModule(pipelinePath('median-filter'));
    const heapSizes: number[] = [];
    for (let round = 0; round < 6; round++) {
      const input = makeTestImage({ size: [40, 30, 20], seed: 100 + round });
      const run = (args: string[]) =>
        runPipelineEmscripten(module, ['0', '0', '--memory-io', ...args], [{ type: InterfaceTypes.Image }], [
          { type: InterfaceTypes.Image, data: cloneImage(input) },
        ]);
      const bad = run(['--radius', 'two']);
      expect(bad.returnValue).toBe(104);
      const good = run([]);
      expect(good.returnValue).toBe(0);
      const out = good.outputs[0]!.data as Image;
      expect(Array.from(pixels(out))).toEqual(Array.from(medianFilterReference(pixels(input) as Int16Array, size3(input), 1)));
      heapSizes.push(module.HEAPU8.length);
    }
    // memory reached a steady state: later runs reuse what earlier runs freed
    expect(heapSizes.at(-1)).toBe(heapSizes[1]);
  });
});
