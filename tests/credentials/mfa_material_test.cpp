// TOTP against RFC 6238's vectors, Base32/Base64 against RFC 4648's, and the QR code end to end:
// its PNG read back by libpng must show the module matrix, the matrix must have QR's fixed
// patterns, and zbarimg (zbar-tools, installed by script/bootstrap) must decode it to the text.
#include <png.h>

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "credentials/base32.hpp"
#include "credentials/png_writer.hpp"
#include "credentials/qr_code.hpp"
#include "credentials/totp.hpp"

using namespace localiam::credentials;

namespace {

std::vector<uint8_t> bytes_of(std::string_view s) { return {s.begin(), s.end()}; }

// Decodes a PNG with zbarimg; nullopt when zbarimg is not installed.
std::optional<std::string> zbar_decode(const std::string& png) {
  if (std::system("command -v zbarimg >/dev/null 2>&1") != 0) return std::nullopt;
  char path[] = "/tmp/localiam_qr_XXXXXX";
  const int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  std::ofstream(path, std::ios::binary) << png;
  const std::string command =
      std::string("zbarimg --quiet --raw -Sbinary ") + path + " 2>/dev/null";
  std::string out;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    std::array<char, 4096> buffer{};
    size_t n;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) out.append(buffer.data(), n);
    pclose(pipe);
  }
  std::remove(path);
  close(fd);
  return out;
}

}  // namespace

TEST_CASE("TOTP matches RFC 6238's SHA-1 vectors (last six digits)", "[credentials][mfa]") {
  const auto key = bytes_of("12345678901234567890");
  struct Row {
    int64_t time;
    const char* code;
  };
  for (const Row& row :
       {Row{59, "287082"}, Row{1111111109, "081804"}, Row{1111111111, "050471"},
        Row{1234567890, "005924"}, Row{2000000000, "279037"}, Row{20000000000, "353130"}}) {
    CAPTURE(row.time);
    CHECK(hotp_code(key, static_cast<uint64_t>(totp_step(row.time))) == row.code);
  }
}

TEST_CASE("consecutive codes are found around the current step", "[credentials][mfa]") {
  const auto key = bytes_of("12345678901234567890");
  const int64_t now = totp_step(1700000000);
  const std::string c0 = hotp_code(key, now - 1), c1 = hotp_code(key, now),
                    c2 = hotp_code(key, now + 1);
  CHECK(find_consecutive_codes(key, c0, c1, now, 2, 1) == now - 1);
  CHECK(find_consecutive_codes(key, c1, c2, now, 2, 1) == now);
  CHECK_FALSE(find_consecutive_codes(key, c1, c0, now, 2, 1));
  CHECK_FALSE(find_consecutive_codes(key, c0, c2, now, 2, 1));
  CHECK(find_code(key, c2, now, 1, 1) == now + 1);
  CHECK_FALSE(find_code(key, hotp_code(key, now + 50), now, 1, 1));
}

TEST_CASE("Base32 and Base64 round trips and RFC 4648 vectors", "[credentials]") {
  CHECK(base32_encode(bytes_of("foobar")) == "MZXW6YTBOI");
  CHECK(base32_decode("MZXW6YTBOI======") == bytes_of("foobar"));
  CHECK_FALSE(base32_decode("MZXW6YTB0I"));  // '0' is not in the alphabet
  CHECK(base64_encode("foobar") == "Zm9vYmFy");
  CHECK(base64_encode("fooba") == "Zm9vYmE=");
  CHECK(base64_encode("foob") == "Zm9vYg==");
  CHECK(base64_decode("Zm9v\nYmE=") == std::string("fooba"));
  CHECK_FALSE(base64_decode("Zm9v!"));
  CHECK_FALSE(base64_decode("Zm9vY"));
}

// Reads a PNG back with libpng into 8-bit grey pixels (0 black, 255 white).
struct Grey {
  int width = 0, height = 0;
  std::vector<uint8_t> pixels;
};
std::optional<Grey> read_png(const std::string& png) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&image, png.data(), png.size())) return std::nullopt;
  image.format = PNG_FORMAT_GRAY;
  Grey out{static_cast<int>(image.width), static_cast<int>(image.height), {}};
  out.pixels.resize(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, nullptr, out.pixels.data(), 0, nullptr)) {
    png_image_free(&image);
    return std::nullopt;
  }
  return out;
}

TEST_CASE("QR PNGs are 1-bit greyscale and show exactly the module matrix", "[credentials][qr]") {
  for (const std::string& text : {std::string("hello"), std::string(300, 'm')}) {
    auto code = encode_qr(text);
    REQUIRE(code);
    const int scale = 4, border = 4;
    const std::string png = qr_code_png(*code, scale, border);
    REQUIRE(png.size() > 33);
    CHECK(png.substr(0, 8) == std::string("\x89PNG\r\n\x1a\n", 8));
    CHECK(png.substr(12, 4) == "IHDR");
    CHECK(png[24] == 1);  // bit depth
    CHECK(png[25] == 0);  // colour type: greyscale
    CHECK(png.substr(png.size() - 8, 4) == "IEND");
    auto image = read_png(png);
    REQUIRE(image);
    const int side = (code->size() + 2 * border) * scale;
    REQUIRE(image->width == side);
    REQUIRE(image->height == side);
    int mismatches = 0;
    for (int y = 0; y < side; ++y)
      for (int x = 0; x < side; ++x) {
        const int mx = x / scale - border, my = y / scale - border;
        const bool dark =
            mx >= 0 && my >= 0 && mx < code->size() && my < code->size() && code->dark(mx, my);
        const uint8_t pixel = image->pixels[static_cast<size_t>(y * side + x)];
        if (pixel != (dark ? 0 : 255)) ++mismatches;
      }
    CHECK(mismatches == 0);
  }
}

TEST_CASE("QR matrices have the three finder patterns and the timing lines", "[credentials][qr]") {
  auto code = encode_qr("otpauth://totp/x@000000000000?secret=JBSWY3DPEHPK3PXP");
  REQUIRE(code);
  const int n = code->size();
  CHECK(n == 17 + 4 * code->version());
  // A finder: a dark 7x7 ring, a light ring inside it, a dark 3x3 centre.
  auto finder_at = [&](int left, int top) {
    for (int y = 0; y < 7; ++y)
      for (int x = 0; x < 7; ++x) {
        const int ring = std::min(std::min(x, y), std::min(6 - x, 6 - y));
        if (code->dark(left + x, top + y) != (ring != 1)) return false;
      }
    return true;
  };
  CHECK(finder_at(0, 0));
  CHECK(finder_at(n - 7, 0));
  CHECK(finder_at(0, n - 7));
  for (int i = 8; i < n - 8; ++i) {
    CHECK(code->dark(i, 6) == (i % 2 == 0));
    CHECK(code->dark(6, i) == (i % 2 == 0));
  }
}

TEST_CASE("QR versions grow with the data and stop at version 40", "[credentials][qr]") {
  CHECK(encode_qr("hello")->version() == 1);
  CHECK(encode_qr("hello")->size() == 21);
  CHECK(encode_qr(std::string(14, 'a'))->version() == 1);  // 1-M holds 14 bytes
  CHECK(encode_qr(std::string(15, 'a'))->version() == 2);
  CHECK(encode_qr(std::string(2331, 'a'))->version() == 40);  // 40-M byte capacity
  CHECK_FALSE(encode_qr(std::string(2332, 'a')));
  CHECK(encode_qr(std::string(2953, 'a'), QrErrorCorrection::kLow)->version() == 40);
}

TEST_CASE("QR PNGs decode back to their text", "[credentials][qr]") {
  const std::string uri =
      "otpauth://totp/mydevice@000000000000?secret="
      "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
  for (const std::string& text :
       {std::string("hello"), uri, std::string("12345678901234567890"), std::string(100, 'x') + "!",
        std::string(400, 'q'), std::string(1000, 'z') + "end"}) {
    CAPTURE(text.size());
    auto code = encode_qr(text);
    REQUIRE(code);
    const std::string png = qr_code_png(*code);
    CHECK(png.substr(1, 3) == "PNG");
    auto decoded = zbar_decode(png);
    if (!decoded) {
      WARN("zbarimg not installed: QR decoding not checked");
      return;
    }
    CHECK(*decoded == text);
  }
}
