import './export-panel.css';
import type { StudyIndexSummary } from '../dicom/series-types';
import { el } from '../dom/elements';
import { ExportClient } from '../processing';
import type { PaneName } from '../views/pane-layout';
import type { CtVolume } from '../volume/ct-volume';
import { exportFileName } from '../volume/export-file-name';
import type { LabelMask } from '../volume/label-mask';
import {
  LABEL_FILE_EXTENSIONS,
  type LabelFileFormat,
  VOLUME_FILE_EXTENSIONS,
  type VolumeFileFormat,
} from '../volume/volume-file';
import { offerDownload } from './download';
import { namingOf } from './export-naming';
import { capturePanes, pngBlob } from './pane-capture';

/** What the export panel needs of the viewer. */
export interface ExportViewer {
  readonly element: HTMLElement;
  readonly currentVolume: CtVolume | null;
  readonly labelMask: LabelMask | null;
  paneElement(pane: PaneName): HTMLElement;
  paneShown(pane: PaneName): boolean;
}

type PngTarget = PaneName | 'view';

const PNG_TARGETS: Array<[PngTarget, string]> = [
  ['axial', 'Axial pane'],
  ['coronal', 'Coronal pane'],
  ['sagittal', 'Sagittal pane'],
  ['3d', '3D pane'],
  ['image2d', '2D image pane'],
  ['view', 'Whole view'],
];
const ALL_PANES: PaneName[] = ['axial', 'coronal', 'sagittal', '3d', 'image2d'];

/**
 * Export: a PNG of a pane or the whole view as on screen; the shown volume as NIfTI or NRRD and the
 * shown label mask as NIfTI or seg.nrrd, written in a worker (src/processing/export-client.ts). Files
 * are named after the series; the patient's ID and name only when the box is ticked.
 */
export class ExportPanel {
  readonly element = el('section', { className: 'export-panel', 'data-testid': 'export-panel' });
  private readonly pngTarget = select('export-png-target', PNG_TARGETS);
  private readonly pngButton = button('export-png', 'PNG', 'Save what is on screen in the chosen pane as a PNG');
  private readonly volumeFormat = select('export-volume-format', [
    ['nifti', 'NIfTI (.nii.gz)'],
    ['nrrd', 'NRRD (.nrrd)'],
  ]);
  private readonly volumeButton = button('export-volume', 'Volume', 'Save the corrected, world-true volume (HU)');
  private readonly maskFormat = select('export-mask-format', [
    ['nifti', 'NIfTI (.nii.gz)'],
    ['seg-nrrd', 'Slicer (.seg.nrrd)'],
  ]);
  private readonly maskButton = button('export-mask', 'Label mask', 'Save the label mask shown (a pipeline result)');
  private readonly withPatient = el('input', { type: 'checkbox', 'data-testid': 'export-patient' });
  private readonly status = el('p', { className: 'export-status', 'data-testid': 'export-status', 'data-state': 'idle' });
  private readonly client = new ExportClient();
  private busy = false;

  constructor(
    private readonly viewer: ExportViewer,
    private readonly index: () => StudyIndexSummary | null,
  ) {
    this.element.append(
      el('h2', {}, 'Export'),
      el('div', { className: 'export-row' }, this.pngTarget, this.pngButton),
      el('div', { className: 'export-row' }, this.volumeFormat, this.volumeButton),
      el('div', { className: 'export-row' }, this.maskFormat, this.maskButton),
      el('label', { className: 'export-row' }, this.withPatient, ' Patient ID and name in file names'),
      this.status,
    );
    this.pngButton.addEventListener('click', () => void this.run(() => this.exportPng()));
    this.volumeButton.addEventListener('click', () => void this.run(() => this.exportVolume()));
    this.maskButton.addEventListener('click', () => void this.run(() => this.exportMask()));
  }

  private async exportPng(): Promise<string> {
    const target = this.pngTarget.value as PngTarget;
    const panes = target === 'view' ? ALL_PANES.filter((pane) => this.viewer.paneShown(pane)) : [target];
    if (target !== 'view' && !this.viewer.paneShown(target)) throw new Error(`the ${target} pane is not on screen`);
    const canvas = this.viewer.element.querySelector('canvas');
    if (!canvas) throw new Error('the viewer has no canvas to read');
    const area = target === 'view' ? this.viewer.element : this.viewer.paneElement(target);
    const picture = await capturePanes(
      canvas,
      area,
      panes.map((pane) => this.viewer.paneElement(pane)),
    );
    const name = this.fileName('.png', target === 'view' ? 'view' : target);
    offerDownload(await pngBlob(picture), name);
    return `${name}: ${picture.width}×${picture.height} pixels`;
  }

  private async exportVolume(): Promise<string> {
    const volume = this.viewer.currentVolume;
    if (!volume) throw new Error('no volume is loaded');
    const format = this.volumeFormat.value as VolumeFileFormat;
    const name = this.fileName(VOLUME_FILE_EXTENSIONS[format]);
    this.setStatus('busy', `Writing ${name}…`);
    const { blob, voxels } = await this.client.writeVolume(volume, format).catch((error: unknown) => {
      throw new Error(`${name} could not be written: ${reason(error)}`);
    });
    this.status.dataset.voxels = voxels;
    offerDownload(blob, name);
    return `${name}: ${volume.dimensions.join('×')} voxels, ${megabytes(blob.size)}`;
  }

  private async exportMask(): Promise<string> {
    const mask = this.viewer.labelMask;
    if (!mask) throw new Error('no label mask is shown (run a segmentation pipeline first)');
    const format = this.maskFormat.value as LabelFileFormat;
    const name = this.fileName(LABEL_FILE_EXTENSIONS[format], mask.name);
    this.setStatus('busy', `Writing ${name}…`);
    const { blob, voxels } = await this.client.writeLabelMask(mask, format).catch((error: unknown) => {
      throw new Error(`${name} could not be written: ${reason(error)}`);
    });
    this.status.dataset.voxels = voxels;
    offerDownload(blob, name);
    return `${name}: ${mask.dimensions.join('×')} labels, ${megabytes(blob.size)}`;
  }

  private fileName(extension: string, suffix = ''): string {
    const volume = this.viewer.currentVolume;
    const naming = volume ? namingOf(this.index(), volume) : { modality: '', date: '', seriesNumber: null, description: '' };
    return exportFileName(naming, extension, this.withPatient.checked, suffix);
  }

  /** One export at a time; its outcome in words in the status line (`data-state` for automation). */
  private async run(job: () => Promise<string>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    for (const b of [this.pngButton, this.volumeButton, this.maskButton]) b.disabled = true;
    this.setStatus('busy', 'Exporting…');
    try {
      this.setStatus('done', `Saved ${await job()}`);
    } catch (error) {
      this.setStatus('error', `Export failed: ${reason(error)}`);
    } finally {
      this.busy = false;
      for (const b of [this.pngButton, this.volumeButton, this.maskButton]) b.disabled = false;
    }
  }

  private setStatus(state: 'idle' | 'busy' | 'done' | 'error', message: string): void {
    this.status.dataset.state = state;
    this.status.textContent = message;
  }
}

function select(testId: string, options: Array<[string, string]>): HTMLSelectElement {
  return el('select', { 'data-testid': testId }, ...options.map(([value, label]) => el('option', { value }, label)));
}

function button(testId: string, label: string, title: string): HTMLButtonElement {
  return el('button', { type: 'button', 'data-testid': testId, title }, label);
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function megabytes(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MB`;
}

export function createExportPanel(viewer: ExportViewer, index: () => StudyIndexSummary | null): ExportPanel {
  return new ExportPanel(viewer, index);
}
