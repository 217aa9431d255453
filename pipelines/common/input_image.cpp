#include "input_image.h"

#include <cmath>
#include <cstring>
#include <vector>

#include "exit_codes.h"
#include "json.h"
#include "memory_io.h"

namespace itkwasm {

namespace {

bool parseAddress(const json::Value *v, size_t &address) {
  return v != nullptr && v->isString() && memory::parseAddress(v->str, address);
}

bool numberArray(const json::Value *v, size_t n, std::vector<double> &out) {
  if (v == nullptr || !v->isArray() || v->items.size() != n) return false;
  out.resize(n);
  for (size_t i = 0; i < n; ++i) {
    if (!v->items[i].isNumber()) return false;
    out[i] = v->items[i].num;
  }
  return true;
}

}  // namespace

bool readInputImage(unsigned index, const std::string &name, Image &image) {
  size_t length = 0;
  const char *text = memory::inputJson(index, &length);
  if (text == nullptr) {
    fail(kProcessingError, "%s: no image was given as input %u", name.c_str(), index);
    return false;
  }
  json::Value doc;
  std::string error;
  if (!json::parse(text, length, doc, &error)) {
    fail(kProcessingError, "%s: the image JSON of input %u cannot be parsed: %s", name.c_str(), index, error.c_str());
    return false;
  }
  const json::Value *imageType = doc.get("imageType");
  const json::Value *dimension = imageType ? imageType->get("dimension") : nullptr;
  const json::Value *componentType = imageType ? imageType->get("componentType") : nullptr;
  if (dimension == nullptr || !dimension->isNumber() || dimension->num < 1 || dimension->num > 4 ||
      componentType == nullptr || !componentType->isString()) {
    fail(kProcessingError, "%s: input %u is not an itk-wasm Image (imageType.dimension / componentType missing)",
         name.c_str(), index);
    return false;
  }
  image = Image();
  image.dimension = unsigned(dimension->num);
  const size_t dim = image.dimension;
  if (!parseComponentType(componentType->str, image.componentType)) {
    fail(kProcessingError, "%s: component type \"%s\" is not supported", name.c_str(), componentType->str.c_str());
    return false;
  }
  if (const json::Value *pixelType = imageType->get("pixelType"))
    if (pixelType->isString()) image.pixelType = pixelType->str;
  if (const json::Value *components = imageType->get("components"))
    if (components->isNumber() && components->num >= 1) image.components = unsigned(components->num);
  if (const json::Value *imageName = doc.get("name"))
    if (imageName->isString()) image.name = imageName->str;
  std::vector<double> sizeD;
  if (!numberArray(doc.get("origin"), dim, image.origin) || !numberArray(doc.get("spacing"), dim, image.spacing) ||
      !numberArray(doc.get("size"), dim, sizeD)) {
    fail(kProcessingError, "%s: origin, spacing and size must be arrays of %zu numbers", name.c_str(), dim);
    return false;
  }
  image.size.resize(dim);
  for (size_t d = 0; d < dim; ++d) {
    if (sizeD[d] < 0 || sizeD[d] != std::floor(sizeD[d])) {
      fail(kProcessingError, "%s: size[%zu] = %g is not a non-negative integer", name.c_str(), d, sizeD[d]);
      return false;
    }
    image.size[d] = size_t(sizeD[d]);
  }
  if (const json::Value *metadata = doc.get("metadata"))
    if (metadata->isArray()) image.metadata = *metadata;

  size_t directionAddress = 0;
  size_t dataAddress = 0;
  memory::Block directionBlock;
  if (parseAddress(doc.get("direction"), directionAddress)) directionBlock = memory::inputArrayAt(index, directionAddress);
  image.direction.assign(dim * dim, 0.0);
  if (directionBlock.ptr != nullptr && directionBlock.size >= dim * dim * sizeof(double)) {
    std::memcpy(image.direction.data(), directionBlock.ptr, dim * dim * sizeof(double));
  } else {
    fail(kProcessingError, "%s: input %u has no %zux%zu float64 direction array", name.c_str(), index, dim, dim);
    return false;
  }
  if (!parseAddress(doc.get("data"), dataAddress)) {
    fail(kProcessingError, "%s: input %u has no pixel data address", name.c_str(), index);
    return false;
  }
  memory::Block dataBlock = memory::inputArrayAt(index, dataAddress);
  if (dataBlock.ptr == nullptr) {
    fail(kProcessingError, "%s: input %u has no pixel data (image.data is null?)", name.c_str(), index);
    return false;
  }
  if (dataBlock.size < image.byteLength()) {
    fail(kProcessingError, "%s: input %u pixel buffer holds %zu bytes, size x components x %s needs %zu", name.c_str(),
         index, dataBlock.size, componentTypeName(image.componentType), image.byteLength());
    return false;
  }
  image.setExternalData(dataBlock.ptr);
  return true;
}

}  // namespace itkwasm
