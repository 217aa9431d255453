// gaussian-smoothing: separable Gaussian with sigma given in millimetres.
//
//   gaussian-smoothing <input> <output> --memory-io [--sigma S]
//
// Per axis sigma_voxels = S / spacing[axis] (anisotropic spacing honoured),
// kernel exp(-i^2 / (2 sigma_voxels^2)) for |i| <= ceil(3 sigma_voxels),
// normalised to sum 1, border replicated. Passes run x, then y, then z.
// Output: float32 with the input's geometry.
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "../common/grid.h"
#include "../common/pipeline.h"

namespace {

using itkwasm::Grid3;
using itkwasm::Image;

std::vector<float> gaussianKernel(double sigmaVoxels) {
  if (!(sigmaVoxels > 0.0)) return {1.0f};
  const int radius = int(std::ceil(3.0 * sigmaVoxels));
  std::vector<double> w(size_t(2 * radius + 1));
  double sum = 0.0;
  for (int i = -radius; i <= radius; ++i) {
    w[size_t(i + radius)] = std::exp(-double(i) * i / (2.0 * sigmaVoxels * sigmaVoxels));
    sum += w[size_t(i + radius)];
  }
  std::vector<float> k(w.size());
  for (size_t i = 0; i < w.size(); ++i) k[i] = float(w[i] / sum);
  return k;
}

// Note on structure: the per-row / per-slice work is in functions called
// once per row / slice, because WebAssembly engines switch a function to
// optimised code on its next call only (no on-stack replacement).

// x pass of one row: input (any type) -> out (float), row padded with
// replicated ends.
template <class T>
__attribute__((noinline)) void convolveRowX(const T *src, float *dst, size_t nx, const std::vector<float> &k,
                                            float *padded) {
  const int r = int(k.size() / 2);
  for (int i = 0; i < r; ++i) padded[i] = float(src[0]);
  for (size_t x = 0; x < nx; ++x) padded[size_t(r) + x] = float(src[x]);
  for (int i = 0; i < r; ++i) padded[size_t(r) + nx + size_t(i)] = float(src[nx - 1]);
  for (size_t x = 0; x < nx; ++x) dst[x] = 0.0f;
  for (size_t j = 0; j < k.size(); ++j) {
    const float w = k[j];
    const float *q = padded + j;
    for (size_t x = 0; x < nx; ++x) dst[x] += w * q[x];
  }
}

template <class T>
void convolveX(const T *in, float *out, const Grid3 &g, const std::vector<float> &k) {
  const size_t nx = g.n[0], rows = g.n[1] * g.n[2];
  std::vector<float> padded(nx + k.size());
  for (size_t row = 0; row < rows; ++row) convolveRowX<T>(in + row * nx, out + row * nx, nx, k, padded.data());
}

// Pass along axis 1 (y) or 2 (z) for one slice z: out row = sum_j k_j *
// in row at clamped (index + j - r); rows are contiguous in x, so the inner
// loops vectorise.
__attribute__((noinline)) void convolveSliceYZ(const float *in, float *out, const Grid3 &g,
                                               const std::vector<float> &k, int axis, size_t z) {
  const size_t nx = g.n[0], ny = g.n[1], nz = g.n[2];
  const long long r = (long long)(k.size() / 2);
  const long long n = (long long)(axis == 1 ? ny : nz);
  for (size_t y = 0; y < ny; ++y) {
    float *dst = out + (z * ny + y) * nx;
    for (size_t x = 0; x < nx; ++x) dst[x] = 0.0f;
    const long long c = (long long)(axis == 1 ? y : z);
    for (long long j = -r; j <= r; ++j) {
      const size_t s = size_t(itkwasm::clampIndex(c + j, n));
      const float *src = axis == 1 ? in + (z * ny + s) * nx : in + (s * ny + y) * nx;
      const float w = k[size_t(j + r)];
      for (size_t x = 0; x < nx; ++x) dst[x] += w * src[x];
    }
  }
}

void convolveYZ(const float *in, float *out, const Grid3 &g, const std::vector<float> &k, int axis) {
  for (size_t z = 0; z < g.n[2]; ++z) convolveSliceYZ(in, out, g, k, axis, z);
}

}  // namespace

int main(int argc, char **argv) {
  itkwasm::Pipeline pipeline("gaussian-smoothing",
                             "Separable Gaussian smoothing with sigma in millimetres (sigma_voxels = sigma / spacing "
                             "per axis, kernel truncated at ceil(3 sigma_voxels), normalised, replicated border). "
                             "The output is float32 with the input geometry.",
                             argc, argv);
  pipeline.addInput("input", "INPUT_IMAGE", "The input image");
  pipeline.addOutput("output", "OUTPUT_IMAGE", "The smoothed float32 image");
  pipeline.addParameter("sigma", "FLOAT", "Gaussian standard deviation in millimetres (physical units)", "1");
  ITK_WASM_PARSE(pipeline);

  const double sigma = pipeline.floatValue("sigma");
  if (sigma < 0.0) return pipeline.fail(itkwasm::kValidationError, "--sigma: %g must not be negative", sigma);

  Image input;
  if (!pipeline.readImage("input", input)) return itkwasm::kProcessingError;
  Grid3 grid;
  if (!itkwasm::scalarGrid(pipeline, input, grid)) return itkwasm::kProcessingError;

  std::vector<float> kernels[3];
  for (int d = 0; d < 3; ++d) {
    kernels[d] = d < int(input.dimension) ? gaussianKernel(sigma / grid.spacing[d]) : std::vector<float>{1.0f};
    if (kernels[d].size() > 200001)
      return pipeline.fail(itkwasm::kValidationError, "--sigma: %g mm gives a kernel of %zu voxels along axis %d",
                           sigma, kernels[d].size(), d);
  }

  Image output = input.cloneGeometry();
  output.componentType = itkwasm::ComponentType::Float32;
  if (!output.allocate()) return pipeline.fail(itkwasm::kProcessingError, "gaussian-smoothing: out of memory");
  if (grid.voxels() > 0) {
    // malloc, not std::vector: no exceptions in this build, a failed vector
    // allocation would abort the (cached) module instead of reporting
    float *temp = static_cast<float *>(std::malloc(grid.voxels() * sizeof(float)));
    if (temp == nullptr) return pipeline.fail(itkwasm::kProcessingError, "gaussian-smoothing: out of memory");
    float *out = output.dataAs<float>();
    // x: input -> out, y: out -> temp, z: temp -> out
    itkwasm::dispatchComponentType(input.componentType, [&](auto tag) {
      using T = decltype(tag);
      convolveX<T>(input.dataAs<T>(), out, grid, kernels[0]);
    });
    convolveYZ(out, temp, grid, kernels[1], 1);
    convolveYZ(temp, out, grid, kernels[2], 2);
    std::free(temp);
  }
  return pipeline.writeImage("output", output);
}
