import { NATIVE_SYNTAXES } from './pixel-data-check';
import type { SliceHeader } from './types';

/** Reads bytes [start, end) of the file (fewer at its end). */
export type RangeReader = (start: number, end: number) => Promise<Uint8Array>;

/** A frame's bytes in the file, [start, end). */
export type FrameRange = [number, number];

const ITEM = 0xe000fffe;
const SEQUENCE_DELIMITER = 0xe0ddfffe;
/** Item headers read per request while walking fragments without an offset table. */
const WALK_READ = 8;

type Layout = Pick<SliceHeader, 'rows' | 'columns' | 'samplesPerPixel' | 'bitsAllocated' | 'transferSyntaxUID'>;

/**
 * Where each of `count` frames lies, from the pixel data element's value offset: native frames follow
 * one another, Rows × Columns × samples × BitsAllocated / 8 bytes each; encapsulated frames start where
 * the Basic Offset Table says, or, without one, one fragment each (the only other layout that says
 * where a frame ends short of decoding it). Reads only the offset table, or the fragments' item
 * headers, never a frame. A string says why the frames cannot be told apart.
 */
export async function frameRanges(
  read: RangeReader,
  size: number,
  valueOffset: number,
  layout: Layout,
  count: number,
): Promise<FrameRange[] | string> {
  if (NATIVE_SYNTAXES.has(layout.transferSyntaxUID)) {
    const bits = layout.rows * layout.columns * layout.samplesPerPixel * layout.bitsAllocated;
    if (bits % 8 !== 0) return `multi-frame pixel data of ${layout.bitsAllocated}-bit pixels whose frames do not start on a byte`;
    const bytes = bits / 8;
    return Array.from({ length: count }, (_, index): FrameRange => [
      valueOffset + index * bytes,
      valueOffset + (index + 1) * bytes,
    ]);
  }
  const table = await readItem(read, valueOffset);
  if (!table) return 'compressed pixel data does not start with an offset table item';
  const firstFragment = valueOffset + 8 + table.length;
  if (table.length > 0) {
    const bytes = await read(valueOffset + 8, firstFragment);
    if (bytes.length < table.length || table.length % 4 !== 0) return 'the Basic Offset Table is truncated or malformed';
    const view = new DataView(bytes.buffer, bytes.byteOffset, table.length);
    const offsets = Array.from({ length: table.length / 4 }, (_, index) => view.getUint32(index * 4, true));
    if (offsets.length !== count) return `the Basic Offset Table holds ${offsets.length} offset(s) for ${count} frames`;
    const starts = offsets.map((offset) => firstFragment + offset);
    if (starts.some((start, index) => start >= size || (index > 0 && start <= starts[index - 1]!))) {
      return 'the Basic Offset Table points outside the pixel data or out of order';
    }
    return starts.map((start, index): FrameRange => [start, starts[index + 1] ?? size]);
  }
  const fragments = await walkFragments(read, firstFragment, size);
  if (typeof fragments === 'string') return fragments;
  if (fragments.length !== count) {
    return `compressed pixel data without an offset table holds ${fragments.length} fragment(s) for ${count} frames: its frames cannot be told apart`;
  }
  return fragments;
}

async function readItem(read: RangeReader, at: number): Promise<{ tag: number; length: number } | null> {
  const bytes = await read(at, at + 8);
  if (bytes.length < 8) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, 8);
  const tag = view.getUint32(0, true);
  return tag === ITEM || tag === SEQUENCE_DELIMITER ? { tag, length: view.getUint32(4, true) } : null;
}

/** The fragment items from `at` to the sequence delimiter, item headers included. */
async function walkFragments(read: RangeReader, at: number, size: number): Promise<FrameRange[] | string> {
  const fragments: FrameRange[] = [];
  for (let position = at; ;) {
    const item = position + WALK_READ <= size ? await readItem(read, position) : null;
    if (!item) return 'compressed pixel data ends before its sequence delimiter';
    if (item.tag === SEQUENCE_DELIMITER) return fragments;
    const end = position + 8 + item.length;
    if (end > size) return 'a compressed pixel data fragment runs past the end of the file';
    fragments.push([position, end]);
    position = end;
  }
}
