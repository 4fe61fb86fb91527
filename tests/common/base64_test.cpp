#include "common/base64.hpp"

#include <catch2/catch.hpp>
#include <random>

using namespace localiam;

TEST_CASE("base64: RFC 4648 test vectors in both alphabets", "[common][base64]") {
  struct Case {
    std::string bytes, standard, url;
  };
  const Case cases[] = {
      {"", "", ""},
      {"f", "Zg==", "Zg"},
      {"fo", "Zm8=", "Zm8"},
      {"foo", "Zm9v", "Zm9v"},
      {"foob", "Zm9vYg==", "Zm9vYg"},
      {"fooba", "Zm9vYmE=", "Zm9vYmE"},
      {"foobar", "Zm9vYmFy", "Zm9vYmFy"},
      {std::string("\0\0\0", 3), "AAAA", "AAAA"},
      {"\xfb\xff\xfe", "+//+", "-__-"},
  };
  for (const auto& c : cases) {
    CHECK(base64_encode(c.bytes) == c.standard);
    CHECK(base64url_encode(c.bytes) == c.url);
    CHECK(base64_decode(c.standard) == c.bytes);
    CHECK(base64url_decode(c.url) == c.bytes);
    CHECK(base64url_decode(c.standard) == (c.standard.find_first_of("+/") == std::string::npos
                                               ? std::optional<std::string>(c.bytes)
                                               : std::nullopt));
  }
}

TEST_CASE("base64: every length and byte value round-trips", "[common][base64]") {
  std::mt19937 random(18);
  for (size_t length = 0; length < 200; ++length) {
    std::string bytes(length, '\0');
    for (char& b : bytes) b = static_cast<char>(random() & 0xFF);
    const std::string text = base64_encode(bytes);
    CHECK(text.size() == (length + 2) / 3 * 4);
    CHECK(base64_decode(text) == bytes);
    CHECK(base64url_decode(base64url_encode(bytes)) == bytes);
  }
}

TEST_CASE("base64: whitespace and optional padding", "[common][base64]") {
  CHECK(base64_decode("Zm9v\nYmE=") == std::string("fooba"));
  CHECK(base64_decode(" Zm9v\r\n\tZm8= \n") == std::string("foofo"));
  CHECK(base64_decode("Zm9vYmE") == std::string("fooba"));  // padding left out
  CHECK(base64_decode("Zg") == std::string("f"));
  CHECK(base64_decode("Zg=\n=") == std::string("f"));  // whitespace inside the padding
  CHECK(base64_decode(" \n") == std::string());
  CHECK(base64url_decode("Zg==") == std::string("f"));  // padding tolerated in URL form too
}

TEST_CASE("base64: malformed text is refused, not guessed at", "[common][base64]") {
  const char* bad[] = {
      "Zm9v!",         // outside the alphabet
      "Zm9vY",         // 4n+1 symbols: no encoding has that length
      "Z",             //
      "Zg==Zg",        // data after padding
      "Zg=a",          // '=' inside a quad (OpenSSL's block decoder alone would take it as 0)
      "=AAA",          // padding first
      "Zg===",         // more padding than the length allows
      "Zm8==",         //
      "Zm9v=",         //
      "Zm9v====",      //
      "Zm9v-_",        // URL alphabet in standard text
      "Zm9v\vZm8=",    // vertical tab is not skipped
      "Zm9v\xc3\xa9",  // non-ASCII
  };
  for (const char* text : bad) {
    INFO(text);
    CHECK_FALSE(base64_decode(text));
  }
  CHECK_FALSE(base64_decode(std::string_view("Zm\0v", 4)));
  CHECK_FALSE(base64url_decode("+//+"));      // standard alphabet in URL text
  CHECK_FALSE(base64url_decode("Zm9v Zm8"));  // no whitespace in URL text
  CHECK_FALSE(base64url_decode("Zg=a"));
}
