// Black-and-white PNG images (1-bit greyscale) written by libpng into memory, for the QR
// codes of virtual MFA devices (QRCodePNG).
#pragma once

#include <functional>
#include <string>

#include "credentials/qr_code.hpp"

namespace localiam::credentials {

// A width x height PNG where dark(x, y) says which pixels are black. Empty only if libpng
// fails (out of memory, or a side of 0 or above PNG's limit).
std::string write_monochrome_png(int width, int height,
                                 const std::function<bool(int x, int y)>& dark);

// The QR code as a PNG: `scale` pixels per module, `border` light modules around it
// (4 is the standard's quiet zone).
std::string qr_code_png(const QrCode& code, int scale = 4, int border = 4);

}  // namespace localiam::credentials
