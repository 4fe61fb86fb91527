#include "credentials/png_writer.hpp"

#include <array>

namespace localiam::credentials {

namespace {

constexpr std::array<uint32_t, 256> make_crc_table() {
  std::array<uint32_t, 256> table{};
  for (uint32_t n = 0; n < 256; ++n) {
    uint32_t c = n;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[n] = c;
  }
  return table;
}
constexpr std::array<uint32_t, 256> kCrcTable = make_crc_table();

void put_u32(std::string& out, uint32_t v) {
  out.push_back(static_cast<char>(v >> 24));
  out.push_back(static_cast<char>(v >> 16));
  out.push_back(static_cast<char>(v >> 8));
  out.push_back(static_cast<char>(v));
}

void put_chunk(std::string& png, std::string_view type, std::string_view data) {
  put_u32(png, static_cast<uint32_t>(data.size()));
  const size_t start = png.size();
  png.append(type);
  png.append(data);
  put_u32(png, crc32(std::string_view(png).substr(start)));
}

// A zlib stream (RFC 1950) of stored deflate blocks (RFC 1951, BTYPE 00).
std::string zlib_stored(std::string_view data) {
  std::string out;
  out.push_back(0x78);  // deflate, 32 KiB window
  out.push_back(0x01);  // no dictionary, fastest; (0x78 << 8 | 0x01) % 31 == 0
  constexpr size_t kMaxBlock = 65535;
  size_t offset = 0;
  do {
    const size_t length = std::min(kMaxBlock, data.size() - offset);
    const bool final = offset + length == data.size();
    out.push_back(final ? 1 : 0);
    out.push_back(static_cast<char>(length & 0xFF));
    out.push_back(static_cast<char>(length >> 8));
    out.push_back(static_cast<char>(~length & 0xFF));
    out.push_back(static_cast<char>((~length >> 8) & 0xFF));
    out.append(data.substr(offset, length));
    offset += length;
  } while (offset < data.size());
  put_u32(out, adler32(data));
  return out;
}

}  // namespace

uint32_t crc32(std::string_view bytes, uint32_t crc) {
  crc = ~crc;
  for (char c : bytes) crc = kCrcTable[(crc ^ static_cast<uint8_t>(c)) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

uint32_t adler32(std::string_view bytes) {
  uint32_t a = 1, b = 0;
  for (char c : bytes) {
    a = (a + static_cast<uint8_t>(c)) % 65521;
    b = (b + a) % 65521;
  }
  return (b << 16) | a;
}

std::string write_monochrome_png(int width, int height,
                                 const std::function<bool(int x, int y)>& dark) {
  std::string header;
  put_u32(header, static_cast<uint32_t>(width));
  put_u32(header, static_cast<uint32_t>(height));
  header += {1, 0, 0, 0, 0};  // bit depth 1, greyscale, deflate, adaptive filters, no interlace

  // Each scanline: filter type 0, then 8 pixels per byte, most significant bit first; a set
  // bit is white.
  const size_t row_bytes = (static_cast<size_t>(width) + 7) / 8;
  std::string raw;
  raw.reserve((row_bytes + 1) * static_cast<size_t>(height));
  for (int y = 0; y < height; ++y) {
    raw.push_back(0);
    for (size_t byte = 0; byte < row_bytes; ++byte) {
      uint8_t bits = 0;
      for (int bit = 0; bit < 8; ++bit) {
        const int x = static_cast<int>(byte * 8) + bit;
        if (x >= width || !dark(x, y)) bits |= static_cast<uint8_t>(0x80 >> bit);
      }
      raw.push_back(static_cast<char>(bits));
    }
  }

  std::string png("\x89PNG\r\n\x1a\n", 8);
  put_chunk(png, "IHDR", header);
  put_chunk(png, "IDAT", zlib_stored(raw));
  put_chunk(png, "IEND", "");
  return png;
}

std::string qr_code_png(const QrCode& code, int scale, int border) {
  const int side = (code.size() + 2 * border) * scale;
  return write_monochrome_png(side, side, [&](int x, int y) {
    const int mx = x / scale - border, my = y / scale - border;
    return mx >= 0 && my >= 0 && mx < code.size() && my < code.size() && code.dark(mx, my);
  });
}

}  // namespace localiam::credentials
