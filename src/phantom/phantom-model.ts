import type { Vec3 } from '../dicom/types';

/**
 * Analytic CT phantom in patient LPS millimetres (+x left, +y posterior, +z superior),
 * centred at the world origin. Every region has an exact integer HU so tests can compare
 * decoded pixels for equality rather than within a tolerance.
 */

export const AIR_HU = -1000;
export const SOFT_TISSUE_HU = 40;
export const BONE_HU = 1000;
export const FAT_HU = -100;
export const MARKER_HU = 2000;

/** Elliptic cylinder along z, infinite in z: the body outline. */
export const BODY_SEMI_AXIS_X = 80;
export const BODY_SEMI_AXIS_Y = 65;
/** The bone ring is the body minus an inner ellipse with both semi-axes shrunk by this much. */
export const BONE_RING_THICKNESS = 6;

export const FAT_CENTRE: Vec3 = [-30, 10, 0];
export const FAT_RADIUS = 20;

/**
 * Orientation marker: a rod parallel to z at patient left-anterior that exists only
 * below MARKER_TOP_Z, so left/right, anterior/posterior and superior/inferior flips
 * all show up as a misplaced or missing rod.
 */
export const MARKER_CENTRE_X = 45;
export const MARKER_CENTRE_Y = -35;
export const MARKER_RADIUS = 6;
export const MARKER_TOP_Z = 20;

/**
 * Optional thin rod (PhantomOptions.rod, off by default so every other test's ground truth stays as it
 * is): a capsule of high HU lying almost in the axial plane, rising ROD_RISE_MM over its length, so a
 * thin axial slice cuts only a short piece of it and a thick slab (MIP) shows most of it.
 */
export const ROD_HU = 1500;
export const ROD_RADIUS = 1;
export const ROD_START: Vec3 = [-55, 32, -5.5];
export const ROD_END: Vec3 = [55, 32, 5.5];

/** Optional parts of the phantom; a plain phantomHU(p) has none of them. */
export interface PhantomFeatures {
  rod?: boolean;
}

/** Squared distance from p to the rod's axis segment. */
export function rodDistanceSquared(p: Vec3): number {
  const axis = [ROD_END[0] - ROD_START[0], ROD_END[1] - ROD_START[1], ROD_END[2] - ROD_START[2]];
  const rel = [p[0] - ROD_START[0], p[1] - ROD_START[1], p[2] - ROD_START[2]];
  const length2 = axis[0]! ** 2 + axis[1]! ** 2 + axis[2]! ** 2;
  const t = Math.min(1, Math.max(0, (rel[0]! * axis[0]! + rel[1]! * axis[1]! + rel[2]! * axis[2]!) / length2));
  return (rel[0]! - t * axis[0]!) ** 2 + (rel[1]! - t * axis[1]!) ** 2 + (rel[2]! - t * axis[2]!) ** 2;
}

function insideEllipse(x: number, y: number, semiX: number, semiY: number): boolean {
  return (x / semiX) ** 2 + (y / semiY) ** 2 <= 1;
}

export function phantomHU(p: Vec3, features: PhantomFeatures = {}): number {
  const [x, y, z] = p;
  if (features.rod && rodDistanceSquared(p) <= ROD_RADIUS ** 2) return ROD_HU;
  if (z < MARKER_TOP_Z && (x - MARKER_CENTRE_X) ** 2 + (y - MARKER_CENTRE_Y) ** 2 <= MARKER_RADIUS ** 2) {
    return MARKER_HU;
  }
  const [fx, fy, fz] = FAT_CENTRE;
  if ((x - fx) ** 2 + (y - fy) ** 2 + (z - fz) ** 2 <= FAT_RADIUS ** 2) return FAT_HU;
  if (!insideEllipse(x, y, BODY_SEMI_AXIS_X, BODY_SEMI_AXIS_Y)) return AIR_HU;
  const innerX = BODY_SEMI_AXIS_X - BONE_RING_THICKNESS;
  const innerY = BODY_SEMI_AXIS_Y - BONE_RING_THICKNESS;
  return insideEllipse(x, y, innerX, innerY) ? SOFT_TISSUE_HU : BONE_HU;
}
