// The ABI image (image.h) seen as an itk::Image, and an itk::Image handed back
// as the ABI image, without copying voxel buffers:
//   - asItkImage(): an itk::Image<T, 3> whose pixel container imports the
//     input's buffer (SetImportPointer, the container does not own it), with
//     the input's origin, spacing and direction
//   - toAbiImage(): the output takes over the filter output's buffer (the
//     container stops managing it; the ABI store gives it back with delete[],
//     as itk::ImportImageContainer allocated it with new[])
//
// 1-D and 2-D inputs are run as 3-D images with size 1 (spacing 1, identity
// direction) along the missing axes, so every pipeline has one instantiation
// per pixel type; ITK's boundary conditions make a size-1 axis a no-op for
// the filters used here, and toAbiImage() drops those axes again.
#pragma once

#include <cstring>

#include "itkImage.h"
#include "itkImageRegionConstIterator.h"

#include "image.h"

namespace itkwasm {

constexpr unsigned kItkDimension = 3;
template <class T> using ItkImage = itk::Image<T, kItkDimension>;

template <class T> void deleteArray(void *p) { delete[] static_cast<T *>(p); }

// `image` must stay alive (and keep its buffer) while the result is used.
template <class T>
typename ItkImage<T>::Pointer asItkImage(const Image &image) {
  using ImageType = ItkImage<T>;
  typename ImageType::SizeType size;
  typename ImageType::PointType origin;
  typename ImageType::SpacingType spacing;
  typename ImageType::DirectionType direction;
  direction.SetIdentity();
  const unsigned dim = image.dimension;
  for (unsigned d = 0; d < kItkDimension; ++d) {
    size[d] = d < dim ? image.size[d] : 1;
    origin[d] = d < dim ? image.origin[d] : 0.0;
    spacing[d] = d < dim ? image.spacing[d] : 1.0;
    for (unsigned e = 0; e < dim && d < dim; ++e) direction(d, e) = image.direction[d * dim + e];
  }
  auto itkImage = ImageType::New();
  itkImage->SetRegions(typename ImageType::RegionType(size));
  itkImage->SetOrigin(origin);
  itkImage->SetSpacing(spacing);
  itkImage->SetDirection(direction);  // throws itk::ExceptionObject for a singular matrix
  itkImage->GetPixelContainer()->SetImportPointer(image.dataAs<T>(), image.numberOfPixels(), false);
  return itkImage;
}

// `out` comes with the input's dimension, name, pixel type and metadata
// (Image::cloneGeometry()); its geometry, component type and pixels become the
// filter output's. False when out of memory (only when the buffer must be copied).
template <class T>
bool toAbiImage(ItkImage<T> *itkImage, Image &out) {
  using ImageType = ItkImage<T>;
  const typename ImageType::RegionType region = itkImage->GetLargestPossibleRegion();
  const unsigned dim = out.dimension;
  out.componentType = ComponentTypeOf<T>::value;
  for (unsigned d = 0; d < dim; ++d) {
    out.size[d] = region.GetSize(d);
    out.origin[d] = itkImage->GetOrigin()[d];
    out.spacing[d] = itkImage->GetSpacing()[d];
    for (unsigned e = 0; e < dim; ++e) out.direction[d * dim + e] = itkImage->GetDirection()(d, e);
  }
  auto *container = itkImage->GetPixelContainer();
  if (container->GetContainerManageMemory() && itkImage->GetBufferedRegion() == region &&
      container->Size() == out.numberOfPixels()) {
    container->SetContainerManageMemory(false);
    out.adopt(container->GetImportPointer(), &deleteArray<T>);
    return true;
  }
  // The filter ran in place on an input view, or buffers another region: copy.
  if (!out.allocate()) return false;
  itk::ImageRegionConstIterator<ImageType> it(itkImage, region);
  T *dst = out.dataAs<T>();
  for (it.GoToBegin(); !it.IsAtEnd(); ++it) *dst++ = it.Get();
  return true;
}

}  // namespace itkwasm
