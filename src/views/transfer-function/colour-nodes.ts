import vtkColorTransferFunction from '@kitware/vtk.js/Rendering/Core/ColorTransferFunction';
import vtkColorMaps from '@kitware/vtk.js/Rendering/Core/ColorTransferFunction/ColorMaps';
import { opacityHuRange, rescaleRgbPoints, widenRange } from './colour-maps';
import type { ColourNode } from './edits';

/** Value of the colour-map option that restores the colours the 3D preset came with. */
export const PRESET_COLOURS = 'preset';
/** vtk.js colour-map presets offered, by their vtk.js name, with a shorter label. */
export const COLOUR_MAPS: ReadonlyArray<readonly [name: string, label: string]> = [
  ['Grayscale', 'Grayscale'],
  ['Black-Body Radiation', 'Black-body'],
  ['Inferno (matplotlib)', 'Inferno'],
  ['Viridis (matplotlib)', 'Viridis'],
  ['Cool to Warm', 'Cool to warm'],
  ['erdc_rainbow_bright', 'Rainbow (bright)'],
];
/** Nodes written into the colour function for a colour map (RGB space, so presets stay RGB). */
const COLOUR_SAMPLES = 128;

/** Whether vtk.js knows the colour map `name`. */
export function hasColourMap(name: string): boolean {
  return Boolean(vtkColorMaps.getPresetByName(name));
}

/**
 * The colour map `name` as colour nodes spread over the HU range that has opacity (`opacities`
 * sampled evenly over `range`), or null for an unknown map.
 */
export function colourMapNodes(name: string, opacities: readonly number[], range: [number, number]): ColourNode[] | null {
  const preset = vtkColorMaps.getPresetByName(name);
  if (!preset) return null;
  const [lo, hi] = widenRange(opacityHuRange(opacities, range), range);
  // Sampled into RGB nodes: the volume's colour function keeps its RGB space, so a later preset
  // is not interpolated in the colour map's Lab or diverging space.
  const map = vtkColorTransferFunction.newInstance();
  map.applyColorMap({ ColorSpace: preset.ColorSpace, RGBPoints: rescaleRgbPoints(preset.RGBPoints, lo, hi) });
  const rgb: number[] = [];
  map.getTable(lo, hi, COLOUR_SAMPLES, rgb);
  map.delete();
  return Array.from({ length: COLOUR_SAMPLES }, (_, i) => ({
    x: lo + (i / (COLOUR_SAMPLES - 1)) * (hi - lo),
    r: rgb[3 * i]!,
    g: rgb[3 * i + 1]!,
    b: rgb[3 * i + 2]!,
    midpoint: 0.5,
    sharpness: 0,
  }));
}

/** The nodes of a colour function, copied out. */
export function readColourNodes(colour: vtkColorTransferFunction): ColourNode[] {
  const nodes: ColourNode[] = [];
  const value = [0, 0, 0, 0, 0, 0];
  for (let i = 0; i < colour.getSize(); i++) {
    colour.getNodeValue(i, value);
    nodes.push({ x: value[0]!, r: value[1]!, g: value[2]!, b: value[3]!, midpoint: value[4]!, sharpness: value[5]! });
  }
  return nodes;
}
