import dicomParser from 'dicom-parser';

/**
 * Raw data sets made in memory from an explicit VR little endian Part 10 file: its data set without
 * the 128-byte preamble, "DICM" and file meta, as it is (explicit VR) or re-encoded as implicit VR
 * little endian (every element as tag + 32-bit length + value; sequences with undefined lengths).
 */

/** The data set after the file meta, byte for byte. */
export function explicitRawDataSet(file: Uint8Array): Uint8Array {
  const ds = dicomParser.parseDicom(file, { untilTag: 'x00020010' });
  const groupLength = ds.elements['x00020000'];
  if (!groupLength) throw new Error('no file meta group length');
  return file.slice(groupLength.dataOffset + 4 + ds.uint32('x00020000')!);
}

/** The data set re-encoded as implicit VR little endian, without preamble or file meta. */
export function implicitRawDataSet(file: Uint8Array): Uint8Array {
  const ds = dicomParser.parseDicom(file);
  const out: Uint8Array[] = [];
  writeDataSet(ds, out, (tag) => !tag.startsWith('x0002'));
  const bytes = new Uint8Array(out.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of out) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}

function writeDataSet(ds: dicomParser.DataSet, out: Uint8Array[], keep: (tag: string) => boolean = () => true): void {
  const tags = Object.keys(ds.elements).filter(keep).sort();
  for (const tag of tags) {
    const element = ds.elements[tag]!;
    pushTag(out, tag);
    if (element.items) {
      push32(out, 0xffffffff);
      for (const item of element.items) {
        pushTag(out, 'xfffee000');
        push32(out, 0xffffffff);
        if (item.dataSet) writeDataSet(item.dataSet, out);
        pushTag(out, 'xfffee00d');
        push32(out, 0);
      }
      pushTag(out, 'xfffee0dd');
      push32(out, 0);
      continue;
    }
    if (element.hadUndefinedLength) throw new Error(`${tag}: undefined length outside a sequence is not re-encoded here`);
    push32(out, element.length);
    out.push(ds.byteArray.slice(element.dataOffset, element.dataOffset + element.length));
  }
}

function pushTag(out: Uint8Array[], tag: string): void {
  const group = parseInt(tag.slice(1, 5), 16);
  const element = parseInt(tag.slice(5, 9), 16);
  out.push(Uint8Array.of(group & 0xff, group >> 8, element & 0xff, element >> 8));
}

function push32(out: Uint8Array[], value: number): void {
  out.push(Uint8Array.of(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, value >>> 24));
}
