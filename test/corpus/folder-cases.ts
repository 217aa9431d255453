/**
 * Cases of the folder as a whole: files that are not slices beside good ones, stacks with gaps,
 * duplicates, tilt or variable spacing, two series in one folder.
 */
import dicomParser from 'dicom-parser';
import { withElements } from '../helpers/edit-dicom';
import type { CorpusCase } from './case-types';
import { GE_TILTED, GE_TILTED_VARIABLE, HEAD, HEAD_WITHOUT_EDITED, headFirst, phantomReference } from './references';
import { EDITED, ascii, geHead, head, headFile, headWith, phantom, phantomTiltFile, philipsDirfile } from './series-sources';

const text = (vr: string, value: string) => ({ vr, value: ascii(value) });
const VARIABLE_GAPS = [2, 2, 2, 3, 3, 3, 3];

/** The cut philips-head and one more file beside it, skipped with `reason`; the series builds as without it. */
function besideHead(id: string, description: string, name: string, bytes: () => Uint8Array, reason: RegExp): CorpusCase {
  return {
    id,
    description,
    build: async () => [...head(), { name, bytes: bytes() }],
    expect: { outcome: 'skipped', file: name, reason, reference: HEAD },
  };
}

export const FOLDER_CASES: CorpusCase[] = [
  besideHead(
    'non-dicom-file',
    'a text file among the slices',
    'notes.txt',
    () => ascii('Scanned on the night shift; ask radiology about series 202. '.repeat(8)),
    /not a DICOM file \(no "DICM" marker at byte 128/,
  ),
  besideHead('empty-file', 'an empty file among the slices', 'empty.dcm', () => new Uint8Array(0), /empty file \(0 bytes\)/),
  besideHead(
    'cut-in-header',
    'a copy of a slice cut 600 bytes in, inside its header',
    'cut.dcm',
    () => headFile(EDITED).bytes.slice(0, 600),
    /malformed or truncated DICOM header|truncated or malformed: an image header without pixel data/,
  ),
  besideHead(
    'philips-dirfile',
    "a Philips DIRFILE (the scanner's directory file) among the slices",
    'DIRFILE',
    () => philipsDirfile().bytes,
    /.*(not an image|not a DICOM file|not used)/,
  ),
  {
    id: 'duplicate-position',
    description: "another image at I150's position (I160's pixels, a later instance number): the later one is ignored",
    build: async () => {
      const at150 = dicomParser.parseDicom(headFile(EDITED).bytes).string('x00200032')!;
      const duplicate = withElements(headFile('I160').bytes, {
        '00080018': text('UI', '2.25.1160150'),
        '00200013': text('IS', '999'),
        '00200032': text('DS', at150),
      });
      return [...head(), { name: 'I150-dup', bytes: duplicate }];
    },
    expect: { outcome: 'loads-with-warning', warning: /1 slice\(s\) at a duplicate position ignored: I150-dup/, reference: HEAD },
  },
  {
    id: 'missing-slice',
    description: 'I150 absent from the folder',
    build: async () => headWith(EDITED, () => null),
    expect: {
      outcome: 'loads-with-warning',
      warning: /missing slice: gap of 10\.0 mm between I140 and I160 \(expected 5\.0 mm, about 1 slice absent\)/,
      reference: HEAD_WITHOUT_EDITED,
    },
  },
  {
    id: 'gantry-tilt',
    description: 'ge-head-tilt slices 1–8: gantry tilt 18.5°, resampled onto an orthogonal grid',
    build: async () => geHead(1, 8),
    expect: { outcome: 'loads-with-warning', warning: /gantry tilt 18\.5°/, reference: GE_TILTED },
  },
  {
    id: 'variable-spacing-tilted',
    description: 'ge-head-tilt slices 11–18: 4 mm then 7 mm apart, and tilted',
    build: async () => geHead(11, 18),
    expect: { outcome: 'loads-with-warning', warning: /slice spacing varies \d+\.\d–7\.0 mm/, reference: GE_TILTED_VARIABLE },
  },
  {
    id: 'variable-spacing',
    description: 'a phantom 2 mm then 3 mm apart',
    build: async () => phantom({ sliceSpacing: VARIABLE_GAPS }),
    expect: {
      outcome: 'loads-with-warning',
      warning: /slice spacing varies 2\.0–3\.0 mm/,
      reference: phantomReference('variable', { sliceSpacing: VARIABLE_GAPS }),
    },
  },
  {
    id: 'two-series-uids',
    description: 'one folder, two series UIDs (I150–I180 relabelled series 202): both listed, 201 built from its own four',
    build: async () =>
      head((file) =>
        ['I110', 'I120', 'I130', 'I140'].includes(file.name)
          ? file
          : {
              ...file,
              bytes: withElements(file.bytes, { '0020000E': text('UI', '2.25.202202202'), '00200011': text('IS', '202') }),
            },
      ),
    series: '201',
    expect: { outcome: 'loads', reference: headFirst(4) },
  },
  {
    id: 'shuffled-phantom',
    description: 'a phantom whose file names and order say nothing of where its slices lie',
    build: async () => phantom({ shuffle: true }),
    expect: { outcome: 'loads', reference: phantomReference('plain') },
  },
];

/** Series that are not volumes: listed with the reason, and opened in 2D by the app. */
export const IMAGE_CASES: CorpusCase[] = [
  {
    id: 'single-image',
    description: 'one CT slice alone',
    build: async () => [headFile(EDITED)],
    expect: { outcome: 'opens-2d', reason: /single image/ },
  },
  {
    id: 'scout',
    description: 'a phantom scout (localizer)',
    build: async () => phantom({ localizer: true }),
    expect: { outcome: 'opens-2d', reason: /scout \/ localizer image/ },
  },
  {
    id: 'secondary-capture',
    description: "the Philips study's dose screen, a secondary capture",
    build: async () => [phantomTiltFile('S4010', 'I10')],
    expect: { outcome: 'opens-2d', reason: /secondary capture|colour images/ },
  },
];
