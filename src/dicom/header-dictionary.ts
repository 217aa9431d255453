import dcmjs from 'dcmjs';

/**
 * Keyword and VR of a tag from dcmjs's copy of the standard data dictionary (PS3.6), with what that
 * dictionary leaves out: group lengths, private creators. Tags are 8 hex digits ('00100010').
 */
export interface TagDescription {
  /** 'PatientName'; '' for a private element or a tag the dictionary does not know. */
  keyword: string;
  /**
   * The dictionary's VR; for a VR that depends on the data set (US or SS, OB or OW), its lower-case
   * code as PS3.6 writes it ('xs', 'ox', 'lt'), resolved by `resolveVr`; '' when unknown.
   */
  vr: string;
}

const { dictionary } = dcmjs.data.DicomMetaDictionary;

export function tagLabel(tag: string): string {
  return `(${tag.slice(0, 4)},${tag.slice(4, 8)})`.toUpperCase();
}

export function isPrivateGroup(tag: string): boolean {
  return (parseInt(tag.slice(0, 4), 16) & 1) === 1;
}

/** (gggg,0010)–(gggg,00FF) of a private group: the element naming the creator of a block. */
export function isPrivateCreator(tag: string): boolean {
  const element = parseInt(tag.slice(4, 8), 16);
  return isPrivateGroup(tag) && element >= 0x10 && element <= 0xff;
}

export function describeTag(tag: string): TagDescription {
  const element = tag.slice(4, 8);
  if (element === '0000' && tag.slice(0, 4) !== '0002') return { keyword: 'GenericGroupLength', vr: 'UL' };
  if (isPrivateCreator(tag)) return { keyword: 'PrivateCreator', vr: 'LO' };
  if (isPrivateGroup(tag)) return { keyword: '', vr: '' };
  const entry = dictionary[tagLabel(tag)];
  if (!entry) return { keyword: '', vr: '' };
  // The dictionary marks retired elements in their name; the keyword is the same without it.
  return { keyword: entry.name.replace(/^RETIRED_/, ''), vr: entry.vr };
}

/** What the data set says about itself that decides a context-dependent VR. */
export interface VrContext {
  pixelRepresentation: number | undefined;
  bitsAllocated: number | undefined;
}

/** A VR as stored: the explicit one when the file has it, else the dictionary's made definite. */
export function resolveVr(explicit: string | undefined, dictionaryVr: string, context: VrContext): string {
  if (explicit && /^[A-Z]{2}$/.test(explicit)) return explicit;
  switch (dictionaryVr) {
    case '':
    case 'na':
      return 'UN';
    case 'up':
      return 'UL';
    case 'xs':
      return context.pixelRepresentation === 1 ? 'SS' : 'US';
    case 'ox':
      return (context.bitsAllocated ?? 16) <= 8 ? 'OB' : 'OW';
    case 'lt':
    case 'xw':
      return 'OW';
    default:
      return /^[A-Z]{2}$/.test(dictionaryVr) ? dictionaryVr : 'UN';
  }
}

/** dicom-parser's `vrCallback` for implicit VR data sets, so that their sequences are read as such. */
export function implicitVr(parserTag: string): string | undefined {
  const { vr } = describeTag(parserTag.slice(1));
  return vr || undefined;
}
