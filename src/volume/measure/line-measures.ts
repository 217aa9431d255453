import { type Vec3, degrees, dot, norm, sub } from '../../math/vec3';

/** Distance between two world points, mm (world coordinates are mm, so no spacing is involved). */
export function lengthMm(a: Vec3, b: Vec3): number {
  return norm(sub(b, a));
}

/** The angle at `vertex` between the rays to `a` and to `c`, degrees in [0, 180]; null when a ray has no length. */
export function angleDeg(a: Vec3, vertex: Vec3, c: Vec3): number | null {
  const u = sub(a, vertex);
  const v = sub(c, vertex);
  const lengths = norm(u) * norm(v);
  if (lengths === 0) return null;
  // Clamped: rounding can push the cosine of a straight angle just past ±1.
  return degrees(Math.acos(Math.min(1, Math.max(-1, dot(u, v) / lengths))));
}
