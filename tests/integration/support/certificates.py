"""X.509 material made at test time with the `cryptography` module (a dependency of Debian's
awscli, so present wherever AWS CLI v2 is): EC P-256 or RSA keys, self-signed CA certificates
and certificates they issue, with chosen validity, written to PEM files that tests pass as
File(path) (the CLI reads file://; a PEM given inline would look like an option to it).

    pki = certificates.Pki(directory)
    ca = pki.issue("ca", ca=True)
    leaf = pki.issue("leaf", issuer=ca)
    leaf.cert, leaf.key, leaf.cert_file, leaf.key_file, leaf.not_after
"""

import datetime
import os

try:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from cryptography.x509.oid import NameOID
    AVAILABLE = True
except ImportError:  # pragma: no cover - tests using it are skipped
    AVAILABLE = False

from .clients import File


class Issued:
    def __init__(self, directory, name, key, certificate):
        self.name = name
        self.key_object = key
        self.certificate = certificate
        self.cert = certificate.public_bytes(serialization.Encoding.PEM).decode()
        self.key = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                     serialization.NoEncryption()).decode()
        self.not_after = certificate.not_valid_after.replace(tzinfo=datetime.timezone.utc)
        self.cert_file = write(directory, f"{name}.crt", self.cert)
        self.key_file = write(directory, f"{name}.key", self.key)


def write(directory, name, text):
    path = os.path.join(directory, name)
    with open(path, "w") as f:
        f.write(text)
    return File(path)


class Pki:
    def __init__(self, directory):
        self.directory = directory

    def issue(self, name, issuer=None, ca=False, days=365, start_days_ago=1, rsa_bits=None):
        """A certificate for CN=name with a fresh key, signed by `issuer` (an Issued) or
        self-signed, valid from `start_days_ago` days ago for `days` days."""
        key = (rsa.generate_private_key(public_exponent=65537, key_size=rsa_bits) if rsa_bits
               else ec.generate_private_key(ec.SECP256R1()))
        now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
        start = now - datetime.timedelta(days=start_days_ago)
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
        builder = (x509.CertificateBuilder()
                   .subject_name(subject)
                   .issuer_name(issuer.certificate.subject if issuer else subject)
                   .public_key(key.public_key())
                   .serial_number(x509.random_serial_number())
                   .not_valid_before(start)
                   .not_valid_after(start + datetime.timedelta(days=days)))
        if ca:
            builder = builder.add_extension(x509.BasicConstraints(ca=True, path_length=None),
                                            critical=True)
        certificate = builder.sign(issuer.key_object if issuer else key, hashes.SHA256())
        return Issued(self.directory, name, key, certificate)

    def file(self, name, text):
        return write(self.directory, name, text)
