import type { Viewer } from '../views/viewer';
import { type BlendName, VOLUME_PRESETS, type VolumePresetName } from '../views/volume-presets';
import { WINDOW_PRESETS, type WindowPresetName } from '../views/window-presets';
import { el } from '../dom/elements';

/** Window/level and 3D controls. Inputs apply on `change`, as the automation contract says. */
export function createViewControls(viewer: Viewer): HTMLElement {
  const width = el('input', { type: 'number', 'data-testid': 'wl-width', min: 1, step: 1, title: 'Window width (HU)' });
  const center = el('input', { type: 'number', 'data-testid': 'wl-center', step: 1, title: 'Window centre (HU)' });
  const wlPreset = el(
    'select',
    { 'data-testid': 'wl-preset', title: 'Window preset' },
    el('option', { value: '' }, 'Window preset…'),
    el('option', { value: 'dicom' }, 'DICOM default'),
  );
  for (const [name, value] of Object.entries(WINDOW_PRESETS)) {
    wlPreset.append(el('option', { value: name }, `${name} (${value.center} / ${value.width})`));
  }
  const applyNumbers = () => {
    const w = Number(width.value);
    const c = Number(center.value);
    if (Number.isFinite(w) && w >= 1 && Number.isFinite(c)) viewer.setWindow({ center: c, width: w });
    else syncInputs();
  };
  width.addEventListener('change', applyNumbers);
  center.addEventListener('change', applyNumbers);
  wlPreset.addEventListener('change', () => {
    const dicomDefault = viewer.defaultWindow();
    if (wlPreset.value === 'dicom' && dicomDefault) viewer.setWindow(dicomDefault);
    else if (wlPreset.value in WINDOW_PRESETS) viewer.setWindow(WINDOW_PRESETS[wlPreset.value as WindowPresetName]);
  });
  const syncInputs = () => {
    width.value = String(Math.round(viewer.window.width * 100) / 100);
    center.value = String(Math.round(viewer.window.center * 100) / 100);
  };
  viewer.onWindowChange(syncInputs);
  syncInputs();

  const vrPreset = el('select', { 'data-testid': 'vr-preset', title: '3D preset' });
  for (const [name, preset] of Object.entries(VOLUME_PRESETS)) vrPreset.append(el('option', { value: name }, preset.label));
  vrPreset.value = viewer.volumePreset;
  const blend = el('select', { 'data-testid': 'vr-blend', title: 'Blend mode' });
  for (const [value, label] of [
    ['composite', 'Composite'],
    ['mip', 'MIP'],
    ['minip', 'MinIP'],
    ['average', 'Average'],
  ]) {
    blend.append(el('option', { value: value! }, label!));
  }
  const shade = el('input', { type: 'checkbox', 'data-testid': 'vr-shade' });
  const syncVolume = () => {
    blend.value = viewer.blendMode;
    shade.checked = viewer.shading;
  };
  vrPreset.addEventListener('change', () => {
    viewer.setVolumePreset(vrPreset.value as VolumePresetName);
    syncVolume();
  });
  blend.addEventListener('change', () => viewer.setBlendMode(blend.value as BlendName));
  shade.addEventListener('change', () => viewer.setShading(shade.checked));
  syncVolume();
  // A view state put back (src/ui/view-state) changes the look without these controls.
  viewer.onVolumeLook(() => {
    vrPreset.value = viewer.volumePreset;
    syncVolume();
  });
  const reset = el('button', { type: 'button', 'data-testid': 'vr-reset' }, 'Reset 3D');
  reset.addEventListener('click', () => viewer.resetVolumeCamera());

  return el(
    'div',
    { className: 'view-controls' },
    el('fieldset', {}, el('legend', {}, 'Window / level'), el('label', {}, 'W ', width), el('label', {}, 'C ', center), wlPreset),
    el('fieldset', {}, el('legend', {}, '3D'), vrPreset, blend, el('label', {}, shade, ' shading'), reset),
  );
}
