/**
 * The shared view state without a page: the hash and file formats round-trip every part; anything
 * malformed or hostile (not ours, another version, damaged, a deflate bomb, markup, out-of-range
 * numbers, a server that is not http(s)) is refused with a message in words and never throws.
 */
import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeFile, decodeHash, encodeFile, encodeHash, readViewState } from '../src/ui/view-state/codec';
import type { ViewState } from '../src/ui/view-state/view-state';

const STATE: ViewState = {
  series: { kind: 'sample', seriesUid: '1.2.826.0.1.3680043.2.1125.1.77', options: { tiltDeg: 15, shuffle: true, slices: 48 } },
  cursor: [12.5, -30.25, 101],
  reslice: {
    rotation: [
      [0.8, -0.6, 0],
      [0.6, 0.8, 0],
      [0, 0, 1],
    ],
    slab: { mode: 'mean', thicknessMm: 10 },
  },
  slices: { axial: 17, coronal: 80, sagittal: 3 },
  window: { center: 40, width: 400 },
  layout: '1x3',
  volume3d: {
    preset: 'soft-tissue',
    blend: 'mip',
    shade: false,
    camera: { position: [0, -800, 20], focalPoint: [1, 2, 3], viewUp: [0, 0, 1] },
  },
  measurements: [
    {
      id: 'm1',
      kind: 'length',
      points: [
        [0, 0, 10],
        [30, 40, 10],
      ],
      slice: { pane: 'axial', index: 4, plane: { origin: [0, 0, 10], normal: [0, 0, 1], right: [1, 0, 0], up: [0, -1, 0] } },
    },
  ],
};

/** A hash with `json` as its payload, as a hostile page could make one. */
const hashOf = (json: string, version = 1) => `#view=${version}.${Buffer.from(deflateSync(strToU8(json))).toString('base64url')}`;

const problemOf = (decoded: ReturnType<typeof decodeHash>): string => {
  expect(decoded).not.toBeNull();
  expect(decoded).toHaveProperty('problem');
  return (decoded as { problem: string }).problem;
};

describe('view state in the URL hash', () => {
  it('round-trips every part, compactly', () => {
    const hash = `#${encodeHash(STATE)}`;
    expect(hash).toMatch(/^#view=1\.[A-Za-z0-9_-]+$/);
    expect(hash.length).toBeLessThan(JSON.stringify(STATE).length);
    expect(decodeHash(hash)).toEqual({ state: STATE });
  });

  it('round-trips a DICOMweb and a local series reference', () => {
    for (const series of [
      { kind: 'dicomweb', seriesUid: '1.2.3.4', root: '/dicom-web', study: '1.2.3' },
      { kind: 'dicomweb', seriesUid: '1.2.3.4', root: 'https://pacs.example.org/dicom-web', study: '1.2.3' },
      { kind: 'local', seriesUid: '2.25.1234' },
    ] as const) {
      expect(decodeHash(`#${encodeHash({ series, layout: 'axial' })}`)).toEqual({ state: { series, layout: 'axial' } });
    }
  });

  it('a hash without a state is none; other hash parameters are left alone', () => {
    expect(decodeHash('')).toBeNull();
    expect(decodeHash('#')).toBeNull();
    expect(decodeHash('#section-2')).toBeNull();
    expect(decodeHash(`#other=1&${encodeHash({ layout: '3d' })}`)).toEqual({ state: { layout: '3d' } });
  });

  it('refuses what it did not write, in words, without throwing', () => {
    expect(problemOf(decodeHash('#view=hello'))).toBe('it is not a view state this app writes');
    expect(problemOf(decodeHash('#view=1.!!!'))).toBe('it is not a view state this app writes');
    expect(problemOf(decodeHash('#view=1.A'))).toBe('it is not base64url');
    expect(problemOf(decodeHash('#view=1.AAAAAAAA'))).toMatch(/compressed data is damaged|not JSON/);
    expect(problemOf(decodeHash(hashOf('{"layout": "2x2"', 1)))).toBe('it is not JSON');
    expect(problemOf(decodeHash(hashOf('{"layout":"2x2"}', 2)))).toBe('it is of version 2, this app reads version 1');
    expect(problemOf(decodeHash(hashOf('[1,2,3]')))).toBe('the view state is not an object');
    expect(problemOf(decodeHash(`#view=1.${'A'.repeat(40_000)}`))).toMatch(/longer than/);
  });

  it('a deflate bomb is refused before it takes the memory', () => {
    const bomb = `{"layout":"2x2","pad":"${' '.repeat(5_000_000)}"}`;
    const hash = hashOf(bomb);
    expect(hash.length).toBeLessThan(32_000);
    expect(problemOf(decodeHash(hash))).toMatch(/unpacks to more than 256 KB/);
  });

  it('every part is checked: one wrong part refuses the state, naming the field', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ layout: '<img src=x onerror=alert(1)>' }, /^layout is not one of 2x2, 1x3, axial, 3d, axial-3d$/],
      [{ window: { center: 40, width: 0 } }, /window\.width is not a number/],
      [{ window: { center: 'NaN', width: 400 } }, /window\.center is not a number/],
      [{ cursor: [0, 0] }, /cursor is not three numbers/],
      [{ cursor: [0, 0, 1e300] }, /cursor is not a number/],
      [{ slices: { axial: 1.5 } }, /slices\.axial is not a whole number/],
      [{ slices: { axial: -1 } }, /slices\.axial is not a number/],
      [{ series: { kind: 'local', seriesUid: '1.2.<b>3</b>' } }, /series\.seriesUid is not a DICOM UID/],
      [{ series: { kind: 'ftp', seriesUid: '1.2' } }, /series\.kind is not one of/],
      [
        { series: { kind: 'dicomweb', seriesUid: '1.2', study: '1.2', root: 'javascript:alert(1)' } },
        /series\.root is neither an http\(s\) address/,
      ],
      [
        { series: { kind: 'sample', seriesUid: '1.2', options: { slices: 1e6 } } },
        /series\.options\.slices is not between 1 and 1024/,
      ],
      ['{"series":{"kind":"sample","seriesUid":"1.2","options":{"__proto__":{"slices":5000}}}}', /not a name/],
      [{ series: { kind: 'sample', seriesUid: '1.2', options: { seed: { nested: true } } } }, /series\.options\.seed is not/],
      [{ volume3d: { ...STATE.volume3d, preset: 'toString' } }, /volume3d\.preset is not one of/],
      [
        { volume3d: { ...STATE.volume3d, camera: { position: [1, 1, 1], focalPoint: [1, 1, 1], viewUp: [0, 0, 1] } } },
        /looks at its own/,
      ],
      [
        { volume3d: { ...STATE.volume3d, camera: { position: [1, 1, 1], focalPoint: [0, 0, 0], viewUp: [0, 0, 0] } } },
        /no direction/,
      ],
      [
        { volume3d: { ...STATE.volume3d, camera: { position: [0, -5, 0], focalPoint: [0, 0, 0], viewUp: [0, 2, 0] } } },
        /along its line of sight/,
      ],
      [{ measurements: 'm1' }, /measurements is not a list/],
      [
        {
          reslice: {
            rotation: [
              [1, 0, 0],
              [0, 1, 0],
              [0, 0, 2],
            ],
          },
        },
        /reslice\.rotation is not a rotation/,
      ],
      [{ reslice: { slab: { mode: '<b>', thicknessMm: 5 } } }, /reslice\.slab\.mode is not one of/],
      [{ measurements: [{ kind: 'length', points: [[0, 0, 0]] }] }, /measurement 1: a length needs 2 world points/],
    ];
    for (const [raw, expected] of cases) {
      const problem = problemOf(decodeHash(hashOf(typeof raw === 'string' ? raw : JSON.stringify(raw))));
      expect(problem).toMatch(expected);
      // The message is ours: nothing of the hostile value is repeated.
      expect(problem).not.toMatch(/<|alert|onerror/);
    }
  });

  it('unknown keys are ignored, so a newer state still opens in this version', () => {
    expect(readViewState(JSON.parse('{"layout":"axial","zoom":3,"__proto__":{"polluted":true}}'))).toEqual({ layout: 'axial' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('view state file', () => {
  it('round-trips as readable JSON with its format and version', () => {
    const text = encodeFile(STATE);
    expect(JSON.parse(text)).toMatchObject({ format: 'ct-viewer/view-state', version: 1, state: { layout: '1x3' } });
    expect(decodeFile(text)).toEqual({ state: STATE });
  });

  it('refuses other JSON, another version and damaged text in words', () => {
    expect(decodeFile('{"layout":"2x2"}')).toEqual({
      problem: 'it is not a view state file (no "format": "ct-viewer/view-state")',
    });
    expect(decodeFile(JSON.stringify({ format: 'ct-viewer/view-state', version: 7, state: {} }))).toEqual({
      problem: 'it is not of version 1',
    });
    expect(decodeFile('\u0000\u0001 not json')).toEqual({ problem: 'it is not JSON' });
    expect(decodeFile(JSON.stringify({ format: 'ct-viewer/view-state', version: 1, state: { cursor: 'here' } }))).toEqual({
      problem: 'cursor is not three numbers (x, y, z)',
    });
  });
});
