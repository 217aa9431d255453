/**
 * Issue #16 item 8: a DICOM string with markup in it is text everywhere the app shows it. A generated
 * series whose names and descriptions are HTML (an <img> whose onerror would set window.__pwned, and
 * <b>), a scout of the same study described the same way, and a non-DICOM file named like markup,
 * through the real file input: the series list, the status and every other panel show the markup
 * literally, no element is made from it, and its script never runs.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { generatePhantom } from '../../src/phantom/phantom';
import { closeSharedChromium } from '../../scripts/browser/chromium';
import { openPage } from '../../scripts/browser/open-page';
import { withElements } from '../helpers/edit-dicom';
import { settle, waitForLoad } from './app-driver';

const baseUrl = inject('baseUrl');
afterAll(() => closeSharedChromium());

const IMG = '<img src=x onerror="window.__pwned=1">';
const BOLD = '<b>bold</b>';
const ascii = (text: string) => new TextEncoder().encode(text);

/** The volume, a scout of the same study, and a file that is no DICOM at all, named like markup. */
function markupFiles(): Array<{ name: string; mimeType: string; buffer: Buffer }> {
  // PN splits at '=' (its component groups): the name is the markup without one.
  const volume = generatePhantom({
    slices: 12,
    seed: 'markup',
    seriesNumber: 7,
    patientName: BOLD,
    patientId: IMG,
    studyDescription: BOLD,
    seriesDescription: IMG,
  });
  const scout = generatePhantom({
    localizer: true,
    seed: 'markup-scout',
    seriesNumber: 8,
    patientName: BOLD,
    patientId: IMG,
    studyInstanceUID: volume.options.studyInstanceUID,
    studyDescription: BOLD,
    seriesDescription: `${BOLD} scout`,
  });
  const institution = { '00080080': { vr: 'LO', value: ascii(IMG) }, '00081010': { vr: 'SH', value: ascii(BOLD) } };
  return [
    ...[...volume.files, ...scout.files].map((file) => ({
      name: file.name,
      mimeType: 'application/dicom',
      buffer: Buffer.from(withElements(file.data, institution)),
    })),
    { name: IMG, mimeType: 'application/octet-stream', buffer: Buffer.from('not a DICOM file at all, only text') },
  ];
}

describe('markup in DICOM strings and file names stays text', () => {
  it('is shown literally in the series list, the status and the panels, and never becomes markup', async () => {
    const app = await openPage(baseUrl, { path: '?sample=none' });
    const { page } = app;
    try {
      const elementsBefore = await page.evaluate(() => document.querySelectorAll('img, b').length);
      await page.getByTestId('open-files').setInputFiles(markupFiles());
      const status = await waitForLoad(page);
      await settle(page);

      expect(status).toContain(`series 7 ${IMG}: 128×128×12 voxels ready`);
      const list = page.getByTestId('series-list');
      expect(await list.locator('.patient h3').first().textContent()).toBe(`${BOLD} (${IMG})`);
      expect(await list.locator('.study h4').first().textContent()).toMatch(new RegExp(`· ${escape(BOLD)}$`));
      const titles = await list.locator('.series-title').allTextContents();
      expect(titles).toContain(`7 · CT · ${IMG}`);
      expect(titles).toContain(`8 · CT · ${BOLD} scout`);
      expect((await page.getByTestId('skipped-files').textContent()) ?? '').toContain(`${IMG}: `);

      // Whatever panel shows DICOM text (info, header view, 2D view, any added later): text only.
      const found = await page.evaluate(
        ({ img, bold }) => {
          const texts = [...document.querySelectorAll<HTMLElement>('[data-testid]')]
            .filter((element) => (element.textContent ?? '').includes(img) || (element.textContent ?? '').includes(bold))
            .map((element) => element.dataset.testid);
          return {
            panels: [...new Set(texts)],
            madeFromMarkup: document.querySelectorAll('img[src="x"], [onerror], b').length,
            allImgOrB: document.querySelectorAll('img, b').length,
            pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
            title: document.title,
          };
        },
        { img: IMG, bold: BOLD },
      );
      expect(found.panels).toEqual(expect.arrayContaining(['series-list', 'load-state', 'skipped-files']));
      expect(found.madeFromMarkup).toBe(0);
      expect(found.allImgOrB).toBe(elementsBefore);
      expect(found.pwned).toBeNull();
      expect(found.title).toBe('CT Viewer');
      // The facts panel holds no DICOM string today; whatever it shows, it made no element from one.
      expect(await page.getByTestId('volume-info').locator('img, b').count()).toBe(0);

      // Loading the volume again from the list changes nothing of that.
      await list.locator('[data-testid="series-item"][data-volume="true"]').click();
      expect(await waitForLoad(page)).toContain(`series 7 ${IMG}`);
      await page.waitForTimeout(300);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned ?? null)).toBeNull();
      expect(await page.evaluate(() => document.querySelectorAll('img[src="x"], [onerror], b').length)).toBe(0);
      expect(app.consoleErrors.filter((error) => error.startsWith('pageerror'))).toEqual([]);
    } finally {
      await app.close();
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
