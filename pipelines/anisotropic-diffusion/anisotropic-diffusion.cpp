// anisotropic-diffusion: itk::GradientAnisotropicDiffusionImageFilter, edge-preserving
// smoothing (Perona-Malik) for noisy, e.g. low-dose, CT.
//
//   anisotropic-diffusion <input> <output> --memory-io [--iterations N] [--conductance K] [--time-step T]
//
// The conductance is relative: ITK scales it by the image's mean squared gradient magnitude,
// so the same value suits HU and other units (lower keeps more edges). The time step is in the
// units of the spacing; the scheme is stable up to min(spacing) / 2^(dimension + 1), which is the
// default. Output: float32 with the input's geometry.
#include <cmath>

#include "itkGradientAnisotropicDiffusionImageFilter.h"

#include "../common/grid.h"
#include "../common/itk_image.h"
#include "../common/itk_run.h"
#include "../common/pipeline.h"

namespace {

using itkwasm::Image;

template <class T>
int anisotropicDiffusion(itkwasm::Pipeline &pipeline, const Image &input, unsigned iterations, double conductance,
                         double timeStep) {
  using InputType = itkwasm::ItkImage<T>;
  using OutputType = itkwasm::ItkImage<float>;
  auto filter = itk::GradientAnisotropicDiffusionImageFilter<InputType, OutputType>::New();
  filter->SetInput(itkwasm::asItkImage<T>(input));
  filter->SetNumberOfIterations(iterations);
  filter->SetConductanceParameter(conductance);
  filter->SetTimeStep(timeStep);
  filter->Update();
  Image output = input.cloneGeometry();
  if (!itkwasm::toAbiImage<float>(filter->GetOutput(), output))
    return pipeline.fail(itkwasm::kProcessingError, "anisotropic-diffusion: out of memory");
  return pipeline.writeImage("output", output);
}

}  // namespace

int main(int argc, char **argv) {
  itkwasm::Pipeline pipeline("anisotropic-diffusion",
                             "itk::GradientAnisotropicDiffusionImageFilter: edge-preserving denoising. The output is "
                             "float32 with the input geometry.",
                             argc, argv);
  pipeline.addInput("input", "INPUT_IMAGE", "The input image");
  pipeline.addOutput("output", "OUTPUT_IMAGE", "The denoised float32 image");
  pipeline.addParameter("iterations", "INT", "Number of diffusion iterations", "5");
  pipeline.addParameter("conductance", "FLOAT",
                        "Conductance, relative to the mean gradient (lower preserves more edges)", "1");
  pipeline.addParameter("time-step", "FLOAT",
                        "Time step in millimetres (default: the stable min(spacing) / 2^(dimension + 1))");
  ITK_WASM_PARSE(pipeline);

  const long long iterations = pipeline.intValue("iterations");
  if (iterations < 0 || iterations > 100)
    return pipeline.fail(itkwasm::kValidationError, "--iterations: %lld is outside [0, 100]", iterations);
  const double conductance = pipeline.floatValue("conductance");
  if (!(conductance > 0.0))
    return pipeline.fail(itkwasm::kValidationError, "--conductance: %g must be positive", conductance);

  Image input;
  if (!pipeline.readImage("input", input)) return itkwasm::kProcessingError;
  itkwasm::Grid3 grid;
  if (!itkwasm::scalarGrid(pipeline, input, grid)) return itkwasm::kProcessingError;

  // ITK checks stability against min(spacing) / 2^(3 + 1) of the 3-D image it runs on; the
  // padded axes of a 1-D or 2-D input have spacing 1 (itk_image.h), so they count too.
  double minSpacing = input.dimension < itkwasm::kItkDimension ? 1.0 : grid.spacing[0];
  for (unsigned d = 0; d < input.dimension; ++d) minSpacing = std::fmin(minSpacing, grid.spacing[d]);
  const double stable = minSpacing / std::pow(2.0, double(itkwasm::kItkDimension) + 1.0);
  double timeStep = stable;
  if (pipeline.given("time-step")) {
    timeStep = pipeline.floatValue("time-step");
    if (!(timeStep > 0.0) || timeStep > stable)
      return pipeline.fail(itkwasm::kValidationError,
                           "--time-step: %g is outside (0, %g], the stable range for a smallest spacing of %g mm",
                           timeStep, stable, minSpacing);
  }
  if (grid.voxels() == 0) return itkwasm::writeEmptyLike(pipeline, input, itkwasm::ComponentType::Float32);

  return itkwasm::runItk(pipeline, [&] {
    int code = itkwasm::kSuccess;
    itkwasm::dispatchComponentType(input.componentType, [&](auto tag) {
      code = anisotropicDiffusion<decltype(tag)>(pipeline, input, unsigned(iterations), conductance, timeStep);
    });
    return code;
  });
}
