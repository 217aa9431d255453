/**
 * Names in the character sets our users' studies come in, decoded by Specific Character Set. The byte
 * sequences are those of PS3.5 annexes H–K (Japanese, Korean) and of the named encodings; the files are
 * in-memory copies of a shared-data slice with the names written into them.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { textDecoderFor } from '../src/dicom/character-set';
import { parseHeader } from '../src/dicom/parse-header';
import { sourceFromBytes } from '../src/sources/source-file';
import { withElements } from './helpers/edit-dicom';
import { sharedCt } from './helpers/shared-data';

const hex = (text: string) => Uint8Array.from(text.split(' ').map((byte) => parseInt(byte, 16)));
const ascii = (text: string) => new TextEncoder().encode(text);
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((part) => [...part]));

/** [Specific Character Set, bytes of a name, the name]. */
const NAMES: Array<[string, Uint8Array, string]> = [
  ['ISO_IR 192', hex('e9 a0 ad e9 83 a8 20 e5 8d 98 e7 b4 94'), '頭部 単純'],
  ['GB18030', hex('cd b7 b2 bf c6 bd c9 a8'), '头部平扫'],
  ['GBK', hex('cd b7 b2 bf c6 bd c9 a8'), '头部平扫'],
  ['ISO_IR 100', hex('4d fc 6c 6c 65 72 5e 4a fc 72 67 65 6e'), 'Müller^Jürgen'],
  ['ISO_IR 144', hex('b8 d2 d0 dd de d2'), 'Иванов'],
  ['ISO_IR 126', hex('c4 e9 ef ed fd f3 e9 ef f2'), 'Διονύσιος'],
  // PS3.5 H.3.1: Yamada^Tarou=山田^太郎=やまだ^たろう
  [
    'ISO 2022 IR 6\\ISO 2022 IR 87',
    concat(
      ascii('Yamada^Tarou='),
      hex('1b 24 42 3b 33 45 44 1b 28 42 5e 1b 24 42 42 40 4f 3a 1b 28 42 3d'),
      hex('1b 24 42 24 64 24 5e 24 40 1b 28 42 5e 1b 24 42 24 3f 24 6d 24 26 1b 28 42'),
    ),
    'Yamada^Tarou=山田^太郎=やまだ^たろう',
  ],
  // PS3.5 I.2: Hong^Gildong=洪^吉洞=홍^길동
  [
    '\\ISO 2022 IR 149',
    concat(
      ascii('Hong^Gildong='),
      hex('1b 24 29 43 fb f3 5e 1b 24 29 43 d1 ce d4 d7 3d'),
      hex('1b 24 29 43 c8 ab 5e 1b 24 29 43 b1 e6 b5 bf'),
    ),
    'Hong^Gildong=洪^吉洞=홍^길동',
  ],
  // PS3.5 H.3.2: JIS X 0201 katakana in G1 (ISO 2022 IR 13), romaji in G0
  [
    'ISO 2022 IR 13\\ISO 2022 IR 87',
    concat(hex('d4 cf c0 de 5e c0 db b3 3d'), hex('1b 24 42 3b 33 45 44 1b 28 4a 5e 1b 24 42 42 40 4f 3a 1b 28 4a')),
    'ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎',
  ],
  // PS3.5 K: 王^小东 in GB 2312 through ISO 2022 IR 58
  [
    '\\ISO 2022 IR 58',
    concat(ascii('Wang^XiaoDong='), hex('1b 24 29 41 cd f5 5e 1b 24 29 41 d0 a1 b6 ab')),
    'Wang^XiaoDong=王^小东',
  ],
];

describe('Specific Character Set', () => {
  it.each(NAMES)('%s decodes to the name', (charset, bytes, name) => {
    expect(textDecoderFor(charset)(bytes)).toBe(name);
  });

  it.each(
    NAMES.filter(([charset]) =>
      ['ISO_IR 192', 'GB18030', 'ISO 2022 IR 6\\ISO 2022 IR 87', '\\ISO 2022 IR 149'].includes(charset),
    ),
  )('a slice in %s lists its patient and series by name', async (charset, bytes, name) => {
    const original = new Uint8Array(readFileSync(join(sharedCt('philips-head'), 'I10')));
    const file = withElements(original, {
      '00080005': { vr: 'CS', value: ascii(charset) },
      '0008103E': { vr: 'LO', value: bytes },
      '00100010': { vr: 'PN', value: bytes },
    });
    const result = await parseHeader(sourceFromBytes('I10', file));
    if (!result.ok) throw new Error(result.skipped.reason);
    expect(result.header.seriesDescription).toBe(name);
    expect(result.header.patientName).toBe(name.replace(/\^+/g, ' '));
  });
});

describe('names in the CLI JSON', () => {
  const work = mkdtempSync(join(tmpdir(), 'ct-charset-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it.each(NAMES.filter(([charset]) => ['ISO_IR 192', 'GB18030', 'ISO 2022 IR 6\\ISO 2022 IR 87'].includes(charset)))(
    '%s: series prints the patient name and series description as text',
    async (charset, bytes, name) => {
      const dir = mkdtempSync(join(work, 'series-'));
      const head = sharedCt('philips-head');
      for (const file of readdirSync(head).filter((f) => /^I[1-5]0$/.test(f))) {
        const edited = withElements(new Uint8Array(readFileSync(join(head, file))), {
          '00080005': { vr: 'CS', value: ascii(charset) },
          '0008103E': { vr: 'LO', value: bytes },
          '00100010': { vr: 'PN', value: bytes },
        });
        writeFileSync(join(dir, file), edited);
      }
      const { stdout } = await promisify(execFile)('npx', ['tsx', 'src/cli/main.ts', 'series', dir]);
      const [series] = (JSON.parse(stdout) as { series: Array<{ description: string; patientName: string; sliceCount: number }> })
        .series;
      expect(series).toMatchObject({ description: name, patientName: name.replace(/\^+/g, ' '), sliceCount: 5 });
    },
    60_000,
  );
});
