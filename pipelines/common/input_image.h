// An image input through the itk-wasm memory IO: the image JSON JavaScript
// stored for input `index` (see memory_io.h), its direction and pixel arrays.
#pragma once

#include <string>

#include "image.h"

namespace itkwasm {

// Reads input `index` into `image` (a view onto the stored pixels, not a
// copy). On failure prints the reason, naming the input `name`, to stderr
// and returns false.
bool readInputImage(unsigned index, const std::string &name, Image &image);

}  // namespace itkwasm
