// QR Codes (ISO/IEC 18004, model 2) for short texts such as otpauth:// URIs, made by
// libqrencode: byte mode, error-correction level L or M, the smallest version (1-40) that fits.
// The result is the module matrix; png_writer.hpp draws it.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace localiam::credentials {

enum class QrErrorCorrection { kLow, kMedium };

class QrCode {
 public:
  QrCode(int version, int size, std::vector<uint8_t> modules)
      : version_(version), size_(size), modules_(std::move(modules)) {}
  int version() const { return version_; }
  int size() const { return size_; }  // modules per side (17 + 4 * version)
  // Whether the module in column x, row y is dark; x and y in [0, size).
  bool dark(int x, int y) const { return modules_[static_cast<size_t>(y * size_ + x)] != 0; }

 private:
  int version_;
  int size_;
  std::vector<uint8_t> modules_;
};

// The QR code of `data` (bytes, encoded in byte mode); nullopt when it does not fit in
// version 40 at the requested level. Thread-safe.
std::optional<QrCode> encode_qr(std::string_view data,
                                QrErrorCorrection level = QrErrorCorrection::kMedium);

}  // namespace localiam::credentials
