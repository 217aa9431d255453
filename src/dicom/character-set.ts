/**
 * Text of DICOM string values (PN, LO, SH, ST, LT, UT, UC) decoded by Specific Character Set
 * (0008,0005), PS3.5 section 6.1 and annexes H–K. Single-byte and multi-byte sets without code
 * extensions map onto a WHATWG `TextDecoder` label; ISO 2022 code extensions (Japanese, Korean,
 * Chinese, and the ISO 8859 sets as G1) are followed escape sequence by escape sequence, each run
 * handed to the decoder of the set its escape designated.
 */

/** Defined terms without code extensions → TextDecoder labels. */
const SINGLE_SETS: Record<string, string> = {
  '': 'windows-1252',
  ISO_IR_6: 'windows-1252',
  ISO_IR_100: 'windows-1252',
  ISO_IR_101: 'iso-8859-2',
  ISO_IR_109: 'iso-8859-3',
  ISO_IR_110: 'iso-8859-4',
  ISO_IR_144: 'iso-8859-5',
  ISO_IR_127: 'iso-8859-6',
  ISO_IR_126: 'iso-8859-7',
  ISO_IR_138: 'iso-8859-8',
  ISO_IR_148: 'windows-1254',
  ISO_IR_203: 'iso-8859-15',
  ISO_IR_13: 'shift_jis',
  ISO_IR_166: 'windows-874',
  ISO_IR_192: 'utf-8',
  GB18030: 'gb18030',
  GBK: 'gbk',
};

/** A code element: which decoder reads its bytes, and how a byte run becomes that decoder's input. */
interface CodeElement {
  label: string;
  /** Bytes per character in a 94×94 set (2), or 1. */
  width: 1 | 2;
  /** JIS X 0212: EUC-JP marks its characters with a 0x8F prefix. */
  prefix?: number;
}

const ASCII: CodeElement = { label: 'windows-1252', width: 1 };
const JIS_ROMAN: CodeElement = { label: 'shift_jis', width: 1 };
const JIS_X_0208: CodeElement = { label: 'euc-jp', width: 2 };
const JIS_X_0212: CodeElement = { label: 'euc-jp', width: 2, prefix: 0x8f };
const KATAKANA: CodeElement = { label: 'shift_jis', width: 1 };
const KS_X_1001: CodeElement = { label: 'euc-kr', width: 2 };
const GB_2312: CodeElement = { label: 'gb18030', width: 2 };

/** Escape sequences (the bytes after ESC) → [graphic set, code element]. */
const ESCAPES: Array<[string, 'g0' | 'g1', CodeElement]> = [
  ['(B', 'g0', ASCII],
  ['(J', 'g0', JIS_ROMAN],
  ['$B', 'g0', JIS_X_0208],
  ['$@', 'g0', JIS_X_0208],
  ['$(D', 'g0', JIS_X_0212],
  [')I', 'g1', KATAKANA],
  ['$)C', 'g1', KS_X_1001],
  ['$)A', 'g1', GB_2312],
  ['-A', 'g1', { label: 'windows-1252', width: 1 }],
  ['-B', 'g1', { label: 'iso-8859-2', width: 1 }],
  ['-C', 'g1', { label: 'iso-8859-3', width: 1 }],
  ['-D', 'g1', { label: 'iso-8859-4', width: 1 }],
  ['-L', 'g1', { label: 'iso-8859-5', width: 1 }],
  ['-G', 'g1', { label: 'iso-8859-6', width: 1 }],
  ['-F', 'g1', { label: 'iso-8859-7', width: 1 }],
  ['-H', 'g1', { label: 'iso-8859-8', width: 1 }],
  ['-M', 'g1', { label: 'windows-1254', width: 1 }],
  ['-T', 'g1', { label: 'windows-874', width: 1 }],
];

/** The G1 set each ISO 2022 defined term designates at the start of a value. */
const INITIAL_G1: Record<string, CodeElement | null> = {
  ISO_2022_IR_6: null,
  ISO_2022_IR_100: ESCAPES.find(([seq]) => seq === '-A')![2],
  ISO_2022_IR_101: ESCAPES.find(([seq]) => seq === '-B')![2],
  ISO_2022_IR_109: ESCAPES.find(([seq]) => seq === '-C')![2],
  ISO_2022_IR_110: ESCAPES.find(([seq]) => seq === '-D')![2],
  ISO_2022_IR_144: ESCAPES.find(([seq]) => seq === '-L')![2],
  ISO_2022_IR_127: ESCAPES.find(([seq]) => seq === '-G')![2],
  ISO_2022_IR_126: ESCAPES.find(([seq]) => seq === '-F')![2],
  ISO_2022_IR_138: ESCAPES.find(([seq]) => seq === '-H')![2],
  ISO_2022_IR_148: ESCAPES.find(([seq]) => seq === '-M')![2],
  ISO_2022_IR_166: ESCAPES.find(([seq]) => seq === '-T')![2],
  ISO_2022_IR_13: KATAKANA,
  ISO_2022_IR_87: null,
  ISO_2022_IR_159: null,
  ISO_2022_IR_149: KS_X_1001,
  ISO_2022_IR_58: GB_2312,
};

const ESC = 0x1b;
/** Delimiters after which the initial designations apply again (PS3.5 6.1.2.5.3); '^' and '=' for PN. */
const DELIMITERS = new Set([0x0d, 0x0a, 0x09, 0x0c, 0x5c, 0x5e, 0x3d]);

const decoders = new Map<string, TextDecoder>();
function decoder(label: string): TextDecoder {
  let found = decoders.get(label);
  if (!found) {
    found = new TextDecoder(label);
    decoders.set(label, found);
  }
  return found;
}

export type TextDecode = (bytes: Uint8Array) => string;

/** Decodes string values under a (0008,0005) value as read ("ISO 2022 IR 6\\ISO 2022 IR 87"). */
export function textDecoderFor(specificCharacterSet: string): TextDecode {
  const terms = specificCharacterSet.split('\\').map((term) => term.trim().replace(/[ -]/g, '_').toUpperCase());
  if (terms.some((term) => term.startsWith('ISO_2022'))) {
    const initialG1 = INITIAL_G1[terms[0] ?? ''] ?? null;
    return (bytes) => decodeIso2022(bytes, initialG1);
  }
  // An unknown term is read as the default repertoire rather than refused: names stay legible in ASCII.
  const label = SINGLE_SETS[terms[0] ?? ''] ?? 'windows-1252';
  return (bytes) => decoder(label).decode(bytes);
}

function decodeIso2022(bytes: Uint8Array, initialG1: CodeElement | null): string {
  let g0 = ASCII;
  let g1 = initialG1;
  let text = '';
  let run: number[] = [];
  let runElement: CodeElement = ASCII;
  const flush = () => {
    if (run.length > 0) text += decoder(runElement.label).decode(new Uint8Array(run));
    run = [];
  };
  const emit = (element: CodeElement, codes: number[]) => {
    if (element !== runElement) {
      flush();
      runElement = element;
    }
    run.push(...codes);
  };
  for (let index = 0; index < bytes.length;) {
    const byte = bytes[index]!;
    if (byte === ESC) {
      const escape = ESCAPES.find(([sequence]) => matches(bytes, index + 1, sequence));
      if (escape) {
        if (escape[1] === 'g0') g0 = escape[2];
        else g1 = escape[2];
        index += 1 + escape[0].length;
        continue;
      }
      index++; // an escape this decoder does not know: dropped, not shown as a control character
      continue;
    }
    if (byte >= 0x80) {
      const element = g1 ?? ASCII;
      const width = element.width;
      emit(element, Array.from(bytes.subarray(index, index + width)));
      index += width;
      continue;
    }
    if (g0.width === 2 && byte >= 0x21 && byte <= 0x7e) {
      // 94×94 sets in G0 are 7-bit: EUC-JP is the same characters with the high bit set.
      const second = bytes[index + 1] ?? 0x21;
      emit(g0, [...(g0.prefix ? [g0.prefix] : []), byte | 0x80, second | 0x80]);
      index += 2;
      continue;
    }
    emit(g0 === JIS_ROMAN ? JIS_ROMAN : ASCII, [byte]);
    if (DELIMITERS.has(byte) && g0.width === 1) {
      g0 = ASCII;
      g1 = initialG1;
    }
    index++;
  }
  flush();
  return text;
}

function matches(bytes: Uint8Array, at: number, sequence: string): boolean {
  for (let k = 0; k < sequence.length; k++) if (bytes[at + k] !== sequence.charCodeAt(k)) return false;
  return true;
}
