import type { Page } from 'playwright-core';
import type { Vec3 } from '../../src/dicom/types';

/** Counts 3D texture uploads on every WebGL2 context of the page (main thread). */
export const TEXTURE_UPLOAD_COUNTER_SCRIPT = `(() => {
  if (typeof WebGL2RenderingContext === 'undefined' || window.__tex3dUploads !== undefined) return;
  window.__tex3dUploads = 0;
  const proto = WebGL2RenderingContext.prototype;
  for (const name of ['texImage3D', 'texSubImage3D', 'texStorage3D', 'compressedTexImage3D', 'compressedTexSubImage3D']) {
    const original = proto[name];
    if (typeof original !== 'function') continue;
    proto[name] = function (...args) { if (name !== 'texStorage3D') window.__tex3dUploads += 1; return original.apply(this, args); };
  }
})();`;

export async function textureUploads(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __tex3dUploads: number }).__tex3dUploads);
}

export async function waitForLoad(page: Page, timeout = 120_000): Promise<string> {
  const state = page.getByTestId('load-state');
  await page.waitForFunction(
    () => {
      const s = document.querySelector('[data-testid="load-state"]')?.getAttribute('data-state');
      return s === 'ready' || s === 'error';
    },
    undefined,
    { timeout },
  );
  const result = await state.getAttribute('data-state');
  const text = (await state.textContent()) ?? '';
  if (result !== 'ready') throw new Error(`load ended in state ${result}: ${text}`);
  return text;
}

/** Lets queued animation frames render before a screenshot. */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.waitForTimeout(150);
}

export async function setWindow(page: Page, center: number, width: number): Promise<void> {
  await page.getByTestId('wl-width').fill(String(width));
  await page.getByTestId('wl-width').dispatchEvent('change');
  await page.getByTestId('wl-center').fill(String(center));
  await page.getByTestId('wl-center').dispatchEvent('change');
  await settle(page);
}

export async function worldToPage(page: Page, pane: 'axial' | 'coronal' | 'sagittal', world: Vec3): Promise<[number, number]> {
  return page.evaluate(
    ([p, w]) => (window as unknown as { ctViewer: { worldToPage(p: string, w: number[]): [number, number] } }).ctViewer.worldToPage(p, w),
    [pane, world] as const,
  );
}

export async function setCursor(page: Page, world: Vec3): Promise<void> {
  await page.evaluate((w) => (window as unknown as { ctViewer: { setCursor(w: number[]): void } }).ctViewer.setCursor(w), world);
  await settle(page);
}

export async function sliceIndex(page: Page, pane: string): Promise<number> {
  return Number(await page.getByTestId(`view-${pane}`).getAttribute('data-slice-index'));
}
