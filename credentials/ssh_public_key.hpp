// SSH public keys as IAM takes them: the OpenSSH one-line form ("ssh-rsa AAAA… comment",
// also ssh-ed25519 and ecdsa-sha2-nistp256/384/521) and PEM (SubjectPublicKeyInfo or PKCS#1
// "RSA PUBLIC KEY"). Parsing checks the key material with OpenSSL; a key can be written back in
// either form, and fingerprinted as the MD5 of its SSH wire encoding in colon-separated hex.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace localiam::credentials {

struct SshPublicKey {
  std::string algorithm;  // "ssh-rsa", "ssh-ed25519", "ecdsa-sha2-nistp256", …
  std::string blob;       // the SSH wire encoding (RFC 4253 §6.6)
  int bits = 0;           // RSA modulus size, or the curve's size
  std::string pem;        // "-----BEGIN PUBLIC KEY-----…" (SubjectPublicKeyInfo)
};

enum class SshKeyProblem {
  kUnrecognized,  // neither an OpenSSH line with a known algorithm nor a PEM public key
  kInvalid,       // the right shape, but the key material does not decode
};

struct SshKeyParse {
  std::optional<SshPublicKey> key;
  SshKeyProblem problem = SshKeyProblem::kUnrecognized;  // when !key
};

SshKeyParse parse_ssh_public_key(std::string_view text);

// "ALGORITHM BASE64" (no comment).
std::string ssh_public_key_line(const SshPublicKey& key);

// MD5 of the blob as 16 lowercase hex pairs joined by ':' (as `ssh-keygen -E md5 -l`).
std::string md5_fingerprint(std::string_view blob);

}  // namespace localiam::credentials
