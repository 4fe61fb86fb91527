// Tests for the SigV4 crypto primitives (published SHA-256 / HMAC vectors) and for the signing
// key derivation and its cache (AWS's documented kSigning example, hits, eviction, threads).
#include "sigv4/crypto.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

#include "sigv4/signing_key_cache.hpp"

using namespace localiam::sigv4;

TEST_CASE("sha256 and hmac_sha256 match published vectors", "[sigv4]") {
  CHECK(to_hex(sha256("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(to_hex(sha256("abc")) ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // RFC 4231 test case 2.
  CHECK(to_hex(hmac_sha256(std::string_view("Jefe"), "what do ya want for nothing?")) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // RFC 4231 test case 6: a key longer than the block size.
  CHECK(to_hex(hmac_sha256(std::string(131, '\xaa'),
                           "Test Using Larger Than Block-Size Key - Hash Key First")) ==
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST_CASE("constant_time_equals", "[sigv4]") {
  CHECK(constant_time_equals("", ""));
  CHECK(constant_time_equals("abc", "abc"));
  CHECK_FALSE(constant_time_equals("abc", "abd"));
  CHECK_FALSE(constant_time_equals("abc", "ab"));
  CHECK_FALSE(constant_time_equals("", "a"));
}

TEST_CASE("derive_signing_key reproduces AWS's documented example", "[sigv4]") {
  // AWS General Reference, "Examples of how to derive a signing key for Signature Version 4".
  CHECK(to_hex(derive_signing_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215",
                                  "us-east-1", "iam")) ==
        "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
  // Secrets longer than the on-stack buffer take the other path.
  const std::string long_secret(300, 's');
  CHECK(derive_signing_key(long_secret, "20120215", "us-east-1", "iam") ==
        derive_signing_key(long_secret, "20120215", "us-east-1", "iam"));
  CHECK(derive_signing_key(long_secret, "20120215", "us-east-1", "iam") !=
        derive_signing_key(long_secret + "t", "20120215", "us-east-1", "iam"));
}

TEST_CASE("SigningKeyCache derives once and stays bounded", "[sigv4]") {
  SigningKeyCache cache(4);
  CHECK(cache.slot_count() == 4);
  const SigningKey expected = derive_signing_key("secret", "20240501", "us-east-1", "sts");

  CHECK(cache.get("secret", "20240501", "us-east-1", "sts") == expected);
  CHECK(cache.misses() == 1);
  CHECK(cache.get("secret", "20240501", "us-east-1", "sts") == expected);
  CHECK(cache.hits() == 1);

  // Every part of the key matters.
  CHECK(cache.get("secreT", "20240501", "us-east-1", "sts") != expected);
  CHECK(cache.get("secret", "20240502", "us-east-1", "sts") != expected);
  CHECK(cache.get("secret", "20240501", "us-east-2", "sts") != expected);
  CHECK(cache.get("secret", "20240501", "us-east-1", "iam") != expected);

  // Far more keys than slots: results stay right, memory stays at four slots.
  for (int i = 0; i < 100; ++i) {
    const std::string secret = "s" + std::to_string(i);
    CHECK(cache.get(secret, "20240501", "r", "iam") ==
          derive_signing_key(secret, "20240501", "r", "iam"));
  }
  CHECK(SigningKeyCache(0).slot_count() == 1);
  CHECK(SigningKeyCache(1000).slot_count() == 1024);

  // Oversized scope parts are served but not cached.
  const std::string huge_region(1000, 'r');
  const uint64_t misses = cache.misses();
  CHECK(cache.get("secret", "20240501", huge_region, "sts") ==
        derive_signing_key("secret", "20240501", huge_region, "sts"));
  CHECK(cache.get("secret", "20240501", huge_region, "sts") ==
        derive_signing_key("secret", "20240501", huge_region, "sts"));
  CHECK(cache.misses() == misses + 2);
}

TEST_CASE("SigningKeyCache is safe to share between threads", "[sigv4]") {
  SigningKeyCache cache(8);
  std::vector<SigningKey> expected;
  for (int i = 0; i < 16; ++i)
    expected.push_back(derive_signing_key("k" + std::to_string(i), "20240501", "r", "sts"));
  std::vector<int> wrong(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int n = 0; n < 2000; ++n) {
        int i = (n * 7 + t) % 16;
        if (cache.get("k" + std::to_string(i), "20240501", "r", "sts") != expected[i]) ++wrong[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(wrong == std::vector<int>(4, 0));
  CHECK(cache.hits() + cache.misses() == 8000);
}
