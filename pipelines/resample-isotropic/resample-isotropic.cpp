// resample-isotropic: trilinear resampling onto an isotropic grid.
//
//   resample-isotropic <input> <output> --memory-io [--spacing S]
//
// S defaults to the smallest input spacing. The output grid covers the same
// physical extent: same origin (first voxel centre) and direction, spacing S
// on every axis, size_axis = floor((n_axis - 1) * spacing_axis / S + 1e-6) + 1
// (the 1e-6 absorbs round-off when the ratio is an integer). Output voxel i
// samples the input at continuous index i * S / spacing_axis. Output: float32.
#include <cmath>
#include <vector>

#include "../common/grid.h"
#include "../common/pipeline.h"

namespace {

using itkwasm::Grid3;
using itkwasm::Image;

struct AxisSamples {
  std::vector<size_t> i0, i1;
  std::vector<double> f;  // weight of i1
};

AxisSamples axisSamples(size_t nOut, size_t nIn, double step) {
  AxisSamples s;
  s.i0.resize(nOut);
  s.i1.resize(nOut);
  s.f.resize(nOut);
  for (size_t i = 0; i < nOut; ++i) {
    double c = double(i) * step;
    if (c > double(nIn - 1)) c = double(nIn - 1);
    size_t i0 = size_t(std::floor(c));
    if (i0 > nIn - 1) i0 = nIn - 1;
    s.i0[i] = i0;
    s.i1[i] = i0 + 1 < nIn ? i0 + 1 : i0;
    s.f[i] = c - double(i0);
  }
  return s;
}

// Separable evaluation of the trilinear weights: per output row, blend the
// four input rows (z0/z1 x y0/y1) on the input x grid, then interpolate
// along x. Same value as the 8-corner formula up to float round-off. One call
// per output row (WebAssembly engines optimise a function from its next call
// on, there is no on-stack replacement).
template <class T>
__attribute__((noinline)) void resampleRow(const T *r00, const T *r01, const T *r10, const T *r11, double fy,
                                           double fz, size_t nx, float *blended, const AxisSamples &ax0,
                                           size_t nOutX, float *dst) {
  const float w00 = float((1 - fz) * (1 - fy)), w01 = float((1 - fz) * fy);
  const float w10 = float(fz * (1 - fy)), w11 = float(fz * fy);
  for (size_t x = 0; x < nx; ++x)
    blended[x] = w00 * float(r00[x]) + w01 * float(r01[x]) + w10 * float(r10[x]) + w11 * float(r11[x]);
  for (size_t x = 0; x < nOutX; ++x) {
    const float a = blended[ax0.i0[x]], c = blended[ax0.i1[x]];
    dst[x] = a + float(ax0.f[x]) * (c - a);
  }
}

template <class T>
void resample(const T *in, float *out, const Grid3 &gIn, const size_t nOut[3], const AxisSamples ax[3]) {
  const size_t nx = gIn.n[0], ny = gIn.n[1];
  std::vector<float> blended(nx);
  for (size_t z = 0; z < nOut[2]; ++z) {
    const size_t z0 = ax[2].i0[z], z1 = ax[2].i1[z];
    for (size_t y = 0; y < nOut[1]; ++y) {
      const size_t y0 = ax[1].i0[y], y1 = ax[1].i1[y];
      resampleRow<T>(in + (z0 * ny + y0) * nx, in + (z0 * ny + y1) * nx, in + (z1 * ny + y0) * nx,
                     in + (z1 * ny + y1) * nx, ax[1].f[y], ax[2].f[z], nx, blended.data(), ax[0], nOut[0],
                     out + (z * nOut[1] + y) * nOut[0]);
    }
  }
}

}  // namespace

int main(int argc, char **argv) {
  itkwasm::Pipeline pipeline("resample-isotropic",
                             "Trilinear resampling onto an isotropic grid with the same origin, direction and "
                             "physical extent. The output is float32.",
                             argc, argv);
  pipeline.addInput("input", "INPUT_IMAGE", "The input image");
  pipeline.addOutput("output", "OUTPUT_IMAGE", "The resampled float32 image");
  pipeline.addParameter("spacing", "FLOAT",
                        "Output spacing in millimetres on every axis (default: the smallest input spacing)");
  ITK_WASM_PARSE(pipeline);

  Image input;
  if (!pipeline.readImage("input", input)) return itkwasm::kProcessingError;
  Grid3 grid;
  if (!itkwasm::scalarGrid(pipeline, input, grid)) return itkwasm::kProcessingError;
  const unsigned dim = input.dimension;

  double spacing = grid.spacing[0];
  for (unsigned d = 1; d < dim; ++d) spacing = std::fmin(spacing, grid.spacing[d]);
  if (pipeline.given("spacing")) {
    spacing = pipeline.floatValue("spacing");
    if (!(spacing > 0.0)) return pipeline.fail(itkwasm::kValidationError, "--spacing: %g must be positive", spacing);
  }

  size_t nOut[3] = {1, 1, 1};
  AxisSamples axes[3];
  double voxels = 1.0;
  for (unsigned d = 0; d < 3; ++d) {
    if (d < dim) {
      const size_t n = grid.n[d];
      nOut[d] = n == 0 ? 0 : size_t(std::floor(double(n - 1) * grid.spacing[d] / spacing + 1e-6)) + 1;
      voxels *= double(nOut[d]);
    }
    axes[d] = axisSamples(nOut[d], grid.n[d] > 0 ? grid.n[d] : 1, d < dim ? spacing / grid.spacing[d] : 0.0);
  }
  if (voxels * 4.0 > 3.5e9)
    return pipeline.fail(itkwasm::kValidationError,
                         "--spacing: %g mm gives %.0f output voxels, more than fit in WebAssembly memory", spacing,
                         voxels);

  Image output = input.cloneGeometry();
  output.componentType = itkwasm::ComponentType::Float32;
  for (unsigned d = 0; d < dim; ++d) {
    output.size[d] = nOut[d];
    output.spacing[d] = spacing;
  }
  if (!output.allocate()) return pipeline.fail(itkwasm::kProcessingError, "resample-isotropic: out of memory");
  if (grid.voxels() > 0 && output.numberOfPixels() > 0) {
    itkwasm::dispatchComponentType(input.componentType, [&](auto tag) {
      using T = decltype(tag);
      resample<T>(input.dataAs<T>(), output.dataAs<float>(), grid, nOut, axes);
    });
  }
  return pipeline.writeImage("output", output);
}
