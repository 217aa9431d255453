import type vtkImageResliceMapper from '@kitware/vtk.js/Rendering/Core/ImageResliceMapper';
import { SlabTypes } from '@kitware/vtk.js/Rendering/Core/ImageResliceMapper/Constants';
// Registers the reslice mappers' OpenGL side with vtk.js's slab loop put right (see there).
import './slab-shader-fix';

/** How a thick slab's samples along the plane normal become one pixel. */
export type SlabMode = 'max' | 'min' | 'mean';

/** A slice pane's slab: thickness in mm along the plane normal; 0 is the thin (one-plane) slice. */
export interface SlabSettings {
  mode: SlabMode;
  thicknessMm: number;
}

export const THIN_SLICE: SlabSettings = { mode: 'max', thicknessMm: 0 };

/** Thicker than any CT volume is long; keeps a typo from costing seconds per frame on a software GPU. */
export const MAX_SLAB_MM = 1000;

export const SLAB_MODES: ReadonlyArray<{ mode: SlabMode; label: string }> = [
  { mode: 'max', label: 'MIP' },
  { mode: 'min', label: 'MinIP' },
  { mode: 'mean', label: 'Mean' },
];

const VTK_SLAB_TYPE: Record<SlabMode, number> = { max: SlabTypes.MAX, min: SlabTypes.MIN, mean: SlabTypes.MEAN };

export function isThin(slab: SlabSettings): boolean {
  return !(slab.thicknessMm > 0);
}

/**
 * Settings from what a user typed: a thickness in mm (empty, 0 or anything not a positive number: the
 * thin slice) and a mode ('off' too: thin); clamped to MAX_SLAB_MM.
 */
export function parseSlab(thickness: string, mode: string): SlabSettings {
  const slabMode = SLAB_MODES.find((m) => m.mode === mode)?.mode;
  const mm = thickness.trim() === '' ? 0 : Number(thickness);
  if (!slabMode || !Number.isFinite(mm) || mm <= 0) return THIN_SLICE;
  return { mode: slabMode, thicknessMm: Math.min(MAX_SLAB_MM, mm) };
}

/** The pane's corner text for a slab: "MIP 10 mm"; empty for the thin slice. */
export function slabLabel(slab: SlabSettings): string {
  if (isThin(slab)) return '';
  const label = SLAB_MODES.find((m) => m.mode === slab.mode)!.label;
  return `${label} ${Number(slab.thicknessMm.toFixed(1))} mm`;
}

/**
 * Sets a reslice mapper's slab. vtk.js composites it in the fragment shader from the same 3D texture,
 * sampling along the plane normal at half the smallest voxel spacing (ImageResliceMapper's slab loop,
 * its offsets fixed by slab-shader-fix.ts): a new program and slice polygon, no texture upload.
 */
export function applySlab(mapper: vtkImageResliceMapper, slab: SlabSettings): void {
  mapper.setSlabThickness(isThin(slab) ? 0 : slab.thicknessMm);
  mapper.setSlabType(VTK_SLAB_TYPE[slab.mode]);
}
