// An image output through the itk-wasm memory IO: the pixel and direction
// arrays and the image JSON that JavaScript reads for output `index` after
// the run (see memory_io.h).
#pragma once

#include <string>

#include "image.h"

namespace itkwasm {

// Hands `image` to output `index` (its pixel buffer moves into the store,
// or is copied when the image does not own it). Returns the exit code
// (0 on success); `pipelineName` names the pipeline in an error message.
int writeOutputImage(unsigned index, const std::string &pipelineName, Image &image);

}  // namespace itkwasm
