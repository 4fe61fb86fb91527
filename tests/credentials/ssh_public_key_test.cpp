// SSH public keys in every accepted form parse to the same key, fingerprinted as
// `ssh-keygen -l -E md5` prints it (fixtures made with ssh-keygen); bad input is classified as
// unrecognised or invalid.
#include "credentials/ssh_public_key.hpp"

#include <catch2/catch.hpp>

using namespace localiam::credentials;

namespace {

// ssh-keygen -t rsa -b 2048; -e -m PKCS8 and -e -m PEM of the same key.
constexpr const char* kRsa =
    R"(ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCw3g8wBPyqPy1BXFYSaYvTCVpvCim96uxqmH5Y6btvCzWYwWDFvcrHe0bG2ov8zPVfreKDdbhwIltMbrsqhTnQesbaMl5CudTsNlDmtgFEoDKuMk5XHHsjNMj6I/B8QRBWYvNXYEMCajs906NVIjw0UiVFSRM/kZNDn+tgrENaoMlucgE7ZzDCskaa1uwbUtQ1V2CBeARaevP9buSbpRZI/x3eDQbJghYpfvFPWf0UNBfIqIhBpSa3ntInsipwhICW8fgoYg6KePWe4xWRwTvrmGkuhWLGtA/jiBBbOyen116HwXGhbTcNLvF9Ig010HTiixgYxZBnzlC/sHLbCADb test@localiam
)";
constexpr const char* kRsaSpki = R"(-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAsN4PMAT8qj8tQVxWEmmL
0wlabwopversaph+WOm7bws1mMFgxb3Kx3tGxtqL/Mz1X63ig3W4cCJbTG67KoU5
0HrG2jJeQrnU7DZQ5rYBRKAyrjJOVxx7IzTI+iPwfEEQVmLzV2BDAmo7PdOjVSI8
NFIlRUkTP5GTQ5/rYKxDWqDJbnIBO2cwwrJGmtbsG1LUNVdggXgEWnrz/W7km6UW
SP8d3g0GyYIWKX7xT1n9FDQXyKiIQaUmt57SJ7IqcISAlvH4KGIOinj1nuMVkcE7
65hpLoVixrQP44gQWzsnp9deh8FxoW03DS7xfSINNdB04osYGMWQZ85Qv7By2wgA
2wIDAQAB
-----END PUBLIC KEY-----
)";
constexpr const char* kRsaPkcs1 = R"(-----BEGIN RSA PUBLIC KEY-----
MIIBCgKCAQEAsN4PMAT8qj8tQVxWEmmL0wlabwopversaph+WOm7bws1mMFgxb3K
x3tGxtqL/Mz1X63ig3W4cCJbTG67KoU50HrG2jJeQrnU7DZQ5rYBRKAyrjJOVxx7
IzTI+iPwfEEQVmLzV2BDAmo7PdOjVSI8NFIlRUkTP5GTQ5/rYKxDWqDJbnIBO2cw
wrJGmtbsG1LUNVdggXgEWnrz/W7km6UWSP8d3g0GyYIWKX7xT1n9FDQXyKiIQaUm
t57SJ7IqcISAlvH4KGIOinj1nuMVkcE765hpLoVixrQP44gQWzsnp9deh8FxoW03
DS7xfSINNdB04osYGMWQZ85Qv7By2wgA2wIDAQAB
-----END RSA PUBLIC KEY-----
)";
constexpr const char* kEd25519 =
    R"(ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPjhirOZ7QyjSeCJF8Bx15ikP5OD1a6i1ZHo9C6cg0nh ed@localiam
)";
constexpr const char* kEcdsa =
    R"(ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBAVpoozwn/vDRMRJw/JFJyduZJDYJAmzuGNDERyg2+o4DwsM7WRw61bgrzZUz5aw6AX1l9a8axFGS3InNQ5zhNY= root@vm
)";
constexpr const char* kEcdsaSpki = R"(-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEBWmijPCf+8NExEnD8kUnJ25kkNgk
CbO4Y0MRHKDb6jgPCwztZHDrVuCvNlTPlrDoBfWX1rxrEUZLcic1DnOE1g==
-----END PUBLIC KEY-----
)";
constexpr const char* kSmallRsa =
    R"(ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDIO79eQd2LNKFSDd6VK7SHnhVS07d9muucgLauKZAcfbB4YOJojvmq7lrnmQ2DYH0yHYO1MQQruttJ4/6auNymc1oXEpUCGpW9jX/nY2ZqD08Zw1tFllC7zLQYO5EIOtLoaUTsw7gby7s3MrHJQDdS5A5O8dI7mHdAAVGGIVayMQ== root@vm
)";

}  // namespace

TEST_CASE("OpenSSH and PEM forms of one RSA key agree", "[credentials][ssh]") {
  for (const char* text : {kRsa, kRsaSpki, kRsaPkcs1}) {
    CAPTURE(text);
    auto parsed = parse_ssh_public_key(text);
    REQUIRE(parsed.key);
    CHECK(parsed.key->algorithm == "ssh-rsa");
    CHECK(parsed.key->bits == 2048);
    CHECK(md5_fingerprint(parsed.key->blob) == "51:af:d1:27:23:a6:f3:b8:fc:d6:09:9c:ec:5d:06:fb");
    CHECK(parsed.key->pem == kRsaSpki);
    CHECK(std::string(kRsa).rfind(ssh_public_key_line(*parsed.key) + " test@localiam", 0) == 0);
  }
}

TEST_CASE("Ed25519, ECDSA and small RSA keys parse with their sizes", "[credentials][ssh]") {
  auto ed = parse_ssh_public_key(kEd25519);
  REQUIRE(ed.key);
  CHECK(ed.key->algorithm == "ssh-ed25519");
  CHECK(md5_fingerprint(ed.key->blob) == "af:da:07:43:4e:c4:6c:4f:5f:03:2c:52:f9:34:a8:1f");
  for (const char* text : {kEcdsa, kEcdsaSpki}) {
    auto ec = parse_ssh_public_key(text);
    REQUIRE(ec.key);
    CHECK(ec.key->algorithm == "ecdsa-sha2-nistp256");
    CHECK(ec.key->bits == 256);
    CHECK(md5_fingerprint(ec.key->blob) == "4b:64:5b:ad:1c:ba:d5:66:f5:76:36:18:03:f5:ed:d0");
  }
  auto small = parse_ssh_public_key(kSmallRsa);
  REQUIRE(small.key);
  CHECK(small.key->bits == 1024);
  CHECK(md5_fingerprint(small.key->blob) == "2e:18:ec:24:e6:34:74:d1:19:6b:c1:39:91:69:5a:60");
}

TEST_CASE("bad keys are unrecognised or invalid", "[credentials][ssh]") {
  struct Row {
    std::string text;
    SshKeyProblem problem;
  };
  std::string rsa = kRsa;
  const Row rows[] = {
      {"hello world", SshKeyProblem::kUnrecognized},
      {"ssh-dss AAAAB3NzaC1kc3MAAACBAP", SshKeyProblem::kUnrecognized},
      {"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
       SshKeyProblem::kUnrecognized},
      {"ssh-rsa", SshKeyProblem::kUnrecognized},
      {"ssh-rsa not*base64", SshKeyProblem::kInvalid},
      {"ssh-rsa " + rsa.substr(8, 100), SshKeyProblem::kInvalid},  // truncated
      {"ssh-ed25519 " + rsa.substr(8), SshKeyProblem::kInvalid},   // name mismatch
      {"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", SshKeyProblem::kInvalid},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    auto parsed = parse_ssh_public_key(row.text);
    CHECK_FALSE(parsed.key);
    CHECK(parsed.problem == row.problem);
  }
}
