import type { Vec3 } from '../math/vec3';

// DS values hold at most 16 characters; these roundings keep every geometry number within
// that, so the file and the returned truth agree exactly.
const roundTo = (x: number, decimals: number): number => Math.round(x * 10 ** decimals) / 10 ** decimals + 0;
export const roundMm = (x: number): number => roundTo(x, 6);
export const roundCosines = (v: Vec3): Vec3 => [roundTo(v[0], 12), roundTo(v[1], 12), roundTo(v[2], 12)];
