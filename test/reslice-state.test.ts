import { describe, expect, it } from 'vitest';
import { IDENTITY, type Mat3, rotationAbout } from '../src/math/rotation';
import { captureReslice, readReslice, restoreReslice } from '../src/ui/reslice-state';
import { StateProblem } from '../src/ui/view-state/checks';
import { THIN_SLICE } from '../src/views/slab';

describe('the slice planes in a shared view state', () => {
  it('round-trips a turned, thick-slab view through JSON; an axis-aligned thin one is nothing to save', () => {
    const rotation = rotationAbout([0, 0, 1], 0.5);
    const saved = captureReslice({ rotation, slab: { mode: 'min', thicknessMm: 12 } });
    const read = readReslice(JSON.parse(JSON.stringify(saved)));
    expect(read).toEqual({ rotation, slab: { mode: 'min', thicknessMm: 12 } });
    expect(captureReslice({ rotation: IDENTITY, slab: THIN_SLICE })).toBeUndefined();
    const applied: unknown[] = [];
    restoreReslice({ setRotation: (r: Mat3) => applied.push(r), setSlab: (s) => applied.push(s) }, {});
    expect(applied).toEqual([IDENTITY, THIN_SLICE]);
  });

  it('refuses in words what is not a rotation or a slab', () => {
    const bad = [
      [
        {
          rotation: [
            [2, 0, 0],
            [0, 1, 0],
            [0, 0, 1],
          ],
        },
        /rotation/,
      ],
      [{ rotation: '<b>x</b>' }, /rotation/],
      [{ slab: { mode: 'sum', thicknessMm: 10 } }, /slab.mode/],
      [{ slab: { mode: 'max', thicknessMm: -1 } }, /thicknessMm/],
      ['junk', /reslice is not an object/],
    ] as const;
    for (const [raw, message] of bad) {
      expect(() => readReslice(raw)).toThrow(StateProblem);
      expect(() => readReslice(raw)).toThrow(message);
    }
  });
});
