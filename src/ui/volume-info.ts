import type { CtVolume } from '../volume/ct-volume';
import { el } from '../dom/elements';

/** Facts about the built volume; data-* attributes let tests read the geometry without parsing text. */
export function renderVolumeInfo(volume: CtVolume): HTMLElement {
  const fmt = (values: number[], digits: number) => values.map((v) => v.toFixed(digits)).join(' × ');
  return el(
    'dl',
    {
      className: 'volume-info',
      'data-testid': 'volume-info',
      'data-dimensions': volume.dimensions.join(','),
      'data-spacing': volume.spacing.join(','),
      'data-origin': volume.origin.join(','),
    },
    el('dt', {}, 'Voxels'),
    el('dd', {}, volume.dimensions.join(' × ')),
    el('dt', {}, 'Spacing'),
    el('dd', {}, `${fmt(volume.spacing, 3)} mm`),
    el('dt', {}, 'HU range'),
    el('dd', {}, `${volume.huRange[0]} … ${volume.huRange[1]}`),
    el('dt', {}, 'Window'),
    el(
      'dd',
      {},
      `C ${volume.windowCenter} / W ${volume.windowWidth}${volume.windowFromTags ? ' (from DICOM tags)' : ' (from data)'}`,
    ),
    el('dt', {}, 'Modality LUT'),
    el('dd', {}, volume.modalityLut),
  );
}
