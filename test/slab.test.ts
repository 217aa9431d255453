import vtkImageResliceMapper from '@kitware/vtk.js/Rendering/Core/ImageResliceMapper';
import { SlabTypes } from '@kitware/vtk.js/Rendering/Core/ImageResliceMapper/Constants';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { SLAB_LOOP_FIXES, fixSlabLoop } from '../src/views/slab-shader-fix';
import { MAX_SLAB_MM, THIN_SLICE, applySlab, isThin, parseSlab, slabLabel } from '../src/views/slab';

describe('slab settings', () => {
  it('reads what a user typed: empty, 0, negative or junk is the thin slice', () => {
    expect(parseSlab('10', 'max')).toEqual({ mode: 'max', thicknessMm: 10 });
    expect(parseSlab(' 2.5 ', 'mean')).toEqual({ mode: 'mean', thicknessMm: 2.5 });
    for (const typed of ['', '0', '-3', 'ten', 'NaN', 'Infinity']) expect(isThin(parseSlab(typed, 'max')), typed).toBe(true);
    expect(isThin(parseSlab('10', 'off'))).toBe(true);
    expect(isThin(parseSlab('10', '<b>max</b>'))).toBe(true);
    expect(parseSlab('1e6', 'min')).toEqual({ mode: 'min', thicknessMm: MAX_SLAB_MM });
  });

  it('labels the corner text', () => {
    expect(slabLabel({ mode: 'max', thicknessMm: 10 })).toBe('MIP 10 mm');
    expect(slabLabel({ mode: 'min', thicknessMm: 7.25 })).toBe('MinIP 7.3 mm');
    expect(slabLabel({ mode: 'mean', thicknessMm: 3 })).toBe('Mean 3 mm');
    expect(slabLabel(THIN_SLICE)).toBe('');
  });

  it('sets vtk.js reslice mapper slab thickness and type', () => {
    const mapper = vtkImageResliceMapper.newInstance();
    applySlab(mapper, { mode: 'max', thicknessMm: 10 });
    expect([mapper.getSlabThickness(), mapper.getSlabType()]).toEqual([10, SlabTypes.MAX]);
    applySlab(mapper, { mode: 'min', thicknessMm: 4 });
    expect([mapper.getSlabThickness(), mapper.getSlabType()]).toEqual([4, SlabTypes.MIN]);
    applySlab(mapper, { mode: 'mean', thicknessMm: 4 });
    expect(mapper.getSlabType()).toBe(SlabTypes.MEAN);
    applySlab(mapper, THIN_SLICE);
    expect(mapper.getSlabThickness()).toBe(0);
  });
});

describe("the fix of vtk.js's slab loop", () => {
  it('finds the lines it replaces in the installed vtk.js, once each (an upgrade that changes the loop fails here)', () => {
    const path = createRequire(import.meta.url).resolve('@kitware/vtk.js/Rendering/OpenGL/ImageResliceMapper.js');
    const source = readFileSync(path, 'utf8');
    for (const { shipped } of SLAB_LOOP_FIXES) expect(source.split(JSON.stringify(shipped)).length - 1, shipped).toBe(1);
    // The loop it fixes: offsets of fnumSlices steps, the face sample dividing by the same count.
    expect(source).toContain('vertexWCVSOutput.xyz - fnumSlices * normalxspacing * vboScaling');
    expect(source).toContain('normalxspacing = slabNormal * slabThickness * 0.5 / fnumSlices;');
    expect(source).toContain('distTraveled += length(normalxspacing);');
    expect(source).toContain('while (distTraveled < slabThickness * 0.5)');
    const loop = SLAB_LOOP_FIXES.map((f) => f.shipped).join('\n');
    expect(fixSlabLoop(loop)).toBe(SLAB_LOOP_FIXES.map((f) => f.fixed).join('\n'));
    expect(fixSlabLoop('void main() {}')).toBe('void main() {}');
  });

  it('samples the fixed loop takes: k steps out for the k-th pair, the last on the faces', () => {
    // The GLSL loop, fixed, step for step (one side; both sides inside the volume).
    const offsets = (thickness: number, step: number) => {
      const taken: number[] = [];
      let spacing = step;
      let travelled = 0;
      while (travelled < thickness * 0.5) {
        travelled += spacing;
        const k = Math.floor(travelled / step + 0.5);
        if (travelled > thickness * 0.5) spacing = (thickness * 0.5) / k;
        taken.push(k * spacing);
      }
      return taken;
    };
    expect(offsets(4, 0.5)).toEqual([0.5, 1, 1.5, 2]);
    expect(offsets(4.3, 0.5).map((v) => Number(v.toFixed(9)))).toEqual([0.5, 1, 1.5, 2, 2.15]);
    expect(offsets(10, 0.5).at(-1)).toBe(5);
  });
});
