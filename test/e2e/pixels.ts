import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';

export interface Picture {
  width: number;
  height: number;
  data: Uint8Array;
  /** Page coordinates of the picture's top-left corner. */
  left: number;
  top: number;
}

export const ARTIFACTS_DIR = join(process.cwd(), 'test-artifacts');

/** A screenshot of one element, decoded; optionally kept as a test artefact. */
export async function shoot(page: Page, testId: string, artifactName?: string): Promise<Picture> {
  const locator = page.getByTestId(testId);
  const box = await locator.boundingBox();
  if (!box) throw new Error(`${testId} is not visible`);
  const buffer = await page.screenshot({ clip: box, animations: 'disabled' });
  if (artifactName) {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    writeFileSync(join(ARTIFACTS_DIR, artifactName), buffer);
  }
  const png = PNG.sync.read(buffer);
  return { width: png.width, height: png.height, data: png.data, left: box.x, top: box.y };
}

export function rgbAt(picture: Picture, pageX: number, pageY: number): [number, number, number] {
  const x = Math.round(pageX - picture.left);
  const y = Math.round(pageY - picture.top);
  if (x < 0 || y < 0 || x >= picture.width || y >= picture.height) throw new Error(`(${pageX}, ${pageY}) is outside the picture`);
  const offset = (y * picture.width + x) * 4;
  return [picture.data[offset]!, picture.data[offset + 1]!, picture.data[offset + 2]!];
}

/** Share of pixels that are not near-black: 0 for a blank pane. */
export function litFraction(picture: Picture): number {
  let lit = 0;
  for (let i = 0; i < picture.data.length; i += 4) if (picture.data[i]! + picture.data[i + 1]! + picture.data[i + 2]! > 60) lit++;
  return lit / (picture.width * picture.height);
}

/** Share of pixels whose colour differs by more than `threshold` in any channel. */
export function differingFraction(a: Picture, b: Picture, threshold = 8): number {
  if (a.width !== b.width || a.height !== b.height) return 1;
  let differing = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    if (
      Math.abs(a.data[i]! - b.data[i]!) > threshold ||
      Math.abs(a.data[i + 1]! - b.data[i + 1]!) > threshold ||
      Math.abs(a.data[i + 2]! - b.data[i + 2]!) > threshold
    ) {
      differing++;
    }
  }
  return differing / (a.width * a.height);
}

/** Centroid (page coordinates) of neutral white pixels: the bright marker, not coloured overlay lines or letters. */
export function whiteCentroid(picture: Picture, minimum = 235): { x: number; y: number; count: number } {
  let sx = 0;
  let sy = 0;
  let count = 0;
  for (let y = 0; y < picture.height; y++) {
    for (let x = 0; x < picture.width; x++) {
      const o = (y * picture.width + x) * 4;
      const [r, g, b] = [picture.data[o]!, picture.data[o + 1]!, picture.data[o + 2]!];
      if (r >= minimum && g >= minimum && b >= minimum && Math.max(r, g, b) - Math.min(r, g, b) < 12) {
        sx += x;
        sy += y;
        count++;
      }
    }
  }
  return { x: picture.left + sx / Math.max(1, count), y: picture.top + sy / Math.max(1, count), count };
}
