// otsu-multiple-thresholds: itk::OtsuMultipleThresholdsImageFilter, an automatic split of the
// voxel values into N + 1 classes (e.g. air / fat / soft tissue / bone).
//
//   otsu-multiple-thresholds <input> <output> --memory-io [--thresholds N] [--bins B] [--valley-emphasis]
//
// Output: uint8 label image with the input's geometry, label k (0..N) for the voxels between
// threshold k and k + 1. The thresholds found are printed on stdout.
#include <cstdint>
#include <cstdio>
#include <string>

#include "itkOtsuMultipleThresholdsImageFilter.h"

#include "../common/exit_codes.h"
#include "../common/grid.h"
#include "../common/itk_image.h"
#include "../common/itk_run.h"
#include "../common/pipeline.h"

namespace {

using itkwasm::Image;

template <class T>
int otsuMultipleThresholds(itkwasm::Pipeline &pipeline, const Image &input, unsigned thresholds, unsigned bins,
                           bool valleyEmphasis) {
  using InputType = itkwasm::ItkImage<T>;
  using LabelType = itkwasm::ItkImage<uint8_t>;
  auto filter = itk::OtsuMultipleThresholdsImageFilter<InputType, LabelType>::New();
  filter->SetInput(itkwasm::asItkImage<T>(input));
  filter->SetNumberOfThresholds(thresholds);
  filter->SetNumberOfHistogramBins(bins);
  filter->SetValleyEmphasis(valleyEmphasis);
  filter->Update();
  std::string found = "thresholds:";
  for (double t : filter->GetThresholds()) {
    char text[32];
    std::snprintf(text, sizeof text, " %.6g", t);
    found += text;
  }
  itkwasm::writeLine(stdout, found);
  Image output = input.cloneGeometry();
  if (!itkwasm::toAbiImage<uint8_t>(filter->GetOutput(), output))
    return pipeline.fail(itkwasm::kProcessingError, "otsu-multiple-thresholds: out of memory");
  return pipeline.writeImage("output", output);
}

}  // namespace

int main(int argc, char **argv) {
  itkwasm::Pipeline pipeline("otsu-multiple-thresholds",
                             "itk::OtsuMultipleThresholdsImageFilter: N thresholds that maximise the between-class "
                             "variance of the histogram; the output is a uint8 label image (0..N).",
                             argc, argv);
  pipeline.addInput("input", "INPUT_IMAGE", "The input image");
  pipeline.addOutput("output", "OUTPUT_IMAGE", "The uint8 label image (0 .. thresholds)");
  pipeline.addParameter("thresholds", "INT", "Number of thresholds (classes - 1)", "2");
  pipeline.addParameter("bins", "INT", "Number of histogram bins", "128");
  pipeline.addFlag("valley-emphasis", "Prefer thresholds in valleys of the histogram (Ng's valley emphasis)");
  ITK_WASM_PARSE(pipeline);

  const long long thresholds = pipeline.intValue("thresholds");
  if (thresholds < 1 || thresholds > 4)
    return pipeline.fail(itkwasm::kValidationError, "--thresholds: %lld is outside [1, 4]", thresholds);
  const long long bins = pipeline.intValue("bins");
  // The search tries every combination of thresholds over the bins: C(bins, N) grows fast.
  if (bins < 2 || bins > 1024 || (thresholds > 2 && bins > 128))
    return pipeline.fail(itkwasm::kValidationError,
                         "--bins: %lld is outside [2, 1024] (and [2, 128] for more than 2 thresholds)", bins);

  Image input;
  if (!pipeline.readImage("input", input)) return itkwasm::kProcessingError;
  itkwasm::Grid3 grid;
  if (!itkwasm::scalarGrid(pipeline, input, grid)) return itkwasm::kProcessingError;
  if (grid.voxels() == 0) return itkwasm::writeEmptyLike(pipeline, input, itkwasm::ComponentType::UInt8);

  return itkwasm::runItk(pipeline, [&] {
    int code = itkwasm::kSuccess;
    itkwasm::dispatchComponentType(input.componentType, [&](auto tag) {
      code = otsuMultipleThresholds<decltype(tag)>(pipeline, input, unsigned(thresholds), unsigned(bins),
                                                   pipeline.flag("valley-emphasis"));
    });
    return code;
  });
}
