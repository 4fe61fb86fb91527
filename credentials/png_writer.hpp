// A minimal PNG writer for black-and-white images (1-bit greyscale): signature, IHDR, one
// IDAT holding a zlib stream of stored (uncompressed) deflate blocks, IEND, each chunk with
// its CRC-32. Enough for a QR code, with no dependency on zlib or libpng.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "credentials/qr_code.hpp"

namespace localiam::credentials {

// CRC-32 (ISO 3309, as PNG uses it) and Adler-32 (zlib), exposed for tests.
uint32_t crc32(std::string_view bytes, uint32_t crc = 0);
uint32_t adler32(std::string_view bytes);

// A width x height PNG where dark(x, y) says which pixels are black.
std::string write_monochrome_png(int width, int height,
                                 const std::function<bool(int x, int y)>& dark);

// The QR code as a PNG: `scale` pixels per module, `border` light modules around it
// (4 is the standard's quiet zone).
std::string qr_code_png(const QrCode& code, int scale = 4, int border = 4);

}  // namespace localiam::credentials
