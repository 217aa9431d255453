/**
 * Cases of how values are encoded: names in every character set our users' studies come in, markup in
 * a name, transfer syntaxes, pixel representation, rescale and photometric interpretation. Each loads
 * the same volume as its unedited reference (names never change voxels).
 */
import { withDeflatedDataSet, withElements, withStoredValues } from '../helpers/edit-dicom';
import type { CorpusCase } from './case-types';
import { toBigEndian, withoutElements } from './dicom-bytes';
import { HEAD, PHANTOM, phantomReference } from './references';
import { EDITED, ascii, head, headWith, hex, phantom } from './series-sources';

const text = (vr: string, value: string) => ({ vr, value: ascii(value) });

/** [Specific Character Set, the bytes of a name, the name]; the byte sequences as in test/character-set.test.ts. */
const NAMES: Array<[string, Uint8Array, string]> = [
  ['ISO_IR 192', hex('e9 a0 ad e9 83 a8 20 e5 8d 98 e7 b4 94'), '頭部 単純'],
  ['GB18030', hex('cd b7 b2 bf c6 bd c9 a8'), '头部平扫'],
  ['GBK', hex('cd b7 b2 bf c6 bd c9 a8'), '头部平扫'],
  ['ISO 2022 IR 6\\ISO 2022 IR 87', hex('1b 24 42 3b 33 45 44 1b 28 42 5e 1b 24 42 42 40 4f 3a 1b 28 42'), '山田^太郎'],
  ['\\ISO 2022 IR 149', hex('1b 24 29 43 fb f3 5e 1b 24 29 43 d1 ce d4 d7'), '洪^吉洞'],
  ['ISO_IR 100', hex('4d fc 6c 6c 65 72 5e 4a fc 72 67 65 6e'), 'Müller^Jürgen'],
  ['ISO_IR 101', hex('44 76 6f f8 e1 6b 5e 41 6e 74 6f 6e ed 6e'), 'Dvořák^Antonín'],
  ['ISO_IR 144', hex('b8 d2 d0 dd de d2 5e b8 d2 d0 dd'), 'Иванов^Иван'],
  ['ISO_IR 126', hex('c4 e9 ef ed fd f3 e9 ef f2'), 'Διονύσιος'],
  ['ISO_IR 138', hex('f9 f8 e5 ef 5e e3 e1 e5 f8 e4'), 'שרון^דבורה'],
  ['ISO_IR 148', hex('d6 7a 74 fc 72 6b 5e de fc 6b 72 fc'), 'Öztürk^Şükrü'],
];

function charsetCase([charset, bytes, name]: (typeof NAMES)[number]): CorpusCase {
  return {
    id: `charset-${charset.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}`,
    description: `patient name and series description in ${charset}`,
    build: async () =>
      head((file) => ({
        ...file,
        bytes: withElements(file.bytes, {
          '00080005': { vr: 'CS', value: ascii(charset) },
          '0008103E': { vr: 'LO', value: bytes },
          '00100010': { vr: 'PN', value: bytes },
        }),
      })),
    expect: { outcome: 'loads', reference: HEAD, names: { patientName: name.replace(/\^+/g, ' '), description: name } },
  };
}

/** PN splits at '=' (its component groups), so the name's markup has none; the description's may. */
const MARKUP_NAME = '<script>window.__corpusInjected = 1</script>^<b>Doe</b>';
const MARKUP_DESCRIPTION = '<img src=x onerror="window.__corpusInjected=1"><b>bold</b>';

export const ENCODING_CASES: CorpusCase[] = [
  ...NAMES.map(charsetCase),
  {
    id: 'markup-in-names',
    description: 'markup in PatientName and SeriesDescription: text stays text',
    build: async () =>
      head((file) => ({
        ...file,
        bytes: withElements(file.bytes, { '0008103E': text('LO', MARKUP_DESCRIPTION), '00100010': text('PN', MARKUP_NAME) }),
      })),
    expect: {
      outcome: 'loads',
      reference: HEAD,
      names: { patientName: MARKUP_NAME.replace('^', ' '), description: MARKUP_DESCRIPTION },
    },
  },
  {
    id: 'deflated-all',
    description: 'every slice in Deflated Explicit VR Little Endian',
    build: async () => head((file) => ({ ...file, bytes: withDeflatedDataSet(file.bytes) })),
    expect: { outcome: 'loads', reference: HEAD },
  },
  {
    id: 'deflated-one',
    description: 'one slice in Deflated Explicit VR Little Endian among explicit VR little endian ones',
    build: async () => headWith(EDITED, withDeflatedDataSet),
    expect: { outcome: 'loads', reference: HEAD },
  },
  {
    id: 'signed-among-unsigned',
    description: 'one slice stored signed (stored − 1024, intercept 0) among unsigned ones: same HU',
    build: async () =>
      headWith(EDITED, (bytes) =>
        withElements(
          withStoredValues(bytes, (v) => v - 1024, true),
          {
            '00281052': text('DS', '0'),
            '00280103': { vr: 'US', value: Uint8Array.of(1, 0) },
          },
        ),
      ),
    expect: { outcome: 'loads', reference: HEAD },
  },
  {
    id: 'own-rescale-slope',
    description: 'one slice with stored values doubled and RescaleSlope 0.5: same HU',
    build: async () =>
      headWith(EDITED, (bytes) =>
        withElements(
          withStoredValues(bytes, (v) => v * 2, false),
          { '00281053': text('DS', '0.5') },
        ),
      ),
    expect: { outcome: 'loads', reference: HEAD },
  },
  {
    id: 'lossy-flag',
    description: 'every slice LossyImageCompression 01 (JPEG at 10:1 once), stored uncompressed',
    build: async () =>
      head((file) => ({
        ...file,
        bytes: withElements(file.bytes, {
          '00282110': text('CS', '01'),
          '00282112': text('DS', '10'),
          '00282114': text('CS', 'ISO_10918_1'),
        }),
      })),
    expect: {
      outcome: 'loads-with-warning',
      warning: /lossy compressed \(JPEG, ratio 10:1\), all images: values are not the original HU/,
      reference: HEAD,
    },
  },
  {
    id: 'monochrome1',
    description: 'a phantom stored as MONOCHROME1: the same HU as MONOCHROME2 (only its display is inverted)',
    build: async () => phantom({ monochrome1: true }),
    expect: { outcome: 'loads', reference: PHANTOM },
  },
  {
    id: 'unsigned-phantom',
    description: 'a phantom stored unsigned with intercept −1024: the same HU as stored signed',
    build: async () => phantom({ unsigned: true }),
    expect: { outcome: 'loads', reference: PHANTOM },
  },
  {
    id: 'no-rescale-tags',
    description: 'a phantom without RescaleSlope, RescaleIntercept and RescaleType: HU = stored values, as the default says',
    build: async () =>
      phantom({ rescaleIntercept: 0 }).map((file) => ({
        ...file,
        bytes: withoutElements(file.bytes, ['00281052', '00281053', '00281054']),
      })),
    expect: { outcome: 'loads', reference: phantomReference('intercept-0', { rescaleIntercept: 0 }) },
  },
  {
    id: 'big-endian',
    description: 'a phantom in Explicit VR Big Endian (retired, still in old archives): read by itk-wasm, same HU',
    build: async () => phantom().map((file) => ({ ...file, bytes: toBigEndian(file.bytes) })),
    expect: { outcome: 'loads', reference: PHANTOM },
  },
];
