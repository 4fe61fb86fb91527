"""A test SAML identity provider: an RSA key with a self-signed certificate, its IdP metadata,
and SAML responses whose assertion (or, with sign_response, whole Response) is signed the way
IdPs commonly sign (enveloped signature, exclusive canonicalisation, RSA-SHA256, SHA-256 digest).

The assertion is written in canonical form (exclusive XML canonicalisation 1.0) by hand, so
that its digest can be computed without an XML security library; the transmitted document
differs from that form where canonicalisation must undo it (the saml namespace is declared on
the enclosing Response rather than on the Assertion, the Signature sits inside it).
"""

import base64
import datetime
import hashlib
import uuid

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
DS = "http://www.w3.org/2000/09/xmldsig#"
ROLE_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/Role"
SESSION_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/RoleSessionName"
AWS_AUDIENCE = "https://signin.aws.amazon.com/saml"


def _iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def _escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class TestIdp:
    def __init__(self, entity_id="https://idp.example.com/saml", name="localiam-test-idp"):
        self.entity_id = entity_id
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
        now = datetime.datetime.now(datetime.timezone.utc)
        self.cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
                     .public_key(self.key.public_key()).serial_number(x509.random_serial_number())
                     .not_valid_before(now - datetime.timedelta(days=1))
                     .not_valid_after(now + datetime.timedelta(days=3650))
                     .sign(self.key, hashes.SHA256()))
        self.cert_b64 = base64.b64encode(self.cert.public_bytes(serialization.Encoding.DER)).decode()

    def metadata(self, valid_until=None):
        until = f' validUntil="{valid_until}"' if valid_until else ""
        return (
            f'<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
            f'entityID="{self.entity_id}"{until}>\n'
            f'  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" '
            f'protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">\n'
            f'    <md:KeyDescriptor use="signing">\n'
            f'      <ds:KeyInfo xmlns:ds="{DS}">\n'
            f'        <ds:X509Data>\n'
            f'          <ds:X509Certificate>{self.cert_b64}</ds:X509Certificate>\n'
            f'        </ds:X509Data>\n'
            f'      </ds:KeyInfo>\n'
            f'    </md:KeyDescriptor>\n'
            f'    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified</md:NameIDFormat>\n'
            f'    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" '
            f'Location="https://idp.example.com/sso"/>\n'
            f'  </md:IDPSSODescriptor>\n'
            f'</md:EntityDescriptor>\n')

    def _signature(self, element_id, canonical, signer=None):
        """The transmitted ds:Signature over the element `element_id` whose canonical form,
        less this signature, is `canonical`."""
        digest = base64.b64encode(hashlib.sha256(canonical.encode()).digest()).decode()
        signed_info_body = (
            f'<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#">'
            f'</ds:CanonicalizationMethod>'
            f'<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256">'
            f'</ds:SignatureMethod>'
            f'<ds:Reference URI="#{element_id}"><ds:Transforms>'
            f'<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature">'
            f'</ds:Transform>'
            f'<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"></ds:Transform>'
            f'</ds:Transforms>'
            f'<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"></ds:DigestMethod>'
            f'<ds:DigestValue>{digest}</ds:DigestValue></ds:Reference>')
        signed_info_c14n = f'<ds:SignedInfo xmlns:ds="{DS}">{signed_info_body}</ds:SignedInfo>'
        key = (signer or self).key
        value = base64.b64encode(key.sign(signed_info_c14n.encode(), padding.PKCS1v15(),
                                          hashes.SHA256())).decode()
        # As transmitted: ds declared on Signature, empty elements written short, the
        # value wrapped over lines.
        wrapped = "\n".join(value[i:i + 64] for i in range(0, len(value), 64))
        signature = (
            f'<ds:Signature xmlns:ds="{DS}">'
            f'<ds:SignedInfo>{signed_info_body}</ds:SignedInfo>'
            f'<ds:SignatureValue>\n{wrapped}\n</ds:SignatureValue>'
            f'<ds:KeyInfo><ds:X509Data><ds:X509Certificate>{(signer or self).cert_b64}'
            f'</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>')
        return signature.replace('"></ds:CanonicalizationMethod>', '"/>')

    def response(self, roles, session_name, subject="alice@example.com", now=None, lifetime=300,
                 audience=AWS_AUDIENCE, sign=True, tamper=False, signer=None, sign_response=False,
                 name_id_format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"):
        """A base64 SAMLResponse. roles: "role_arn,provider_arn" strings. tamper=True changes
        the assertion after signing; signer: another TestIdp that signs instead; sign_response
        (with sign=False): the Response is signed instead of the assertion."""
        now = now or datetime.datetime.now(datetime.timezone.utc)
        issued, not_after = _iso(now), _iso(now + datetime.timedelta(seconds=lifetime))
        assertion_id = "_" + uuid.uuid4().hex
        values = "".join(
            f'<saml:AttributeValue>{_escape(r)}</saml:AttributeValue>' for r in roles)
        # The assertion's children, canonical already (attributes in order, no empty-element
        # tags, no namespace declarations: they come from the Assertion element).
        body = (
            f'<saml:Issuer>{_escape(self.entity_id)}</saml:Issuer>'
            f'<saml:Subject><saml:NameID Format="{name_id_format}">{_escape(subject)}</saml:NameID>'
            f'<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">'
            f'<saml:SubjectConfirmationData NotOnOrAfter="{not_after}" '
            f'Recipient="https://signin.aws.amazon.com/saml"></saml:SubjectConfirmationData>'
            f'</saml:SubjectConfirmation></saml:Subject>'
            f'<saml:Conditions NotBefore="{issued}" NotOnOrAfter="{not_after}">'
            f'<saml:AudienceRestriction><saml:Audience>{_escape(audience)}</saml:Audience>'
            f'</saml:AudienceRestriction></saml:Conditions>'
            f'<saml:AuthnStatement AuthnInstant="{issued}"><saml:AuthnContext>'
            f'<saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport'
            f'</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>'
            f'<saml:AttributeStatement>'
            f'<saml:Attribute Name="{ROLE_ATTRIBUTE}">{values}</saml:Attribute>'
            f'<saml:Attribute Name="{SESSION_ATTRIBUTE}"><saml:AttributeValue>{_escape(session_name)}'
            f'</saml:AttributeValue></saml:Attribute>'
            f'</saml:AttributeStatement>')
        open_tag = f'<saml:Assertion ID="{assertion_id}" IssueInstant="{issued}" Version="2.0">'
        canonical = (f'<saml:Assertion xmlns:saml="{SAML}" ID="{assertion_id}" '
                     f'IssueInstant="{issued}" Version="2.0">{body}</saml:Assertion>')
        signature = self._signature(assertion_id, canonical, signer) if sign else ""
        body_signed = body
        if tamper:
            body = body.replace(_escape(session_name), _escape(session_name) + "-evil", 1)
        # The signature goes right after the Issuer, as the SAML schema wants.
        issuer_end = body.index("</saml:Issuer>") + len("</saml:Issuer>")
        assertion = open_tag + body[:issuer_end] + signature + body[issuer_end:] + "</saml:Assertion>"
        response_id = "_" + uuid.uuid4().hex
        if sign_response:
            # Written in canonical form, so that the Response's digest is that of its text less the
            # Signature: namespaces declared where exclusive c14n renders them, attributes sorted,
            # no empty-element tags. The assertion inside must then be unsigned and canonical.
            if sign:
                raise ValueError("sign_response writes an unsigned assertion")
            head = (f'<samlp:Response xmlns:samlp="{SAMLP}" Destination="https://signin.aws.amazon.com/saml" '
                    f'ID="{response_id}" IssueInstant="{issued}" Version="2.0">'
                    f'<saml:Issuer xmlns:saml="{SAML}">{_escape(self.entity_id)}</saml:Issuer>')
            status = (f'<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success">'
                      f'</samlp:StatusCode></samlp:Status>')
            sent = canonical.replace(body_signed, body, 1)  # differs when tampered
            signature = self._signature(response_id, head + status + canonical + "</samlp:Response>", signer)
            response = ('<?xml version="1.0" encoding="UTF-8"?>\n' + head + signature + status + sent +
                        "</samlp:Response>")
            return base64.b64encode(response.encode()).decode()
        response = (
            f'<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<samlp:Response xmlns:samlp="{SAMLP}" xmlns:saml="{SAML}" '
            f'ID="{response_id}" Version="2.0" IssueInstant="{issued}" '
            f'Destination="https://signin.aws.amazon.com/saml">\n'
            f'  <saml:Issuer>{_escape(self.entity_id)}</saml:Issuer>\n'
            f'  <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/>'
            f'</samlp:Status>\n'
            f'  {assertion}\n'
            f'</samlp:Response>\n')
        return base64.b64encode(response.encode()).decode()
