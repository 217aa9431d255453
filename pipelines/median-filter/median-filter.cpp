// median-filter: itk::MedianImageFilter, a (2R+1)^3 box median.
//
//   median-filter <input> <output> --memory-io [--radius R]
//
// ITK's boundary condition is zero-flux Neumann (the edge voxels are
// replicated). Output: same component type and geometry as the input.
#include "itkMedianImageFilter.h"

#include "../common/grid.h"
#include "../common/itk_image.h"
#include "../common/itk_run.h"
#include "../common/pipeline.h"

namespace {

using itkwasm::Image;

template <class T>
int medianFilter(itkwasm::Pipeline &pipeline, const Image &input, long long radius) {
  using ImageType = itkwasm::ItkImage<T>;
  auto filter = itk::MedianImageFilter<ImageType, ImageType>::New();
  filter->SetInput(itkwasm::asItkImage<T>(input));
  typename ImageType::SizeType radii;
  for (unsigned d = 0; d < itkwasm::kItkDimension; ++d) radii[d] = d < input.dimension ? size_t(radius) : 0;
  filter->SetRadius(radii);
  filter->Update();
  Image output = input.cloneGeometry();
  if (!itkwasm::toAbiImage<T>(filter->GetOutput(), output))
    return pipeline.fail(itkwasm::kProcessingError, "median-filter: out of memory");
  return pipeline.writeImage("output", output);
}

}  // namespace

int main(int argc, char **argv) {
  itkwasm::Pipeline pipeline("median-filter",
                             "itk::MedianImageFilter: 3-D box median over (2R+1)^3 voxels; the border is handled by "
                             "replicating the edge voxels. The output has the input's component type and geometry.",
                             argc, argv);
  pipeline.addInput("input", "INPUT_IMAGE", "The input image");
  pipeline.addOutput("output", "OUTPUT_IMAGE", "The median filtered image");
  pipeline.addParameter("radius", "INT", "Box radius in voxels along each axis", "1");
  ITK_WASM_PARSE(pipeline);

  const long long radius = pipeline.intValue("radius");
  if (radius < 0 || radius > 50)
    return pipeline.fail(itkwasm::kValidationError, "--radius: %lld is outside [0, 50]", radius);

  Image input;
  if (!pipeline.readImage("input", input)) return itkwasm::kProcessingError;
  itkwasm::Grid3 grid;
  if (!itkwasm::scalarGrid(pipeline, input, grid)) return itkwasm::kProcessingError;
  if (grid.voxels() == 0) return itkwasm::writeEmptyLike(pipeline, input, input.componentType);

  return itkwasm::runItk(pipeline, [&] {
    int code = itkwasm::kSuccess;
    itkwasm::dispatchComponentType(input.componentType, [&](auto tag) {
      code = medianFilter<decltype(tag)>(pipeline, input, radius);
    });
    return code;
  });
}
