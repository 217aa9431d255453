// tissue-mask: a binary mask of one tissue class (bone, air, soft tissue) from its HU range,
// cleaned up with ITK's binary morphology and reduced to the largest connected component.
//
//   tissue-mask <input> <output> --memory-io [--lower L] [--upper U] [--radius R] [--all-components]
//
//   1. itk::BinaryThresholdImageFilter: 1 for L <= value <= U
//   2. itk::BinaryMorphologicalClosingImageFilter, then ...OpeningImageFilter, with an
//      itk::BinaryBallStructuringElement of R millimetres: round(R / spacing) voxels per axis
//      (an ellipsoid in voxels, a ball in millimetres); skipped when that is 0 on every axis
//   3. itk::ConnectedComponentImageFilter (face connected) + itk::RelabelComponentImageFilter
//      (labels sorted by size): the largest component is kept, unless --all-components
// Output: uint8 mask (1 inside) with the input's geometry.
#include <cmath>
#include <cstdint>
#include <cstring>

#include "itkBinaryBallStructuringElement.h"
#include "itkBinaryMorphologicalClosingImageFilter.h"
#include "itkBinaryMorphologicalOpeningImageFilter.h"
#include "itkBinaryThresholdImageFilter.h"
#include "itkConnectedComponentImageFilter.h"
#include "itkRelabelComponentImageFilter.h"

#include "../common/grid.h"
#include "../common/itk_image.h"
#include "../common/itk_run.h"
#include "../common/pipeline.h"
#include "../common/threshold_range.h"

namespace {

using itkwasm::Image;
using MaskType = itkwasm::ItkImage<uint8_t>;
using Ball = itk::BinaryBallStructuringElement<uint8_t, itkwasm::kItkDimension>;

// Closing then opening, both with `ball`.
MaskType::Pointer closeThenOpen(MaskType *mask, const Ball &ball) {
  auto closing = itk::BinaryMorphologicalClosingImageFilter<MaskType, MaskType, Ball>::New();
  closing->SetInput(mask);
  closing->SetKernel(ball);
  closing->SetForegroundValue(1);
  auto opening = itk::BinaryMorphologicalOpeningImageFilter<MaskType, MaskType, Ball>::New();
  opening->SetInput(closing->GetOutput());
  opening->SetKernel(ball);
  opening->SetForegroundValue(1);
  opening->SetBackgroundValue(0);
  opening->Update();
  MaskType::Pointer result = opening->GetOutput();
  result->DisconnectPipeline();
  return result;
}

MaskType::Pointer largestComponent(MaskType *mask) {
  using LabelType = itkwasm::ItkImage<uint32_t>;
  auto components = itk::ConnectedComponentImageFilter<MaskType, LabelType>::New();
  components->SetInput(mask);
  components->SetFullyConnected(false);
  auto relabel = itk::RelabelComponentImageFilter<LabelType, LabelType>::New();
  relabel->SetInput(components->GetOutput());
  relabel->SetSortByObjectSize(true);
  auto largest = itk::BinaryThresholdImageFilter<LabelType, MaskType>::New();
  largest->SetInput(relabel->GetOutput());
  largest->SetLowerThreshold(1);
  largest->SetUpperThreshold(1);
  largest->SetInsideValue(1);
  largest->SetOutsideValue(0);
  largest->Update();
  MaskType::Pointer result = largest->GetOutput();
  result->DisconnectPipeline();
  return result;
}

template <class T>
int tissueMask(itkwasm::Pipeline &pipeline, const Image &input, double lower, double upper,
               const Ball::SizeType &radius, bool allComponents) {
  Image output = input.cloneGeometry();
  T lo{}, hi{};
  if (!itkwasm::thresholdRange<T>(lower, upper, lo, hi)) {  // no voxel value qualifies
    output.componentType = itkwasm::ComponentType::UInt8;
    if (!output.allocate()) return pipeline.fail(itkwasm::kProcessingError, "tissue-mask: out of memory");
    std::memset(output.data(), 0, output.byteLength());
    return pipeline.writeImage("output", output);
  }
  using InputType = itkwasm::ItkImage<T>;
  auto threshold = itk::BinaryThresholdImageFilter<InputType, MaskType>::New();
  threshold->SetInput(itkwasm::asItkImage<T>(input));
  threshold->SetLowerThreshold(lo);
  threshold->SetUpperThreshold(hi);
  threshold->SetInsideValue(1);
  threshold->SetOutsideValue(0);
  threshold->Update();
  MaskType::Pointer mask = threshold->GetOutput();
  if (radius[0] > 0 || radius[1] > 0 || radius[2] > 0) {
    Ball ball;
    ball.SetRadius(radius);
    ball.CreateStructuringElement();
    mask = closeThenOpen(mask, ball);
  }
  if (!allComponents) mask = largestComponent(mask);
  if (!itkwasm::toAbiImage<uint8_t>(mask, output))
    return pipeline.fail(itkwasm::kProcessingError, "tissue-mask: out of memory");
  return pipeline.writeImage("output", output);
}

}  // namespace

int main(int argc, char **argv) {
  itkwasm::Pipeline pipeline("tissue-mask",
                             "A uint8 mask of the voxels in [lower, upper] (e.g. HU), closed and opened with a ball of "
                             "the given radius in millimetres, reduced to its largest connected component.",
                             argc, argv);
  pipeline.addInput("input", "INPUT_IMAGE", "The input image");
  pipeline.addOutput("output", "OUTPUT_IMAGE", "The uint8 mask (1 inside, 0 elsewhere)");
  pipeline.addParameter("lower", "FLOAT", "Lowest value in the mask (inclusive; bone about 300 HU)", "300");
  pipeline.addParameter("upper", "FLOAT", "Highest value in the mask (inclusive)", "3071");
  pipeline.addParameter("radius", "FLOAT", "Radius of the closing / opening ball in millimetres (0: none)", "1");
  pipeline.addFlag("all-components", "Keep every connected component, not only the largest");
  ITK_WASM_PARSE(pipeline);

  const double lower = pipeline.floatValue("lower");
  const double upper = pipeline.floatValue("upper");
  const double radiusMm = pipeline.floatValue("radius");
  if (!(radiusMm >= 0.0)) return pipeline.fail(itkwasm::kValidationError, "--radius: %g must not be negative", radiusMm);

  Image input;
  if (!pipeline.readImage("input", input)) return itkwasm::kProcessingError;
  itkwasm::Grid3 grid;
  if (!itkwasm::scalarGrid(pipeline, input, grid)) return itkwasm::kProcessingError;
  Ball::SizeType radius;
  for (unsigned d = 0; d < itkwasm::kItkDimension; ++d) {
    const double voxels = d < input.dimension ? std::round(radiusMm / grid.spacing[d]) : 0.0;
    if (voxels > 50)
      return pipeline.fail(itkwasm::kValidationError, "--radius: %g mm is %.0f voxels along axis %u, more than 50",
                           radiusMm, voxels, d);
    radius[d] = size_t(voxels);
  }
  if (grid.voxels() == 0) return itkwasm::writeEmptyLike(pipeline, input, itkwasm::ComponentType::UInt8);

  return itkwasm::runItk(pipeline, [&] {
    int code = itkwasm::kSuccess;
    itkwasm::dispatchComponentType(input.componentType, [&](auto tag) {
      code = tissueMask<decltype(tag)>(pipeline, input, lower, upper, radius, pipeline.flag("all-components"));
    });
    return code;
  });
}
