// Building certificates: DER encodings with known answers (X.690 examples and
// what OpenSSL writes), EK certificates signed with node:crypto keys and
// checked by node:crypto's X509Certificate and our parser, and the
// TPM2_CertifyX509 reconstruction from a partial certificate and an
// addedToCertificate.
import { createHash, generateKeyPairSync, type KeyObject, sign, X509Certificate } from "node:crypto";
import {
  certificateDer,
  certifyX509Certificate,
  derBoolean,
  derElement,
  derExplicit,
  derInteger,
  derNamedBits,
  derOid,
  derSequence,
  derString,
  derTimeOf,
  distinguishedNameDer,
  EkCertError,
  ecdsaSignatureDer,
  ekCertificateTbs,
  KEY_USAGE,
  keyUsageExtension,
  type PublicArea,
  parseAddedToCertificate,
  parseCertificate,
  parseKeyUsage,
  partialCertificateDer,
  signatureAlgorithmDer,
  subjectPublicKeyInfoDer,
  tpmaObjectExtension,
} from "@tss/ekcert";
import { TPM_ALG_ID, TPM_ECC_CURVE } from "@tss/marshal";
import { describe, expect, it } from "vitest";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const u8 = (b: Buffer) => new Uint8Array(b);
const NULL_SCHEME = { scheme: TPM_ALG_ID.NULL, details: {} };
const AES = { algorithm: TPM_ALG_ID.AES, keyBits: { aes: 128 }, mode: { aes: TPM_ALG_ID.CFB } };

function rsaArea(key: KeyObject): PublicArea {
  const jwk = key.export({ format: "jwk" });
  return {
    type: TPM_ALG_ID.RSA,
    nameAlg: TPM_ALG_ID.SHA256,
    objectAttributes: 0x300b2,
    authPolicy: new Uint8Array(0),
    parameters: { rsaDetail: { symmetric: AES, scheme: NULL_SCHEME, keyBits: 2048, exponent: 0 } },
    unique: { rsa: u8(Buffer.from(jwk.n!, "base64url")) },
  } as PublicArea;
}

function eccArea(key: KeyObject, curveID: number): PublicArea {
  const jwk = key.export({ format: "jwk" });
  return {
    type: TPM_ALG_ID.ECC,
    nameAlg: TPM_ALG_ID.SHA256,
    objectAttributes: 0x300b2,
    authPolicy: new Uint8Array(0),
    parameters: { eccDetail: { symmetric: AES, scheme: NULL_SCHEME, curveID, kdf: NULL_SCHEME } },
    unique: { ecc: { x: u8(Buffer.from(jwk.x!, "base64url")), y: u8(Buffer.from(jwk.y!, "base64url")) } },
  } as PublicArea;
}

describe("DER writer: known encodings", () => {
  it("integers, OIDs, booleans, strings, lengths", () => {
    expect(hex(derInteger(0))).toBe("020100");
    expect(hex(derInteger(127))).toBe("02017f");
    expect(hex(derInteger(128))).toBe("02020080");
    expect(hex(derInteger(256n))).toBe("02020100");
    expect(hex(derInteger(Uint8Array.of(0, 0, 0x80, 1)))).toBe("0203008001");
    expect(hex(derOid("1.2.840.113549.1.1.11"))).toBe("06092a864886f70d01010b");
    expect(hex(derOid("2.23.133.10.1.1.1"))).toBe("0607678105 0a010101".replace(" ", ""));
    expect(hex(derBoolean(true))).toBe("0101ff");
    expect(hex(derString("US"))).toBe("13025553");
    expect(hex(derString("IBM's SW TPM"))).toBe(`130c${Buffer.from("IBM's SW TPM").toString("hex")}`);
    expect(derString("café")[0]).toBe(0x0c);
    expect(hex(derElement(0x04, new Uint8Array(200)).subarray(0, 3))).toBe("0481c8");
    expect(hex(derElement(0x04, new Uint8Array(300)).subarray(0, 4))).toBe("0482012c");
    expect(hex(derExplicit(3, derInteger(2)))).toBe("a303020102");
    expect(hex(derExplicit(0, derInteger(2)))).toBe("a003020102");
    expect(() => derOid("1.40.1")).toThrow(EkCertError);
    expect(() => derInteger(-1)).toThrow(EkCertError);
  });

  it("named bits as OpenSSL writes keyUsage", () => {
    // digitalSignature, keyCertSign, cRLSign: 03 02 01 86 (OpenSSL's CA keyUsage).
    expect(hex(derNamedBits(KEY_USAGE.digitalSignature | KEY_USAGE.keyCertSign | KEY_USAGE.cRLSign))).toBe("03020186");
    expect(hex(derNamedBits(KEY_USAGE.keyEncipherment))).toBe("03020520");
    expect(hex(derNamedBits(KEY_USAGE.keyAgreement))).toBe("03020308");
    expect(hex(derNamedBits(KEY_USAGE.decipherOnly))).toBe("0303070080");
    expect(parseKeyUsage("critical,digitalSignature,keyCertSign,cRLSign")).toEqual({
      usage: KEY_USAGE.digitalSignature | KEY_USAGE.keyCertSign | KEY_USAGE.cRLSign,
      critical: true,
    });
    expect(() => parseKeyUsage("critical,signEverything")).toThrow(EkCertError);
  });

  it("times: UTCTime before 2050, GeneralizedTime after", () => {
    expect(Buffer.from(derTimeOf(new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678)))).toString("latin1")).toBe(
      "\x17\x0d240102030405Z",
    );
    expect(Buffer.from(derTimeOf(new Date(Date.UTC(2050, 11, 31, 23, 59, 59)))).toString("latin1")).toBe(
      "\x18\x0f20501231235959Z",
    );
  });

  it("the tcg-tpmaObject extension is IBM's BIT STRING of the four TPMA_OBJECT octets", () => {
    expect(hex(tpmaObjectExtension(0x00050472))).toBe("3012060767810 50a0101010407030500 00050472".replace(/ /g, ""));
  });
});

describe("SubjectPublicKeyInfo of TPM keys equals node:crypto's", () => {
  it("RSA 2048, ECC P-256 and P-384", () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey;
    expect(hex(subjectPublicKeyInfoDer(rsaArea(rsa)))).toBe(
      rsa.export({ format: "der", type: "spki" }).toString("hex"),
    );
    for (const [curve, id] of [
      ["prime256v1", TPM_ECC_CURVE.NIST_P256],
      ["secp384r1", TPM_ECC_CURVE.NIST_P384],
    ] as const) {
      const ec = generateKeyPairSync("ec", { namedCurve: curve }).publicKey;
      expect(hex(subjectPublicKeyInfoDer(eccArea(ec, id)))).toBe(
        ec.export({ format: "der", type: "spki" }).toString("hex"),
      );
    }
  });
});

describe("EK certificates", () => {
  const issuerEntries = [
    ["C", "US"],
    ["ST", "NY"],
    ["L", "Yorktown"],
    ["O", "IBM"],
    ["CN", "EK CA"],
  ] as const;
  const subjectEntries = [
    ["C", "US"],
    ["O", "IBM"],
    ["CN", "IBM's SW TPM"],
  ] as const;
  const notBefore = new Date(Date.UTC(2024, 5, 1));
  const notAfter = new Date(Date.UTC(2044, 5, 1));

  for (const [label, ca, scheme] of [
    ["RSA CA", generateKeyPairSync("rsa", { modulusLength: 2048 }), "RSASSA"],
    ["ECC CA", generateKeyPairSync("ec", { namedCurve: "prime256v1" }), "ECDSA"],
  ] as const) {
    it(`an RSA EK and an ECC EK certified by an ${label}: node:crypto verifies, the parser reads it back`, () => {
      const ekKeys = [
        rsaArea(generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey),
        eccArea(generateKeyPairSync("ec", { namedCurve: "prime256v1" }).publicKey, TPM_ECC_CURVE.NIST_P256),
      ];
      for (const ekPublic of ekKeys) {
        const signatureAlgorithm = signatureAlgorithmDer(scheme, TPM_ALG_ID.SHA256);
        const tbs = ekCertificateTbs({
          ekPublic,
          serialNumber: Uint8Array.of(0x9a, 1, 2, 3),
          signatureAlgorithm,
          issuer: distinguishedNameDer(issuerEntries),
          subject: distinguishedNameDer(subjectEntries),
          notBefore,
          notAfter,
        });
        const der = certificateDer(tbs, signatureAlgorithm, u8(sign("sha256", tbs, ca.privateKey)));
        const x = new X509Certificate(der);
        expect(x.verify(ca.publicKey)).toBe(true);
        expect(x.issuer).toBe("C=US\nST=NY\nL=Yorktown\nO=IBM\nCN=EK CA");
        expect(x.subject).toBe("C=US\nO=IBM\nCN=IBM's SW TPM");
        expect(x.serialNumber).toBe("9A010203");
        expect(hex(parseCertificate(der).serialNumber)).toBe("009a010203");
        expect(parseCertificate(der).keyUsage).toBe(
          ekPublic.type === TPM_ALG_ID.RSA ? KEY_USAGE.keyEncipherment : KEY_USAGE.keyAgreement,
        );
        const parsed = parseCertificate(der);
        expect(parsed.version).toBe(3);
        expect(parsed.notBefore).toEqual(notBefore);
        expect(parsed.notAfter).toEqual(notAfter);
        expect(parsed.extensions[0]).toMatchObject({ oid: "2.5.29.15", critical: true });
        expect(hex(parsed.spki)).toBe(x.publicKey.export({ format: "der", type: "spki" }).toString("hex"));
      }
    });
  }
});

describe("TPM2_CertifyX509 reconstruction", () => {
  it("rebuilds the TBSCertificate from partialCertificate + addedToCertificate; the certificate verifies", () => {
    const signer = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    const subjectKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey;
    const name = distinguishedNameDer([
      ["C", "US"],
      ["CN", "CA"],
    ]);
    const partial = partialCertificateDer({
      issuer: name,
      subject: name,
      notBefore: new Date(Date.UTC(2024, 0, 1)),
      notAfter: new Date(Date.UTC(2044, 0, 1)),
      extensions: [keyUsageExtension(KEY_USAGE.digitalSignature, true), tpmaObjectExtension(0x00040472)],
    });
    // What a TPM adds: version 3, a serial number, the signature algorithm, the object's key.
    const sigAlg = signatureAlgorithmDer("ECDSA", TPM_ALG_ID.SHA256);
    const added = derSequence(
      derExplicit(0, derInteger(2)),
      derInteger(Uint8Array.of(0x55, 0x66)),
      sigAlg,
      u8(subjectKey.export({ format: "der", type: "spki" })),
    );
    expect(parseAddedToCertificate(added).serialNumber).toEqual(derInteger(Uint8Array.of(0x55, 0x66)));
    // The signer signs the TBSCertificate (the TPM signs its digest): r and s as a TPM returns them.
    const expectedTbs = certifyX509Certificate(partial, added, new Uint8Array(0)).tbs;
    const p1363 = sign("sha256", expectedTbs, { key: signer.privateKey, dsaEncoding: "ieee-p1363" });
    const signature = ecdsaSignatureDer(u8(p1363.subarray(0, 32)), u8(p1363.subarray(32)));
    const { tbs, certificate } = certifyX509Certificate(partial, added, signature);
    expect(createHash("sha256").update(tbs).digest()).toEqual(createHash("sha256").update(expectedTbs).digest());
    const x = new X509Certificate(certificate);
    expect(x.verify(signer.publicKey)).toBe(true);
    expect(x.serialNumber).toBe("5566");
    expect(x.publicKey.export({ format: "der", type: "spki" })).toEqual(
      subjectKey.export({ format: "der", type: "spki" }),
    );
    // A partial certificate that starts with a signature AlgorithmIdentifier is accepted too.
    const withAlg = derSequence(
      sigAlg,
      ...[
        name,
        derSequence(derTimeOf(new Date(Date.UTC(2024, 0, 1))), derTimeOf(new Date(Date.UTC(2044, 0, 1)))),
        name,
        derExplicit(
          3,
          derSequence(keyUsageExtension(KEY_USAGE.digitalSignature, true), tpmaObjectExtension(0x00040472)),
        ),
      ],
    );
    expect(certifyX509Certificate(withAlg, added, signature).certificate).toEqual(certificate);
    expect(() => certifyX509Certificate(partial, derSequence(derInteger(1)), signature)).toThrow(EkCertError);
  });
});
