#include "credentials/qr_code.hpp"

#include <qrencode.h>

#include <limits>
#include <memory>

namespace localiam::credentials {

std::optional<QrCode> encode_qr(std::string_view data, QrErrorCorrection level) {
  if (data.size() > static_cast<size_t>(std::numeric_limits<int>::max())) return std::nullopt;
  // Version 0: the smallest that fits. QRcode_encodeData is byte mode whatever the text
  // (QRcode_encodeString would switch to numeric or alphanumeric segments).
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeData(static_cast<int>(data.size()),
                        reinterpret_cast<const unsigned char*>(data.data()), 0,
                        level == QrErrorCorrection::kLow ? QR_ECLEVEL_L : QR_ECLEVEL_M),
      &QRcode_free);
  if (!code) return std::nullopt;  // ERANGE: too long for version 40 (or ENOMEM)
  const size_t modules = static_cast<size_t>(code->width) * static_cast<size_t>(code->width);
  std::vector<uint8_t> dark(modules);
  // Bit 0 of each byte is the module's colour; the other bits say what it belongs to.
  for (size_t i = 0; i < modules; ++i) dark[i] = code->data[i] & 1;
  return QrCode(code->version, code->width, std::move(dark));
}

}  // namespace localiam::credentials
