import { describe, expect, it } from 'vitest';
import { exportFileName, fileNamePart } from '../src/volume/export-file-name';

const naming = {
  modality: 'CT',
  date: '20140101',
  seriesNumber: 2,
  description: 'Head 5mm / STND: <b>tilt</b>',
  patientId: 'PAT-0042',
  patientName: 'Doe^Jane',
};

describe('export file names', () => {
  it('are modality, date, series number and description, sanitised, without the patient', () => {
    expect(exportFileName(naming, '.nii.gz')).toBe('CT_20140101_S2_Head_5mm_STND_b_tilt_b.nii.gz');
    expect(exportFileName(naming, '.nii.gz')).not.toMatch(/PAT|Doe|Jane/);
  });

  it('lead with the patient only when asked', () => {
    expect(exportFileName(naming, '.nrrd', true)).toBe('PAT-0042_Doe_Jane_CT_20140101_S2_Head_5mm_STND_b_tilt_b.nrrd');
  });

  it('leave out what is missing or malformed, and never go up a folder or hide', () => {
    expect(exportFileName({ modality: '', date: '2014-01', seriesNumber: null, description: '' }, '.nrrd')).toBe('volume.nrrd');
    expect(exportFileName({ modality: 'CT', date: '', seriesNumber: 3, description: '../../etc/passwd' }, '.png')).toBe(
      'CT_S3_etc_passwd.png',
    );
    expect(fileNamePart('..hidden')).toBe('hidden');
    expect(fileNamePart('a\u0000b\nc')).toBe('a_b_c');
  });

  it('keep letters of any script, cut to a length a file system takes', () => {
    expect(exportFileName({ modality: 'CT', date: '', seriesNumber: 1, description: 'Schädel 頭部' }, '.png')).toBe(
      'CT_S1_Schädel_頭部.png',
    );
    const long = exportFileName(
      { modality: 'CT', date: '', seriesNumber: 1, description: 'x'.repeat(500) },
      '.nii.gz',
      false,
      'axial',
    );
    expect(long.length).toBeLessThanOrEqual(127);
    expect(long.endsWith('.nii.gz')).toBe(true);
  });

  it('add a suffix (a pane, a mask name) before the extension', () => {
    expect(exportFileName(naming, '.png', false, 'axial')).toBe('CT_20140101_S2_Head_5mm_STND_b_tilt_b_axial.png');
  });
});
