import { el } from '../dom/elements';
import type { Image2d } from '../volume/image-2d';

/** Facts about the image shown in 2D; data-* attributes let tests read them without parsing text. */
export function renderImage2dInfo(image: Image2d): HTMLElement {
  const spacing = image.pixelSpacing;
  const window = image.window;
  return el(
    'dl',
    {
      className: 'volume-info',
      'data-testid': 'image2d-facts',
      'data-size': `${image.width},${image.height}`,
      'data-kind': image.kind,
      'data-pixel-spacing': spacing ? spacing.join(',') : '',
    },
    el('dt', {}, 'File'),
    el('dd', {}, image.file),
    el('dt', {}, 'Pixels'),
    el('dd', {}, `${image.width} × ${image.height}`),
    el('dt', {}, 'Spacing'),
    el('dd', {}, spacing ? `${spacing.map((v) => v.toFixed(3)).join(' × ')} mm` : 'unknown'),
    el('dt', {}, 'Values'),
    el('dd', {}, image.kind === 'rgb' ? 'colour (RGB)' : `${image.valueRange.join(' … ')} ${image.unit}`.trim()),
    el('dt', {}, 'Window'),
    el(
      'dd',
      {},
      window ? `C ${window.center} / W ${window.width}${window.fromTags ? ' (from DICOM tags)' : ' (from data)'}` : '—',
    ),
    el('dt', {}, 'Checked'),
    el('dd', {}, image.verification),
  );
}
