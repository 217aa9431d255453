/**
 * The pipelines panel's pure parts in Node: the form generated from the real `--interface-json` of
 * every own pipeline (run with runPipelineNode on the built modules), argument building and
 * validation, pairing of added files, the raw Zstandard frame used for plain `.wasm` files, and the
 * output geometry.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ZSTDDecoder } from '@thewtex/zstddec';
import { runPipelineNode } from 'itk-wasm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type FieldDescription,
  OWN_PIPELINES,
  type PipelineInterface,
  RESERVED_PARAMETERS,
  fieldArgs,
  geometryOf,
  isLabelImage,
  isZstdFrame,
  pairPipelineFiles,
  parseInterfaceJson,
  pipelineArgs,
  planPipeline,
  rawZstdFrame,
  toCtVolume,
} from '../src/processing';
import { nearestVoxel } from '../src/volume/nearest-voxel';
import type { CtVolume } from '../src/volume/ct-volume';
import { scratchDir } from './helpers/scratch-dir';
import {
  REPO_ROOT,
  makeTestImage,
  obliqueDirection,
  pipelinePath,
  pixels,
  runImagePipeline,
  silenceModuleConsole,
} from './pipelines/helpers';

const DOWNSAMPLE = path.join(REPO_ROOT, 'node_modules/@itk-wasm/downsample/dist/pipelines/downsample');

async function interfaceOf(modulePath: string): Promise<{ text: string; iface: PipelineInterface }> {
  const result = await runPipelineNode(modulePath, ['--interface-json'], [], []);
  expect(result.returnValue).toBe(0);
  return { text: result.stdout, iface: parseInterfaceJson(result.stdout) };
}

beforeEach(() => {
  silenceModuleConsole();
  return () => vi.restoreAllMocks();
});

describe('form fields from --interface-json', () => {
  it.each(OWN_PIPELINES)(
    '%s: the fields are exactly its parameters (less itk-wasm’s own flags), image input bound',
    async (name) => {
      const { text, iface } = await interfaceOf(pipelinePath(name));
      const raw = JSON.parse(text) as {
        parameters: Array<{ name: string }>;
        inputs: Array<{ type: string }>;
        outputs: Array<{ type: string }>;
      };
      const plan = planPipeline(iface, { imageDimension: 3 });
      expect(plan.unsupported).toEqual([]);
      expect(plan.fields.map((f) => f.name)).toEqual(
        raw.parameters.map((p) => p.name).filter((n) => !RESERVED_PARAMETERS.includes(n)),
      );
      // The reserved ones are exactly the flags itk-wasm's front end adds to every pipeline.
      expect(raw.parameters.map((p) => p.name).filter((n) => RESERVED_PARAMETERS.includes(n))).toEqual(['memory-io', 'version']);
      expect(plan.inputs.map((i) => i.binding)).toEqual(raw.inputs.map(() => 'image'));
      expect(plan.outputs.map((o) => o.kind)).toEqual(raw.outputs.map(() => 'image'));
      expect(plan.fields.every((f) => f.placement === 'option')).toBe(true);
    },
  );

  it('types, defaults and requirements follow the interface', async () => {
    const field = async (pipeline: (typeof OWN_PIPELINES)[number], name: string) =>
      planPipeline((await interfaceOf(pipelinePath(pipeline))).iface, { imageDimension: 3 }).fields.find((f) => f.name === name);
    expect(await field('median-filter', 'radius')).toMatchObject({
      kind: 'number',
      numberType: 'int',
      default: '1',
      step: 1,
      required: false,
    });
    expect(await field('gaussian-smoothing', 'sigma')).toMatchObject({
      kind: 'number',
      numberType: 'float',
      default: '1',
      step: 'any',
    });
    expect(await field('resample-isotropic', 'spacing')).toMatchObject({
      kind: 'number',
      numberType: 'float',
      default: '',
      required: false,
    });
    expect(await field('connected-threshold', 'seed')).toMatchObject({
      kind: 'vector',
      numberType: 'int',
      minItems: 3,
      maxItems: 3,
      required: true,
      voxelIndex: true,
      default: [],
    });
    expect(await field('connected-threshold', 'lower')).toMatchObject({
      kind: 'number',
      numberType: 'float',
      required: true,
      default: '',
    });
    expect(await field('connected-threshold', 'upper')).toMatchObject({
      kind: 'number',
      numberType: 'float',
      required: true,
      default: '',
    });
  });

  it('@itk-wasm/downsample: per-axis shrink factors sized for a 3-D image, optional crop radius', async () => {
    const { iface } = await interfaceOf(DOWNSAMPLE);
    const plan = planPipeline(iface, { imageDimension: 3 });
    expect(plan.outputs).toEqual([{ name: 'downsampled', type: 'OUTPUT_IMAGE', kind: 'image' }]);
    expect(plan.fields.map((f) => f.name)).toEqual(['shrink-factors', 'crop-radius']);
    expect(plan.fields[0]).toMatchObject({
      kind: 'vector',
      numberType: 'uint',
      minItems: 2,
      maxItems: null,
      default: ['2', '2', '2'],
      min: 0,
      voxelIndex: false,
      required: true,
    });
    expect(plan.fields[1]).toMatchObject({ kind: 'vector', default: [], required: false });
    const args = fieldArgs(plan.fields, { 'shrink-factors': '2,2,2', 'crop-radius': '' });
    expect(args.errors).toEqual({});
    expect(pipelineArgs(plan, args)).toEqual(['0', '0', '--memory-io', '--shrink-factors', '2', '2', '2']);
  });

  it('booleans, choices and text are offered when an interface has them; unknown input types make it unrunnable', () => {
    const iface: PipelineInterface = {
      name: 'made-up',
      description: '',
      version: '1',
      inputs: [
        { name: 'input', type: 'INPUT_IMAGE' },
        { name: 'settings', type: 'INPUT_JSON' },
      ],
      outputs: [
        { name: 'mask', type: 'OUTPUT_IMAGE' },
        { name: 'report', type: 'OUTPUT_JSON' },
      ],
      parameters: [
        { name: 'memory-io', type: 'BOOL', default: 'false' },
        { name: 'fast', type: 'BOOL', default: 'true' },
        { name: 'mode', type: 'TEXT', choices: ['a', 'b'], default: 'b' },
        { name: 'label', type: 'TEXT', default: '"x"' },
        { name: 'level', type: 'FLOAT', minimum: 0, maximum: 10, step: 0.5, required: true, itemsExpected: 1 },
      ],
    };
    const plan = planPipeline(iface);
    expect(plan.fields.map((f) => [f.name, f.kind])).toEqual([
      ['settings', 'text'],
      ['fast', 'boolean'],
      ['mode', 'choice'],
      ['label', 'text'],
      ['level', 'number'],
    ]);
    expect(plan.fields[1]).toMatchObject({ default: true });
    expect(plan.fields[3]).toMatchObject({ default: 'x', multiline: false });
    expect(plan.fields[4]).toMatchObject({ min: 0, max: 10, step: 0.5 });
    const values = { settings: '{"a":1}', fast: false, mode: 'a', label: 'hello world', level: '2.5' };
    const result = fieldArgs(plan.fields, values);
    expect(result.errors).toEqual({});
    expect(result.positional.get(1)).toBe('{"a":1}');
    expect(pipelineArgs(plan, result)).toEqual([
      '0',
      '1',
      '0',
      '1',
      '--memory-io',
      '--mode',
      'a',
      '--label',
      'hello world',
      '--level',
      '2.5',
    ]);
    expect(fieldArgs(plan.fields, { ...values, level: '2.25' }).errors).toEqual({ level: 'must be a multiple of 0.5' });
    expect(fieldArgs(plan.fields, { ...values, level: '11' }).errors).toEqual({ level: 'must be ≤ 10' });
    expect(fieldArgs(plan.fields, { ...values, mode: 'c' }).errors).toEqual({ mode: 'must be one of a, b' });
    expect(planPipeline({ ...iface, inputs: [{ name: 'mesh', type: 'INPUT_MESH' }] }).unsupported).toEqual([
      'input "mesh" of type INPUT_MESH',
    ]);
  });

  it('validates numbers and vectors before anything runs', async () => {
    const plan = planPipeline((await interfaceOf(pipelinePath('connected-threshold'))).iface);
    const ok = { seed: ['1', '2', '3'], lower: '-100', upper: '2.5e3' };
    expect(fieldArgs(plan.fields, ok).errors).toEqual({});
    expect(pipelineArgs(plan, fieldArgs(plan.fields, ok))).toEqual([
      '0',
      '0',
      '--memory-io',
      '--seed',
      '1',
      '2',
      '3',
      '--lower',
      '-100',
      '--upper',
      '2.5e3',
    ]);
    expect(fieldArgs(plan.fields, { ...ok, seed: ['1', '', '3'] }).errors).toEqual({ seed: 'fill every item' });
    expect(fieldArgs(plan.fields, { ...ok, seed: ['1', '2.5', '3'] }).errors).toEqual({ seed: 'not a whole number' });
    expect(fieldArgs(plan.fields, { ...ok, seed: '1,2' }).errors).toEqual({ seed: 'needs 3 values' });
    expect(fieldArgs(plan.fields, { ...ok, lower: '' }).errors).toEqual({ lower: 'required' });
    expect(fieldArgs(plan.fields, { ...ok, upper: 'abc' }).errors).toEqual({ upper: 'not a number' });
    const median = planPipeline((await interfaceOf(pipelinePath('median-filter'))).iface);
    expect(fieldArgs(median.fields, { radius: '1.5' }).errors).toEqual({ radius: 'not a whole number' });
    expect(pipelineArgs(median, fieldArgs(median.fields, { radius: '' }))).toEqual(['0', '0', '--memory-io']);
    const uint: FieldDescription = {
      kind: 'number',
      name: 'n',
      label: 'N',
      description: '',
      required: true,
      placement: 'option',
      numberType: 'uint',
      default: '',
      step: 1,
      min: 0,
    };
    expect(fieldArgs([uint], { n: '-1' }).errors).toEqual({ n: 'not a whole number ≥ 0' });
  });

  it('rejects output that is not an interface', () => {
    expect(() => parseInterfaceJson('usage: x')).toThrow(/did not print JSON: usage: x/);
    expect(() => parseInterfaceJson('{"inputs": []}')).toThrow(/no pipeline name/);
  });
});

describe('pipelines added from files', () => {
  const tmp = scratchDir('pipeline-form-');

  it('pairs .js with .wasm.zst (preferred) or .wasm by base name and says what is missing', () => {
    const files = [
      'my-median.js',
      'my-median.wasm.zst',
      'my-median.wasm',
      'plain.js',
      'plain.wasm',
      'lonely.js',
      'orphan.wasm.zst',
      'notes.txt',
    ].map((name) => ({ name }));
    const { pairs, problems } = pairPipelineFiles(files);
    expect(pairs.map((p) => [p.name, p.js.name, p.wasm.name, p.wasmCompressed])).toEqual([
      ['my-median', 'my-median.js', 'my-median.wasm.zst', true],
      ['plain', 'plain.js', 'plain.wasm', false],
    ]);
    expect(problems).toEqual([
      'notes.txt: not a .js, .wasm or .wasm.zst file',
      'lonely: the .wasm or .wasm.zst file is missing',
      'orphan: the .js file is missing',
    ]);
  });

  it('a raw Zstandard frame decodes to its content with itk-wasm’s decoder', async () => {
    const decoder = new ZSTDDecoder();
    await decoder.init();
    for (const size of [0, 1, 131_072, 131_073, 300_001]) {
      const content = Uint8Array.from({ length: size }, (_, i) => (i * 7 + (i >> 9)) & 0xff);
      const frame = rawZstdFrame(content);
      expect(isZstdFrame(frame)).toBe(true);
      expect(Buffer.from(decoder.decode(frame)).equals(Buffer.from(content))).toBe(true);
    }
  });

  it('a pipeline copied under another name, with its wasm in a raw frame, runs like the original', async () => {
    const decoder = new ZSTDDecoder();
    await decoder.init();
    const wasm = decoder.decode(fs.readFileSync(`${pipelinePath('median-filter')}.wasm.zst`));
    fs.copyFileSync(`${pipelinePath('median-filter')}.js`, path.join(tmp, 'renamed.js'));
    fs.writeFileSync(path.join(tmp, 'renamed.wasm.zst'), rawZstdFrame(wasm));
    const image = makeTestImage({ seed: 3 });
    const expected = await runImagePipeline('median-filter', image, ['--radius', '1']);
    const copy = { ...image, data: pixels(image).slice() };
    const renamed = await runPipelineNode(
      path.join(tmp, 'renamed'),
      ['0', '0', '--memory-io', '--radius', '1'],
      [{ type: 'Image' }],
      [{ type: 'Image', data: copy }],
    );
    expect(renamed.returnValue).toBe(0);
    expect(Array.from(pixels(renamed.outputs[0]!.data as never))).toEqual(Array.from(pixels(expected.output!)));
  });
});

describe('outputs', () => {
  it('takes the axes from the columns of ITK’s row-major direction', () => {
    const direction = Array.from(obliqueDirection());
    const g = geometryOf({ size: [4, 5, 6], spacing: [0.5, 0.7, 2], origin: [1, 2, 3], direction });
    for (let axis = 0; axis < 3; axis++)
      for (let row = 0; row < 3; row++) expect(g.axes[axis]![row]).toBeCloseTo(direction[row * 3 + axis]!, 15);
    expect(g.dimensions).toEqual([4, 5, 6]);
  });

  it('uint8 is a label mask; a grey output keeps the input window and gets its own grid', () => {
    expect(isLabelImage({ componentType: 'uint8', components: 1 })).toBe(true);
    expect(isLabelImage({ componentType: 'int16', components: 1 })).toBe(false);
    const input = {
      seriesId: 's',
      seriesInstanceUID: 'u',
      seriesNumber: 3,
      windowCenter: 40,
      windowWidth: 400,
      windowFromTags: true,
      photometricInterpretation: 'MONOCHROME2',
    } as CtVolume;
    const volume = toCtVolume(
      {
        kind: 'image',
        name: 'out',
        componentType: 'uint16',
        components: 1,
        size: [2, 1, 1],
        spacing: [2, 2, 2],
        origin: [0, 0, 0],
        direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
        data: Uint16Array.of(5, 9),
        range: [5, 9],
      },
      input,
      'downsample output',
      1,
    );
    expect(volume.scalars).toEqual(Float32Array.of(5, 9));
    expect(volume).toMatchObject({
      dimensions: [2, 1, 1],
      spacing: [2, 2, 2],
      huRange: [5, 9],
      windowCenter: 40,
      windowWidth: 400,
      description: 'downsample output',
    });
  });

  it('rounds the crosshair to the nearest voxel inside the grid', () => {
    expect(nearestVoxel([1.4, 2.6, -3], [10, 10, 10])).toEqual([1, 3, 0]);
    expect(nearestVoxel([12, 9.6, 4.5], [10, 10, 10])).toEqual([9, 9, 5]);
  });
});
