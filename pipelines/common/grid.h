// Helpers shared by the filters: 1-3-D scalar images seen as nx x ny x nz.
#pragma once

#include <cstddef>

#include "image.h"
#include "pipeline.h"

namespace itkwasm {

struct Grid3 {
  size_t n[3] = {1, 1, 1};
  double spacing[3] = {1.0, 1.0, 1.0};
  size_t voxels() const { return n[0] * n[1] * n[2]; }
};

// Checks that `image` is a scalar 1-3-D image with positive spacing, fills
// `grid`; prints why not and returns false otherwise.
inline bool scalarGrid(Pipeline &pipeline, const Image &image, Grid3 &grid) {
  if (image.components != 1) {
    pipeline.fail(kProcessingError, "%s: only scalar images are supported (the input has %u components per pixel)",
                  pipeline.name().c_str(), image.components);
    return false;
  }
  if (image.dimension < 1 || image.dimension > 3) {
    pipeline.fail(kProcessingError, "%s: only 1-D to 3-D images are supported (the input is %u-D)",
                  pipeline.name().c_str(), image.dimension);
    return false;
  }
  for (unsigned d = 0; d < image.dimension; ++d) {
    grid.n[d] = image.size[d];
    grid.spacing[d] = image.spacing[d];
    if (!(image.spacing[d] > 0.0)) {
      pipeline.fail(kProcessingError, "%s: spacing[%u] = %g must be positive", pipeline.name().c_str(), d,
                    image.spacing[d]);
      return false;
    }
  }
  return true;
}

// An image without voxels goes through unchanged (as `componentType`): ITK's
// filters are not run on empty regions.
inline int writeEmptyLike(Pipeline &pipeline, const Image &input, ComponentType componentType) {
  Image output = input.cloneGeometry();
  output.componentType = componentType;
  if (!output.allocate()) return pipeline.fail(kProcessingError, "%s: out of memory", pipeline.name().c_str());
  return pipeline.writeImage("output", output);
}

inline long long clampIndex(long long i, long long n) { return i < 0 ? 0 : (i >= n ? n - 1 : i); }

}  // namespace itkwasm
