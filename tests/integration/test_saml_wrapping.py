"""AssumeRoleWithSAML against hostile SAML responses (issue 18, point 10).

Each case starts from a response the test IdP really signed (support/saml_idp.py) and an
unsigned "evil" assertion naming another subject and session, and rearranges them the way
XML signature-wrapping attacks do (Somorovsky et al., "On Breaking SAML", XSW1-8): a second
assertion beside the signed one, the signed assertion moved into Extensions or into the
Signature's Object with the evil one at the expected place, a Reference pointing at another
element than the one consumed, duplicate IDs. Every one must be refused; the untouched
response must still work, so a refusal is the wrap's doing and not a broken harness.

Comments inside signed text are not covered by exclusive c14n, so `user@evil.com<!---->.good.com`
still verifies: the identity taken must be the whole text, comments ignored. A DTD (entities,
external or not) is refused outright, in every auth mode.
"""

import base64
import re
import unittest

from support import cases
from support.cases import ACCOUNT

try:
    from support.saml_idp import TestIdp
except ImportError:  # python3-cryptography missing
    TestIdp = None

from test_saml import SAML_TRUST, provider_arn

ASSERTION = re.compile(r"<saml:Assertion .*?</saml:Assertion>", re.S)
SIGNATURE = re.compile(r"<ds:Signature .*?</ds:Signature>", re.S)
REFUSALS = ("Response signature invalid (Service: AWSOpenIdDiscoveryService; ",
            "Invalid SAML response (Service: AWSOpenIdDiscoveryService; ")
INVALID = "Invalid SAML response (Service: AWSOpenIdDiscoveryService; Status Code: 400; " \
          "Error Code: AuthSamlInvalidSamlResponseException; Request ID: "


def decode(assertion_b64):
    return base64.b64decode(assertion_b64).decode()


def encode(xml):
    return base64.b64encode(xml.encode()).decode()


def assertion_id(assertion):
    return re.search(r' ID="([^"]+)"', assertion).group(1)


def with_id(assertion, new_id):
    return assertion.replace(f' ID="{assertion_id(assertion)}"', f' ID="{new_id}"', 1)


def after_issuer(assertion, inserted):
    """`inserted` placed right after the assertion's Issuer (where a Signature belongs)."""
    at = assertion.index("</saml:Issuer>") + len("</saml:Issuer>")
    return assertion[:at] + inserted + assertion[at:]


class Material:
    """A signed response cut into pieces, and an unsigned evil assertion."""

    def __init__(self, idp, pair):
        signed = decode(idp.response([pair], "alice.good", subject="alice@example.com"))
        match = ASSERTION.search(signed)
        self.head, self.good, self.tail = signed[:match.start()], match.group(0), signed[match.end():]
        self.signature = SIGNATURE.search(self.good).group(0)
        self.good_unsigned = self.good.replace(self.signature, "")
        self.good_id = assertion_id(self.good)
        evil = decode(idp.response([pair], "mallory", subject="mallory@evil.example", sign=False))
        self.evil = ASSERTION.search(evil).group(0)

    def response(self, *assertions, extensions=""):
        """The signed response's envelope around `assertions`; `extensions` goes into a
        samlp:Extensions element after the Response's Issuer."""
        head = self.head
        if extensions:
            at = head.index("</saml:Issuer>") + len("</saml:Issuer>")
            head = head[:at] + "<samlp:Extensions>" + extensions + "</samlp:Extensions>" + head[at:]
        return head + "".join(assertions) + self.tail

    def signature_with_object(self, inside):
        return self.signature.replace("</ds:Signature>", f"<ds:Object>{inside}</ds:Object></ds:Signature>")


@unittest.skipIf(TestIdp is None, "python3-cryptography is needed to make test certificates")
class SamlWrappingTests:
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.idp = TestIdp()
        cls.prep("iam", "CreateSAMLProvider", Name="corp-idp", SAMLMetadataDocument=cls.idp.metadata())
        cls.role = cls.prep("iam", "CreateRole", RoleName="saml-role",
                            AssumeRolePolicyDocument=SAML_TRUST)["Role"]
        cls.pair = f"{cls.role['Arn']},{provider_arn('corp-idp')}"

    def assume(self, xml):
        return self.sts("AssumeRoleWithSAML", RoleArn=self.role["Arn"], PrincipalArn=provider_arn("corp-idp"),
                        SAMLAssertion=encode(xml))

    def assert_refused(self, xml, messages=REFUSALS):
        e = self.expect_error("InvalidIdentityToken", None, "sts", "AssumeRoleWithSAML",
                              {"RoleArn": self.role["Arn"], "PrincipalArn": provider_arn("corp-idp"),
                               "SAMLAssertion": encode(xml)})
        self.assertTrue(e.message.startswith(messages), e.message)

    def session_arn(self, session):
        return f"arn:aws:sts::{ACCOUNT}:assumed-role/saml-role/{session}"


class SignedResponse:
    """A response whose Response element (not its assertion) is signed, cut into pieces."""

    def __init__(self, idp, pair, **options):
        self.text = decode(idp.response([pair], "alice.good", sign=False, sign_response=True, **options))
        match = re.match(r'(<\?xml[^>]*>\n)(<samlp:Response [^>]*>)(.*</saml:Issuer>)(<ds:Signature .*</ds:Signature>)'
                         r'(<samlp:Status>.*</samlp:Status>)(<saml:Assertion .*</saml:Assertion>)</samlp:Response>$',
                         self.text, re.S)
        self.declaration, self.open, self.issuer, self.signature, self.status, self.assertion = match.groups()
        self.id = assertion_id(self.open)
        self.element = self.text[len(self.declaration):]  # the signed Response, whole

    def evil(self, evil_assertion, signature=None, before_signature="", extensions="", same_id=False):
        """An attacker's Response: another ID (or the same), the copied signature, the evil assertion."""
        evil_open = self.open if same_id else self.open.replace(self.id, "_evil" + self.id[1:], 1)
        extensions = f"<samlp:Extensions>{extensions}</samlp:Extensions>" if extensions else ""
        return (self.declaration + evil_open + self.issuer + extensions + before_signature +
                (signature if signature is not None else self.signature) + self.status + evil_assertion +
                "</samlp:Response>")


class VerifiedWrappingTests(SamlWrappingTests):
    def test_untouched_response_is_accepted(self):
        m = Material(self.idp, self.pair)
        result = self.assume(m.response(m.good))
        self.assertEqual(result["AssumedRoleUser"]["Arn"], self.session_arn("alice.good"))
        self.assertEqual(result["Subject"], "alice@example.com")
        # Taking the signature out and putting it back is the identity (the cutting is sound).
        self.assertIn("Credentials", self.assume(m.response(after_issuer(m.good_unsigned, m.signature))))

    def test_second_assertion_beside_the_signed_one(self):
        m = Material(self.idp, self.pair)
        cases_ = {
            "evil first": m.response(m.evil, m.good),
            "evil after": m.response(m.good, m.evil),
            "evil first, same ID": m.response(with_id(m.evil, m.good_id), m.good),
            "evil after, same ID": m.response(m.good, with_id(m.evil, m.good_id)),
        }
        for name, xml in cases_.items():
            with self.subTest(name):
                self.assert_refused(xml)

    def test_signed_assertion_moved_elsewhere(self):
        m = Material(self.idp, self.pair)
        evil_signed_copy = after_issuer(m.evil, m.signature)
        cases_ = {
            # XSW7-like: the signed assertion in Extensions, the evil one where it is read.
            "signed in Response Extensions": m.response(m.evil, extensions=m.good),
            "signed in Extensions, evil carries its signature":
                m.response(evil_signed_copy, extensions=m.good_unsigned),
            # XSW4: the evil assertion wraps the signed one.
            "evil wraps signed": m.response(after_issuer(m.evil, m.good)),
            "evil wraps signed, same ID": m.response(after_issuer(with_id(m.evil, m.good_id), m.good)),
            # XSW6/8: the original, unsigned, inside the copied signature's Object.
            "signed in Signature Object": m.response(after_issuer(m.evil, m.signature_with_object(m.good_unsigned))),
            "signed in Signature Object, same ID":
                m.response(after_issuer(with_id(m.evil, m.good_id), m.signature_with_object(m.good_unsigned))),
            "signed with signature, in Signature Object":
                m.response(after_issuer(m.evil, m.signature_with_object(m.good))),
        }
        for name, xml in cases_.items():
            with self.subTest(name):
                self.assert_refused(xml)

    def test_reference_to_another_element_than_the_one_consumed(self):
        m = Material(self.idp, self.pair)
        evil_signed_copy = after_issuer(m.evil, m.signature)  # Reference URI = #<good id>
        cases_ = {
            "evil with copied signature, signed one after": m.response(evil_signed_copy, m.good_unsigned),
            "evil with copied signature, signed one before": m.response(m.good_unsigned, evil_signed_copy),
            "evil with copied signature, signed one inside it":
                m.response(after_issuer(m.evil, m.signature + m.good_unsigned)),
            "evil with copied signature alone": m.response(evil_signed_copy),
        }
        for name, xml in cases_.items():
            with self.subTest(name):
                self.assert_refused(xml)

    def test_duplicate_ids(self):
        m = Material(self.idp, self.pair)
        before = m.head.replace("<samlp:Status>", f'<samlp:Status ID="{m.good_id}">', 1)
        after = m.tail.replace("</samlp:Response>", f'<samlp:Extensions ID="{m.good_id}"/></samlp:Response>', 1)
        inside = m.good.replace("<saml:Subject>", f'<saml:Subject ID="{m.good_id}">', 1)
        cases_ = {
            "another element before the assertion has its ID": before + m.good + m.tail,
            "another element after the assertion has its ID": m.head + m.good + after,
            "an element inside the assertion has its ID": m.head + inside + m.tail,
        }
        for name, xml in cases_.items():
            with self.subTest(name):
                self.assert_refused(xml)

    def test_signed_response_and_its_wrappings(self):
        signed = SignedResponse(self.idp, self.pair)
        result = self.assume(signed.text)  # the Response's signature covers the assertion in it
        self.assertEqual(result["AssumedRoleUser"]["Arn"], self.session_arn("alice.good"))
        self.assert_refused(SignedResponse(self.idp, self.pair, tamper=True).text)
        self.assert_refused(SignedResponse(self.idp, self.pair, signer=TestIdp()).text)
        evil = Material(self.idp, self.pair).evil
        in_object = signed.signature.replace("</ds:Signature>", f"<ds:Object>{signed.element}</ds:Object></ds:Signature>")
        cases_ = {
            "an assertion added to the signed Response": signed.text.replace("</samlp:Response>", evil + "</samlp:Response>"),
            "the assertion swapped": signed.text.replace(signed.assertion, evil),
            # XSW1: the signed Response inside the copied signature's Object of an evil Response.
            "signed Response in the Signature Object": signed.evil(evil, signature=in_object),
            "signed Response in the Signature Object, same ID": signed.evil(evil, signature=in_object, same_id=True),
            # XSW2: the signed Response as a child of the evil one, before the copied signature.
            "signed Response beside the copied signature": signed.evil(evil, before_signature=signed.element),
            "signed Response in Extensions": signed.evil(evil, extensions=signed.element),
            "copied signature alone": signed.evil(evil),
            "copied signature alone, same ID": signed.evil(evil, same_id=True),
        }
        for name, xml in cases_.items():
            with self.subTest(name):
                self.assert_refused(xml)

    def test_comment_in_signed_text_keeps_the_whole_text(self):
        signed = decode(self.idp.response([self.pair], "alice.good", subject="user@evil.com.good.com"))
        for old, new in (("user@evil.com.good.com", "user@evil.com<!---->.good.com"),
                         (">alice.good<", ">alice<!-- x -->.good<"),
                         (f">{self.pair}<", f">{self.pair[:20]}<!---->{self.pair[20:]}<")):
            self.assertIn(old, signed)
            signed = signed.replace(old, new, 1)
        result = self.assume(signed)  # the signature still verifies: c14n drops comments
        self.assertEqual(result["Subject"], "user@evil.com.good.com")
        self.assertEqual(result["AssumedRoleUser"]["Arn"], self.session_arn("alice.good"))

    def test_dtd_and_entities_are_refused(self):
        m = Material(self.idp, self.pair)
        declaration = '<?xml version="1.0" encoding="UTF-8"?>\n'
        self.assertTrue(m.head.startswith(declaration))
        body = m.head[len(declaration):] + m.good + m.tail
        doctypes = (
            '<!DOCTYPE samlp:Response>',
            '<!DOCTYPE samlp:Response [<!ENTITY e "x">]>',
            '<!DOCTYPE samlp:Response [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
            '<!DOCTYPE samlp:Response SYSTEM "http://127.0.0.1:1/evil.dtd">',
        )
        for doctype in doctypes:
            with self.subTest(doctype):
                self.assert_refused(declaration + doctype + "\n" + body, INVALID)
        # An entity reference without a declaration is not well-formed.
        self.assert_refused(m.head + m.good.replace("alice@example.com", "alice@example.com&e;", 1) + m.tail,
                            INVALID)


class OpenWrappingTests(SamlWrappingTests):
    """`open` checks no signature, but still reads exactly one assertion and no DTD."""

    def test_open_mode_refuses_dtds_and_two_assertions(self):
        m = Material(self.idp, self.pair)
        declaration = '<?xml version="1.0" encoding="UTF-8"?>\n'
        self.assert_refused(declaration + '<!DOCTYPE r [<!ENTITY e "x">]>' + m.head[len(declaration):] +
                            m.good + m.tail, INVALID)
        self.assert_refused(m.response(m.evil, m.good), INVALID)
        self.assertEqual(self.assume(m.response(m.evil))["AssumedRoleUser"]["Arn"], self.session_arn("mallory"))


# The attacks are in the document, not in how a client sends it: boto3 carries them all.
cases.per_client(VerifiedWrappingTests, globals(), prefix="SamlWrapVerify", only={"boto3"}, auth="verify")
cases.per_client(OpenWrappingTests, globals(), prefix="SamlWrapOpen", only={"boto3"})

if __name__ == "__main__":
    unittest.main()
