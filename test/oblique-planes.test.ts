import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../src/dicom/types';
import {
  IDENTITY,
  type Mat3,
  angleBetween,
  applyRotation,
  isIdentity,
  isRotation,
  multiply,
  rotationAbout,
} from '../src/math/rotation';
import { cross, dot, norm } from '../src/math/vec3';
import { wrapAngle } from '../src/views/oblique-drag';
import {
  directionLetters,
  lineAcrossBox,
  paneBasis,
  paneLetters,
  referenceLineDirection,
  rotateInPane,
  sliceRangeAlong,
} from '../src/views/oblique-planes';
import { PLANES, type SliceViewName, sliceRange } from '../src/views/view-orientation';

const NAMES: SliceViewName[] = ['axial', 'coronal', 'sagittal'];
const deg = (d: number) => (d * Math.PI) / 180;

function expectVec(actual: readonly number[], expected: readonly number[], digits = 12) {
  expected.forEach((value, i) => expect(actual[i]).toBeCloseTo(value, digits));
}

/** A volume whose voxel grid is turned in the world (an oblique acquisition), 100 × 80 × 30. */
const OBLIQUE_VOLUME = {
  origin: [-40, -30, -20] as Vec3,
  spacing: [0.8, 0.8, 2.5] as Vec3,
  dimensions: [100, 80, 30] as [number, number, number],
  axes: [
    applyRotation(rotationAbout([0, 0, 1], deg(20)), [1, 0, 0]),
    applyRotation(rotationAbout([0, 0, 1], deg(20)), [0, 1, 0]),
    [0, 0, 1],
  ] as [Vec3, Vec3, Vec3],
};
const STRAIGHT_VOLUME = { ...OBLIQUE_VOLUME, axes: IDENTITY };

describe('rotation matrices', () => {
  it('turns right-handed about an axis, composes in order and recognises none', () => {
    expectVec(applyRotation(rotationAbout([0, 0, 1], deg(90)), [1, 0, 0]), [0, 1, 0]);
    expectVec(applyRotation(rotationAbout([1, 0, 0], deg(90)), [0, 1, 0]), [0, 0, 1]);
    const a = rotationAbout([0, 0, 1], deg(30));
    const b = rotationAbout([1, 0, 0], deg(50));
    expectVec(applyRotation(multiply(a, b), [0, 1, 0]), applyRotation(a, applyRotation(b, [0, 1, 0])));
    expect(isIdentity(IDENTITY)).toBe(true);
    expect(isIdentity(a)).toBe(false);
    expect(isIdentity(multiply(a, rotationAbout([0, 0, 1], deg(-30))), 1e-12)).toBe(true);
  });

  it('tells a rotation from anything else (a saved view state is untrusted)', () => {
    expect(isRotation(IDENTITY)).toBe(true);
    expect(isRotation(multiply(rotationAbout([1, 2, 3], 0.7), rotationAbout([0, 1, 0], -2)))).toBe(true);
    const mirror = [
      [-1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ];
    const scaled = [
      [2, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ];
    for (const bad of [
      mirror,
      scaled,
      [[1, 0, 0]],
      'identity',
      null,
      [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, NaN],
      ],
      [
        [1, 0],
        [0, 1],
        [0, 0],
      ],
    ]) {
      expect(isRotation(bad), JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('pane bases under the crosshair rotation', () => {
  it('are exactly the axis-aligned planes without a rotation', () => {
    for (const name of NAMES) {
      const basis = paneBasis(PLANES[name], IDENTITY);
      expect(basis.direction).toEqual(PLANES[name].direction);
      expect(basis.up).toEqual(PLANES[name].up);
      expectVec(basis.right, PLANES[name].right);
      expect(paneLetters(basis)).toEqual(PLANES[name].letters);
    }
  });

  it('a 30° turn in the axial pane turns the coronal and sagittal normals 30° about z; the axial pane keeps its picture', () => {
    const rotation = rotateInPane(IDENTITY, PLANES.axial.direction, deg(30));
    const axial = paneBasis(PLANES.axial, rotation);
    expectVec(axial.direction, [0, 0, 1]);
    expectVec(axial.up, PLANES.axial.up);
    expectVec(axial.right, PLANES.axial.right);
    for (const name of ['coronal', 'sagittal'] as const) {
      const basis = paneBasis(PLANES[name], rotation);
      expect(angleBetween(basis.direction, PLANES[name].direction)).toBeCloseTo(deg(30), 12);
      expect(dot(basis.direction, [0, 0, 1])).toBeCloseTo(0, 12);
      // Head stays up in the turned coronal and sagittal panes.
      expectVec(basis.up, [0, 0, 1]);
    }
    // Counter-clockwise on the axial screen (seen from the feet, anterior up, patient left on the right):
    // the coronal plane's reference line, horizontal before, now rises to the right.
    const [dx, dy] = referenceLineDirection(axial, paneBasis(PLANES.coronal, rotation).direction);
    expect(Math.abs(dy / dx)).toBeCloseTo(Math.tan(deg(30)), 12);
    expect(Math.sign(dy) * Math.sign(dx)).toBe(-1);
  });

  it('keeps the three planes orthonormal and each right = direction × up through many turns in several panes', () => {
    let rotation: Mat3 = IDENTITY;
    for (let i = 0; i < 500; i++) {
      const name = NAMES[i % 3]!;
      rotation = rotateInPane(rotation, paneBasis(PLANES[name], rotation).direction, deg(7.3));
    }
    const bases = NAMES.map((name) => paneBasis(PLANES[name], rotation));
    for (const basis of bases) {
      expect(norm(basis.direction)).toBeCloseTo(1, 12);
      expect(norm(basis.up)).toBeCloseTo(1, 12);
      expect(dot(basis.direction, basis.up)).toBeCloseTo(0, 12);
      expectVec(basis.right, cross(basis.direction, basis.up));
      expect(Math.abs(dot(basis.stack, basis.direction))).toBeCloseTo(1, 12);
    }
    expect(dot(bases[0]!.direction, bases[1]!.direction)).toBeCloseTo(0, 12);
    expect(dot(bases[0]!.direction, bases[2]!.direction)).toBeCloseTo(0, 12);
    expect(dot(bases[1]!.direction, bases[2]!.direction)).toBeCloseTo(0, 12);
  });

  it('a turn there and back is none', () => {
    const there = rotateInPane(IDENTITY, PLANES.coronal.direction, deg(40));
    expect(isIdentity(rotateInPane(there, PLANES.coronal.direction, deg(-40)), 1e-12)).toBe(true);
  });
});

describe('slice positions along a turned axis', () => {
  it('equal the axis-aligned slice ranges for world axes, straight or oblique volumes', () => {
    for (const volume of [STRAIGHT_VOLUME, OBLIQUE_VOLUME]) {
      for (const axis of [0, 1, 2] as const) {
        const unit: Vec3 = [0, 0, 0];
        unit[axis] = 1;
        expect(sliceRangeAlong(volume, unit)).toEqual(sliceRange(volume, axis));
      }
    }
  });

  it('pass through an anchor inside the volume, covering the whole volume', () => {
    const stack = applyRotation(rotationAbout([0, 0, 1], deg(33)), [0, 1, 0]);
    const free = sliceRangeAlong(STRAIGHT_VOLUME, stack);
    const anchor = free.min + 17.3;
    const range = sliceRangeAlong(STRAIGHT_VOLUME, stack, anchor);
    expect(range.step).toBe(0.8);
    const k = (anchor - range.min) / range.step;
    expect(Math.abs(k - Math.round(k))).toBeLessThan(1e-9);
    expect(range.min).toBeGreaterThanOrEqual(free.min - 1e-9);
    expect(range.min).toBeLessThan(free.min + range.step);
    expect(range.min + (range.count - 1) * range.step).toBeLessThanOrEqual(free.min + (free.count - 1) * free.step + range.step);
    expect(sliceRangeAlong(STRAIGHT_VOLUME, stack, free.min - 50)).toEqual(free);
  });
});

describe('reference lines and letters', () => {
  it('cross the pane edge to edge', () => {
    expect(lineAcrossBox([30, 40], [1, 0], 200, 100)).toEqual([0, 40, 200, 40]);
    expect(lineAcrossBox([30, 40], [0, -1], 200, 100)).toEqual([30, 100, 30, 0]);
    const [x1, y1, x2, y2] = lineAcrossBox([100, 50], [Math.SQRT1_2, Math.SQRT1_2], 200, 100);
    expectVec([x1!, y1!, x2!, y2!], [50, 0, 150, 100]);
    expect(lineAcrossBox([300, 40], [0, 1], 200, 100)).toEqual([300, 40, 300, 40]);
  });

  it('name oblique directions by their two strongest patient axes', () => {
    expect(directionLetters([1, 0, 0])).toBe('L');
    expect(directionLetters([0, -1, 0])).toBe('A');
    expect(directionLetters([Math.cos(deg(30)), -Math.sin(deg(30)), 0])).toBe('LA');
    expect(directionLetters([-Math.cos(deg(10)), Math.sin(deg(10)), 0])).toBe('R');
    expect(directionLetters([0, 0.6, -0.8])).toBe('IP');
  });

  it('wraps a swept angle into (−π, π]', () => {
    expect(wrapAngle(deg(350))).toBeCloseTo(deg(-10), 12);
    expect(wrapAngle(deg(-190))).toBeCloseTo(deg(170), 12);
    expect(wrapAngle(Math.PI)).toBeCloseTo(Math.PI, 12);
    expect(wrapAngle(0.2)).toBeCloseTo(0.2, 12);
  });
});
