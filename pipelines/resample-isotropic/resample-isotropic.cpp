// resample-isotropic: itk::ResampleImageFilter with itk::LinearInterpolateImageFunction
// onto an isotropic grid.
//
//   resample-isotropic <input> <output> --memory-io [--spacing S]
//
// S defaults to the smallest input spacing. The output grid covers the same
// physical extent: same origin (first voxel centre) and direction, spacing S
// on every axis, size_axis = floor((n_axis - 1) * spacing_axis / S + 1e-6) + 1
// (the 1e-6 absorbs round-off when the ratio is an integer), identity
// transform. Output voxel i thus samples the input at continuous index
// i * S / spacing_axis. Output: float32.
#include <cmath>

#include "itkIdentityTransform.h"
#include "itkLinearInterpolateImageFunction.h"
#include "itkResampleImageFilter.h"

#include "../common/grid.h"
#include "../common/itk_image.h"
#include "../common/itk_run.h"
#include "../common/pipeline.h"

namespace {

using itkwasm::Image;

template <class T>
int resampleIsotropic(itkwasm::Pipeline &pipeline, const Image &input, double spacing, const size_t nOut[3]) {
  using InputType = itkwasm::ItkImage<T>;
  using OutputType = itkwasm::ItkImage<float>;
  auto in = itkwasm::asItkImage<T>(input);
  auto filter = itk::ResampleImageFilter<InputType, OutputType, double>::New();
  filter->SetInput(in);
  filter->SetTransform(itk::IdentityTransform<double, itkwasm::kItkDimension>::New());
  filter->SetInterpolator(itk::LinearInterpolateImageFunction<InputType, double>::New());
  filter->SetDefaultPixelValue(0.0f);
  typename OutputType::SpacingType outSpacing;
  typename OutputType::SizeType outSize;
  for (unsigned d = 0; d < itkwasm::kItkDimension; ++d) {
    outSpacing[d] = d < input.dimension ? spacing : 1.0;
    outSize[d] = nOut[d];
  }
  filter->SetOutputOrigin(in->GetOrigin());
  filter->SetOutputDirection(in->GetDirection());
  filter->SetOutputSpacing(outSpacing);
  filter->SetSize(outSize);
  filter->Update();
  Image output = input.cloneGeometry();
  if (!itkwasm::toAbiImage<float>(filter->GetOutput(), output))
    return pipeline.fail(itkwasm::kProcessingError, "resample-isotropic: out of memory");
  return pipeline.writeImage("output", output);
}

}  // namespace

int main(int argc, char **argv) {
  itkwasm::Pipeline pipeline("resample-isotropic",
                             "itk::ResampleImageFilter with linear interpolation onto an isotropic grid with the same "
                             "origin, direction and physical extent. The output is float32.",
                             argc, argv);
  pipeline.addInput("input", "INPUT_IMAGE", "The input image");
  pipeline.addOutput("output", "OUTPUT_IMAGE", "The resampled float32 image");
  pipeline.addParameter("spacing", "FLOAT",
                        "Output spacing in millimetres on every axis (default: the smallest input spacing)");
  ITK_WASM_PARSE(pipeline);

  Image input;
  if (!pipeline.readImage("input", input)) return itkwasm::kProcessingError;
  itkwasm::Grid3 grid;
  if (!itkwasm::scalarGrid(pipeline, input, grid)) return itkwasm::kProcessingError;
  const unsigned dim = input.dimension;

  double spacing = grid.spacing[0];
  for (unsigned d = 1; d < dim; ++d) spacing = std::fmin(spacing, grid.spacing[d]);
  if (pipeline.given("spacing")) {
    spacing = pipeline.floatValue("spacing");
    if (!(spacing > 0.0)) return pipeline.fail(itkwasm::kValidationError, "--spacing: %g must be positive", spacing);
  }

  size_t nOut[3] = {1, 1, 1};
  double voxels = 1.0;
  for (unsigned d = 0; d < dim; ++d) {
    const size_t n = grid.n[d];
    nOut[d] = n == 0 ? 0 : size_t(std::floor(double(n - 1) * grid.spacing[d] / spacing + 1e-6)) + 1;
    voxels *= double(nOut[d]);
  }
  if (voxels * 4.0 > 3.5e9)
    return pipeline.fail(itkwasm::kValidationError,
                         "--spacing: %g mm gives %.0f output voxels, more than fit in WebAssembly memory", spacing,
                         voxels);
  if (voxels == 0.0) {
    Image output = input.cloneGeometry();
    output.componentType = itkwasm::ComponentType::Float32;
    for (unsigned d = 0; d < dim; ++d) {
      output.size[d] = nOut[d];
      output.spacing[d] = spacing;
    }
    if (!output.allocate()) return pipeline.fail(itkwasm::kProcessingError, "resample-isotropic: out of memory");
    return pipeline.writeImage("output", output);
  }

  return itkwasm::runItk(pipeline, [&] {
    int code = itkwasm::kSuccess;
    itkwasm::dispatchComponentType(input.componentType, [&](auto tag) {
      code = resampleIsotropic<decltype(tag)>(pipeline, input, spacing, nOut);
    });
    return code;
  });
}
