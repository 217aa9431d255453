import { describe, expect, it } from 'vitest';
import { paneCanvasRect, parseTextShadow, relativeBox } from '../src/ui/pane-region';

describe('pane regions of the canvas', () => {
  const canvas = { left: 300, top: 0, width: 800, height: 600 };

  it('maps a pane of a 2×2 grid to its device pixels at ratio 1 and 2', () => {
    const axial = { left: 300, top: 0, width: 400, height: 300 };
    const sagittal = { left: 700, top: 300, width: 400, height: 300 };
    expect(paneCanvasRect(axial, canvas, { width: 800, height: 600 })).toEqual({ x: 0, y: 0, width: 400, height: 300 });
    expect(paneCanvasRect(sagittal, canvas, { width: 1600, height: 1200 })).toEqual({ x: 800, y: 600, width: 800, height: 600 });
  });

  it('rounds fractional edges so neighbouring panes neither overlap nor leave a gap', () => {
    const left = paneCanvasRect({ left: 300, top: 0, width: 400.5, height: 300 }, canvas, { width: 800, height: 600 });
    const right = paneCanvasRect({ left: 700.5, top: 0, width: 399.5, height: 300 }, canvas, { width: 800, height: 600 });
    expect(left.x + left.width).toBe(right.x);
    expect(right.x + right.width).toBe(800);
  });

  it('clamps a pane that reaches past the canvas, and gives nothing for a hidden canvas', () => {
    expect(paneCanvasRect({ left: 250, top: -10, width: 200, height: 700 }, canvas, { width: 800, height: 600 })).toEqual({
      x: 0,
      y: 0,
      width: 150,
      height: 600,
    });
    expect(paneCanvasRect(canvas, { ...canvas, width: 0 }, { width: 1, height: 1 }).width).toBe(0);
  });

  it('places an overlay relative to its pane', () => {
    expect(relativeBox({ left: 310, top: 4, width: 20, height: 12 }, { left: 300, top: 0 })).toEqual({
      left: 10,
      top: 4,
      width: 20,
      height: 12,
    });
  });
});

describe('text shadows', () => {
  it('reads the computed form, colour first, and the authored one, colour last', () => {
    expect(parseTextShadow('rgb(0, 0, 0) 0px 0px 3px')).toEqual({ colour: 'rgb(0, 0, 0)', offsetX: 0, offsetY: 0, blur: 3 });
    expect(parseTextShadow('1px 2px #000')).toEqual({ colour: '#000', offsetX: 1, offsetY: 2, blur: 0 });
    expect(parseTextShadow('rgba(0, 0, 0, 0.5) 1px -1px 2px, red 0px 0px 1px')).toEqual({
      colour: 'rgba(0, 0, 0, 0.5)',
      offsetX: 1,
      offsetY: -1,
      blur: 2,
    });
  });

  it('gives nothing for none or nonsense', () => {
    expect(parseTextShadow('none')).toBeNull();
    expect(parseTextShadow('')).toBeNull();
    expect(parseTextShadow('3px')).toBeNull();
  });
});
