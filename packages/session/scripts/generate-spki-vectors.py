#!/usr/bin/python3
"""Known-answer vectors for the Crypto contract's exportSpki/importSpki.

Independent of the TypeScript code under test: every DER SubjectPublicKeyInfo
comes from Python's `cryptography` package or from the `openssl` command line
(RSA-PSS keys, compressed points, explicit curve parameters); the neutral key
beside it is read back from `cryptography`'s public numbers. The few damaged
encodings are edits of those DER strings, each one described by its name.

Run: /usr/bin/python3 packages/session/scripts/generate-spki-vectors.py
Writes: packages/session/src/testkit/spki-vectors.ts (new random keys each run).
"""

import json
import os
import subprocess
import tempfile

from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed25519, rsa, x25519
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

NIST_P256, NIST_P384, NIST_P521 = 0x0003, 0x0004, 0x0005
CURVES = {NIST_P256: (ec.SECP256R1, 32), NIST_P384: (ec.SECP384R1, 48), NIST_P521: (ec.SECP521R1, 66)}


def spki(public_key):
    return public_key.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)


def int_bytes(v, size=None):
    if size is None:
        size = max(1, (v.bit_length() + 7) // 8)
    return v.to_bytes(size, "big")


def rsa_vector(name, public_key):
    nums = public_key.public_numbers()
    return {"name": name, "der": spki(public_key).hex(),
            "key": {"rsa": {"n": int_bytes(nums.n).hex(), "e": nums.e}}}


def ecc_vector(name, curve_id, public_key):
    nums = public_key.public_numbers()
    size = CURVES[curve_id][1]
    return {"name": name, "der": spki(public_key).hex(),
            "key": {"ecc": {"curveID": curve_id, "x": int_bytes(nums.x, size).hex(), "y": int_bytes(nums.y, size).hex()}}}


def ec_key_where(curve_id, predicate):
    curve, size = CURVES[curve_id]
    while True:
        k = ec.generate_private_key(curve()).public_key()
        if predicate(k.public_numbers(), size):
            return k


def openssl_der(*args, stdin=None):
    return subprocess.run(["openssl", *args], input=stdin, capture_output=True, check=True).stdout


def der_length(n):
    if n < 0x80:
        return bytes([n])
    b = int_bytes(n)
    return bytes([0x80 | len(b)]) + b


def tlv(tag, content):
    return bytes([tag]) + der_length(len(content)) + content


def rsa_spki_raw(n_content, e, with_null=True):
    """An RSA SPKI whose modulus INTEGER holds `n_content` as given (to make non-DER integers)."""
    alg = tlv(0x30, bytes.fromhex("06092a864886f70d010101") + (b"\x05\x00" if with_null else b""))
    e_content = int_bytes(e)
    if e_content[0] & 0x80:
        e_content = b"\x00" + e_content
    rsapub = tlv(0x30, tlv(0x02, n_content) + tlv(0x02, e_content))
    return tlv(0x30, alg + tlv(0x03, b"\x00" + rsapub))


def main():
    good = []
    r2048 = rsa.generate_private_key(65537, 2048).public_key()
    good.append(rsa_vector("RSA 1024-bit, e = 65537", rsa.generate_private_key(65537, 1024).public_key()))
    good.append(rsa_vector("RSA 2048-bit, e = 65537", r2048))
    good.append(rsa_vector("RSA 2048-bit, e = 3", rsa.generate_private_key(3, 2048).public_key()))
    good.append(rsa_vector("RSA 3072-bit, e = 65537", rsa.generate_private_key(65537, 3072).public_key()))
    good.append(rsa_vector("RSA 4096-bit, e = 65537", rsa.generate_private_key(65537, 4096).public_key()))
    # A 2047-bit modulus: 256 octets whose first is below 0x80, so no 00 before it in DER.
    while True:
        k = rsa.generate_private_key(65537, 2047).public_key()
        if k.public_numbers().n.bit_length() == 2047:
            break
    good.append(rsa_vector("RSA 2047-bit modulus (no 00 octet before it in DER)", k))
    n2048 = r2048.public_numbers().n
    good.append(rsa_vector("RSA e = 0xffffffff (largest UINT32, 5-octet INTEGER)",
                           rsa.RSAPublicNumbers(0xFFFFFFFF, n2048).public_key()))
    synthetic = (1 << 16383) | int.from_bytes(os.urandom(2048), "big") >> 1 | 1
    good.append(rsa_vector("RSA 16384-bit synthetic modulus (the largest accepted)",
                           rsa.RSAPublicNumbers(65537, synthetic).public_key()))
    good.append(ecc_vector("P-256", NIST_P256, ec.generate_private_key(ec.SECP256R1()).public_key()))
    good.append(ecc_vector("P-256, x with a leading zero octet", NIST_P256,
                           ec_key_where(NIST_P256, lambda n, s: n.x < (1 << (8 * s - 8)))))
    good.append(ecc_vector("P-256, y with a leading zero octet", NIST_P256,
                           ec_key_where(NIST_P256, lambda n, s: n.y < (1 << (8 * s - 8)))))
    good.append(ecc_vector("P-384", NIST_P384, ec.generate_private_key(ec.SECP384R1()).public_key()))
    good.append(ecc_vector("P-521", NIST_P521, ec.generate_private_key(ec.SECP521R1()).public_key()))
    good.append(ecc_vector("P-521, x with a zero leading octet", NIST_P521,
                           ec_key_where(NIST_P521, lambda n, s: n.x < (1 << (8 * s - 8)))))

    unsupported = []
    u = lambda name, der: unsupported.append({"name": name, "der": der.hex(), "code": "UNSUPPORTED"})
    u("Ed25519", spki(ed25519.Ed25519PrivateKey.generate().public_key()))
    u("X25519", spki(x25519.X25519PrivateKey.generate().public_key()))
    u("secp256k1", spki(ec.generate_private_key(ec.SECP256K1()).public_key()))
    u("brainpoolP256r1", spki(ec.generate_private_key(ec.BrainpoolP256R1()).public_key()))
    u("NIST P-224", spki(ec.generate_private_key(ec.SECP224R1()).public_key()))
    u("NIST P-192", spki(ec.generate_private_key(ec.SECP192R1()).public_key()))
    u("DSA 2048", spki(dsa.generate_private_key(2048).public_key()))
    with tempfile.TemporaryDirectory() as d:
        pss = os.path.join(d, "pss.pem")
        openssl_der("genpkey", "-algorithm", "RSA-PSS", "-pkeyopt", "rsa_keygen_bits:2048", "-out", pss)
        u("RSA-PSS (id-RSASSA-PSS)", openssl_der("pkey", "-in", pss, "-pubout", "-outform", "DER"))
        ecp = os.path.join(d, "ec.pem")
        openssl_der("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", ecp)
        u("P-256 with a compressed point", openssl_der("ec", "-in", ecp, "-pubout", "-conv_form", "compressed", "-outform", "DER"))
        u("P-256 with explicit curve parameters", openssl_der("ec", "-in", ecp, "-pubout", "-param_enc", "explicit", "-outform", "DER"))
    u("RSA e = 2^32 + 1 (beyond UINT32)", spki(rsa.RSAPublicNumbers((1 << 32) + 1, n2048).public_key()))
    u("RSA 1016-bit modulus (below 1024)", spki(rsa.RSAPublicNumbers(65537, (1 << 1015) | 1 | int.from_bytes(os.urandom(127), "big")).public_key()))

    bad = []
    b = lambda name, der: bad.append({"name": name, "der": der.hex(), "code": "BAD_PARAMETER"})
    p256 = spki(ec.generate_private_key(ec.SECP256R1()).public_key())
    rsa_der = spki(r2048)
    n_content = b"\x00" + int_bytes(n2048)
    b("empty", b"")
    b("one octet 30", b"\x30")
    b("P-256 missing its last octet", p256[:-1])
    b("P-256 with a trailing zero octet", p256 + b"\x00")
    b("RSA with a trailing zero octet", rsa_der + b"\x00")
    b("RSA missing its last octet", rsa_der[:-1])
    b("P-256 with a BER long-form length (81 59) on the outer SEQUENCE", b"\x30\x81" + p256[1:])
    b("P-256 point off the curve (last octet changed)", p256[:-1] + bytes([p256[-1] ^ 1]))
    b("P-256 point with prefix 05", p256[:-65] + b"\x05" + p256[-64:])
    b("P-256 BIT STRING with 1 unused bit", p256[:-66] + b"\x01" + p256[-65:])
    b("P-256 key as OCTET STRING instead of BIT STRING", p256[:-68] + b"\x04" + p256[-67:])
    b("RSA modulus INTEGER with a redundant 00 octet", rsa_spki_raw(b"\x00" + n_content, 65537))
    b("RSA modulus INTEGER that is negative (no 00 octet)", rsa_spki_raw(n_content[1:], 65537))
    b("RSA algorithm without its NULL parameters", rsa_spki_raw(n_content, 65537, with_null=False))
    b("RSA even exponent 65536", rsa_spki_raw(n_content, 65536))
    b("RSA exponent 1", rsa_spki_raw(n_content, 1))
    b("64 random octets", os.urandom(64))

    out = {"good": good, "refused": unsupported + bad}
    path = os.path.join(os.path.dirname(__file__), "..", "src", "testkit", "spki-vectors.ts")
    with open(path, "w") as f:
        f.write("/* Generated by scripts/generate-spki-vectors.py (Python `cryptography` and openssl); do not edit. */\n")
        f.write('import type { SpkiVectors } from "./vector-types.js";\n\n')
        f.write("/** SubjectPublicKeyInfo known answers: DER beside the neutral key, and DER that must be refused. */\n")
        f.write("// biome-ignore format: generated data\n")
        f.write("export const SPKI_VECTORS: SpkiVectors = " + json.dumps(out, separators=(",", ":")) + ";\n")
    print(f"{len(good)} good, {len(unsupported)} unsupported, {len(bad)} malformed -> {os.path.normpath(path)}")


if __name__ == "__main__":
    main()
