/**
 * One judge for both runners: what the CLI or the app showed (`Observed`) against a case's expected
 * outcome, and no bare JavaScript message in any word the user got.
 */
import { expect } from 'vitest';
import type { CtVolume } from '../../src/volume/ct-volume';
import { voxelDigest } from '../../src/volume/voxel-digest';
import type { CorpusCase, Observed } from './case-types';

/**
 * Texts of JavaScript failures that must never reach the user. "NaN" in quotes is a tag's own text
 * quoted in a reason ('RescaleSlope "NaN"'), not a computation gone wrong.
 */
export const BARE_JS_MESSAGES: RegExp[] = [
  /Invalid typed array length/,
  /is not a function/,
  /Cannot read propert/,
  /Cannot set propert/,
  /is not defined/,
  /\bundefined\b/,
  /(?<!")\bNaN\b(?!")/,
  /\bnull\b/,
  /RangeError/,
  /TypeError/,
  /ReferenceError/,
  /SyntaxError/,
  /Maximum call stack/,
  /\[object \w+\]/,
  /out of bounds/,
];

export interface ReferenceVoxels {
  dimensions: number[];
  /** Of its HU as the reference stores them, and as float32: a case whose own rescale needs float holds the same HU so. */
  checksums: string[];
}

/** The reference voxels of a volume (voxelDigest's checksum of its HU as stored, and as float32). */
export function referenceVoxels(volume: Pick<CtVolume, 'dimensions' | 'scalars' | 'huRange'>): ReferenceVoxels {
  const asFloat = { ...volume, scalars: Float32Array.from(volume.scalars) };
  return {
    dimensions: [...volume.dimensions],
    checksums: [...new Set([voxelDigest(volume).checksum, voxelDigest(asFloat).checksum])],
  };
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Asserts the case's outcome; `reference` is the digest of its reference volume when it has one. */
export function expectOutcome(c: CorpusCase, seen: Observed, reference: ReferenceVoxels | null): void {
  const where = `${c.id} (${c.description})`;
  const words = [seen.failure ?? '', seen.text].join('\n');
  for (const pattern of BARE_JS_MESSAGES)
    expect(words, `${where}: a bare JavaScript message reached the user`).not.toMatch(pattern);
  expect(seen.markupElements, `${where}: a tag's text became markup`).toBe(0);

  const expected = c.expect;
  if (expected.outcome === 'refused') {
    expect(seen.volume, `${where}: refused, yet a volume was built`).toBeNull();
    expect(seen.failure, `${where}: nothing built, and nothing said why`).toBeTruthy();
    expect(words, `${where}: the refusal names the file in words`).toMatch(expected.message);
    return;
  }
  if (expected.outcome === 'opens-2d') {
    expect(seen.volume, `${where}: not a volume, yet a volume was built`).toBeNull();
    expect(words, `${where}: says why it is not a volume`).toMatch(expected.reason);
    if (seen.shown2d !== null) expect(seen.shown2d, `${where}: its images shown in 2D`).toBe(true);
    return;
  }
  const hasReference = 'reference' in expected && expected.reference !== undefined;
  if (expected.outcome !== 'skipped' || hasReference) {
    expect(seen.failure, `${where}: expected a volume`).toBeNull();
    expect(seen.volume, `${where}: expected a volume`).not.toBeNull();
  }
  if (hasReference) {
    expect(reference, `${where}: its reference volume`).not.toBeNull();
    expect(seen.volume?.dimensions, `${where}: the volume's grid is its reference's`).toEqual(reference!.dimensions);
    expect(reference!.checksums, `${where}: the volume equals its reference voxel for voxel`).toContain(seen.volume?.checksum);
  }
  if (expected.outcome === 'loads') {
    expect(words, `${where}: loads with nothing left out`).not.toMatch(/left out|skipped|not a DICOM/);
    if (expected.names) {
      expect(seen.names?.description, `${where}: the series description as text`).toBe(expected.names.description);
      const label = seen.names?.patientLabel ?? '';
      expect(
        label === expected.names.patientName || label.startsWith(`${expected.names.patientName} (`),
        `${where}: patient "${label}"`,
      ).toBe(true);
    }
  } else if (expected.outcome === 'loads-with-warning') {
    expect(words, `${where}: the warning in words`).toMatch(expected.warning);
  } else {
    expect(words, `${where}: the file listed with its reason`).toMatch(
      new RegExp(`${escape(expected.file)}: (?:${expected.reason.source})`),
    );
  }
}
