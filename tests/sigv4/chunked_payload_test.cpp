// aws-chunked decoding: AWS's documented signed streaming PUT ("Signature Calculations for the
// Authorization Header: Transferring Payload in Multiple Chunks"), its seed signature verified by
// verify_signature, then its body decoded and every chunk signature checked, in pieces of every
// size; tampered signatures and data, bad framing and the unsigned trailer form.
#include "sigv4/chunked_payload.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "sigv4/signing_key_cache.hpp"
#include "sigv4/verifier.hpp"

using namespace localiam;
using namespace localiam::sigv4;

namespace {

constexpr const char* kSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
constexpr const char* kSeed = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
constexpr const char* kSig1 = "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648";
constexpr const char* kSig2 = "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497";
constexpr const char* kSig3 = "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9";

ChunkSigning example_signing() {
  return ChunkSigning{derive_signing_key(kSecret, "20130524", "us-east-1", "s3"),
                      "20130524T000000Z", "20130524/us-east-1/s3/aws4_request", kSeed};
}

std::string example_body(const char* sig2 = kSig2, char data2 = 'a') {
  std::string body = "10000;chunk-signature=" + std::string(kSig1) + "\r\n";
  body += std::string(65536, 'a') + "\r\n";
  body += "400;chunk-signature=" + std::string(sig2) + "\r\n";
  body += std::string(1024, data2) + "\r\n";
  body += "0;chunk-signature=" + std::string(kSig3) + "\r\n\r\n";
  return body;
}

// Feeds `body` in pieces of `step` bytes; the first error, if any.
Status decode(ChunkedPayloadDecoder& d, const std::string& body, size_t step, std::string& out) {
  for (size_t at = 0; at < body.size(); at += step)
    if (Status s = d.feed(std::string_view(body).substr(at, step), out); !s.ok()) return s;
  return ok_status();
}

}  // namespace

TEST_CASE("AWS's streaming PUT example: seed signature and signing key", "[sigv4][chunked]") {
  HeaderList headers = {
      {"Host", "s3.amazonaws.com"},
      {"x-amz-date", "20130524T000000Z"},
      {"x-amz-storage-class", "REDUCED_REDUNDANCY"},
      {"Authorization",
       "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
       "SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;"
       "x-amz-decoded-content-length;x-amz-storage-class,Signature=" +
           std::string(kSeed)},
      {"x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"},
      {"Content-Encoding", "aws-chunked"},
      {"x-amz-decoded-content-length", "66560"},
      {"Content-Length", "66824"}};
  SigningKey key{};
  RequestView view{"PUT", "/examplebucket/chunkObject.txt", "", &headers, ""};
  view.s3 = true;
  view.body_streams = true;
  view.signing_key_out = &key;
  Result<ParsedAuth> auth = parse_authorization(view);
  REQUIRE(auth.ok());
  REQUIRE(verify_signature(view, *auth, kSecret).ok());
  CHECK(key == example_signing().key);
  SECTION("without S3's rules the streaming payload is refused") {
    view.s3 = false;
    CHECK(verify_signature(view, *auth, kSecret).error().code == "SignatureDoesNotMatch");
  }
}

TEST_CASE("AWS's signed chunks decode and verify in pieces of any size", "[sigv4][chunked]") {
  CHECK(chunk_signature(example_signing(), kSeed,
                        "bf718b6f653bebc184e1479f1935b8da974d701b893afcf49e701f3e2f9f9c5a") ==
        kSig1);
  const std::string body = example_body();
  CHECK(body.size() == 66824);  // the example's Content-Length
  for (size_t step : {size_t{1}, size_t{7}, size_t{4096}, size_t{65536}, body.size()}) {
    ChunkedPayloadDecoder d(example_signing(), false);
    std::string out;
    REQUIRE(decode(d, body, step, out).ok());
    CHECK(d.done());
    CHECK(d.decoded() == 66560);
    CHECK(out == std::string(66560, 'a'));
  }
}

TEST_CASE("a tampered chunk is refused", "[sigv4][chunked]") {
  std::string wrong_sig = kSig2;
  wrong_sig[0] = wrong_sig[0] == '0' ? '1' : '0';
  for (const std::string& body : {example_body(wrong_sig.c_str()), example_body(kSig2, 'b')}) {
    ChunkedPayloadDecoder d(example_signing(), false);
    std::string out;
    Status s = decode(d, body, 1000, out);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == "SignatureDoesNotMatch");
    CHECK_FALSE(d.done());
    CHECK_FALSE(d.feed("x", out).ok());  // stays failed
  }
  SECTION("a chunk without a signature") {
    ChunkedPayloadDecoder d(example_signing(), false);
    std::string out;
    CHECK(d.feed("5\r\nhello\r\n", out).error().code == "SignatureDoesNotMatch");
  }
  SECTION("a wrong last-chunk signature") {
    std::string body = example_body();
    body[body.size() - 5] = body[body.size() - 5] == '0' ? '1' : '0';
    ChunkedPayloadDecoder d(example_signing(), false);
    std::string out;
    CHECK(decode(d, body, 4096, out).error().code == "SignatureDoesNotMatch");
  }
}

TEST_CASE("unsigned chunks with trailers", "[sigv4][chunked]") {
  const std::string body =
      "5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n";
  for (size_t step : {size_t{1}, size_t{3}, body.size()}) {
    ChunkedPayloadDecoder d(std::nullopt, true);
    std::string out;
    REQUIRE(decode(d, body, step, out).ok());
    CHECK(d.done());
    CHECK(out == "hello world");
    REQUIRE(d.trailers().size() == 1);
    CHECK(d.trailers()[0].first == "x-amz-checksum-crc32");
    CHECK(d.trailers()[0].second == "DUoRhQ==");
  }
}

TEST_CASE("bad framing is refused", "[sigv4][chunked]") {
  const char* cases[] = {
      "zz\r\nhello\r\n0\r\n\r\n",           // not hex
      "5\nhello\r\n0\r\n\r\n",              // LF without CR
      "3\r\nhello\r\n0\r\n\r\n",            // data longer than its size
      "5\r\nhello\r\n0\r\n\r\nextra",       // bytes after the end
      "\r\nhello\r\n",                      // no size
      "fffffffffffffffff\r\n",              // size overflow
      "0\r\nx-amz-checksum-crc32\r\n\r\n",  // trailer without a colon
  };
  for (const char* body : cases) {
    ChunkedPayloadDecoder d(std::nullopt, true);
    std::string out;
    Status s = d.feed(body, out);
    INFO(body);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == "IncompleteBody");
  }
  SECTION("trailers when none were announced") {
    ChunkedPayloadDecoder d(std::nullopt, false);
    std::string out;
    CHECK_FALSE(d.feed("0\r\nx-amz-checksum-crc32:AAAA\r\n\r\n", out).ok());
  }
  SECTION("a line too long") {
    ChunkedPayloadDecoder d(std::nullopt, false);
    std::string out;
    CHECK_FALSE(d.feed(std::string(5000, '1'), out).ok());
  }
}
