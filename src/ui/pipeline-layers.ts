import type { LabelMask } from '../volume/label-mask';
import type { CtVolume } from '../volume/ct-volume';
import { el } from '../dom/elements';

/** What the layers list needs from the viewer. */
export interface LayerViewer {
  readonly currentVolume: CtVolume | null;
  show(volume: CtVolume): Promise<void>;
  setLabelMask(mask: LabelMask | null): void;
  onVolume(listener: (volume: CtVolume) => void): void;
}

type Layer = { id: number; name: string } & ({ kind: 'mask'; mask: LabelMask } | { kind: 'volume'; volume: CtVolume });

/**
 * Pipeline results: label masks (the viewer draws one at a time, the latest or the one chosen) and
 * derived volumes (one replaces the displayed volume; "back to original" restores the loaded one).
 * Loading another volume clears the list.
 */
export class PipelineLayers {
  readonly element = el('div', { className: 'pipeline-layers', 'data-testid': 'pipeline-layers' });
  private readonly list = el('ul', { className: 'pipeline-layer-list' });
  private readonly original = el(
    'button',
    { type: 'button', 'data-testid': 'pipeline-original', title: 'Show the loaded volume again' },
    'Back to original',
  );
  private layers: Layer[] = [];
  private nextId = 1;
  private visibleMask: number | null = null;
  /** The loaded (not derived) volume. */
  private originalVolume: CtVolume | null = null;
  private readonly derived = new WeakSet<CtVolume>();

  constructor(private readonly viewer: LayerViewer) {
    this.original.addEventListener('click', () => void this.showOriginal());
    this.element.append(el('div', { className: 'pipeline-layers-head' }, el('span', {}, 'Layers'), this.original), this.list);
    this.originalVolume = viewer.currentVolume;
    viewer.onVolume((volume) => {
      if (volume === this.originalVolume || this.derived.has(volume)) return;
      // A newly loaded volume: results of the previous one no longer apply.
      this.originalVolume = volume;
      this.layers = [];
      this.visibleMask = null;
      this.viewer.setLabelMask(null);
      this.render();
    });
    this.render();
  }

  /** Adds a mask and shows it (replacing the mask shown before). */
  addMask(mask: LabelMask): void {
    const id = this.nextId++;
    this.layers.push({ id, name: mask.name, kind: 'mask', mask });
    this.showMask(id);
  }

  /** Adds a derived volume and displays it. */
  async addVolume(volume: CtVolume, name: string): Promise<void> {
    this.derived.add(volume);
    this.layers.push({ id: this.nextId++, name, kind: 'volume', volume });
    this.render();
    await this.viewer.show(volume);
    this.render();
  }

  async showOriginal(): Promise<void> {
    if (this.originalVolume && this.viewer.currentVolume !== this.originalVolume) {
      await this.viewer.show(this.originalVolume);
    }
    this.render();
  }

  private showMask(id: number | null): void {
    this.visibleMask = id;
    const layer = this.layers.find((l) => l.id === id);
    this.viewer.setLabelMask(layer?.kind === 'mask' ? layer.mask : null);
    this.render();
  }

  private async remove(layer: Layer): Promise<void> {
    this.layers = this.layers.filter((l) => l !== layer);
    if (layer.kind === 'mask' && this.visibleMask === layer.id) {
      const masks = this.layers.filter((l) => l.kind === 'mask');
      this.showMask(masks.at(-1)?.id ?? null);
    } else if (layer.kind === 'volume' && this.viewer.currentVolume === layer.volume) {
      await this.showOriginal();
    }
    this.render();
  }

  private render(): void {
    const current = this.viewer.currentVolume;
    this.original.hidden = !this.originalVolume || current === this.originalVolume;
    this.element.hidden = this.layers.length === 0 && this.original.hidden;
    this.list.replaceChildren(
      ...this.layers.map((layer) => {
        const shown = layer.kind === 'mask' ? this.visibleMask === layer.id : current === layer.volume;
        const toggle = el('input', {
          type: 'checkbox',
          'data-testid': 'layer-visible',
          title: layer.kind === 'mask' ? 'Show this mask' : 'Display this volume',
        });
        toggle.checked = shown;
        toggle.addEventListener('change', () => {
          if (layer.kind === 'mask') this.showMask(toggle.checked ? layer.id : null);
          else if (toggle.checked) void this.viewer.show(layer.volume).then(() => this.render());
          else void this.showOriginal();
        });
        const swatch = el('span', { className: 'layer-swatch' });
        if (layer.kind === 'mask')
          swatch.style.background = `rgb(${layer.mask.colour.map((c) => Math.round(c * 255)).join(',')})`;
        else swatch.classList.add('grey');
        const remove = el(
          'button',
          { type: 'button', className: 'layer-remove', 'data-testid': 'layer-remove', title: `Remove ${layer.name}` },
          '×',
        );
        remove.addEventListener('click', () => void this.remove(layer));
        const dims = layer.kind === 'mask' ? layer.mask.dimensions : layer.volume.dimensions;
        return el(
          'li',
          {
            className: `layer-item${shown ? ' shown' : ''}`,
            'data-testid': 'layer-item',
            'data-kind': layer.kind,
            'data-name': layer.name,
            'data-shown': String(shown),
            'data-dimensions': dims.join(','),
          },
          el('label', { title: dims.join(' × ') }, toggle, swatch, ` ${layer.name}`),
          remove,
        );
      }),
    );
  }
}
