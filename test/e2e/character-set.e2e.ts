/**
 * Names in UTF-8, GB18030 and ISO 2022 IR 87 (Japanese) shown as text in the app's series list and
 * status: in-memory copies of philips-head slices with the names written in, through the real input.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { withElements } from '../helpers/edit-dicom';
import { sharedCt } from '../helpers/shared-data';
import { waitForLoad } from './app-driver';
import { closeSharedChromium } from '../../scripts/browser/chromium';
import { openPage } from '../../scripts/browser/open-page';

const baseUrl = inject('baseUrl');
afterAll(() => closeSharedChromium());

const hex = (text: string) => Uint8Array.from(text.split(' ').map((byte) => parseInt(byte, 16)));
const ascii = (text: string) => new TextEncoder().encode(text);

const CASES: Array<[string, Uint8Array, string]> = [
  ['ISO_IR 192', hex('e9 a0 ad e9 83 a8 20 e5 8d 98 e7 b4 94'), '頭部 単純'],
  ['GB18030', hex('cd b7 b2 bf c6 bd c9 a8'), '头部平扫'],
  ['ISO 2022 IR 6\\ISO 2022 IR 87', hex('1b 24 42 3b 33 45 44 1b 28 42 5e 1b 24 42 42 40 4f 3a 1b 28 42'), '山田^太郎'],
];

describe('names in every character set', () => {
  it.each(CASES)('%s: the series list and the status show the names as text', async (charset, bytes, name) => {
    const head = sharedCt('philips-head');
    const files = readdirSync(head)
      .filter((file) => /^I\d+$/.test(file))
      .map((file) => ({
        name: file,
        mimeType: 'application/dicom',
        buffer: Buffer.from(
          withElements(new Uint8Array(readFileSync(join(head, file))), {
            '00080005': { vr: 'CS', value: ascii(charset) },
            '0008103E': { vr: 'LO', value: bytes },
            '00100010': { vr: 'PN', value: bytes },
          }),
        ),
      }));
    const app = await openPage(baseUrl, { path: '?sample=none' });
    const { page } = app;
    await page.getByTestId('open-files').setInputFiles(files);
    const status = await waitForLoad(page);
    expect(status).toContain(`series 201 ${name}: 512×512×28 voxels ready`);
    const list = (await page.getByTestId('series-list').textContent()) ?? '';
    expect(list).toContain(name.replace(/\^+/g, ' '));
    expect(list).toContain(`201 · CT · ${name}`);
    await app.close();
  });
});
