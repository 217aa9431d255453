// Native ITK (Debian's libinsighttoolkit5-dev, the same ITK 5.2.1 the WebAssembly pipelines are
// built from) running the filters of the project's pipelines, for test/pipelines-itk-native.test.ts.
// Written against ITK's API on its own (it shares no code with pipelines/), single-threaded so that
// floating-point sums run in the same order as in the (single-threaded) WebAssembly build.
//
//   itk-filters <filter> <int16|float32> <in.raw> <out.raw> nx ny nz sx sy sz ox oy oz d00 .. d22 [parameters]
//
// Writes the output voxels (x fastest) to out.raw and one line of JSON to stdout:
// {"componentType": ..., "size": [...], "spacing": [...], "origin": [...], "direction": [...]}.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "itkBinaryBallStructuringElement.h"
#include "itkBinaryMorphologicalClosingImageFilter.h"
#include "itkBinaryMorphologicalOpeningImageFilter.h"
#include "itkBinaryThresholdImageFilter.h"
#include "itkConnectedComponentImageFilter.h"
#include "itkConnectedThresholdImageFilter.h"
#include "itkDiscreteGaussianImageFilter.h"
#include "itkGradientAnisotropicDiffusionImageFilter.h"
#include "itkIdentityTransform.h"
#include "itkImage.h"
#include "itkImageRegionConstIterator.h"
#include "itkLinearInterpolateImageFunction.h"
#include "itkMedianImageFilter.h"
#include "itkMultiThreaderBase.h"
#include "itkOtsuMultipleThresholdsImageFilter.h"
#include "itkRelabelComponentImageFilter.h"
#include "itkResampleImageFilter.h"

namespace {

constexpr unsigned D = 3;
template <class T> using Img = itk::Image<T, D>;

struct Args {
  std::vector<std::string> v;
  double num(size_t i) const { return std::stod(v.at(i)); }
};

template <class T> const char *typeName();
template <> const char *typeName<int16_t>() { return "int16"; }
template <> const char *typeName<float>() { return "float32"; }
template <> const char *typeName<uint8_t>() { return "uint8"; }

template <class T>
typename Img<T>::Pointer readInput(const Args &a) {
  typename Img<T>::SizeType size;
  typename Img<T>::SpacingType spacing;
  typename Img<T>::PointType origin;
  typename Img<T>::DirectionType direction;
  for (unsigned d = 0; d < D; ++d) {
    size[d] = size_t(a.num(4 + d));
    spacing[d] = a.num(7 + d);
    origin[d] = a.num(10 + d);
    for (unsigned e = 0; e < D; ++e) direction(d, e) = a.num(13 + D * d + e);
  }
  auto image = Img<T>::New();
  image->SetRegions(typename Img<T>::RegionType(size));
  image->SetSpacing(spacing);
  image->SetOrigin(origin);
  image->SetDirection(direction);
  image->Allocate();
  std::ifstream in(a.v.at(2), std::ios::binary);
  in.read(reinterpret_cast<char *>(image->GetBufferPointer()), std::streamsize(image->GetPixelContainer()->Size() * sizeof(T)));
  if (!in) throw std::runtime_error("cannot read " + a.v.at(2));
  return image;
}

template <class T>
void writeOutput(const Args &a, Img<T> *image) {
  std::ofstream out(a.v.at(3), std::ios::binary);
  itk::ImageRegionConstIterator<Img<T>> it(image, image->GetLargestPossibleRegion());
  for (; !it.IsAtEnd(); ++it) {
    const T value = it.Get();
    out.write(reinterpret_cast<const char *>(&value), sizeof(T));
  }
  const auto size = image->GetLargestPossibleRegion().GetSize();
  std::cout.precision(17);
  std::cout << "{\"componentType\":\"" << typeName<T>() << "\",\"size\":[" << size[0] << "," << size[1] << "," << size[2]
            << "],\"spacing\":[" << image->GetSpacing()[0] << "," << image->GetSpacing()[1] << "," << image->GetSpacing()[2]
            << "],\"origin\":[" << image->GetOrigin()[0] << "," << image->GetOrigin()[1] << "," << image->GetOrigin()[2]
            << "],\"direction\":[";
  for (unsigned i = 0; i < D * D; ++i) std::cout << (i ? "," : "") << image->GetDirection()(i / D, i % D);
  std::cout << "]}" << std::endl;
}

template <class T>
void run(const std::string &filter, const Args &a) {
  auto input = readInput<T>(a);
  const size_t p = 4 + 3 + 3 + 3 + 9;  // first filter parameter
  if (filter == "median-filter") {
    auto f = itk::MedianImageFilter<Img<T>, Img<T>>::New();
    f->SetInput(input);
    typename Img<T>::SizeType r;
    r.Fill(size_t(a.num(p)));
    f->SetRadius(r);
    f->Update();
    writeOutput<T>(a, f->GetOutput());
  } else if (filter == "gaussian-smoothing") {
    auto f = itk::DiscreteGaussianImageFilter<Img<T>, Img<float>>::New();
    f->SetInput(input);
    f->SetUseImageSpacing(true);
    f->SetVariance(a.num(p) * a.num(p));
    f->SetMaximumError(0.001);
    f->SetMaximumKernelWidth(10000);
    f->Update();
    writeOutput<float>(a, f->GetOutput());
  } else if (filter == "connected-threshold") {
    using F = itk::ConnectedThresholdImageFilter<Img<T>, Img<uint8_t>>;
    auto f = F::New();
    f->SetInput(input);
    f->SetLower(T(a.num(p + 3)));
    f->SetUpper(T(a.num(p + 4)));
    f->SetReplaceValue(1);
    f->SetConnectivity(F::ConnectivityEnum::FaceConnectivity);
    typename Img<T>::IndexType seed;
    for (unsigned d = 0; d < D; ++d) seed[d] = long(a.num(p + d));
    f->AddSeed(seed);
    f->Update();
    writeOutput<uint8_t>(a, f->GetOutput());
  } else if (filter == "resample-isotropic") {
    const double s = a.num(p);
    auto f = itk::ResampleImageFilter<Img<T>, Img<float>, double>::New();
    f->SetInput(input);
    f->SetTransform(itk::IdentityTransform<double, D>::New());
    f->SetInterpolator(itk::LinearInterpolateImageFunction<Img<T>, double>::New());
    typename Img<float>::SizeType size;
    for (unsigned d = 0; d < D; ++d)
      size[d] = size_t(std::floor(double(input->GetLargestPossibleRegion().GetSize(d) - 1) * input->GetSpacing()[d] / s +
                                  1e-6)) + 1;
    typename Img<float>::SpacingType spacing;
    spacing.Fill(s);
    f->SetSize(size);
    f->SetOutputSpacing(spacing);
    f->SetOutputOrigin(input->GetOrigin());
    f->SetOutputDirection(input->GetDirection());
    f->Update();
    writeOutput<float>(a, f->GetOutput());
  } else if (filter == "anisotropic-diffusion") {
    auto f = itk::GradientAnisotropicDiffusionImageFilter<Img<T>, Img<float>>::New();
    f->SetInput(input);
    f->SetNumberOfIterations(unsigned(a.num(p)));
    f->SetConductanceParameter(a.num(p + 1));
    f->SetTimeStep(a.num(p + 2));
    f->Update();
    writeOutput<float>(a, f->GetOutput());
  } else if (filter == "tissue-mask") {
    using Mask = Img<uint8_t>;
    auto threshold = itk::BinaryThresholdImageFilter<Img<T>, Mask>::New();
    threshold->SetInput(input);
    threshold->SetLowerThreshold(T(a.num(p)));
    threshold->SetUpperThreshold(T(a.num(p + 1)));
    threshold->SetInsideValue(1);
    threshold->SetOutsideValue(0);
    using Ball = itk::BinaryBallStructuringElement<uint8_t, D>;
    Ball ball;
    typename Ball::SizeType radius;
    for (unsigned d = 0; d < D; ++d) radius[d] = size_t(std::lround(a.num(p + 2) / input->GetSpacing()[d]));
    ball.SetRadius(radius);
    ball.CreateStructuringElement();
    auto closing = itk::BinaryMorphologicalClosingImageFilter<Mask, Mask, Ball>::New();
    closing->SetInput(threshold->GetOutput());
    closing->SetKernel(ball);
    closing->SetForegroundValue(1);
    auto opening = itk::BinaryMorphologicalOpeningImageFilter<Mask, Mask, Ball>::New();
    opening->SetInput(closing->GetOutput());
    opening->SetKernel(ball);
    opening->SetForegroundValue(1);
    opening->SetBackgroundValue(0);
    using Labels = Img<uint32_t>;
    auto components = itk::ConnectedComponentImageFilter<Mask, Labels>::New();
    components->SetInput(opening->GetOutput());
    components->SetFullyConnected(false);
    auto relabel = itk::RelabelComponentImageFilter<Labels, Labels>::New();
    relabel->SetInput(components->GetOutput());
    auto largest = itk::BinaryThresholdImageFilter<Labels, Mask>::New();
    largest->SetInput(relabel->GetOutput());
    largest->SetLowerThreshold(1);
    largest->SetUpperThreshold(1);
    largest->SetInsideValue(1);
    largest->SetOutsideValue(0);
    largest->Update();
    writeOutput<uint8_t>(a, largest->GetOutput());
  } else if (filter == "otsu-multiple-thresholds") {
    auto f = itk::OtsuMultipleThresholdsImageFilter<Img<T>, Img<uint8_t>>::New();
    f->SetInput(input);
    f->SetNumberOfThresholds(unsigned(a.num(p)));
    f->SetNumberOfHistogramBins(unsigned(a.num(p + 1)));
    f->Update();
    writeOutput<uint8_t>(a, f->GetOutput());
  } else {
    throw std::runtime_error("unknown filter " + filter);
  }
}

}  // namespace

int main(int argc, char **argv) {
  Args a;
  for (int i = 1; i < argc; ++i) a.v.emplace_back(argv[i]);
  if (a.v.size() < 22) {
    std::cerr << "usage: itk-filters <filter> <int16|float32> <in.raw> <out.raw> size(3) spacing(3) origin(3) direction(9) ...\n";
    return 2;
  }
  itk::MultiThreaderBase::SetGlobalDefaultNumberOfThreads(1);
  try {
    if (a.v[1] == "int16") run<int16_t>(a.v[0], a);
    else if (a.v[1] == "float32") run<float>(a.v[0], a);
    else throw std::runtime_error("unsupported type " + a.v[1]);
  } catch (const std::exception &e) {
    std::cerr << "itk-filters: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
