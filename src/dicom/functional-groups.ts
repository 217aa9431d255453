import type { HeaderElements } from './header-elements';
import { firstNumber, numberOr, numbers } from './slice-header';
import type { SliceHeader, Vec3 } from './types';

/** What one frame of a multi-frame image says for itself (the rest it shares with the file's header). */
export type FrameValues = Pick<
  SliceHeader,
  | 'imagePositionPatient'
  | 'imageOrientationPatient'
  | 'pixelSpacing'
  | 'sliceThickness'
  | 'rescaleSlope'
  | 'rescaleIntercept'
  | 'windowCenter'
  | 'windowWidth'
>;

const PER_FRAME_GROUPS = '52009230';
const SHARED_GROUPS = '52009229';
const PLANE_POSITION = '00209113';
const PLANE_ORIENTATION = '00209116';
const PIXEL_MEASURES = '00289110';
const PIXEL_VALUE_TRANSFORMATION = '00289145';
const FRAME_VOI_LUT = '00289132';
const GRID_FRAME_OFFSET_VECTOR = '3004000c';
const SPACING_BETWEEN_SLICES = '00180088';

/**
 * Each frame's geometry and values, from the functional groups of an enhanced multi-frame image (a
 * frame's own group, else the shared one, else the top-level element as a legacy multi-frame image
 * has it), or, for a legacy image with one top-level position, along its normal by the Grid Frame
 * Offset Vector or Spacing Between Slices. `base` is the header built from the top-level elements.
 * A string when the groups are malformed: the file is skipped with it.
 */
export function frameValues(el: HeaderElements, base: SliceHeader, count: number): FrameValues[] | string {
  const perFrame = el.items(PER_FRAME_GROUPS);
  if (el.has(PER_FRAME_GROUPS) && perFrame.length !== count) {
    return `the per-frame functional groups hold ${perFrame.length} item(s) for ${count} frames`;
  }
  const shared = el.items(SHARED_GROUPS)[0];
  const frames: FrameValues[] = [];
  let ownPositions = false;
  for (let index = 0; index < count; index++) {
    const own = perFrame[index];
    // The first item of a frame's macro sequence, from its own groups before the shared ones.
    const macro = (sequence: string): HeaderElements | undefined =>
      (own && own.items(sequence)[0]) ?? (shared && shared.items(sequence)[0]);
    const position = macro(PLANE_POSITION);
    const orientation = macro(PLANE_ORIENTATION);
    const measures = macro(PIXEL_MEASURES);
    const transformation = macro(PIXEL_VALUE_TRANSFORMATION);
    const voi = macro(FRAME_VOI_LUT);
    if (position) ownPositions = true;
    frames.push({
      imagePositionPatient: position ? (numbers(position, '00200032', 3) as Vec3 | null) : base.imagePositionPatient,
      imageOrientationPatient: orientation
        ? (numbers(orientation, '00200037', 6) as SliceHeader['imageOrientationPatient'])
        : base.imageOrientationPatient,
      pixelSpacing: measures?.has('00280030') ? (numbers(measures, '00280030', 2) as [number, number] | null) : base.pixelSpacing,
      sliceThickness: (measures && firstNumber(measures, '00180050')) ?? base.sliceThickness,
      rescaleSlope: transformation ? numberOr(transformation, '00281053', base.rescaleSlope) : base.rescaleSlope,
      rescaleIntercept: transformation ? numberOr(transformation, '00281052', base.rescaleIntercept) : base.rescaleIntercept,
      windowCenter: (voi && firstNumber(voi, '00281050')) ?? base.windowCenter,
      windowWidth: (voi && firstNumber(voi, '00281051')) ?? base.windowWidth,
    });
  }
  return !ownPositions && count > 1 && base.imagePositionPatient ? placedAlongNormal(el, frames) : frames;
}

/**
 * A legacy multi-frame image with one position for all its frames: the frames follow one another
 * along the normal, by the Grid Frame Offset Vector (offsets from the first frame's plane; its first
 * value is 0, or the first frame's own coordinate, so only differences count) or, lacking one, by
 * Spacing Between Slices. With neither, the frames keep one position (and the stack says so).
 */
function placedAlongNormal(el: HeaderElements, frames: FrameValues[]): FrameValues[] | string {
  const first = frames[0]!;
  const iop = first.imageOrientationPatient;
  if (!iop) return frames;
  const offsets = numbers(el, GRID_FRAME_OFFSET_VECTOR, 1, true);
  const spacing = firstNumber(el, SPACING_BETWEEN_SLICES);
  let along: number[];
  if (offsets) {
    if (offsets.length !== frames.length) {
      return `the Grid Frame Offset Vector holds ${offsets.length} offset(s) for ${frames.length} frames`;
    }
    along = offsets.map((offset) => offset - offsets[0]!);
  } else if (spacing !== null && spacing > 0) along = frames.map((_, index) => index * spacing);
  else return frames;
  const normal: Vec3 = [iop[1] * iop[5] - iop[2] * iop[4], iop[2] * iop[3] - iop[0] * iop[5], iop[0] * iop[4] - iop[1] * iop[3]];
  const origin = first.imagePositionPatient!;
  return frames.map((frame, index) => ({
    ...frame,
    imagePositionPatient: origin.map((v, axis) => v + along[index]! * normal[axis]!) as Vec3,
  }));
}
