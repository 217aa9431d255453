import { type Vec3, cross, dot, normalize, scale, sub } from './vec3';

/** A 3×3 rotation, row-major: rows[i] · v is the i-th coordinate of the rotated v. */
export type Mat3 = [Vec3, Vec3, Vec3];

export const IDENTITY: Mat3 = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
];

export function applyRotation(m: Mat3, v: Vec3): Vec3 {
  return [dot(m[0], v), dot(m[1], v), dot(m[2], v)];
}

/** a · b: the rotation that applies b first, then a. */
export function multiply(a: Mat3, b: Mat3): Mat3 {
  const columns: Vec3[] = [0, 1, 2].map((j) => [b[0][j]!, b[1][j]!, b[2][j]!] as Vec3);
  return a.map((row) => columns.map((column) => dot(row, column)) as Vec3) as Mat3;
}

/** Rotation by `radians` about `axis` (right-handed: counter-clockwise seen from the axis's tip), Rodrigues' formula. */
export function rotationAbout(axis: Vec3, radians: number): Mat3 {
  const [x, y, z] = normalize(axis);
  const c = Math.cos(radians);
  const s = Math.sin(radians);
  const t = 1 - c;
  return [
    [t * x * x + c, t * x * y - s * z, t * x * z + s * y],
    [t * x * y + s * z, t * y * y + c, t * y * z - s * x],
    [t * x * z - s * y, t * y * z + s * x, t * z * z + c],
  ];
}

/**
 * The nearest rotation to `m` (Gram–Schmidt on its rows): many small rotations composed one after the
 * other drift off orthonormal by rounding, and the slice planes must stay exactly orthogonal.
 */
export function orthonormalize(m: Mat3): Mat3 {
  const r0 = normalize(m[0]);
  const r1 = normalize(sub(m[1], scale(r0, dot(m[1], r0))));
  return [r0, r1, cross(r0, r1)];
}

export function isIdentity(m: Mat3, tolerance = 1e-12): boolean {
  return m.every((row, i) => row.every((value, j) => Math.abs(value - (i === j ? 1 : 0)) <= tolerance));
}

/** Angle in radians between two directions. */
export function angleBetween(a: Vec3, b: Vec3): number {
  const c = dot(normalize(a), normalize(b));
  return Math.acos(Math.min(1, Math.max(-1, c)));
}

/** Whether `m` is a proper rotation (orthonormal rows, determinant +1) within `tolerance`: untrusted input's check. */
export function isRotation(m: unknown, tolerance = 1e-6): m is Mat3 {
  if (!Array.isArray(m) || m.length !== 3) return false;
  const rows = m as unknown[];
  if (
    !rows.every((row) => Array.isArray(row) && row.length === 3 && row.every((v) => typeof v === 'number' && Number.isFinite(v)))
  ) {
    return false;
  }
  const [a, b, c] = rows as Mat3;
  const unit = [a, b, c].every((row) => Math.abs(dot(row, row) - 1) <= tolerance);
  const orthogonal = [dot(a, b), dot(a, c), dot(b, c)].every((v) => Math.abs(v) <= tolerance);
  return unit && orthogonal && Math.abs(dot(cross(a, b), c) - 1) <= tolerance;
}
