/**
 * The study browser's parts that need no page: the `?dicomweb=` link (root, UIDs, the token taken
 * out of the address), QIDO-RS results as listed (malformed values left out, never shown as
 * objects), the search form's QIDO filters, the remembered server (never a secret), and the bench's
 * scenario switch.
 */
import { describe, expect, it } from 'vitest';
import { takeDicomWebScenario } from '../scripts/bench/dicomweb-scenario';
import { dicomWebLinkHref, readDicomWebLink, resolveServerRoot } from '../src/ui/dicomweb/dicomweb-address';
import { rememberServer, rememberedServer } from '../src/ui/dicomweb/remembered-server';
import { filtersFromForm } from '../src/ui/dicomweb/study-search';
import { summarizeStudy } from '../src/ui/dicomweb/study-summary';

const PAGE = 'http://127.0.0.1:5173/';

describe('?dicomweb= link', () => {
  it('takes a path on the app origin or an absolute URL as the root, without a trailing slash', () => {
    expect(readDicomWebLink(`${PAGE}?dicomweb=/dicom-web/`).link).toEqual({ root: 'http://127.0.0.1:5173/dicom-web' });
    const absolute = readDicomWebLink(`${PAGE}?dicomweb=${encodeURIComponent('https://pacs.example.org:8443/wado')}`);
    expect(absolute.link).toEqual({ root: 'https://pacs.example.org:8443/wado' });
    expect(readDicomWebLink(`${PAGE}?sample=none`)).toEqual({ link: null });
  });

  it('reads study, series and token; the address without the token is given back', () => {
    const href = `${PAGE}?dicomweb=/dicom-web&study=1.2.3&series=1.2.3.4&token=abc.def&sample=none`;
    const read = readDicomWebLink(href);
    expect(read.link).toEqual({ root: 'http://127.0.0.1:5173/dicom-web', study: '1.2.3', series: '1.2.3.4', token: 'abc.def' });
    expect(read.withoutToken).toBe(`${PAGE}?dicomweb=%2Fdicom-web&study=1.2.3&series=1.2.3.4&sample=none`);
    // A token without a server is still taken out of the address.
    expect(readDicomWebLink(`${PAGE}?token=x`).withoutToken).toBe(PAGE);
  });

  it('refuses, in words, what is not a server or not a UID', () => {
    expect(readDicomWebLink(`${PAGE}?dicomweb=javascript:alert(1)`).error).toMatch(/over http\(s\), not javascript:/);
    expect(readDicomWebLink(`${PAGE}?dicomweb=dicom-web`).error).toMatch(/neither an http\(s\) URL nor a path/);
    expect(readDicomWebLink(`${PAGE}?dicomweb=/dicom-web&study=<img>`).error).toMatch(/study="<img>" is not a DICOM UID/);
    expect(readDicomWebLink(`${PAGE}?dicomweb=/dicom-web&series=1.2`).error).toMatch(/needs the study/);
    expect(() => resolveServerRoot('http://user:pw@host/dicom-web', PAGE)).toThrow(/sign-in form/);
    expect(() => resolveServerRoot('//evil.example/dicom-web', PAGE)).toThrow(/neither/);
  });

  it('writes the shareable link: a same-origin root as a path, never a token', () => {
    const href = dicomWebLinkHref(`${PAGE}?dicomweb=/x&token=t&sample=none`, {
      root: 'http://127.0.0.1:5173/dicom-web',
      study: '1.2',
      series: '1.2.3',
    });
    expect(href).toBe(`${PAGE}?sample=none&dicomweb=%2Fdicom-web&study=1.2&series=1.2.3`);
    expect(dicomWebLinkHref(PAGE, { root: 'https://pacs.example.org/wado' })).toBe(
      `${PAGE}?dicomweb=https%3A%2F%2Fpacs.example.org%2Fwado`,
    );
  });
});

describe('QIDO-RS study results as listed', () => {
  it('reads names, dates, modalities and counts', () => {
    const study = summarizeStudy({
      '0020000D': { vr: 'UI', Value: ['1.2.840.1'] },
      '00100010': { vr: 'PN', Value: [{ Alphabetic: 'DOE^JANE^^DR' }] },
      '00100020': { vr: 'LO', Value: ['P-7'] },
      '00080020': { vr: 'DA', Value: ['20240131'] },
      '00080061': { vr: 'CS', Value: ['CT', 'SR'] },
      '00081030': { vr: 'LO', Value: ['<b>Head</b>'] },
      '00080050': { vr: 'SH', Value: ['ACC1'] },
      '00201206': { vr: 'IS', Value: [3] },
      '00201208': { vr: 'IS', Value: ['140'] },
    });
    expect(study).toEqual({
      studyInstanceUID: '1.2.840.1',
      patientName: 'DOE JANE DR',
      patientId: 'P-7',
      studyDate: '2024-01-31',
      modalities: ['CT', 'SR'],
      description: '<b>Head</b>',
      accession: 'ACC1',
      seriesCount: 3,
      instanceCount: 140,
    });
  });

  it('leaves out values of the wrong shape and studies without a usable UID', () => {
    const study = summarizeStudy({
      '0020000D': { vr: 'UI', Value: ['1.2'] },
      '00100010': { vr: 'PN', Value: [{ Alphabetic: { nested: true } }, 42] },
      '00080061': { vr: 'CS', Value: 'CT' as unknown as unknown[] },
      '00201206': { vr: 'IS', Value: [-1] },
      '00201208': { vr: 'IS', Value: [{}] },
      '00080020': { vr: 'DA', Value: [null] },
    });
    expect(study).toMatchObject({ patientName: '42', modalities: [], seriesCount: null, instanceCount: null, studyDate: '' });
    expect(summarizeStudy({})).toBeNull();
    expect(summarizeStudy({ '0020000D': { vr: 'UI', Value: ['1.2/../x'] } })).toBeNull();
  });
});

describe('search form filters', () => {
  const empty = { search: '', searchField: 'patientName', dateFrom: '', dateTo: '', modality: '', accession: '' };
  it('matches a name anywhere unless the text has wildcards; an ID as typed', () => {
    expect(filtersFromForm({ ...empty, search: ' doe ' })).toEqual({ patientName: '*doe*' });
    expect(filtersFromForm({ ...empty, search: 'DOE^J*' })).toEqual({ patientName: 'DOE^J*' });
    expect(filtersFromForm({ ...empty, search: 'P-7', searchField: 'patientId' })).toEqual({ patientId: 'P-7' });
  });
  it('sends dates as YYYYMMDD, the modality in capitals, the accession trimmed', () => {
    expect(
      filtersFromForm({ ...empty, dateFrom: '2024-01-02', dateTo: '2024-02-03', modality: 'ct', accession: ' A1 ' }),
    ).toEqual({
      dateFrom: '20240102',
      dateTo: '20240203',
      modality: 'CT',
      accession: 'A1',
    });
    expect(filtersFromForm({ ...empty, dateFrom: 'garbage' })).toEqual({});
  });
});

describe('remembered server', () => {
  it('keeps the root only, and survives a storage that throws', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    rememberServer('/dicom-web', storage);
    expect(rememberedServer(storage)).toBe('/dicom-web');
    expect([...store.values()]).toEqual(['/dicom-web']);
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('full');
      },
    };
    expect(() => rememberServer('/x', broken)).not.toThrow();
    expect(rememberedServer(broken)).toBeNull();
  });
});

describe('bench: the DICOMweb scenario switch', () => {
  it('is taken out of --scenarios, and runs when named or when no list is given', () => {
    const argv = ['node', 'run.ts', '--scenarios', 'b,d', '--out', 'x.json'];
    expect(takeDicomWebScenario(argv)).toBe(true);
    expect(argv[3]).toBe('b');
    const inline = ['node', 'run.ts', '--scenarios=dicomweb-512x512x140'];
    expect(takeDicomWebScenario(inline)).toBe(true);
    expect(inline[2]).toBe('--scenarios=');
    const without = ['node', 'run.ts', '--scenarios', 'a'];
    expect(takeDicomWebScenario(without)).toBe(false);
    expect(takeDicomWebScenario(['node', 'run.ts'])).toBe(true);
  });
});
