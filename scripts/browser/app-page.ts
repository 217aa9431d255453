/**
 * Page object of the app: what the e2e tests and the benchmark do to it (open it, hand it a folder,
 * wait for its load, set the window, move the cursor) and read from it (load state, slice index,
 * 3D texture uploads, pane boxes, the frames it drew), through its test ids and `window.ctViewer`.
 */
import type { Page } from 'playwright-core';
import type { Vec3 } from '../../src/math/vec3';
import { LOAD_MARKS } from '../../src/perf/load-marks';
import type { ViewerAutomation } from '../../src/views/automation-hooks';
import type { FrameRecord } from '../../src/views/frame-log';

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

export type SlicePane = 'axial' | 'coronal' | 'sagittal';
export type ViewerPane = SlicePane | '3d';
export type { FrameRecord };

/** The frame log of `window.ctViewer` (what the viewer drew, and when the GPU had done it). */
type FrameLog = Pick<ViewerAutomation, 'frames' | 'lastFrameId'>;

/*
 * Page-side code given as a string is kept a string: tsx (esbuild keepNames) would wrap named inner
 * functions of a TypeScript callback in a `__name` helper that does not exist in the page.
 */

/** Load ended: ready, error, or idle after indexing (several volumes or none: the app waits for a choice). */
/**
 * The load's outcome once it has one, else false. A function, not a string: the app's
 * Content-Security-Policy refuses the eval that Playwright needs to run a string predicate.
 */
const loadOutcome = (indexedMark: string): string | false => {
  const s = document.querySelector('[data-testid="load-state"]')?.getAttribute('data-state');
  if (s === 'ready' || s === 'error') return s;
  if (s === 'idle' && performance.getEntriesByName(indexedMark, 'mark').length > 0) return s;
  return false;
};

export class AppPage {
  constructor(readonly page: Page) {}

  /** Navigates to `query` (e.g. '?sample=none') resolved against the app's `baseUrl`. */
  async goto(baseUrl: string, query: string, timeout?: number): Promise<void> {
    await this.page.goto(new URL(query, baseUrl).href, { waitUntil: 'load', timeout });
  }

  /** Counts 3D texture uploads (`textureUploads()`) in every page opened after this call. */
  async countTextureUploads(): Promise<void> {
    await this.page.addInitScript(TEXTURE_UPLOAD_COUNTER_SCRIPT);
  }

  async textureUploads(): Promise<number> {
    return this.page.evaluate(() => (window as unknown as { __tex3dUploads: number }).__tex3dUploads);
  }

  /** Waits until the folder input exists. */
  async waitForFolderInput(timeout: number): Promise<void> {
    await this.page.getByTestId('open-folder').waitFor({ state: 'attached', timeout });
  }

  /** Waits for `data-warm="ready"`: the workers hold the DICOM reader, the slice views' GPU programs are built. */
  async waitForWarm(timeout: number): Promise<void> {
    await this.page.waitForFunction(
      () => (document.querySelector('[data-testid="load-state"]') as HTMLElement | null)?.dataset.warm === 'ready',
      undefined,
      { timeout, polling: 50 },
    );
  }

  /** Hands `dir` (a folder on this machine) to the app's folder input. */
  async openFolder(dir: string, timeout?: number): Promise<void> {
    await this.page.getByTestId('open-folder').setInputFiles(dir, { timeout });
  }

  /** Text of the load status. */
  async loadStateText(timeout?: number): Promise<string> {
    return (await this.page.getByTestId('load-state').textContent({ timeout })) ?? '';
  }

  /** Waits for the load to end in ready or error; throws unless ready, returns the status text. */
  async waitForLoad(timeout = 120_000): Promise<string> {
    const state = this.page.getByTestId('load-state');
    await this.page.waitForFunction(
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

  /** Waits for the load to end: 'ready', 'error', or 'idle' when indexing left a choice to the user. */
  async waitForLoadOutcome(timeout: number): Promise<string> {
    const settled = await this.page.waitForFunction(loadOutcome, LOAD_MARKS.indexed, { timeout, polling: 100 });
    return String(await settled.jsonValue());
  }

  /** Lets queued animation frames render before a screenshot. */
  async settle(): Promise<void> {
    await this.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await this.page.waitForTimeout(150);
  }

  /** Sets window centre and width through the numeric inputs, then lets the views render. */
  async setWindow(center: number, width: number): Promise<void> {
    await this.page.getByTestId('wl-width').fill(String(width));
    await this.page.getByTestId('wl-width').dispatchEvent('change');
    await this.page.getByTestId('wl-center').fill(String(center));
    await this.page.getByTestId('wl-center').dispatchEvent('change');
    await this.settle();
  }

  /** Page coordinates of a world point in a slice pane. */
  async worldToPage(pane: SlicePane, world: Vec3): Promise<[number, number]> {
    return this.page.evaluate(
      ([p, w]) =>
        (window as unknown as { ctViewer: { worldToPage(p: string, w: number[]): [number, number] } }).ctViewer.worldToPage(p, w),
      [pane, world] as const,
    );
  }

  /** Moves the linked cursor to a world point, then lets the views render. */
  async setCursor(world: Vec3): Promise<void> {
    await this.page.evaluate(
      (w) => (window as unknown as { ctViewer: { setCursor(w: number[]): void } }).ctViewer.setCursor(w),
      world,
    );
    await this.settle();
  }

  /** Centre and size of a pane in page (CSS pixel) coordinates. */
  async paneBox(pane: ViewerPane, timeout?: number): Promise<{ x: number; y: number; width: number; height: number }> {
    const box = await this.page.getByTestId(`view-${pane}`).boundingBox({ timeout });
    if (!box) throw new Error(`pane ${pane} is not shown`);
    return box;
  }

  /** Whether the page reports its frames (`ctViewer.frames` / `lastFrameId`). */
  async hasFrameLog(): Promise<boolean> {
    const source = `typeof window.ctViewer?.frames === 'function' && typeof window.ctViewer?.lastFrameId === 'function'`;
    return (await this.page.evaluate(source)) as boolean;
  }

  /** The frames drawn after frame `afterId` (default: all kept), oldest first. */
  async frames(afterId = 0): Promise<FrameRecord[]> {
    return this.page.evaluate((id) => (window as unknown as { ctViewer: FrameLog }).ctViewer.frames(id), afterId);
  }

  async lastFrameId(): Promise<number> {
    return this.page.evaluate(() => (window as unknown as { ctViewer: FrameLog }).ctViewer.lastFrameId());
  }

  /** The slice a pane shows (`data-slice-index`). */
  async sliceIndex(pane: string): Promise<number> {
    return Number(await this.page.getByTestId(`view-${pane}`).getAttribute('data-slice-index'));
  }
}
