#include "credentials/qr_code.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>

namespace localiam::credentials {

namespace {

// Per version 1..40 (index 0 unused): error-correction codewords per block and number of
// blocks, from the standard's table 9, for levels L and M.
constexpr std::array<int, 41> kEccPerBlockL = {
    0,  7,  10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28,
    28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30};
constexpr std::array<int, 41> kBlocksL = {0,  1,  1,  1,  1,  1,  2,  2,  2,  2,  4,  4,  4,  4,
                                          4,  6,  6,  6,  6,  7,  8,  8,  9,  9,  10, 12, 12, 12,
                                          13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25};
constexpr std::array<int, 41> kEccPerBlockM = {
    0,  10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
    26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28};
constexpr std::array<int, 41> kBlocksM = {0,  1,  1,  1,  2,  2,  4,  4,  4,  5,  5,  5,  8,  9,
                                          9,  10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25,
                                          26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49};

int ecc_per_block(QrErrorCorrection level, int version) {
  return level == QrErrorCorrection::kLow ? kEccPerBlockL[version] : kEccPerBlockM[version];
}
int block_count(QrErrorCorrection level, int version) {
  return level == QrErrorCorrection::kLow ? kBlocksL[version] : kBlocksM[version];
}
// The two bits the format information uses for the level (L = 01, M = 00).
int format_level_bits(QrErrorCorrection level) { return level == QrErrorCorrection::kLow ? 1 : 0; }

int symbol_size(int version) { return 17 + 4 * version; }

// Modules left for codewords once the function patterns are drawn, in bits.
int raw_data_modules(int version) {
  int result = (16 * version + 128) * version + 64;
  if (version >= 2) {
    const int alignments = version / 7 + 2;
    result -= (25 * alignments - 10) * alignments - 55;
    if (version >= 7) result -= 36;  // two version-information blocks
  }
  return result;
}
int total_codewords(int version) { return raw_data_modules(version) / 8; }
int data_codewords(QrErrorCorrection level, int version) {
  return total_codewords(version) - ecc_per_block(level, version) * block_count(level, version);
}
int byte_count_bits(int version) { return version <= 9 ? 8 : 16; }

// Centre coordinates of the alignment patterns along one axis.
std::vector<int> alignment_positions(int version) {
  if (version == 1) return {};
  const int count = version / 7 + 2;
  const int size = symbol_size(version);
  // Evenly spaced (an even step) from the last one back to the second; version 32 is the
  // standard's one exception to the rounding.
  const int step = version == 32 ? 26 : (version * 4 + count * 2 + 1) / (count * 2 - 2) * 2;
  std::vector<int> positions(static_cast<size_t>(count));
  positions[0] = 6;
  for (int i = count - 1, pos = size - 7; i >= 1; --i, pos -= step) positions[i] = pos;
  return positions;
}

// GF(256) multiplication modulo x^8+x^4+x^3+x^2+1.
uint8_t gf_multiply(uint8_t a, uint8_t b) {
  int product = 0;
  for (int i = 7; i >= 0; --i) {
    product = (product << 1) ^ ((product >> 7) * 0x11D);
    product ^= ((b >> i) & 1) * a;
  }
  return static_cast<uint8_t>(product);
}

// Coefficients of prod(x - a^i) for i < degree, highest power first, without the leading 1.
std::vector<uint8_t> rs_generator(int degree) {
  std::vector<uint8_t> coefficients(static_cast<size_t>(degree), 0);
  coefficients.back() = 1;
  uint8_t root = 1;
  for (int i = 0; i < degree; ++i) {
    for (size_t j = 0; j < coefficients.size(); ++j) {
      coefficients[j] = gf_multiply(coefficients[j], root);
      if (j + 1 < coefficients.size()) coefficients[j] ^= coefficients[j + 1];
    }
    root = gf_multiply(root, 2);
  }
  return coefficients;
}

class BitBuffer {
 public:
  void append(uint32_t value, int bits) {
    for (int i = bits - 1; i >= 0; --i) bits_.push_back(((value >> i) & 1) != 0);
  }
  size_t size() const { return bits_.size(); }
  std::vector<uint8_t> bytes() const {
    std::vector<uint8_t> out(bits_.size() / 8, 0);
    for (size_t i = 0; i < out.size() * 8; ++i)
      if (bits_[i]) out[i / 8] |= static_cast<uint8_t>(0x80 >> (i % 8));
    return out;
  }

 private:
  std::vector<bool> bits_;
};

// The data codewords: mode, count, bytes, terminator, padding to the version's capacity.
std::vector<uint8_t> data_codewords_for(std::string_view data, int version,
                                        QrErrorCorrection level) {
  const size_t capacity_bits = static_cast<size_t>(data_codewords(level, version)) * 8;
  BitBuffer bits;
  bits.append(0x4, 4);  // byte mode
  bits.append(static_cast<uint32_t>(data.size()), byte_count_bits(version));
  for (char c : data) bits.append(static_cast<uint8_t>(c), 8);
  bits.append(0, static_cast<int>(std::min<size_t>(4, capacity_bits - bits.size())));
  bits.append(0, static_cast<int>((8 - bits.size() % 8) % 8));
  for (uint8_t pad = 0xEC; bits.size() < capacity_bits; pad ^= 0xEC ^ 0x11) bits.append(pad, 8);
  return bits.bytes();
}

// Splits the data into blocks, adds each block's error correction, and interleaves them.
std::vector<uint8_t> final_codewords(const std::vector<uint8_t>& data, int version,
                                     QrErrorCorrection level) {
  const int blocks = block_count(level, version);
  const int ecc = ecc_per_block(level, version);
  const int total = total_codewords(version);
  const int short_blocks = blocks - total % blocks;
  const int short_data = total / blocks - ecc;
  std::vector<std::vector<uint8_t>> block_data, block_ecc;
  size_t offset = 0;
  for (int b = 0; b < blocks; ++b) {
    const size_t length = static_cast<size_t>(short_data + (b < short_blocks ? 0 : 1));
    block_data.emplace_back(data.begin() + static_cast<long>(offset),
                            data.begin() + static_cast<long>(offset + length));
    block_ecc.push_back(reed_solomon_remainder(block_data.back(), ecc));
    offset += length;
  }
  std::vector<uint8_t> out;
  for (int i = 0; i <= short_data; ++i)
    for (const auto& block : block_data)
      if (i < static_cast<int>(block.size())) out.push_back(block[static_cast<size_t>(i)]);
  for (int i = 0; i < ecc; ++i)
    for (const auto& block : block_ecc) out.push_back(block[static_cast<size_t>(i)]);
  return out;
}

bool mask_bit(int mask, int x, int y) {
  switch (mask) {
    case 0:
      return (x + y) % 2 == 0;
    case 1:
      return y % 2 == 0;
    case 2:
      return x % 3 == 0;
    case 3:
      return (x + y) % 3 == 0;
    case 4:
      return (x / 3 + y / 2) % 2 == 0;
    case 5:
      return x * y % 2 + x * y % 3 == 0;
    case 6:
      return (x * y % 2 + x * y % 3) % 2 == 0;
    default:
      return ((x + y) % 2 + x * y % 3) % 2 == 0;
  }
}

// The symbol under construction: modules and which of them belong to function patterns.
class Matrix {
 public:
  explicit Matrix(int version)
      : version_(version),
        size_(symbol_size(version)),
        dark_(static_cast<size_t>(size_ * size_), 0),
        function_(static_cast<size_t>(size_ * size_), 0) {}

  int size() const { return size_; }
  bool dark(int x, int y) const { return dark_[index(x, y)] != 0; }
  bool is_function(int x, int y) const { return function_[index(x, y)] != 0; }
  void set_function(int x, int y, bool dark) {
    dark_[index(x, y)] = dark;
    function_[index(x, y)] = 1;
  }
  void flip(int x, int y) { dark_[index(x, y)] ^= 1; }
  void set(int x, int y, bool dark) { dark_[index(x, y)] = dark; }
  std::vector<uint8_t> release() { return std::move(dark_); }

  void draw_function_patterns(QrErrorCorrection level) {
    for (int i = 0; i < size_; ++i) {
      set_function(6, i, i % 2 == 0);
      set_function(i, 6, i % 2 == 0);
    }
    draw_finder(3, 3);
    draw_finder(size_ - 4, 3);
    draw_finder(3, size_ - 4);
    const std::vector<int> centres = alignment_positions(version_);
    const size_t last = centres.empty() ? 0 : centres.size() - 1;
    for (size_t i = 0; i < centres.size(); ++i)
      for (size_t j = 0; j < centres.size(); ++j) {
        const bool on_finder = (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0);
        if (!on_finder) draw_alignment(centres[i], centres[j]);
      }
    draw_format(level, 0);  // reserves the area; redrawn once the mask is chosen
    draw_version();
  }

  void draw_format(QrErrorCorrection level, int mask) {
    const int data = format_level_bits(level) << 3 | mask;
    int remainder = data;
    for (int i = 0; i < 10; ++i) remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537);
    const int bits = ((data << 10) | remainder) ^ 0x5412;
    auto bit = [bits](int i) { return ((bits >> i) & 1) != 0; };
    for (int i = 0; i <= 5; ++i) set_function(8, i, bit(i));
    set_function(8, 7, bit(6));
    set_function(8, 8, bit(7));
    set_function(7, 8, bit(8));
    for (int i = 9; i < 15; ++i) set_function(14 - i, 8, bit(i));
    for (int i = 0; i < 8; ++i) set_function(size_ - 1 - i, 8, bit(i));
    for (int i = 8; i < 15; ++i) set_function(8, size_ - 15 + i, bit(i));
    set_function(8, size_ - 8, true);  // the dark module
  }

  // Places the codewords' bits in the two-column zigzag, skipping function modules.
  void place_codewords(const std::vector<uint8_t>& codewords) {
    const size_t bit_count = codewords.size() * 8;
    size_t i = 0;
    for (int right = size_ - 1; right >= 1; right -= 2) {
      if (right == 6) right = 5;  // the vertical timing pattern
      const bool upward = ((right + 1) & 2) == 0;
      for (int step = 0; step < size_; ++step) {
        const int y = upward ? size_ - 1 - step : step;
        for (int j = 0; j < 2; ++j) {
          const int x = right - j;
          if (is_function(x, y)) continue;
          if (i < bit_count) set(x, y, ((codewords[i / 8] >> (7 - i % 8)) & 1) != 0);
          ++i;
        }
      }
    }
  }

  void apply_mask(int mask) {
    for (int y = 0; y < size_; ++y)
      for (int x = 0; x < size_; ++x)
        if (!is_function(x, y) && mask_bit(mask, x, y)) flip(x, y);
  }

  // The standard's penalty score (rules N1-N4); lower is easier to read.
  long penalty() const {
    long score = 0;
    for (int pass = 0; pass < 2; ++pass) {
      const bool rows = pass == 0;
      for (int a = 0; a < size_; ++a) {
        int run = 0;
        bool colour = false;
        for (int b = 0; b < size_; ++b) {
          const bool d = rows ? dark(b, a) : dark(a, b);
          if (b > 0 && d == colour) {
            ++run;
          } else {
            if (run >= 5) score += 3 + (run - 5);
            run = 1;
            colour = d;
          }
          if (b + 11 <= size_ && finder_like(rows, a, b)) score += 40;
        }
        if (run >= 5) score += 3 + (run - 5);
      }
    }
    long dark_count = 0;
    for (int y = 0; y < size_; ++y)
      for (int x = 0; x < size_; ++x) {
        dark_count += dark(x, y);
        if (x + 1 < size_ && y + 1 < size_) {
          const bool d = dark(x, y);
          if (dark(x + 1, y) == d && dark(x, y + 1) == d && dark(x + 1, y + 1) == d) score += 3;
        }
      }
    const long total = static_cast<long>(size_) * size_;
    score += std::labs(dark_count * 100 / total - 50) / 5 * 10;
    return score;
  }

 private:
  size_t index(int x, int y) const { return static_cast<size_t>(y * size_ + x); }

  void draw_finder(int cx, int cy) {
    for (int dy = -4; dy <= 4; ++dy)
      for (int dx = -4; dx <= 4; ++dx) {
        const int x = cx + dx, y = cy + dy;
        if (x < 0 || y < 0 || x >= size_ || y >= size_) continue;
        const int ring = std::max(std::abs(dx), std::abs(dy));
        set_function(x, y, ring != 2 && ring != 4);
      }
  }

  void draw_alignment(int cx, int cy) {
    for (int dy = -2; dy <= 2; ++dy)
      for (int dx = -2; dx <= 2; ++dx)
        set_function(cx + dx, cy + dy, std::max(std::abs(dx), std::abs(dy)) != 1);
  }

  void draw_version() {
    if (version_ < 7) return;
    int remainder = version_;
    for (int i = 0; i < 12; ++i) remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25);
    const long bits = static_cast<long>(version_) << 12 | remainder;
    for (int i = 0; i < 18; ++i) {
      const bool d = ((bits >> i) & 1) != 0;
      const int a = size_ - 11 + i % 3, b = i / 3;
      set_function(a, b, d);
      set_function(b, a, d);
    }
  }

  // 1:1:3:1:1 dark/light with four light modules on one side, starting at position b.
  bool finder_like(bool rows, int a, int b) const {
    static constexpr bool kLeft[11] = {1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0};
    static constexpr bool kRight[11] = {0, 0, 0, 0, 1, 0, 1, 1, 1, 0, 1};
    bool left = true, right = true;
    for (int k = 0; k < 11; ++k) {
      const bool d = rows ? dark(b + k, a) : dark(a, b + k);
      left = left && d == kLeft[k];
      right = right && d == kRight[k];
    }
    return left || right;
  }

  int version_;
  int size_;
  std::vector<uint8_t> dark_;
  std::vector<uint8_t> function_;
};

}  // namespace

std::vector<uint8_t> reed_solomon_remainder(const std::vector<uint8_t>& data, int count) {
  const std::vector<uint8_t> generator = rs_generator(count);
  std::vector<uint8_t> remainder(static_cast<size_t>(count), 0);
  for (uint8_t b : data) {
    const uint8_t factor = b ^ remainder.front();
    remainder.erase(remainder.begin());
    remainder.push_back(0);
    for (size_t i = 0; i < remainder.size(); ++i) remainder[i] ^= gf_multiply(generator[i], factor);
  }
  return remainder;
}

std::optional<QrCode> encode_qr(std::string_view data, QrErrorCorrection level) {
  int version = 1;
  for (; version <= 40; ++version) {
    const size_t needed = 4 + static_cast<size_t>(byte_count_bits(version)) + data.size() * 8;
    if (needed <= static_cast<size_t>(data_codewords(level, version)) * 8) break;
  }
  if (version > 40) return std::nullopt;

  Matrix matrix(version);
  matrix.draw_function_patterns(level);
  matrix.place_codewords(final_codewords(data_codewords_for(data, version, level), version, level));

  int best_mask = 0;
  long best_penalty = -1;
  for (int mask = 0; mask < 8; ++mask) {
    matrix.apply_mask(mask);
    matrix.draw_format(level, mask);
    const long score = matrix.penalty();
    if (best_penalty < 0 || score < best_penalty) {
      best_penalty = score;
      best_mask = mask;
    }
    matrix.apply_mask(mask);  // XOR again: undone
  }
  matrix.apply_mask(best_mask);
  matrix.draw_format(level, best_mask);
  const int size = matrix.size();
  return QrCode(version, size, matrix.release());
}

}  // namespace localiam::credentials
