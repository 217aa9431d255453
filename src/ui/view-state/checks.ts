/**
 * Checks on untrusted state (a URL hash, a file someone sent): each returns the value it accepts or
 * throws a StateProblem saying in words which field is wrong, never echoing more than a little of it.
 */
export class StateProblem extends Error {}

export type Json = Record<string, unknown>;

export function object(value: unknown, field: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new StateProblem(`${field} is not an object`);
  return value as Json;
}

export function finite(value: unknown, field: string, min = -1e6, max = 1e6): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new StateProblem(`${field} is not a number between ${min} and ${max}`);
  }
  return value;
}

export function integer(value: unknown, field: string, min: number, max: number): number {
  const number = finite(value, field, min, max);
  if (!Number.isInteger(number)) throw new StateProblem(`${field} is not a whole number`);
  return number;
}

export function vec3(value: unknown, field: string): [number, number, number] {
  if (!Array.isArray(value) || value.length !== 3) throw new StateProblem(`${field} is not three numbers (x, y, z)`);
  return [finite(value[0], field), finite(value[1], field), finite(value[2], field)];
}

export function boolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw new StateProblem(`${field} is not true or false`);
  return value;
}

/** One of `names`; what was given is not repeated (it may be anything). */
export function oneOf<T extends string>(value: unknown, field: string, names: readonly T[]): T {
  if (typeof value !== 'string' || !(names as readonly string[]).includes(value)) {
    throw new StateProblem(`${field} is not one of ${names.join(', ')}`);
  }
  return value as T;
}

/** A DICOM UID: digits and dots, at most 64 characters (PS3.5 9.1). */
export function uid(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length > 64 || !/^[0-9]+(\.[0-9]+)*$/.test(value)) {
    throw new StateProblem(`${field} is not a DICOM UID`);
  }
  return value;
}
