/**
 * The e2e tests' functions over the app's page object (scripts/browser/app-page.ts), which holds
 * the one implementation; kept as functions of a `Page` so the tests read as before.
 */
import type { Page } from 'playwright-core';
import type { Vec3 } from '../../src/math/vec3';
import { AppPage, type SlicePane } from '../../scripts/browser/app-page';

export { TEXTURE_UPLOAD_COUNTER_SCRIPT } from '../../scripts/browser/app-page';

export const textureUploads = (page: Page): Promise<number> => new AppPage(page).textureUploads();
export const waitForLoad = (page: Page, timeout?: number): Promise<string> => new AppPage(page).waitForLoad(timeout);
/** Lets queued animation frames render before a screenshot. */
export const settle = (page: Page): Promise<void> => new AppPage(page).settle();
export const setWindow = (page: Page, center: number, width: number): Promise<void> => new AppPage(page).setWindow(center, width);
export const worldToPage = (page: Page, pane: SlicePane, world: Vec3): Promise<[number, number]> =>
  new AppPage(page).worldToPage(pane, world);
export const setCursor = (page: Page, world: Vec3): Promise<void> => new AppPage(page).setCursor(world);
export const sliceIndex = (page: Page, pane: string): Promise<number> => new AppPage(page).sliceIndex(pane);
