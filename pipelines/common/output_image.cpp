#include "output_image.h"

#include <cstdlib>
#include <cstring>

#include "exit_codes.h"
#include "json.h"
#include "memory_io.h"

namespace itkwasm {

int writeOutputImage(unsigned index, const std::string &pipelineName, Image &image) {
  const size_t dim = image.dimension;
  const size_t bytes = image.byteLength();
  const void *view = image.data();
  memory::ReleaseFunction releasePixels = std::free;
  void *pixels = image.release(&releasePixels);
  if (pixels == nullptr) {  // not owned (a view onto an input): copy
    releasePixels = std::free;
    pixels = std::malloc(bytes > 0 ? bytes : 1);
    if (pixels == nullptr) return fail(kProcessingError, "%s: out of memory", pipelineName.c_str());
    if (view != nullptr) std::memcpy(pixels, view, bytes);
  }
  double *direction = static_cast<double *>(std::malloc(dim * dim * sizeof(double)));
  if (direction == nullptr) {
    releasePixels(pixels);
    return fail(kProcessingError, "%s: out of memory", pipelineName.c_str());
  }
  for (size_t i = 0; i < dim * dim; ++i) direction[i] = i < image.direction.size() ? image.direction[i] : 0.0;
  memory::setOutputArray(index, 0, pixels, bytes, releasePixels);
  memory::setOutputArray(index, 1, direction, dim * dim * sizeof(double));

  using json::Value;
  Value doc = Value::object();
  Value imageType = Value::object();
  imageType.set("dimension", Value::number(double(dim)));
  imageType.set("componentType", Value::string(componentTypeName(image.componentType)));
  imageType.set("pixelType", Value::string(image.pixelType));
  imageType.set("components", Value::number(double(image.components)));
  doc.set("imageType", std::move(imageType));
  doc.set("name", Value::string(image.name));
  Value origin = Value::array(), spacing = Value::array(), size = Value::array();
  for (size_t d = 0; d < dim; ++d) {
    origin.push(Value::number(image.origin[d]));
    spacing.push(Value::number(image.spacing[d]));
    size.push(Value::number(double(image.size[d])));
  }
  doc.set("origin", std::move(origin));
  doc.set("spacing", std::move(spacing));
  doc.set("direction", Value::string(memory::addressString(direction)));
  doc.set("size", std::move(size));
  doc.set("data", Value::string(memory::addressString(pixels)));
  doc.set("metadata", image.metadata.isArray() ? image.metadata : Value::array());
  memory::setOutputJson(index, json::stringify(doc));
  return kSuccess;
}

}  // namespace itkwasm
