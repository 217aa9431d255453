import { describe, it, expect } from 'vitest';
import dicomParser from 'dicom-parser';
import type { Vec3 } from '../src/dicom/types';
import {
  AIR_HU,
  BODY_SEMI_AXIS_X,
  BONE_HU,
  BONE_RING_THICKNESS,
  FAT_CENTRE,
  FAT_HU,
  MARKER_CENTRE_X,
  MARKER_CENTRE_Y,
  MARKER_HU,
  MARKER_TOP_Z,
  SOFT_TISSUE_HU,
  phantomHU,
} from '../src/phantom/phantom-model';
import { CT_IMAGE_STORAGE, EXPLICIT_VR_LITTLE_ENDIAN } from '../src/dicom/write-part10';
import { generatePhantom, isPaddingPixel, type GeneratedPhantom, type PhantomFile } from '../src/phantom/phantom';

/** What a reader gets from one file, decoded independently of the generator's truth. */
interface ParsedImage {
  dataSet: dicomParser.DataSet;
  position: Vec3;
  rowDir: Vec3;
  colDir: Vec3;
  rowSpacing: number;
  colSpacing: number;
  rows: number;
  columns: number;
  instanceNumber: number;
  stored: Int16Array | Uint16Array;
  hu: (column: number, row: number) => number;
}

/** Indexing that fails the test instead of yielding undefined. */
function at<T>(items: ArrayLike<T>, index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`no item at ${index}`);
  return item;
}

function numbers(dataSet: dicomParser.DataSet, tag: string): number[] {
  const text = dataSet.string(tag);
  if (text === undefined) throw new Error(`missing ${tag}`);
  return text.split('\\').map(Number);
}

const scalar = (dataSet: dicomParser.DataSet, tag: string): number => at(numbers(dataSet, tag), 0);
const vec3 = (values: number[], offset = 0): Vec3 => [at(values, offset), at(values, offset + 1), at(values, offset + 2)];

function element(dataSet: dicomParser.DataSet, tag: string): dicomParser.Element {
  const found = dataSet.elements[tag];
  if (found === undefined) throw new Error(`missing ${tag}`);
  return found;
}

function parse(file: PhantomFile): ParsedImage {
  const dataSet = dicomParser.parseDicom(file.data);
  const orientation = numbers(dataSet, 'x00200037');
  const spacing = numbers(dataSet, 'x00280030');
  const rows = dataSet.uint16('x00280010') ?? 0;
  const columns = dataSet.uint16('x00280011') ?? 0;
  const pixelElement = element(dataSet, 'x7fe00010');
  const start = file.data.byteOffset + pixelElement.dataOffset;
  const bytes = file.data.buffer.slice(start, start + pixelElement.length);
  const stored = dataSet.uint16('x00280103') === 1 ? new Int16Array(bytes) : new Uint16Array(bytes);
  const slope = scalar(dataSet, 'x00281053');
  const intercept = scalar(dataSet, 'x00281052');
  return {
    dataSet,
    position: vec3(numbers(dataSet, 'x00200032')),
    rowDir: vec3(orientation),
    colDir: vec3(orientation, 3),
    rowSpacing: at(spacing, 0),
    colSpacing: at(spacing, 1),
    rows,
    columns,
    instanceNumber: scalar(dataSet, 'x00200013'),
    stored,
    hu: (column, row) => at(stored, row * columns + column) * slope + intercept,
  };
}

const LONG_LENGTH_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

/** Explicit VR little endian: where the element after the one at `offset` starts. */
function nextElementOffset(view: DataView, offset: number): number {
  const vr = String.fromCharCode(view.getUint8(offset + 4), view.getUint8(offset + 5));
  return LONG_LENGTH_VRS.has(vr) ? offset + 12 + view.getUint32(offset + 8, true) : offset + 8 + view.getUint16(offset + 6, true);
}

const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];

function pixelCentre(image: ParsedImage, column: number, row: number): Vec3 {
  const { position: p, rowDir: r, colDir: c } = image;
  const u = column * image.colSpacing;
  const v = row * image.rowSpacing;
  return [p[0] + u * r[0] + v * c[0], p[1] + u * r[1] + v * c[1], p[2] + u * r[2] + v * c[2]];
}

/** The HU stored at the pixel whose centre is nearest to a world point, in the nearest plane. */
function huNear(images: ParsedImage[], point: Vec3): number {
  const normal = cross(at(images, 0).rowDir, at(images, 0).colDir);
  const distance = (im: ParsedImage) => Math.abs(dot(sub(point, im.position), normal));
  const image = images.reduce((best, im) => (distance(im) < distance(best) ? im : best));
  const d = sub(point, image.position);
  const column = Math.round(dot(d, image.rowDir) / image.colSpacing);
  const row = Math.round(dot(d, image.colDir) / image.rowSpacing);
  return image.hu(column, row);
}

/** Pixels that disagree with the model sampled at the centres the file's own tags describe. */
function countMismatches(image: ParsedImage): number {
  let mismatches = 0;
  for (let row = 0; row < image.rows; row++) {
    for (let column = 0; column < image.columns; column++) {
      if (image.hu(column, row) !== phantomHU(pixelCentre(image, column, row))) mismatches++;
    }
  }
  return mismatches;
}

const firstImage = (phantom: GeneratedPhantom): ParsedImage => parse(at(phantom.files, 0));
const byInstance = (phantom: GeneratedPhantom) => phantom.files.map(parse).sort((a, b) => a.instanceNumber - b.instanceNumber);

const defaultPhantom = generatePhantom({});
const defaultImages = byInstance(defaultPhantom);
const UID_PATTERN = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))+$/;

describe('phantom model', () => {
  it('has the documented regions', () => {
    expect(phantomHU([0, 0, 0])).toBe(SOFT_TISSUE_HU);
    expect(phantomHU([BODY_SEMI_AXIS_X + 1, 0, 0])).toBe(AIR_HU);
    expect(phantomHU([BODY_SEMI_AXIS_X - BONE_RING_THICKNESS / 2, 0, 0])).toBe(BONE_HU);
    expect(phantomHU(FAT_CENTRE)).toBe(FAT_HU);
    expect(phantomHU([MARKER_CENTRE_X, MARKER_CENTRE_Y, MARKER_TOP_Z - 1])).toBe(MARKER_HU);
    expect(phantomHU([MARKER_CENTRE_X, MARKER_CENTRE_Y, MARKER_TOP_Z + 1])).toBe(SOFT_TISSUE_HU);
  });

  it('puts the marker at patient left (+x) and anterior (-y)', () => {
    expect(MARKER_CENTRE_X).toBeGreaterThan(0);
    expect(MARKER_CENTRE_Y).toBeLessThan(0);
  });
});

describe('Part 10 encoding', () => {
  it('writes preamble, DICM and a file meta group with the right length', () => {
    const data = at(defaultPhantom.files, 0).data;
    expect(data.subarray(0, 128).every((b) => b === 0)).toBe(true);
    expect(String.fromCharCode(...data.subarray(128, 132))).toBe('DICM');
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    expect([view.getUint16(132, true), view.getUint16(134, true)]).toEqual([0x0002, 0x0000]);
    const metaEnd = 144 + view.getUint32(140, true);
    let offset = 144;
    while (view.getUint16(offset, true) === 0x0002) offset = nextElementOffset(view, offset);
    expect(offset).toBe(metaEnd);
  });

  it('fills the meta group consistently with the dataset', () => {
    const { dataSet } = at(defaultImages, 0);
    expect(dataSet.string('x00020002')).toBe(CT_IMAGE_STORAGE);
    expect(dataSet.string('x00080016')).toBe(CT_IMAGE_STORAGE);
    expect(dataSet.string('x00020003')).toBe(dataSet.string('x00080018'));
    expect(dataSet.string('x00020010')).toBe(EXPLICIT_VR_LITTLE_ENDIAN);
    expect(dataSet.string('x00020012')).toMatch(UID_PATTERN);
    expect(element(dataSet, 'x00020001').length).toBe(2);
  });
});

describe('default axial series', () => {
  it('writes the documented tags', () => {
    const { dataSet } = at(defaultImages, 0);
    expect(defaultPhantom.files).toHaveLength(64);
    expect(dataSet.string('x00080060')).toBe('CT');
    expect(dataSet.string('x00080008')).toBe('ORIGINAL\\PRIMARY\\AXIAL');
    expect(dataSet.string('x00200037')).toBe('1\\0\\0\\0\\1\\0');
    expect(dataSet.string('x00280030')).toBe('1.6\\1.6');
    expect(dataSet.string('x00281053')).toBe('1');
    expect(dataSet.string('x00281052')).toBe('-1024');
    expect(dataSet.string('x00280004')).toBe('MONOCHROME2');
    expect(dataSet.string('x00281050')).toBe('40');
    expect(dataSet.string('x00281051')).toBe('400');
    expect(dataSet.string('x00180050')).toBe('2.5');
    expect(dataSet.string('x00181120')).toBe('0');
    expect(dataSet.uint16('x00280010')).toBe(128);
    expect(dataSet.uint16('x00280011')).toBe(128);
    expect(dataSet.uint16('x00280100')).toBe(16);
    expect(dataSet.uint16('x00280103')).toBe(1);
    expect(dataSet.elements.x00280120).toBeUndefined();
  });

  it('stacks slices along +z in instance order, centred on the origin', () => {
    const { geometry } = defaultPhantom;
    expect(defaultImages.map((im) => im.instanceNumber)).toEqual(Array.from({ length: 64 }, (_, i) => i + 1));
    expect(defaultImages.map((im) => im.position)).toEqual(geometry.positions);
    expect(at(geometry.positions, 0)).toEqual([-101.6, -101.6, -78.75]);
    expect(at(geometry.positions, 63)).toEqual([-101.6, -101.6, 78.75]);
    expect(geometry.normal).toEqual([0, 0, 1]);
    expect(geometry.sliceDir).toEqual([0, 0, 1]);
    for (let k = 1; k < 64; k++) expect(at(geometry.positions, k)[2] - at(geometry.positions, k - 1)[2]).toBeCloseTo(2.5, 6);
  });

  it('decodes to the model HU at known points', () => {
    expect(huNear(defaultImages, [0, 0, 0])).toBe(SOFT_TISSUE_HU);
    expect(huNear(defaultImages, [MARKER_CENTRE_X, MARKER_CENTRE_Y, -30])).toBe(MARKER_HU);
    expect(huNear(defaultImages, [MARKER_CENTRE_X, MARKER_CENTRE_Y, 40])).toBe(SOFT_TISSUE_HU);
    expect(huNear(defaultImages, [-MARKER_CENTRE_X, MARKER_CENTRE_Y, -30])).toBe(SOFT_TISSUE_HU);
    expect(huNear(defaultImages, [MARKER_CENTRE_X, -MARKER_CENTRE_Y, -30])).toBe(SOFT_TISSUE_HU);
    expect(huNear(defaultImages, [BODY_SEMI_AXIS_X - 3, 0, 0])).toBe(BONE_HU);
    expect(huNear(defaultImages, FAT_CENTRE)).toBe(FAT_HU);
    expect(at(defaultImages, 0).hu(0, 0)).toBe(AIR_HU);
  });

  it('matches the model at every pixel centre the tags describe', () => {
    expect(defaultImages.map(countMismatches).reduce((a, b) => a + b)).toBe(0);
  });

  it('generates 128x128x64 well under 2 s', () => {
    const start = performance.now();
    generatePhantom({});
    expect(performance.now() - start).toBeLessThan(2000);
  });
});

describe('geometry options', () => {
  it('tilts the image planes about x while the table moves along z', () => {
    const tiltDeg = 15;
    const t = (tiltDeg * Math.PI) / 180;
    const phantom = generatePhantom({ tiltDeg, slices: 16 });
    const images = byInstance(phantom);
    expect(at(images, 0).dataSet.string('x00181120')).toBe('15');
    expect(at(images, 0).rowDir).toEqual([1, 0, 0]);
    expect(at(images, 0).colDir[1]).toBeCloseTo(Math.cos(t), 11);
    expect(at(images, 0).colDir[2]).toBeCloseTo(-Math.sin(t), 11);
    expect(phantom.geometry.normal[1]).toBeCloseTo(Math.sin(t), 11);
    expect(phantom.geometry.normal[2]).toBeCloseTo(Math.cos(t), 11);
    for (let k = 1; k < images.length; k++) {
      const step = sub(at(images, k).position, at(images, 0).position);
      expect(step[0]).toBeCloseTo(0, 6);
      expect(step[1]).toBeCloseTo(0, 6);
      expect(step[2]).toBeCloseTo(2.5 * k, 6);
    }
    expect(images.map(countMismatches).reduce((a, b) => a + b)).toBe(0);
  });

  it('rotates the whole acquisition frame for oblique series', () => {
    const phantom = generatePhantom({ obliqueDeg: [20, -10, 30], slices: 16 });
    const images = byInstance(phantom);
    const { rowDir, colDir, normal, sliceDir } = phantom.geometry;
    expect(at(images, 0).rowDir).toEqual(rowDir);
    expect(at(images, 0).colDir).toEqual(colDir);
    expect(dot(rowDir, rowDir)).toBeCloseTo(1, 11);
    expect(dot(colDir, colDir)).toBeCloseTo(1, 11);
    expect(dot(rowDir, colDir)).toBeCloseTo(0, 11);
    sliceDir.forEach((v, axis) => expect(v).toBeCloseTo(at(normal, axis), 11));
    expect(Math.abs(rowDir[0])).toBeLessThan(0.99);
    const step = sub(at(images, 1).position, at(images, 0).position);
    step.forEach((v, axis) => expect(v).toBeCloseTo(2.5 * at(normal, axis), 5));
    expect(images.map(countMismatches).reduce((a, b) => a + b)).toBe(0);
  });

  it('writes reversed series in descending position and instance order', () => {
    const phantom = generatePhantom({ reverse: true, slices: 8 });
    const images = byInstance(phantom);
    const zs = images.map((im) => im.position[2]);
    expect(zs).toEqual([...zs].sort((a, b) => b - a));
    expect(phantom.geometry.positions.map((p) => p[2])).toEqual(zs);
    expect(phantom.geometry.sliceDir).toEqual([0, 0, 1]);
  });

  it('omits the missing slice and leaves gaps in positions and instance numbers', () => {
    const phantom = generatePhantom({ slices: 10, missingSlice: 4 });
    const images = byInstance(phantom);
    expect(images.map((im) => im.instanceNumber)).toEqual([1, 2, 3, 4, 6, 7, 8, 9, 10]);
    expect(at(images, 4).position[2] - at(images, 3).position[2]).toBeCloseTo(5, 6);
    expect(phantom.geometry.positions).toHaveLength(9);
  });

  it('honours variable slice gaps', () => {
    const gaps = [1, 2, 3, 1.25];
    const phantom = generatePhantom({ slices: 5, sliceSpacing: gaps });
    const zs = byInstance(phantom).map((im) => im.position[2]);
    gaps.forEach((gap, k) => expect(at(zs, k + 1) - at(zs, k)).toBeCloseTo(gap, 6));
    expect(at(zs, 0)).toBeCloseTo(-at(zs, 4), 6);
  });

  it('rejects impossible options', () => {
    expect(() => generatePhantom({ slices: 5, sliceSpacing: [1, 2] })).toThrow(RangeError);
    expect(() => generatePhantom({ slices: 5, missingSlice: 5 })).toThrow(RangeError);
    expect(() => generatePhantom({ slices: 0 })).toThrow(RangeError);
    expect(() => generatePhantom({ slices: 2, unsigned: true, pixelPaddingValue: -1 })).toThrow(RangeError);
  });
});

describe('shuffled files', () => {
  const shuffled = generatePhantom({ slices: 16, shuffle: true });
  const instanceOrder = (names: string[]) => {
    const byName = new Map(shuffled.slices.map((s) => [s.file, s.instanceNumber]));
    return names.map((name) => byName.get(name));
  };
  const ascending = Array.from({ length: 16 }, (_, i) => i + 1);

  it('returns files out of order under names that hide the order', () => {
    const names = shuffled.files.map((f) => f.name);
    names.forEach((name) => expect(name).toMatch(/^[0-9a-f]{8}\.dcm$/));
    expect(instanceOrder(names)).not.toEqual(ascending);
    expect(instanceOrder([...names].sort())).not.toEqual(ascending);
    expect(new Set(names).size).toBe(16);
  });

  it('is deterministic and only changes order and names', () => {
    const again = generatePhantom({ slices: 16, shuffle: true });
    expect(again.files.map((f) => f.name)).toEqual(shuffled.files.map((f) => f.name));
    const plain = generatePhantom({ slices: 16 });
    const sopUID = (f: PhantomFile) => parse(f).dataSet.string('x00080018');
    expect(shuffled.files.map(sopUID).sort()).toEqual(plain.files.map(sopUID).sort());
    const images = byInstance(shuffled);
    expect(images.map((im) => im.position)).toEqual(plain.geometry.positions);
  });
});

describe('pixel encoding options', () => {
  it('applies rescale slope and intercept', () => {
    const images = byInstance(generatePhantom({ slices: 4, rescaleSlope: 0.5, rescaleIntercept: -1000 }));
    expect(at(images, 0).dataSet.string('x00281053')).toBe('0.5');
    expect(at(at(images, 0).stored, 0)).toBe((AIR_HU + 1000) / 0.5);
    expect(images.map(countMismatches).reduce((a, b) => a + b)).toBe(0);
  });

  it('writes unsigned pixels and clamps to the stored range', () => {
    const phantom = generatePhantom({ slices: 4, unsigned: true, rescaleIntercept: 0 });
    const image = at(byInstance(phantom), 0);
    expect(image.dataSet.uint16('x00280103')).toBe(0);
    expect(image.stored).toBeInstanceOf(Uint16Array);
    expect(image.hu(0, 0)).toBe(0);
    expect(huNear([image], [0, 0, image.position[2]])).toBe(SOFT_TISSUE_HU);
  });

  it('marks MONOCHROME1 without changing the stored values', () => {
    const mono1 = firstImage(generatePhantom({ slices: 2, monochrome1: true }));
    const mono2 = firstImage(generatePhantom({ slices: 2 }));
    expect(mono1.dataSet.string('x00280004')).toBe('MONOCHROME1');
    expect(mono1.stored).toEqual(mono2.stored);
  });

  it('writes multi-valued window settings', () => {
    const { dataSet } = firstImage(generatePhantom({ slices: 2, windowCenter: [40, 400], windowWidth: [400, 1500] }));
    expect(dataSet.string('x00281050')).toBe('40\\400');
    expect(dataSet.string('x00281051')).toBe('400\\1500');
  });

  it('pads pixels outside the reconstruction circle', () => {
    const phantom = generatePhantom({ slices: 2, pixelPaddingValue: -2000 });
    const image = firstImage(phantom);
    expect(image.dataSet.int16('x00280120')).toBe(-2000);
    expect(element(image.dataSet, 'x00280120').vr).toBe('SS');
    expect(image.stored[0]).toBe(-2000);
    expect(isPaddingPixel(phantom.geometry, 0, 0)).toBe(true);
    expect(isPaddingPixel(phantom.geometry, 64, 64)).toBe(false);
    expect(huNear([image], [BODY_SEMI_AXIS_X + 10, 0, image.position[2]])).toBe(AIR_HU);
  });
});

describe('localizer', () => {
  it('writes one coronal LOCALIZER image through the marker', () => {
    const phantom = generatePhantom({ localizer: true });
    expect(phantom.files).toHaveLength(1);
    const image = firstImage(phantom);
    expect(image.dataSet.string('x00080008')).toBe('ORIGINAL\\PRIMARY\\LOCALIZER');
    expect(image.rowDir).toEqual([1, 0, 0]);
    expect(image.colDir).toEqual([0, 0, -1]);
    expect(huNear([image], [MARKER_CENTRE_X, MARKER_CENTRE_Y, MARKER_TOP_Z - 10])).toBe(MARKER_HU);
    expect(huNear([image], [MARKER_CENTRE_X, MARKER_CENTRE_Y, MARKER_TOP_Z + 10])).toBe(SOFT_TISSUE_HU);
    expect(countMismatches(image)).toBe(0);
  });

  it('shares the study of a same-seed axial series but not its series', () => {
    const scout = generatePhantom({ localizer: true }).options;
    expect(scout.studyInstanceUID).toBe(defaultPhantom.options.studyInstanceUID);
    expect(scout.seriesInstanceUID).not.toBe(defaultPhantom.options.seriesInstanceUID);
  });
});

describe('UIDs', () => {
  const uidsOf = (phantom: GeneratedPhantom) => {
    const { dataSet } = firstImage(phantom);
    return ['x0020000d', 'x0020000e', 'x00080018', 'x00200052'].map((tag) => dataSet.string(tag)!);
  };

  it('are valid: digits and dots, at most 64 characters', () => {
    for (const uid of [...uidsOf(defaultPhantom), ...defaultPhantom.slices.map((s) => s.sopInstanceUID)]) {
      expect(uid).toMatch(UID_PATTERN);
      expect(uid.length).toBeLessThanOrEqual(64);
    }
  });

  it('are unique per instance, stable per seed and distinct across seeds', () => {
    expect(new Set(defaultPhantom.slices.map((s) => s.sopInstanceUID)).size).toBe(64);
    const other = generatePhantom({ seed: 'other', slices: 2 });
    const same = generatePhantom({ slices: 2 });
    expect(uidsOf(same)).toEqual(uidsOf(defaultPhantom));
    uidsOf(other).forEach((uid, i) => expect(uid).not.toBe(uidsOf(defaultPhantom)[i]));
    expect(at(other.files, 0).name).not.toBe(at(defaultPhantom.files, 0).name);
  });

  it('accept explicit study and series UIDs', () => {
    const phantom = generatePhantom({ slices: 2, studyInstanceUID: '1.2.3', seriesInstanceUID: '1.2.3.4' });
    const [study, series] = uidsOf(phantom);
    expect([study, series]).toEqual(['1.2.3', '1.2.3.4']);
  });
});
