/**
 * An empty numeric value is absent, not zero: an empty RescaleSlope keeps the default slope 1 (a zero
 * slope would turn every voxel into the intercept), an empty WindowCenter leaves the window to the data.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHeader } from '../src/dicom/parse-header';
import { sourceFromBytes } from '../src/sources/source-file';
import { withElements } from './helpers/edit-dicom';
import { sharedCt } from './helpers/shared-data';

const slice = new Uint8Array(readFileSync(join(sharedCt('philips-head'), 'I150')));
const empty = new Uint8Array(0);

async function headerOf(bytes: Uint8Array) {
  const result = await parseHeader(sourceFromBytes('I150', bytes));
  if (!result.ok) throw new Error(`skipped: ${result.skipped.reason}`);
  return result.header;
}

describe('empty numeric values', () => {
  it('an empty RescaleSlope is the default 1, an empty window is none', async () => {
    const original = await headerOf(slice);
    const edited = await headerOf(
      withElements(slice, { '00281053': { vr: 'DS', value: empty }, '00281050': { vr: 'DS', value: empty } }),
    );
    expect(original.rescaleSlope).toBe(1);
    expect(edited.rescaleSlope).toBe(1);
    expect(edited.rescaleIntercept).toBe(original.rescaleIntercept);
    expect(edited.windowCenter).toBeNull();
  });

  it('a multi-valued number with an empty part is malformed, not padded with 0', async () => {
    const edited = await headerOf(withElements(slice, { '00280030': { vr: 'DS', value: new TextEncoder().encode('0.45\\') } }));
    expect(edited.pixelSpacing).toBeNull();
  });
});
