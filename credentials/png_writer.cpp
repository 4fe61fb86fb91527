#include "credentials/png_writer.hpp"

#include <png.h>

#include <vector>

namespace localiam::credentials {

namespace {

void append_to_string(png_structp png, png_bytep data, png_size_t length) {
  static_cast<std::string*>(png_get_io_ptr(png))
      ->append(reinterpret_cast<const char*>(data), length);
}

void no_flush(png_structp) {}

// libpng reports errors by longjmp to here; nothing in this frame has a destructor to skip.
bool write_rows(png_structp png, png_infop info, int width, int height, png_bytepp rows) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_set_IHDR(png, info, static_cast<png_uint_32>(width), static_cast<png_uint_32>(height), 1,
               PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  png_write_image(png, rows);
  png_write_end(png, nullptr);
  return true;
}

}  // namespace

std::string write_monochrome_png(int width, int height,
                                 const std::function<bool(int x, int y)>& dark) {
  if (width <= 0 || height <= 0) return {};
  // 1-bit greyscale rows, most significant bit first; 1 is white.
  const size_t stride = (static_cast<size_t>(width) + 7) / 8;
  std::vector<png_byte> pixels(stride * static_cast<size_t>(height), 0);
  std::vector<png_bytep> rows(static_cast<size_t>(height));
  for (int y = 0; y < height; ++y) {
    png_bytep row = pixels.data() + stride * static_cast<size_t>(y);
    rows[static_cast<size_t>(y)] = row;
    for (int x = 0; x < width; ++x)
      if (!dark(x, y)) row[x / 8] |= static_cast<png_byte>(0x80 >> (x % 8));
  }

  std::string out;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  if (!png) return {};
  png_infop info = png_create_info_struct(png);
  bool written = false;
  if (info) {
    png_set_write_fn(png, &out, append_to_string, no_flush);
    written = write_rows(png, info, width, height, rows.data());
  }
  png_destroy_write_struct(&png, &info);
  if (!written) out.clear();
  return out;
}

std::string qr_code_png(const QrCode& code, int scale, int border) {
  const int side = (code.size() + 2 * border) * scale;
  return write_monochrome_png(side, side, [&](int x, int y) {
    const int mx = x / scale - border, my = y / scale - border;
    return mx >= 0 && my >= 0 && mx < code.size() && my < code.size() && code.dark(mx, my);
  });
}

}  // namespace localiam::credentials
