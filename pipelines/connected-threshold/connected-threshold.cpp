// connected-threshold: region growing from a seed voxel.
//
//   connected-threshold <input> <output> --memory-io --seed I,J,K --lower L --upper U
//
// Output: uint8 mask with the input's geometry, 1 for the voxels that are
// 6-connected to the seed through voxels whose value lies in [L, U], else 0.
// A seed whose own value is outside [L, U] gives an all-zero mask; a seed
// outside the image is an error.
#include <cstdint>
#include <cstring>
#include <vector>

#include "../common/grid.h"
#include "../common/pipeline.h"

namespace {

using itkwasm::Grid3;
using itkwasm::Image;

// Scanline flood fill: a popped seed grows into the whole run of eligible
// voxels along x, then the four neighbouring rows (y +- 1, z +- 1) under the
// run get one seed per eligible, not yet filled segment. Same result as a
// voxel-by-voxel 6-connected fill, without per-voxel index arithmetic.
struct Seed {
  uint32_t x, y, z;
};

template <class T>
struct Fill {
  const T *in;
  uint8_t *mask;
  size_t nx, ny, nz;
  double lower, upper;
  std::vector<Seed> stack;

  bool inside(size_t i) const {
    const double v = double(in[i]);
    return v >= lower && v <= upper;
  }

  // Pushes one seed per eligible, unfilled segment of row (y, z) in [x0, x1].
  void scan(size_t x0, size_t x1, size_t y, size_t z) {
    const size_t row = (z * ny + y) * nx;
    bool inSegment = false;
    for (size_t x = x0; x <= x1; ++x) {
      const bool eligible = !mask[row + x] && inside(row + x);
      if (eligible && !inSegment) stack.push_back(Seed{uint32_t(x), uint32_t(y), uint32_t(z)});
      inSegment = eligible;
    }
  }

  // Fills the run through seed s and queues its neighbours (one call per run:
  // WebAssembly engines optimise a function from its next call on).
  __attribute__((noinline)) void fillRun(Seed s) {
    const size_t rowStart = (size_t(s.z) * ny + s.y) * nx;
    if (mask[rowStart + s.x]) return;
    size_t x0 = s.x, x1 = s.x;
    while (x0 > 0 && !mask[rowStart + x0 - 1] && inside(rowStart + x0 - 1)) --x0;
    while (x1 + 1 < nx && !mask[rowStart + x1 + 1] && inside(rowStart + x1 + 1)) ++x1;
    std::memset(mask + rowStart + x0, 1, x1 - x0 + 1);
    if (s.y > 0) scan(x0, x1, s.y - 1, s.z);
    if (s.y + 1 < ny) scan(x0, x1, s.y + 1, s.z);
    if (s.z > 0) scan(x0, x1, s.y, s.z - 1);
    if (s.z + 1 < nz) scan(x0, x1, s.y, s.z + 1);
  }

  void run(const size_t seed[3]) {
    if (!inside((seed[2] * ny + seed[1]) * nx + seed[0])) return;
    stack.reserve(1024);
    stack.push_back(Seed{uint32_t(seed[0]), uint32_t(seed[1]), uint32_t(seed[2])});
    while (!stack.empty()) {
      const Seed s = stack.back();
      stack.pop_back();
      fillRun(s);
    }
  }
};

}  // namespace

int main(int argc, char **argv) {
  itkwasm::Pipeline pipeline("connected-threshold",
                             "Region growing: a uint8 mask of the voxels 6-connected to the seed whose values lie in "
                             "[lower, upper]. The output has the input geometry.",
                             argc, argv);
  pipeline.addInput("input", "INPUT_IMAGE", "The input image");
  pipeline.addOutput("output", "OUTPUT_IMAGE", "The uint8 mask (1 inside the region, 0 elsewhere)");
  pipeline.addParameter("seed", "INT", "Seed voxel index I,J,K (zero based, along x, y, z)", "", true, 3);
  pipeline.addParameter("lower", "FLOAT", "Lowest value included in the region (inclusive, e.g. HU)", "", true);
  pipeline.addParameter("upper", "FLOAT", "Highest value included in the region (inclusive, e.g. HU)", "", true);
  ITK_WASM_PARSE(pipeline);

  const double lower = pipeline.floatValue("lower");
  const double upper = pipeline.floatValue("upper");

  Image input;
  if (!pipeline.readImage("input", input)) return itkwasm::kProcessingError;
  Grid3 grid;
  if (!itkwasm::scalarGrid(pipeline, input, grid)) return itkwasm::kProcessingError;
  if (grid.voxels() > 0xFFFFFFFFull)
    return pipeline.fail(itkwasm::kProcessingError, "connected-threshold: the image has too many voxels");

  long long seedIndex[3];
  size_t seed[3];
  for (int d = 0; d < 3; ++d) {
    seedIndex[d] = pipeline.intValue("seed", size_t(d));
  }
  for (int d = 0; d < 3; ++d) {
    if (seedIndex[d] < 0 || seedIndex[d] >= (long long)grid.n[d]) {
      return pipeline.fail(itkwasm::kProcessingError,
                           "connected-threshold: the seed index (%lld, %lld, %lld) is outside the image, whose size "
                           "is %zu x %zu x %zu voxels",
                           seedIndex[0], seedIndex[1], seedIndex[2], grid.n[0], grid.n[1], grid.n[2]);
    }
    seed[d] = size_t(seedIndex[d]);
  }

  Image output = input.cloneGeometry();
  output.componentType = itkwasm::ComponentType::UInt8;
  if (!output.allocate()) return pipeline.fail(itkwasm::kProcessingError, "connected-threshold: out of memory");
  std::memset(output.data(), 0, output.byteLength());
  itkwasm::dispatchComponentType(input.componentType, [&](auto tag) {
    using T = decltype(tag);
    Fill<T> fill{input.dataAs<T>(), output.dataAs<uint8_t>(), grid.n[0], grid.n[1], grid.n[2], lower, upper, {}};
    fill.run(seed);
  });
  return pipeline.writeImage("output", output);
}
