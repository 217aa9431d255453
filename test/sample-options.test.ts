import { describe, expect, it } from 'vitest';
import { sampleOptionsFromUrl } from '../src/ui/sample-options';

describe('sample options from the URL', () => {
  it('loads the default phantom on a plain first visit, none on request, options as JSON', () => {
    expect(sampleOptionsFromUrl('')).toEqual({});
    expect(sampleOptionsFromUrl('?sample')).toEqual({});
    expect(sampleOptionsFromUrl('?sample=none')).toBeNull();
    expect(sampleOptionsFromUrl(`?sample=${encodeURIComponent('{"reverse":true,"tiltDeg":10}')}`)).toEqual({
      reverse: true,
      tiltDeg: 10,
    });
    expect(sampleOptionsFromUrl('?sample=%7Bbroken')).toEqual({});
    expect(sampleOptionsFromUrl('?sample=[1,2]')).toEqual({});
  });
});
