import { el } from '../dom/elements';
import { type Image2d, scaleBarLength } from '../volume/image-2d';

/** A scale bar takes at most this share of the pane's width. */
const SCALE_BAR_SHARE = 0.25;

/**
 * DOM drawn over the 2D pane: which image of how many, its size in pixels and in mm, the value under
 * the pointer, a scale bar when the pixel spacing is known, and the slider that steps through the
 * series. Every string is text (textContent), never markup.
 */
export class Image2dOverlay {
  readonly slider = el('input', { type: 'range', className: 'slice-slider', min: 0, max: 0, step: 1, 'aria-label': 'image' });
  private readonly info = el('div', { className: 'overlay-text top-left', 'data-testid': 'image2d-info' });
  private readonly readout = el('div', { className: 'overlay-text bottom-left', 'data-testid': 'image2d-readout' });
  private readonly scaleLine = el('div', { className: 'scale-bar-line' });
  private readonly scaleLabel = el('div', { className: 'scale-bar-label' });
  private readonly scale = el('div', { className: 'scale-bar', 'data-testid': 'image2d-scale' }, this.scaleLabel, this.scaleLine);

  constructor(pane: HTMLElement) {
    pane.append(el('div', { className: 'pane-title' }, '2D image'), this.info, this.readout, this.scale, this.slider);
  }

  describe(image: Image2d, index: number, count: number): void {
    const lines = [`Image ${index + 1} / ${count}   ${image.width} × ${image.height} px`];
    const spacing = image.pixelSpacing;
    if (spacing) {
      const [width, height] = [image.width * spacing[0], image.height * spacing[1]];
      lines.push(`${width.toFixed(1)} × ${height.toFixed(1)} mm   (${spacing[0].toFixed(3)} × ${spacing[1].toFixed(3)} mm/px)`);
    } else lines.push('pixel spacing unknown: no lengths in mm');
    lines.push(image.kind === 'rgb' ? 'colour (RGB): no window/level' : `${image.photometricInterpretation} ${image.modality}`);
    this.info.textContent = lines.join('\n');
    this.readout.textContent = '';
    this.slider.max = String(Math.max(0, count - 1));
    this.slider.value = String(index);
    this.slider.hidden = count < 2;
  }

  /** The value (or colour) at image column x, row y; null outside the image. */
  showValue(image: Image2d, value: number | number[] | null, x: number, y: number): void {
    if (value === null) {
      this.readout.textContent = '';
      return;
    }
    const where = `(x ${Math.round(x)}, y ${Math.round(y)}) px`;
    const text = Array.isArray(value)
      ? `R ${value[0]} G ${value[1]} B ${value[2]}`
      : `${Math.round(value * 10) / 10}${image.unit ? ` ${image.unit}` : ''}`;
    this.readout.textContent = `${text}   ${where}`;
  }

  /** A round length in mm and its bar, at `mmPerCssPixel` (no bar without a known pixel spacing). */
  updateScale(image: Image2d, mmPerCssPixel: number, paneWidth: number): void {
    const length = image.pixelSpacing ? scaleBarLength(paneWidth * SCALE_BAR_SHARE * mmPerCssPixel) : 0;
    this.scale.hidden = length === 0;
    if (length === 0) return;
    const pixels = length / mmPerCssPixel;
    this.scaleLine.style.width = `${pixels.toFixed(1)}px`;
    this.scaleLabel.textContent = `${length >= 1 ? length : length.toFixed(1)} mm`;
    this.scale.dataset.mm = String(length);
    this.scale.dataset.px = pixels.toFixed(2);
  }
}

/** The words a pane shows when it has nothing to draw (the 3D pane beside a 2D image). */
export function paneMessage(pane: HTMLElement): (text: string) => void {
  const message = el('div', { className: 'pane-message', 'data-testid': `${pane.dataset.pane ?? 'pane'}-message` });
  pane.append(message);
  return (text) => {
    message.textContent = text;
  };
}
