// The attestation, audit and credential commands through the library on every
// plugin combination, each output checked in software (node:crypto): Quote,
// Certify, CertifyCreation, GetTime, NV_Certify and CertifyX509 signatures
// verify with the signer's public area and attest the PCR digest, Names,
// creation hash and NV contents computed here; SetCommandCodeAuditStatus +
// GetCommandAuditDigest and GetSessionAuditDigest digests are recomputed from
// the audited commands; MakeCredential on the TPM and @tss/session's software
// makeCredential (when the combination has a crypto plugin) both come back
// from ActivateCredential.
import { createHash, createPublicKey, type KeyObject, verify, X509Certificate } from "node:crypto";
import {
  certifyX509Certificate,
  distinguishedNameDer,
  ecdsaSignatureDer,
  KEY_USAGE,
  keyUsageExtension,
  partialCertificateDer,
} from "@tss/ekcert";
import { TPM_ALG_ID, TPM_RH, TPM_SE, TPM_ST, TPMA_SESSION, TPMS_ATTEST, unmarshal } from "@tss/marshal";
import { makeCredential } from "@tss/session";
import type { Tss } from "@tss/tss";
import { expect, it } from "vitest";
import { describeMatrix } from "./support/describe-matrix.js";
import { eccSigningKey, eccStorageKey, ordinaryNvIndex } from "./support/templates.js";

const empty = new Uint8Array(0);
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const sha256 = (...parts: Uint8Array[]) => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};
const u32 = (n: number) => Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
const u16 = (n: number) => Uint8Array.of(n >>> 8, n & 0xff);
const ECDSA_SHA256 = { scheme: TPM_ALG_ID.ECDSA, details: { ecdsa: { hashAlg: TPM_ALG_ID.SHA256 } } };
const NULL_SCHEME = { scheme: TPM_ALG_ID.NULL, details: {} };

type EccPublic = { unique: { ecc: { x: Uint8Array; y: Uint8Array } } };
type Signature = { sigAlg: number; signature: { ecdsa: { signatureR: Uint8Array; signatureS: Uint8Array } } };

function keyOf(publicArea: unknown): KeyObject {
  const { x, y } = (publicArea as EccPublic).unique.ecc;
  const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64url");
  return createPublicKey({ key: { kty: "EC", crv: "P-256", x: b64(x), y: b64(y) }, format: "jwk" });
}

function verifies(message: Uint8Array, signature: unknown, key: KeyObject): boolean {
  const s = signature as Signature;
  expect(s.sigAlg).toBe(TPM_ALG_ID.ECDSA);
  const { signatureR: r, signatureS: v } = s.signature.ecdsa;
  return verify("sha256", message, { key, dsaEncoding: "ieee-p1363" }, Buffer.concat([r, v]));
}

function attested<T>(bytes: Uint8Array, type: number): { extraData: Uint8Array; member: T } {
  const a = unmarshal(TPMS_ATTEST, bytes);
  expect(a.type).toBe(type);
  return { extraData: a.extraData, member: Object.values(a.attested)[0] as T };
}

async function primary(tss: Tss, template: unknown, hierarchy: number = TPM_RH.OWNER) {
  return tss.createPrimary({
    primaryHandle: hierarchy,
    inSensitive: { sensitive: { userAuth: empty, data: empty } },
    inPublic: { publicArea: template as never },
    outsideInfo: empty,
    creationPCR: [],
  });
}

describeMatrix("attestation commands", (ctx) => {
  it("Quote, Certify, GetTime, CertifyCreation: ECDSA signatures verify; PCR digest, Names and creation hash are ours", async () => {
    const { tss } = ctx();
    const signer = await primary(tss, eccSigningKey());
    const key = keyOf(signer.outPublic.publicArea);
    const object = await primary(tss, eccStorageKey());
    try {
      const nonce = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
      await tss.pcrExtend({
        pcrHandle: 16,
        digests: [{ hashAlg: TPM_ALG_ID.SHA256, digest: { sha256: sha256(new TextEncoder().encode("matrix")) } }],
      } as never);
      const pcrs = await tss.pcrRead({
        pcrSelectionIn: [{ hash: TPM_ALG_ID.SHA256, pcrSelect: Uint8Array.of(1, 0, 1) }],
      });
      const quote = await tss.quote({
        signHandle: signer.objectHandle,
        qualifyingData: nonce,
        inScheme: ECDSA_SHA256,
        PCRselect: [{ hash: TPM_ALG_ID.SHA256, pcrSelect: Uint8Array.of(1, 0, 1) }],
      } as never);
      expect(verifies(quote.quoted, quote.signature, key)).toBe(true);
      const q = attested<{ pcrDigest: Uint8Array }>(quote.quoted, TPM_ST.ATTEST_QUOTE);
      expect(hex(q.extraData)).toBe(hex(nonce));
      expect(hex(q.member.pcrDigest)).toBe(hex(sha256(...(pcrs.pcrValues as Uint8Array[]))));

      const certify = await tss.certify({
        objectHandle: object.objectHandle,
        signHandle: signer.objectHandle,
        qualifyingData: nonce,
        inScheme: ECDSA_SHA256,
      } as never);
      expect(verifies(certify.certifyInfo, certify.signature, key)).toBe(true);
      const c = attested<{ name: Uint8Array }>(certify.certifyInfo, TPM_ST.ATTEST_CERTIFY);
      expect(hex(c.member.name)).toBe(hex(object.name));

      const time = await tss.getTime({
        privacyAdminHandle: TPM_RH.ENDORSEMENT,
        signHandle: signer.objectHandle,
        qualifyingData: nonce,
        inScheme: ECDSA_SHA256,
      } as never);
      expect(verifies(time.timeInfo, time.signature, key)).toBe(true);
      attested(time.timeInfo, TPM_ST.ATTEST_TIME);

      const creation = await tss.certifyCreation({
        signHandle: signer.objectHandle,
        objectHandle: object.objectHandle,
        qualifyingData: nonce,
        creationHash: object.creationHash,
        inScheme: ECDSA_SHA256,
        creationTicket: object.creationTicket,
      } as never);
      expect(verifies(creation.certifyInfo, creation.signature, key)).toBe(true);
      const cc = attested<{ objectName: Uint8Array; creationHash: Uint8Array }>(
        creation.certifyInfo,
        TPM_ST.ATTEST_CREATION,
      );
      expect(hex(cc.member.objectName)).toBe(hex(object.name));
      expect(hex(cc.member.creationHash)).toBe(hex(object.creationHash));
    } finally {
      await tss.flushContext({ flushHandle: object.objectHandle });
      await tss.flushContext({ flushHandle: signer.objectHandle });
    }
  });

  it("NV_Certify: a range of the contents (TPMS_NV_CERTIFY_INFO) and the digest of all (TPMS_NV_DIGEST_CERTIFY_INFO)", async () => {
    const { tss } = ctx();
    const signer = await primary(tss, eccSigningKey());
    const nvIndex = 0x01530000;
    const data = new TextEncoder().encode("NV data to certify");
    await tss.nvDefineSpace({
      authHandle: TPM_RH.OWNER,
      auth: empty,
      publicInfo: { nvPublic: ordinaryNvIndex(nvIndex, data.length) },
    });
    try {
      await tss.nvWrite({ authHandle: nvIndex, nvIndex, data, offset: 0 });
      const { nvName } = await tss.nvReadPublic({ nvIndex });
      const input = {
        signHandle: signer.objectHandle,
        authHandle: nvIndex,
        nvIndex,
        qualifyingData: empty,
        inScheme: ECDSA_SHA256,
      };
      const range = await tss.nvCertify({ ...input, size: 7, offset: 3 } as never);
      expect(verifies(range.certifyInfo, range.signature, keyOf(signer.outPublic.publicArea))).toBe(true);
      const nv = attested<{ indexName: Uint8Array; offset: number; nvContents: Uint8Array }>(
        range.certifyInfo,
        TPM_ST.ATTEST_NV,
      );
      expect(hex(nv.member.indexName)).toBe(hex(nvName));
      expect(hex(nv.member.nvContents)).toBe(hex(data.subarray(3, 10)));
      const all = await tss.nvCertify({ ...input, size: 0, offset: 0 } as never);
      const d = attested<{ nvDigest: Uint8Array }>(all.certifyInfo, TPM_ST.ATTEST_NV_DIGEST);
      expect(hex(d.member.nvDigest)).toBe(hex(sha256(data)));
    } finally {
      await tss.nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex });
      await tss.flushContext({ flushHandle: signer.objectHandle });
    }
  });

  it("SetCommandCodeAuditStatus + GetCommandAuditDigest, and GetSessionAuditDigest of an audit session: digests recomputed", async () => {
    const { tss, crypto } = ctx();
    const signer = await primary(tss, eccSigningKey());
    const key = keyOf(signer.outPublic.publicArea);
    const audit = (signHandle: number) =>
      tss.getCommandAuditDigest({
        privacyHandle: TPM_RH.ENDORSEMENT,
        signHandle,
        qualifyingData: empty,
        inScheme: ECDSA_SHA256,
      } as never);
    try {
      await tss.setCommandCodeAuditStatus({
        auth: TPM_RH.OWNER,
        auditAlg: TPM_ALG_ID.SHA256,
        setList: [],
        clearList: [],
      });
      await tss.setCommandCodeAuditStatus({
        auth: TPM_RH.OWNER,
        auditAlg: TPM_ALG_ID.NULL,
        setList: [0x17b],
        clearList: [],
      });
      await audit(signer.objectHandle); // resets the digest
      const random = (await tss.getRandom({ bytesRequested: 9 })).randomBytes;
      const out = await audit(signer.objectHandle);
      expect(verifies(out.auditInfo, out.signature, key)).toBe(true);
      const a = attested<{ auditDigest: Uint8Array; commandDigest: Uint8Array }>(
        out.auditInfo,
        TPM_ST.ATTEST_COMMAND_AUDIT,
      );
      expect(hex(a.member.commandDigest)).toBe(hex(sha256(u32(0x140), u32(0x17b))));
      const expected = sha256(
        new Uint8Array(32),
        sha256(u32(0x17b), u16(9)),
        sha256(u32(0), u32(0x17b), u16(9), random),
      );
      expect(hex(a.member.auditDigest)).toBe(hex(expected));
    } finally {
      await tss.setCommandCodeAuditStatus({
        auth: TPM_RH.OWNER,
        auditAlg: TPM_ALG_ID.NULL,
        setList: [],
        clearList: [0x17b],
      });
    }
    if (crypto) {
      // An HMAC session as an audit session needs the crypto plugin (its HMACs).
      const started = await tss.startAuthSession({
        tpmKey: TPM_RH.NULL,
        bind: TPM_RH.NULL,
        nonceCaller: empty,
        encryptedSalt: empty,
        sessionType: TPM_SE.HMAC,
        symmetric: { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} },
        authHash: TPM_ALG_ID.SHA256,
      } as never);
      const session = started.sessionHandle;
      const attributes = TPMA_SESSION.audit | TPMA_SESSION.continueSession;
      const random = (await tss.getRandom({ bytesRequested: 5 }, { sessions: [{ handle: session, attributes }] }))
        .randomBytes;
      const out = await tss.getSessionAuditDigest({
        privacyAdminHandle: TPM_RH.ENDORSEMENT,
        signHandle: signer.objectHandle,
        sessionHandle: session,
        qualifyingData: empty,
        inScheme: ECDSA_SHA256,
      } as never);
      expect(verifies(out.auditInfo, out.signature, key)).toBe(true);
      const s = attested<{ sessionDigest: Uint8Array }>(out.auditInfo, TPM_ST.ATTEST_SESSION_AUDIT);
      const expected = sha256(
        new Uint8Array(32),
        sha256(u32(0x17b), u16(5)),
        sha256(u32(0), u32(0x17b), u16(5), random),
      );
      expect(hex(s.member.sessionDigest)).toBe(hex(expected));
      await tss.flushContext({ flushHandle: session });
    }
    await tss.flushContext({ flushHandle: signer.objectHandle });
  });

  it("MakeCredential on the TPM and in software (@tss/session) → ActivateCredential returns the credential", async () => {
    const { tss, crypto } = ctx();
    const ek = await primary(tss, eccStorageKey(), TPM_RH.ENDORSEMENT);
    const object = await primary(tss, eccSigningKey());
    const credential = new TextEncoder().encode("matrix credential");
    try {
      const made = [await tss.makeCredential({ handle: ek.objectHandle, credential, objectName: object.name })];
      if (crypto) made.push(await makeCredential(crypto, ek.outPublic.publicArea as never, object.name, credential));
      for (const m of made) {
        const out = await tss.activateCredential({
          activateHandle: object.objectHandle,
          keyHandle: ek.objectHandle,
          credentialBlob: m.credentialBlob,
          secret: m.secret,
        });
        expect(new TextDecoder().decode(out.certInfo)).toBe("matrix credential");
      }
    } finally {
      await tss.flushContext({ flushHandle: object.objectHandle });
      await tss.flushContext({ flushHandle: ek.objectHandle });
    }
  });

  it("CertifyX509: the certificate rebuilt from the partial certificate and addedToCertificate verifies", async () => {
    const { tss } = ctx();
    const signer = await primary(tss, eccSigningKey());
    try {
      const name = distinguishedNameDer([["CN", "matrix CA"]]);
      const partialCertificate = partialCertificateDer({
        issuer: name,
        subject: name,
        notBefore: new Date(Date.UTC(2024, 0, 1)),
        notAfter: new Date(Date.UTC(2034, 0, 1)),
        extensions: [keyUsageExtension(KEY_USAGE.digitalSignature, true)],
      });
      const out = await tss.certifyX509({
        objectHandle: signer.objectHandle,
        signHandle: signer.objectHandle,
        reserved: empty,
        inScheme: NULL_SCHEME,
        partialCertificate,
      } as never);
      const { signatureR, signatureS } = (out.signature as Signature).signature.ecdsa;
      const { tbs, certificate } = certifyX509Certificate(
        partialCertificate,
        out.addedToCertificate,
        ecdsaSignatureDer(signatureR, signatureS),
      );
      expect(hex(out.tbsDigest)).toBe(hex(sha256(tbs)));
      const x509 = new X509Certificate(certificate);
      expect(x509.verify(keyOf(signer.outPublic.publicArea))).toBe(true);
      expect(x509.subject).toBe("CN=matrix CA");
    } finally {
      await tss.flushContext({ flushHandle: signer.objectHandle });
    }
  });
});
