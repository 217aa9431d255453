// gaussian-smoothing: itk::DiscreteGaussianImageFilter with sigma in millimetres.
//
//   gaussian-smoothing <input> <output> --memory-io [--sigma S]
//
// Variance S^2 in physical units (UseImageSpacing: per axis the kernel's
// variance is S^2 / spacing^2 voxels). ITK's kernel is the discrete Gaussian
// of itk::GaussianOperator (modified Bessel functions), grown until it holds
// 1 - kMaximumError of the mass and normalised; the border is zero-flux
// Neumann (replicated). Output: float32 with the input's geometry.
#include <cmath>

#include "itkDiscreteGaussianImageFilter.h"

#include "../common/grid.h"
#include "../common/itk_image.h"
#include "../common/itk_run.h"
#include "../common/pipeline.h"

namespace {

using itkwasm::Image;

// Truncation of the kernel (ITK's default is 0.01, which cuts it at about 2.6 sigma).
constexpr double kMaximumError = 0.001;
// Longest half kernel, in voxels; ITK's default (32) would truncate (with a warning) kernels of a
// few millimetres on sub-millimetre voxels. Never reached below kMaximumSigmaVoxels.
constexpr unsigned kMaximumKernelWidth = 10000;
// itk::GaussianOperator evaluates e^-t I_n(t) as e^-t times I_n(t), and I_n(t) overflows a double
// beyond t = 709 (the variance in voxels): sigma must stay below sqrt(709) voxels on every axis.
constexpr double kMaximumSigmaVoxels = 25.0;

template <class T>
int gaussianSmoothing(itkwasm::Pipeline &pipeline, const Image &input, double sigma) {
  using InputType = itkwasm::ItkImage<T>;
  using OutputType = itkwasm::ItkImage<float>;
  auto filter = itk::DiscreteGaussianImageFilter<InputType, OutputType>::New();
  filter->SetInput(itkwasm::asItkImage<T>(input));
  filter->SetUseImageSpacing(true);
  filter->SetVariance(sigma * sigma);
  filter->SetMaximumError(kMaximumError);
  filter->SetMaximumKernelWidth(kMaximumKernelWidth);
  filter->Update();
  Image output = input.cloneGeometry();
  if (!itkwasm::toAbiImage<float>(filter->GetOutput(), output))
    return pipeline.fail(itkwasm::kProcessingError, "gaussian-smoothing: out of memory");
  return pipeline.writeImage("output", output);
}

}  // namespace

int main(int argc, char **argv) {
  itkwasm::Pipeline pipeline("gaussian-smoothing",
                             "itk::DiscreteGaussianImageFilter with sigma in millimetres (variance sigma^2 / spacing^2 "
                             "voxels per axis, ITK's discrete Gaussian kernel holding 99.9% of the mass, replicated "
                             "border). The output is float32 with the input geometry.",
                             argc, argv);
  pipeline.addInput("input", "INPUT_IMAGE", "The input image");
  pipeline.addOutput("output", "OUTPUT_IMAGE", "The smoothed float32 image");
  pipeline.addParameter("sigma", "FLOAT", "Gaussian standard deviation in millimetres (physical units)", "1");
  ITK_WASM_PARSE(pipeline);

  const double sigma = pipeline.floatValue("sigma");
  if (sigma < 0.0) return pipeline.fail(itkwasm::kValidationError, "--sigma: %g must not be negative", sigma);

  Image input;
  if (!pipeline.readImage("input", input)) return itkwasm::kProcessingError;
  itkwasm::Grid3 grid;
  if (!itkwasm::scalarGrid(pipeline, input, grid)) return itkwasm::kProcessingError;
  for (unsigned d = 0; d < input.dimension; ++d) {
    if (sigma / grid.spacing[d] > kMaximumSigmaVoxels)
      return pipeline.fail(itkwasm::kValidationError,
                           "--sigma: %g mm is %.1f voxels along axis %u; ITK's discrete Gaussian kernel is limited to "
                           "%g voxels",
                           sigma, sigma / grid.spacing[d], d, kMaximumSigmaVoxels);
  }
  if (grid.voxels() == 0) return itkwasm::writeEmptyLike(pipeline, input, itkwasm::ComponentType::Float32);

  return itkwasm::runItk(pipeline, [&] {
    int code = itkwasm::kSuccess;
    itkwasm::dispatchComponentType(input.componentType, [&](auto tag) {
      code = gaussianSmoothing<decltype(tag)>(pipeline, input, sigma);
    });
    return code;
  });
}
