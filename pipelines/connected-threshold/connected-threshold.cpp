// connected-threshold: itk::ConnectedThresholdImageFilter, region growing from a seed voxel.
//
//   connected-threshold <input> <output> --memory-io --seed I,J,K --lower L --upper U
//
// Output: uint8 mask with the input's geometry, 1 for the voxels that are
// face-connected (6-connected) to the seed through voxels whose value lies in
// [L, U], else 0. A seed whose own value is outside [L, U] gives an all-zero
// mask; a seed outside the image is an error.
#include <cstdint>
#include <cstring>

#include "itkConnectedThresholdImageFilter.h"

#include "../common/grid.h"
#include "../common/itk_image.h"
#include "../common/itk_run.h"
#include "../common/pipeline.h"
#include "../common/threshold_range.h"

namespace {

using itkwasm::Image;

template <class T>
int connectedThreshold(itkwasm::Pipeline &pipeline, const Image &input, const long long seed[3], double lower,
                       double upper) {
  Image output = input.cloneGeometry();
  T lo{}, hi{};
  if (!itkwasm::thresholdRange<T>(lower, upper, lo, hi)) {  // no voxel value qualifies
    output.componentType = itkwasm::ComponentType::UInt8;
    if (!output.allocate()) return pipeline.fail(itkwasm::kProcessingError, "connected-threshold: out of memory");
    std::memset(output.data(), 0, output.byteLength());
    return pipeline.writeImage("output", output);
  }
  using InputType = itkwasm::ItkImage<T>;
  using MaskType = itkwasm::ItkImage<uint8_t>;
  using Filter = itk::ConnectedThresholdImageFilter<InputType, MaskType>;
  auto filter = Filter::New();
  filter->SetInput(itkwasm::asItkImage<T>(input));
  filter->SetLower(lo);
  filter->SetUpper(hi);
  filter->SetReplaceValue(1);
  filter->SetConnectivity(Filter::ConnectivityEnum::FaceConnectivity);
  typename InputType::IndexType index;
  for (unsigned d = 0; d < itkwasm::kItkDimension; ++d) index[d] = d < input.dimension ? seed[d] : 0;
  filter->AddSeed(index);
  filter->Update();
  if (!itkwasm::toAbiImage<uint8_t>(filter->GetOutput(), output))
    return pipeline.fail(itkwasm::kProcessingError, "connected-threshold: out of memory");
  return pipeline.writeImage("output", output);
}

}  // namespace

int main(int argc, char **argv) {
  itkwasm::Pipeline pipeline("connected-threshold",
                             "itk::ConnectedThresholdImageFilter: a uint8 mask of the voxels 6-connected to the seed "
                             "whose values lie in [lower, upper]. The output has the input geometry.",
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
  itkwasm::Grid3 grid;
  if (!itkwasm::scalarGrid(pipeline, input, grid)) return itkwasm::kProcessingError;

  long long seed[3];
  for (int d = 0; d < 3; ++d) seed[d] = pipeline.intValue("seed", size_t(d));
  for (int d = 0; d < 3; ++d) {
    if (seed[d] < 0 || seed[d] >= (long long)grid.n[d]) {
      return pipeline.fail(itkwasm::kProcessingError,
                           "connected-threshold: the seed index (%lld, %lld, %lld) is outside the image, whose size "
                           "is %zu x %zu x %zu voxels",
                           seed[0], seed[1], seed[2], grid.n[0], grid.n[1], grid.n[2]);
    }
  }

  return itkwasm::runItk(pipeline, [&] {
    int code = itkwasm::kSuccess;
    itkwasm::dispatchComponentType(input.componentType, [&](auto tag) {
      code = connectedThreshold<decltype(tag)>(pipeline, input, seed, lower, upper);
    });
    return code;
  });
}
