// verifyQuote and verifyCertify under every crypto plugin, on attestations
// signed here in software (node:crypto) as a TPM signs them: the digest of the
// TPMS_ATTEST octets with the scheme's hash, RSASSA, RSAPSS (salt = digest
// size) and ECDSA on P-256 and P-384. Software signing lets every code be
// reached: a signed structure with another magic (BAD_MAGIC), another type
// (WRONG_TYPE), trailing octets (MALFORMED); the TPM's own quotes are in
// tools/reg/test/attest-enrolment.test.ts.
import { createHash, generateKeyPairSync, sign } from "node:crypto";
import {
  AttestError,
  decodeAttest,
  objectNameOf,
  pcrSelectionOf,
  quotedPcrValues,
  verifyAttestation,
  verifyCertify,
  verifyQuote,
} from "@tss/attest";
import { createForgeCrypto } from "@tss/crypto-forge";
import { createNodeCrypto } from "@tss/crypto-node";
import { createWebCrypto } from "@tss/crypto-webcrypto";
import {
  type Crypto,
  marshal,
  TPM_ALG_ID,
  TPM_ECC_CURVE,
  TPM_ST,
  TPM2B_PUBLIC,
  TPMA_OBJECT,
  TPMS_ATTEST,
  TPMT_SIGNATURE,
} from "@tss/marshal";
import type { PublicArea, TpmSignature } from "@tss/session";
import { describe, expect, it } from "vitest";

const empty = new Uint8Array(0);
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const b64 = (s: string) => new Uint8Array(Buffer.from(s, "base64url"));
const NULL_SYM = { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} };
const AK_ATTRIBUTES =
  TPMA_OBJECT.fixedTPM |
  TPMA_OBJECT.fixedParent |
  TPMA_OBJECT.sensitiveDataOrigin |
  TPMA_OBJECT.userWithAuth |
  TPMA_OBJECT.restricted |
  TPMA_OBJECT.sign;

interface Signer {
  readonly label: string;
  readonly publicArea: PublicArea;
  readonly hashAlg: number;
  sign(data: Uint8Array): TpmSignature;
}

const HASH_NAMES: Record<number, string> = {
  [TPM_ALG_ID.SHA1]: "sha1",
  [TPM_ALG_ID.SHA256]: "sha256",
  [TPM_ALG_ID.SHA384]: "sha384",
  [TPM_ALG_ID.SHA512]: "sha512",
};
const digest = (alg: number, ...parts: Uint8Array[]) => {
  const h = createHash(HASH_NAMES[alg]!);
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

function rsaSigner(pss: boolean, hashAlg: number): Signer {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const n = b64(publicKey.export({ format: "jwk" }).n!);
  const scheme = pss ? TPM_ALG_ID.RSAPSS : TPM_ALG_ID.RSASSA;
  const member = pss ? "rsapss" : "rsassa";
  return {
    label: `${member} ${HASH_NAMES[hashAlg]}`,
    hashAlg,
    publicArea: {
      type: TPM_ALG_ID.RSA,
      nameAlg: TPM_ALG_ID.SHA256,
      objectAttributes: AK_ATTRIBUTES,
      authPolicy: empty,
      parameters: {
        rsaDetail: {
          symmetric: NULL_SYM,
          scheme: { scheme, details: { [member]: { hashAlg } } },
          keyBits: 2048,
          exponent: 0,
        },
      },
      unique: { rsa: n },
    } as never,
    sign(data) {
      const sig = sign(HASH_NAMES[hashAlg]!, data, {
        key: privateKey,
        ...(pss ? { padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: digest(hashAlg).length } : {}),
      });
      return { sigAlg: scheme, signature: { [member]: { hash: hashAlg, sig: new Uint8Array(sig) } } } as never;
    },
  };
}

const CURVES = { "P-256": TPM_ECC_CURVE.NIST_P256, "P-384": TPM_ECC_CURVE.NIST_P384, "P-521": TPM_ECC_CURVE.NIST_P521 };

function ecdsaSigner(curve: keyof typeof CURVES, hashAlg: number): Signer {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: curve });
  const jwk = publicKey.export({ format: "jwk" });
  return {
    label: `ecdsa ${curve} ${HASH_NAMES[hashAlg]}`,
    hashAlg,
    publicArea: {
      type: TPM_ALG_ID.ECC,
      nameAlg: TPM_ALG_ID.SHA256,
      objectAttributes: AK_ATTRIBUTES,
      authPolicy: empty,
      parameters: {
        eccDetail: {
          symmetric: NULL_SYM,
          scheme: { scheme: TPM_ALG_ID.ECDSA, details: { ecdsa: { hashAlg } } },
          curveID: CURVES[curve],
          kdf: { scheme: TPM_ALG_ID.NULL, details: {} },
        },
      },
      unique: { ecc: { x: b64(jwk.x!), y: b64(jwk.y!) } },
    } as never,
    sign(data) {
      const sig = new Uint8Array(sign(HASH_NAMES[hashAlg]!, data, { key: privateKey, dsaEncoding: "ieee-p1363" }));
      const half = sig.length / 2;
      return {
        sigAlg: TPM_ALG_ID.ECDSA,
        signature: { ecdsa: { hash: hashAlg, signatureR: sig.slice(0, half), signatureS: sig.slice(half) } },
      } as never;
    },
  };
}

const SIGNERS: Signer[] = [
  rsaSigner(false, TPM_ALG_ID.SHA256),
  rsaSigner(true, TPM_ALG_ID.SHA256),
  rsaSigner(true, TPM_ALG_ID.SHA384),
  ecdsaSigner("P-256", TPM_ALG_ID.SHA256),
  ecdsaSigner("P-384", TPM_ALG_ID.SHA384),
];

const PLUGINS: [string, () => Crypto][] = [
  ["forge", () => createForgeCrypto()],
  ["webcrypto", () => createWebCrypto()],
  ["node", () => createNodeCrypto()],
];

/** PCR values of two banks; the quote selects SHA-256 first, then SHA-1 (its order, not ascending, decides). */
const pcrValue = (alg: number, i: number) => digest(alg, Uint8Array.of(i));
const PCRS = {
  [TPM_ALG_ID.SHA1]: { 0: pcrValue(TPM_ALG_ID.SHA1, 0), 10: pcrValue(TPM_ALG_ID.SHA1, 10) },
  [TPM_ALG_ID.SHA256]: {
    1: pcrValue(TPM_ALG_ID.SHA256, 1),
    7: pcrValue(TPM_ALG_ID.SHA256, 7),
    23: pcrValue(TPM_ALG_ID.SHA256, 23),
  },
};
const SELECTION = [
  { hash: TPM_ALG_ID.SHA256, pcrSelect: Uint8Array.of(0x82, 0x00, 0x80) },
  { hash: TPM_ALG_ID.SHA1, pcrSelect: Uint8Array.of(0x01, 0x04, 0x00) },
];
const QUOTED_ORDER = [
  PCRS[TPM_ALG_ID.SHA256][1],
  PCRS[TPM_ALG_ID.SHA256][7],
  PCRS[TPM_ALG_ID.SHA256][23],
  PCRS[TPM_ALG_ID.SHA1][0],
  PCRS[TPM_ALG_ID.SHA1][10],
];

function attestation(type: number, extraData: Uint8Array, attested: unknown): Uint8Array {
  return marshal(TPMS_ATTEST, {
    magic: 0xff544347,
    type,
    qualifiedSigner: Uint8Array.of(0x00, 0x0b, ...new Uint8Array(32).fill(0x5a)),
    extraData,
    clockInfo: { clock: 123456789n, resetCount: 3, restartCount: 1, safe: true },
    firmwareVersion: 0x2019_0101_0000_0002n,
    attested,
  } as never);
}

function quoteOf(signer: Signer, nonce: Uint8Array, pcrDigest?: Uint8Array): Uint8Array {
  return attestation(TPM_ST.ATTEST_QUOTE, nonce, {
    quote: { pcrSelect: SELECTION, pcrDigest: pcrDigest ?? digest(signer.hashAlg, ...QUOTED_ORDER) },
  });
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => "resolved",
    (e: unknown) => (e instanceof AttestError ? e.code : `not an AttestError: ${String(e)}`),
  );
}

describe.each(PLUGINS)("verifyQuote with %s", (_name, make) => {
  const crypto = make();
  const nonce = Uint8Array.from({ length: 20 }, (_, i) => i * 7);

  it.each(SIGNERS.map((s) => [s.label, s] as const))("%s: a good quote verifies and is decoded", async (_l, signer) => {
    const attest = quoteOf(signer, nonce);
    const signature = signer.sign(attest);
    const q = await verifyQuote({ attest, signature, akPublic: signer.publicArea, nonce, pcrs: PCRS, crypto });
    expect(q.hashAlg).toBe(signer.hashAlg);
    expect(hex(q.extraData)).toBe(hex(nonce));
    expect(q.clockInfo).toEqual({ clock: 123456789n, resetCount: 3, restartCount: 1, safe: true });
    expect(q.firmwareVersion).toBe(0x2019_0101_0000_0002n);
    expect(q.pcrSelect.map((s) => s.hash)).toEqual([TPM_ALG_ID.SHA256, TPM_ALG_ID.SHA1]);
    expect(hex(q.pcrDigest)).toBe(hex(digest(signer.hashAlg, ...QUOTED_ORDER)));
    expect(q.qualifiedSigner).toHaveLength(34);
    // The same as bytes: TPM2B_ATTEST with its size, TPMT_SIGNATURE and TPM2B_PUBLIC marshalled.
    const sized = Uint8Array.of(attest.length >> 8, attest.length & 0xff, ...attest);
    const again = await verifyQuote({
      attest: sized,
      signature: marshal(TPMT_SIGNATURE, signature as never),
      akPublic: marshal(TPM2B_PUBLIC, { publicArea: signer.publicArea } as never),
      nonce,
      pcrs: PCRS,
      crypto,
    });
    expect(hex(again.pcrDigest)).toBe(hex(q.pcrDigest));
    // Any one bit flipped in the signed octets: BAD_SIGNATURE, whatever field it lands in.
    for (const at of [0, 5, 8, 40, attest.length - 33, attest.length - 1]) {
      const tampered = Uint8Array.from(attest);
      tampered[at]! ^= 0x01;
      expect(
        await codeOf(
          verifyQuote({ attest: tampered, signature, akPublic: signer.publicArea, nonce, pcrs: PCRS, crypto }),
        ),
      ).toBe("BAD_SIGNATURE");
    }
  });

  it("ECDSA P-521 with SHA-512 verifies; a curve the plugins lack (BN P-256) is UNSUPPORTED_ALGORITHM", async () => {
    const signer = ecdsaSigner("P-521", TPM_ALG_ID.SHA512);
    const attest = quoteOf(signer, nonce);
    const input = { attest, signature: signer.sign(attest), akPublic: signer.publicArea, nonce, pcrs: PCRS, crypto };
    expect((await verifyQuote(input)).hashAlg).toBe(TPM_ALG_ID.SHA512);
    const tampered = Uint8Array.from(attest);
    tampered[10]! ^= 1;
    expect(await codeOf(verifyQuote({ ...input, attest: tampered }))).toBe("BAD_SIGNATURE");
    const p256 = SIGNERS[3]!;
    const p256Attest = quoteOf(p256, nonce);
    const bn = structuredClone(p256.publicArea) as unknown as { parameters: { eccDetail: { curveID: number } } };
    bn.parameters.eccDetail.curveID = TPM_ECC_CURVE.BN_P256;
    expect(
      await codeOf(
        verifyQuote({ ...input, attest: p256Attest, signature: p256.sign(p256Attest), akPublic: bn as never }),
      ),
    ).toBe("UNSUPPORTED_ALGORITHM");
  });

  it("each failure has its code", async () => {
    const signer = SIGNERS[3]!; // ECDSA P-256
    const other = SIGNERS[0]!; // RSA
    const attest = quoteOf(signer, nonce);
    const base = { attest, signature: signer.sign(attest), akPublic: signer.publicArea, nonce, pcrs: PCRS, crypto };
    expect(await codeOf(verifyQuote(base))).toBe("resolved");
    expect(await codeOf(verifyQuote({ ...base, nonce: nonce.subarray(1) }))).toBe("NONCE_MISMATCH");
    expect(await codeOf(verifyQuote({ ...base, nonce: empty }))).toBe("NONCE_MISMATCH");
    const changed = Uint8Array.from(PCRS[TPM_ALG_ID.SHA1][10]);
    changed[19]! ^= 0x80;
    expect(
      await codeOf(
        verifyQuote({ ...base, pcrs: { ...PCRS, [TPM_ALG_ID.SHA1]: { ...PCRS[TPM_ALG_ID.SHA1], 10: changed } } }),
      ),
    ).toBe("PCR_MISMATCH");
    // A PCR expected but not quoted; a PCR quoted but not expected; a bank not quoted.
    const sha256 = PCRS[TPM_ALG_ID.SHA256];
    expect(
      await codeOf(verifyQuote({ ...base, pcrs: { ...PCRS, [TPM_ALG_ID.SHA256]: { ...sha256, 2: sha256[1] } } })),
    ).toBe("PCR_MISMATCH");
    const { 23: _dropped, ...without23 } = sha256;
    expect(await codeOf(verifyQuote({ ...base, pcrs: { ...PCRS, [TPM_ALG_ID.SHA256]: without23 } }))).toBe(
      "PCR_MISMATCH",
    );
    expect(
      await codeOf(verifyQuote({ ...base, pcrs: { ...PCRS, [TPM_ALG_ID.SHA384]: { 0: new Uint8Array(48) } } })),
    ).toBe("PCR_MISMATCH");
    // A well-signed quote whose pcrDigest is of other values.
    const stale = quoteOf(signer, nonce, digest(TPM_ALG_ID.SHA256, ...QUOTED_ORDER.slice().reverse()));
    expect(await codeOf(verifyQuote({ ...base, attest: stale, signature: signer.sign(stale) }))).toBe("PCR_MISMATCH");
    // Another key; a signature of another algorithm than the key's.
    expect(await codeOf(verifyQuote({ ...base, akPublic: SIGNERS[4]!.publicArea }))).toBe("BAD_SIGNATURE");
    expect(await codeOf(verifyQuote({ ...base, akPublic: other.publicArea }))).toBe("BAD_SIGNATURE");
    expect(await codeOf(verifyQuote({ ...base, signature: other.sign(attest) }))).toBe("BAD_SIGNATURE");
    // Signed, but not a TPM's structure: another magic, another type, trailing octets, truncated.
    const badMagic = Uint8Array.from(attest);
    badMagic[0] = 0xfe;
    expect(await codeOf(verifyQuote({ ...base, attest: badMagic, signature: signer.sign(badMagic) }))).toBe(
      "BAD_MAGIC",
    );
    const certify = attestation(TPM_ST.ATTEST_CERTIFY, nonce, { certify: { name: empty, qualifiedName: empty } });
    expect(await codeOf(verifyQuote({ ...base, attest: certify, signature: signer.sign(certify) }))).toBe("WRONG_TYPE");
    const unknownType = Uint8Array.from(attest);
    unknownType[5] = 0x00; // 0x8000: no attestation type
    expect(await codeOf(verifyQuote({ ...base, attest: unknownType, signature: signer.sign(unknownType) }))).toBe(
      "WRONG_TYPE",
    );
    for (const bytes of [Uint8Array.of(...attest, 0), attest.subarray(0, attest.length - 3), attest.subarray(0, 4)]) {
      expect(await codeOf(verifyQuote({ ...base, attest: bytes, signature: signer.sign(bytes) }))).toBe("MALFORMED");
    }
    expect(() => decodeAttest(badMagic)).toThrow(expect.objectContaining({ code: "BAD_MAGIC" }));
    // Schemes not verified here; malformed signature bytes; no crypto; bad arguments.
    const hmac = {
      sigAlg: TPM_ALG_ID.HMAC,
      signature: { hmac: { hashAlg: TPM_ALG_ID.SHA256, digest: { sha256: new Uint8Array(32) } } },
    };
    expect(await codeOf(verifyQuote({ ...base, signature: hmac as never }))).toBe("UNSUPPORTED_ALGORITHM");
    const schnorr = {
      sigAlg: TPM_ALG_ID.ECSCHNORR,
      signature: { ecschnorr: { hash: TPM_ALG_ID.SHA256, signatureR: empty, signatureS: empty } },
    };
    expect(await codeOf(verifyQuote({ ...base, signature: schnorr as never }))).toBe("UNSUPPORTED_ALGORITHM");
    expect(await codeOf(verifyQuote({ ...base, signature: Uint8Array.of(0x00, 0x18, 0x00) }))).toBe("MALFORMED");
    expect(await codeOf(verifyQuote({ ...base, akPublic: Uint8Array.of(0x00, 0x23, 0x00) }))).toBe("MALFORMED");
    expect(await codeOf(verifyQuote({ ...base, crypto: undefined as never }))).toBe("NO_CRYPTO");
    expect(await codeOf(verifyQuote({ ...base, pcrs: { [TPM_ALG_ID.SHA256]: { 1: new Uint8Array(20) } } }))).toBe(
      "BAD_PARAMETER",
    );
    expect(await codeOf(verifyQuote({ ...base, pcrs: { 39321: {} } }))).toBe("BAD_PARAMETER");
    expect(await codeOf(verifyQuote({ ...base, attest: "quote" as never }))).toBe("BAD_PARAMETER");
    expect(await codeOf(verifyQuote(null as never))).toBe("BAD_PARAMETER");
  });

  it("the signer must be an AK (restricted, sign, fixedTPM; not decrypt) unless allowAnySigner", async () => {
    const signer = SIGNERS[3]!;
    const attest = quoteOf(signer, nonce);
    const base = { attest, signature: signer.sign(attest), nonce, pcrs: PCRS, crypto };
    const withAttributes = (attributes: number) =>
      ({ ...signer.publicArea, objectAttributes: attributes }) as PublicArea;
    for (const attributes of [
      AK_ATTRIBUTES & ~TPMA_OBJECT.restricted,
      AK_ATTRIBUTES & ~TPMA_OBJECT.fixedTPM,
      AK_ATTRIBUTES | TPMA_OBJECT.decrypt,
    ]) {
      const akPublic = withAttributes(attributes);
      expect(await codeOf(verifyQuote({ ...base, akPublic }))).toBe("BAD_SIGNER");
      // The signature itself is good: a caller that accepts any signer gets the quote.
      expect(await codeOf(verifyQuote({ ...base, akPublic, allowAnySigner: true }))).toBe("resolved");
    }
  });
});

describe.each(PLUGINS)("verifyCertify with %s", (_name, make) => {
  const crypto = make();
  const qualifyingData = Uint8Array.of(1, 2, 3, 4);
  const signer = SIGNERS[1]!; // RSAPSS
  const object = SIGNERS[4]!.publicArea;
  const otherObject = SIGNERS[3]!.publicArea;

  it("TPM2_Certify and TPM2_CertifyCreation: the certified Name is the expected object's, or NAME_MISMATCH", async () => {
    const name = await objectNameOf(crypto, object);
    expect(hex(name)).toBe(
      `000b${hex(digest(TPM_ALG_ID.SHA256, marshal(TPM2B_PUBLIC, { publicArea: object } as never).subarray(2)))}`,
    );
    const certify = attestation(TPM_ST.ATTEST_CERTIFY, qualifyingData, {
      certify: { name, qualifiedName: Uint8Array.of(0, 0xb, ...new Uint8Array(32)) },
    });
    const base = {
      attest: certify,
      signature: signer.sign(certify),
      signerPublic: signer.publicArea,
      qualifyingData,
      crypto,
    };
    const ok = await verifyCertify({ ...base, objectPublic: object });
    expect(ok.type).toBe(TPM_ST.ATTEST_CERTIFY);
    expect(hex(ok.name)).toBe(hex(name));
    expect(ok.qualifiedName).toHaveLength(34);
    expect((await verifyCertify({ ...base, objectName: name, objectPublic: object })).hashAlg).toBe(TPM_ALG_ID.SHA256);
    expect(await codeOf(verifyCertify({ ...base, objectPublic: otherObject }))).toBe("NAME_MISMATCH");
    expect(
      await codeOf(
        verifyCertify({ ...base, objectPublic: object, objectName: await objectNameOf(crypto, otherObject) }),
      ),
    ).toBe("NAME_MISMATCH");
    expect(await codeOf(verifyCertify({ ...base, objectName: name, qualifyingData: empty }))).toBe("NONCE_MISMATCH");
    expect(await codeOf(verifyCertify(base as never))).toBe("BAD_PARAMETER");
    const unrestricted = {
      ...signer.publicArea,
      objectAttributes: AK_ATTRIBUTES & ~TPMA_OBJECT.restricted,
    } as PublicArea;
    expect(await codeOf(verifyCertify({ ...base, signerPublic: unrestricted, objectPublic: object }))).toBe(
      "BAD_SIGNER",
    );
    expect(
      await codeOf(verifyCertify({ ...base, signerPublic: unrestricted, objectPublic: object, allowAnySigner: true })),
    ).toBe("resolved");
    const tampered = Uint8Array.from(certify);
    tampered[tampered.length - 40]! ^= 4;
    expect(await codeOf(verifyCertify({ ...base, attest: tampered, objectPublic: object }))).toBe("BAD_SIGNATURE");

    const creationHash = digest(TPM_ALG_ID.SHA256, Uint8Array.of(9));
    const creation = attestation(TPM_ST.ATTEST_CREATION, qualifyingData, {
      creation: { objectName: name, creationHash },
    });
    const c = await verifyCertify({
      ...base,
      attest: creation,
      signature: signer.sign(creation),
      objectPublic: object,
    });
    expect(c.type).toBe(TPM_ST.ATTEST_CREATION);
    expect(hex(c.creationHash!)).toBe(hex(creationHash));

    const quote = quoteOf(signer, qualifyingData);
    expect(
      await codeOf(verifyCertify({ ...base, attest: quote, signature: signer.sign(quote), objectPublic: object })),
    ).toBe("WRONG_TYPE");
  });
});

describe.each(PLUGINS)("verifyAttestation with %s", (_name, make) => {
  const crypto = make();
  it("any attestation type (here TPM2_GetTime's): signer, signature, magic, the types asked for, qualifyingData", async () => {
    const signer = SIGNERS[4]!;
    const qualifyingData = Uint8Array.of(7, 7, 7);
    const clockInfo = { clock: 99n, resetCount: 2, restartCount: 0, safe: true };
    const attest = attestation(TPM_ST.ATTEST_TIME, qualifyingData, {
      time: { time: { time: 4242n, clockInfo }, firmwareVersion: 1n },
    });
    const base = { attest, signature: signer.sign(attest), signerPublic: signer.publicArea, qualifyingData, crypto };
    const out = await verifyAttestation({ ...base, types: [TPM_ST.ATTEST_TIME] });
    expect(out.hashAlg).toBe(TPM_ALG_ID.SHA384);
    expect((out.attest.attested as { time: { time: { time: bigint } } }).time.time.time).toBe(4242n);
    expect((await verifyAttestation(base)).attest.type).toBe(TPM_ST.ATTEST_TIME);
    expect(await codeOf(verifyAttestation({ ...base, types: [TPM_ST.ATTEST_QUOTE] }))).toBe("WRONG_TYPE");
    expect(await codeOf(verifyAttestation({ ...base, qualifyingData: empty }))).toBe("NONCE_MISMATCH");
    expect(await codeOf(verifyAttestation({ ...base, signerPublic: SIGNERS[3]!.publicArea }))).toBe("BAD_SIGNATURE");
  });
});

describe("PCR selections", () => {
  it("pcrSelectionOf: banks ascending, bitmaps of 3 octets or more; quotedPcrValues follows the quote's order", () => {
    expect(pcrSelectionOf(PCRS).map((s) => [s.hash, hex(s.pcrSelect)])).toEqual([
      [TPM_ALG_ID.SHA1, "010400"],
      [TPM_ALG_ID.SHA256, "820080"],
    ]);
    expect(hex(pcrSelectionOf({ [TPM_ALG_ID.SHA256]: { 30: new Uint8Array(32) } })[0]!.pcrSelect)).toBe("00000040");
    expect(quotedPcrValues(SELECTION, PCRS).map(hex)).toEqual(QUOTED_ORDER.map(hex));
  });
});
