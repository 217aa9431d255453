/**
 * The header inspector's model of a file: every element dcmdump (dcmtk) lists, with keyword, VR and
 * value, sequences as trees, private elements with their creator, text decoded by Specific Character
 * Set, long values shortened with the whole kept; the filter; the slice a world point lies in.
 */
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { filterHeader } from '../src/dicom/header-filter';
import { type HeaderElement, readHeaderTree } from '../src/dicom/header-tree';
import { SHORT_VALUE_CHARS } from '../src/dicom/header-values';
import { parseHeader } from '../src/dicom/parse-header';
import { sliceThroughPoint } from '../src/dicom/slice-through-point';
import type { SliceHeader, Vec3 } from '../src/dicom/types';
import { sourceFromBytes } from '../src/sources/source-file';
import { withDeflatedDataSet, withElements } from './helpers/edit-dicom';
import { enhancedCt, readSlices } from './helpers/multi-frame';
import { scratchDir } from './helpers/scratch-dir';
import { implicitRawDataSet } from './helpers/raw-dataset';
import { sharedCt } from './helpers/shared-data';

const run = promisify(execFile);

/** One line of dcmdump: its nesting depth (2 spaces a level), tag, VR and the value as printed. */
interface DumpLine {
  depth: number;
  tag: string;
  vr: string;
  printed: string;
}

/** `dcmdump FILE` split into its meta header and data set lines, item and delimiter lines left out. */
async function dcmdump(path: string): Promise<{ meta: DumpLine[]; dataSet: DumpLine[] }> {
  let stdout: string;
  try {
    ({ stdout } = await run('dcmdump', [path], { maxBuffer: 64 * 1024 * 1024 }));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('dcmdump is not installed: the header inspector is checked against dcmtk (Debian package "dcmtk")');
    }
    throw error;
  }
  const sections = { meta: [] as DumpLine[], dataSet: [] as DumpLine[] };
  let section: DumpLine[] | null = null;
  for (const line of stdout.split('\n')) {
    if (line.startsWith('# Dicom-Meta-Information-Header')) section = sections.meta;
    else if (line.startsWith('# Dicom-Data-Set')) section = sections.dataSet;
    const found = /^( *)\(([0-9a-f]{4}),([0-9a-f]{4})\) (\S\S) (.*?)\s+#/.exec(line);
    if (!found || !section || found[2] === 'fffe') continue;
    section.push({ depth: found[1]!.length, tag: `(${found[2]},${found[3]})`.toUpperCase(), vr: found[4]!, printed: found[5]! });
  }
  return sections;
}

/** The tree flattened as dcmdump prints it: an item's elements 4 spaces deeper than their sequence. */
function flatten(elements: HeaderElement[], depth = 0): Array<{ depth: number; element: HeaderElement }> {
  return elements.flatMap((element) => [
    { depth, element },
    ...(element.items ?? []).flatMap((item) => flatten(item.elements, depth + 4)),
  ]);
}

const read = (folder: string, file: string) => new Uint8Array(readFileSync(join(sharedCt(folder), file)));
const treeOf = (folder: string, file: string) => readHeaderTree(file, read(folder, file));
const find = (elements: HeaderElement[], tag: string) => elements.find((element) => element.tag === tag);
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('header tree against dcmdump', () => {
  const scratch = scratchDir('header-tree-');
  it.each([
    ['philips-head', 'I10'],
    ['ge-head-tilt', '01.dcm'],
    ['philips-phantom-tilt', 'S4010/I10'],
  ])('%s/%s: every element dcmdump lists, in its order, with its VR', async (folder, file) => {
    const dump = await dcmdump(join(sharedCt(folder), file));
    const tree = treeOf(folder, file);
    expect(tree.problem).toBeUndefined();
    // The acceptance count: top-level elements of the data set and of the meta header.
    expect(tree.dataSet.length).toBe(dump.dataSet.filter((line) => line.depth === 0).length);
    expect(tree.meta.length).toBe(dump.meta.length);
    expect(tree.dataSet.length).toBeGreaterThan(40);
    const ours = flatten(tree.dataSet).map(({ depth, element }) => `${depth} ${element.tag} ${element.vr}`);
    expect(ours).toEqual(dump.dataSet.map((line) => `${line.depth} ${line.tag} ${line.vr}`));
    expect(tree.meta.map((element) => `${element.tag} ${element.vr}`)).toEqual(dump.meta.map((line) => `${line.tag} ${line.vr}`));
  });

  it('an Enhanced CT multi-frame file: its functional groups as items, as dcmdump nests them', async () => {
    const names = ['I10', 'I20', 'I30', 'I40'];
    const file = enhancedCt(readSlices(sharedCt('philips-head'), names));
    const path = join(scratch, 'enhanced.dcm');
    writeFileSync(path, file);
    const dump = await dcmdump(path);
    const tree = readHeaderTree('enhanced.dcm', file);
    expect(flatten(tree.dataSet).map(({ depth, element }) => `${depth} ${element.tag} ${element.vr}`)).toEqual(
      dump.dataSet.map((line) => `${line.depth} ${line.tag} ${line.vr}`),
    );
    const perFrame = find(tree.dataSet, '(5200,9230)')!;
    expect(perFrame).toMatchObject({ keyword: 'PerFrameFunctionalGroupsSequence', value: '4 items' });
    const positions = perFrame.items!.map(
      (item) => find(find(item.elements, '(0020,9113)')!.items![0]!.elements, '(0020,0032)')!.value,
    );
    const expected = names.map((name) => find(treeOf('philips-head', name).dataSet, '(0020,0032)')!.value);
    expect(positions).toEqual(expected);
  });

  it('values agree with dcmdump: strings, numbers, binary (its printed prefix), keywords of public elements', async () => {
    const path = join(sharedCt('philips-head'), 'I10');
    const dump = await dcmdump(path);
    const flat = flatten(readHeaderTree('I10', new Uint8Array(readFileSync(path))).dataSet);
    let compared = 0;
    dump.dataSet.forEach((line, index) => {
      const { element } = flat[index]!;
      const string = /^\[(.*)\]$/.exec(line.printed);
      if (string) expect(element.value).toBe(string[1]);
      else if (line.printed === '(no value available)') expect(element.value).toBe('');
      else if (['US', 'SS', 'UL', 'SL', 'FL', 'FD'].includes(line.vr))
        expect(element.values).toEqual(line.printed.split('\\').map(Number));
      else if (['OB', 'OW'].includes(line.vr) && !element.pixelData) {
        const prefix = line.printed.replace(/\.\.\.$/, '');
        expect((element.fullValue ?? element.value).startsWith(prefix)).toBe(true);
      } else return;
      compared++;
    });
    expect(compared).toBeGreaterThan(120);
  });
});

describe('what the header tree holds', () => {
  const tree = treeOf('philips-head', 'I10');

  it('names public elements by keyword, with numbers as numbers and multi-values split', () => {
    expect(find(tree.dataSet, '(0010,0010)')).toMatchObject({ keyword: 'PatientName', vr: 'PN', value: 'HEAD' });
    expect(find(tree.dataSet, '(0028,0010)')).toMatchObject({ keyword: 'Rows', vr: 'US', value: '512', values: [512] });
    expect(find(tree.dataSet, '(0018,9306)')).toMatchObject({ keyword: 'SingleCollimationWidth', values: [0.625] });
    expect(find(tree.dataSet, '(0020,0032)')).toMatchObject({
      values: ['-115.5', '-1.85', '696.21'],
      value: '-115.5\\-1.85\\696.21',
    });
    expect(find(tree.meta, '(0002,0010)')).toMatchObject({ keyword: 'TransferSyntaxUID', value: '1.2.840.10008.1.2.1' });
  });

  it('shows a sequence as items of child elements', () => {
    const sequence = find(tree.dataSet, '(0008,1140)')!;
    expect(sequence).toMatchObject({ keyword: 'ReferencedImageSequence', vr: 'SQ', value: '1 item' });
    expect(sequence.items).toHaveLength(1);
    expect(sequence.items![0]!.elements.map((element) => [element.keyword, element.value])).toEqual([
      ['ReferencedSOPClassUID', '1.2.840.10008.5.1.4.1.1.2'],
      ['ReferencedSOPInstanceUID', '1.3.46.670589.33.1.395910942761305672.31320823413469553499'],
    ]);
  });

  it('marks private elements with their creator, public ones not at all', () => {
    expect(find(tree.dataSet, '(00E1,0010)')).toMatchObject({ keyword: 'PrivateCreator', private: { creator: 'ELSCINT1' } });
    expect(find(tree.dataSet, '(00E1,1002)')).toMatchObject({
      keyword: '',
      vr: 'SH',
      value: 'Adult',
      private: { creator: 'ELSCINT1' },
    });
    expect(find(tree.dataSet, '(0010,0010)')!.private).toBeUndefined();
  });

  it('shortens long values, keeping the whole', () => {
    const blob = find(tree.dataSet, '(01F7,1019)')!; // OW, 2160 bytes
    expect(blob.value.length).toBe(SHORT_VALUE_CHARS + 1);
    expect(blob.value.endsWith('…')).toBe(true);
    expect(blob.fullValue!.split('\\')).toHaveLength(1080);
    expect(blob.fullValue!.startsWith(blob.value.slice(0, -1))).toBe(true);
    expect(find(tree.dataSet, '(0010,0010)')!.fullValue).toBeUndefined();
  });

  it('shows pixel data by its length and transfer syntax only', () => {
    const pixels = find(tree.dataSet, '(7FE0,0010)')!;
    expect(pixels).toMatchObject({ keyword: 'PixelData', vr: 'OW', length: 524288, pixelData: true });
    expect(pixels.value).toBe('524288 bytes; Explicit VR Little Endian (1.2.840.10008.1.2.1)');
    expect(pixels.fullValue).toBeUndefined();
    expect(pixels.values).toBeUndefined();
  });
});

describe('text by Specific Character Set', () => {
  it.each([
    [
      'ISO_IR 100',
      Uint8Array.from([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x5e, 0x4a, 0xfc, 0x72, 0x67, 0x65, 0x6e]),
      'Müller^Jürgen',
    ],
    ['ISO_IR 192', utf8('山田^太郎=やまだ^たろう'), '山田^太郎=やまだ^たろう'],
    ['GB18030', Uint8Array.from([0xcd, 0xb7, 0xb2, 0xbf, 0xc6, 0xbd, 0xc9, 0xa8]), '头部平扫'],
  ])('%s: PatientName and SeriesDescription decoded', (charset, bytes, text) => {
    const file = withElements(read('philips-head', 'I10'), {
      '00080005': { vr: 'CS', value: utf8(charset) },
      '0008103E': { vr: 'LO', value: bytes },
      '00100010': { vr: 'PN', value: bytes },
    });
    const tree = readHeaderTree('I10', file);
    expect(tree.characterSet).toBe(charset);
    expect(find(tree.dataSet, '(0010,0010)')!.value).toBe(text);
    expect(find(tree.dataSet, '(0008,103E)')!.value).toBe(text);
  });

  it('markup in a value stays the characters it is', () => {
    const markup = '<img src=x onerror=alert(1)>';
    const tree = readHeaderTree(
      'I10',
      withElements(read('philips-head', 'I10'), { '00100010': { vr: 'PN', value: utf8(markup) } }),
    );
    expect(find(tree.dataSet, '(0010,0010)')!.value).toBe(markup);
  });
});

describe('other encodings and broken files', () => {
  const original = treeOf('philips-head', 'I10');
  const publicValues = (elements: HeaderElement[]) =>
    flatten(elements)
      .filter(({ element }) => !element.private && !element.pixelData)
      .map(({ element }) => `${element.tag} ${element.keyword} ${element.value}`);

  it('a deflated copy reads as the original', () => {
    const deflated = readHeaderTree('I10', withDeflatedDataSet(read('philips-head', 'I10')));
    expect(publicValues(deflated.dataSet)).toEqual(publicValues(original.dataSet));
    expect(find(deflated.dataSet, '(7FE0,0010)')!.value).toMatch(
      /^524288 bytes \(inflated\); Deflated Explicit VR Little Endian/,
    );
  });

  it('an implicit VR raw data set takes its VRs and sequences from the dictionary', () => {
    const implicit = readHeaderTree('raw', implicitRawDataSet(read('philips-head', 'I10')));
    expect(implicit.meta).toEqual([]);
    expect(implicit.transferSyntax).toBe('1.2.840.10008.1.2');
    expect(publicValues(implicit.dataSet)).toEqual(publicValues(original.dataSet));
    expect(find(implicit.dataSet, '(0008,1140)')!.items![0]!.elements).toHaveLength(2);
    expect(find(implicit.dataSet, '(00E1,1002)')).toMatchObject({ vr: 'UN', private: { creator: 'ELSCINT1' } });
  });

  it('a truncated file gives what was read and the problem; a file that is no DICOM is refused by name', () => {
    const bytes = read('philips-head', 'I10');
    const cut = bytes.slice(0, 1990); // in the middle of (0028,0030)
    const partial = readHeaderTree('I10', cut);
    expect(partial.problem).toBe(
      'malformed or truncated: reading stopped after 79 elements (an element runs past the end of the file)',
    );
    expect(partial.meta).toHaveLength(8);
    const short = readHeaderTree('I10', bytes.slice(0, bytes.length - 1000));
    expect(short.problem).toBe(
      'malformed or truncated: reading stopped after 126 elements (an element runs past the end of the file)',
    );
    expect(() => readHeaderTree('notes.txt', utf8('hello, not an image'.repeat(10)))).toThrow(/^notes\.txt: not a DICOM file/);
    expect(() => readHeaderTree('empty.dcm', new Uint8Array(0))).toThrow('empty.dcm: empty file (0 bytes)');
  });
});

describe('filter', () => {
  const { dataSet } = treeOf('philips-head', 'I10');
  const tags = (elements: HeaderElement[]) => flatten(elements).map(({ element }) => element.tag);

  it('by keyword, any part and any case', () => {
    expect(tags(filterHeader(dataSet, 'patientname'))).toEqual(['(0010,0010)']);
    expect(tags(filterHeader(dataSet, 'Rows'))).toEqual(['(0028,0010)']);
  });

  it('by tag number with or without parentheses and comma; a group with a trailing comma', () => {
    for (const query of ['(0010,0010)', '0010,0010', '00100010', ' (0010, 0010) ']) {
      expect(tags(filterHeader(dataSet, query)), query).toEqual(['(0010,0010)']);
    }
    const group = tags(filterHeader(dataSet, '0028,'));
    expect(group.length).toBe(dataSet.filter((element) => element.tag.startsWith('(0028,')).length);
    expect(group.every((tag) => tag.startsWith('(0028,'))).toBe(true);
  });

  it('keeps a sequence, and only the matching children of its items, when a child matches', () => {
    const found = filterHeader(dataSet, '(0008,1155)');
    expect(tags(found)).toEqual(['(0008,1111)', '(0008,1155)', '(0008,1140)', '(0008,1155)']);
    // The tree given is left as it was.
    expect(find(dataSet, '(0008,1140)')!.items![0]!.elements).toHaveLength(2);
    // A sequence that matches itself is kept whole.
    expect(tags(filterHeader(dataSet, 'ReferencedImageSequence'))).toEqual(['(0008,1140)', '(0008,1150)', '(0008,1155)']);
  });

  it('by value or private creator; nothing for what is nowhere; everything for an empty filter', () => {
    expect(tags(filterHeader(dataSet, 'plastic'))).toEqual(['(0010,0020)']);
    expect(filterHeader(dataSet, 'ELSCINT1').every((element) => element.private?.creator === 'ELSCINT1')).toBe(true);
    expect(filterHeader(dataSet, 'ELSCINT1').length).toBe(dataSet.filter((element) => element.private).length);
    expect(filterHeader(dataSet, 'no such thing anywhere')).toEqual([]);
    expect(filterHeader(dataSet, '  ')).toEqual(dataSet);
  });
});

describe('the slice through a world point', () => {
  it('finds each slice of a tilted stack from a point on its plane', async () => {
    const folder = sharedCt('ge-head-tilt');
    const headers: SliceHeader[] = [];
    for (const name of readdirSync(folder).sort()) {
      const result = await parseHeader(sourceFromBytes(name, new Uint8Array(readFileSync(join(folder, name)))));
      if (result.ok) headers.push(result.header);
    }
    expect(headers.length).toBeGreaterThan(20);
    for (const slice of headers) {
      const [rx, ry, rz, cx, cy, cz] = slice.imageOrientationPatient!;
      const [x, y, z] = slice.imagePositionPatient!;
      // 100 columns and 200 rows into the image: far from its origin, where the tilt shifts planes most.
      const point: Vec3 = [x + 100 * rx + 200 * cx, y + 100 * ry + 200 * cy, z + 100 * rz + 200 * cz];
      expect(sliceThroughPoint(headers, point)?.file).toBe(slice.file);
    }
    expect(sliceThroughPoint([{ imagePositionPatient: null, imageOrientationPatient: null }], [0, 0, 0])).toBeNull();
  });
});
