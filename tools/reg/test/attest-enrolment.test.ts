// The enrolment flow of an attestation service, end to end on swtpm, with the
// verifier's side in software (@tss/attest) under every crypto plugin (forge,
// webcrypto, node: one swtpm, one TSS context per plugin in turn):
//
// - swtpm_setup --create-ek-cert provisions the TPM (its swtpm_localca CA): the
//   RSA 2048 (L-1) and ECC P-384 (H-3: SHA-384, AES-256) EK certificates are
//   read from NV, their keys checked against the EKs createEk makes and their
//   chains verified. swtpm_setup does not certify the low-range ECC P-256 EK
//   (L-2): that EK is made with createEk and used without a certificate.
// - Two AKs, restricted signing primaries in the endorsement hierarchy: RSA 2048
//   (scheme NULL, so each quote picks RSASSA or RSAPSS) and ECC P-256 (ECDSA).
//   Each is certified by the other (TPM2_Certify) and by itself at creation
//   (TPM2_CertifyCreation); verifyCertify checks the certified Name. TPM2_GetTime
//   by the RSAPSS AK goes through verifyAttestation.
// - makeCredential in software for each EK and AK; TPM2_ActivateCredential
//   (the EK's policy: PolicySecret(TPM_RH_ENDORSEMENT)) returns the secret, as
//   it does for the TPM's own TPM2_MakeCredential on the same inputs.
// - TPM2_Quote over chosen PCRs of two banks, verified with verifyQuote.
// - Each failure with its own code: a quote by a key that is not restricted
//   (BAD_SIGNER), a bit flipped in the quote (BAD_SIGNATURE),
//   a wrong nonce (NONCE_MISMATCH), PCRs other than expected (PCR_MISMATCH), a
//   certification where a quote is expected (WRONG_TYPE), the other AK's key
//   (BAD_SIGNATURE), a certification checked against the other AK
//   (NAME_MISMATCH), and a credential made for the other AK's Name, which the
//   TPM refuses in ActivateCredential (TPM_RC_INTEGRITY on the credentialBlob).
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AttestError,
  makeCredential,
  pcrSelectionOf,
  verifyAttestation,
  verifyCertify,
  verifyQuote,
} from "@tss/attest";
import { createForgeCrypto } from "@tss/crypto-forge";
import { createNodeCrypto } from "@tss/crypto-node";
import { createWebCrypto } from "@tss/crypto-webcrypto";
import { certificateMatchesEk, createEk, parseCertificate, readEkCertificate, verifyEkCertificate } from "@tss/ekcert";
import {
  type Crypto,
  TPM_ALG_ID,
  TPM_ECC_CURVE,
  TPM_RC,
  TPM_RH,
  TPM_RS,
  TPM_SE,
  TPM_ST,
  TPMA_OBJECT,
  TpmError,
} from "@tss/marshal";
import { MssimTransport } from "@tss/transport-mssim";
import { createTss, type Tss } from "@tss/tss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SwtpmProcess, startSwtpm } from "../src/swtpm.js";
import { provisionWithSwtpmSetup } from "./support/cli-runner.js";

const dir = mkdtempSync(join(tmpdir(), "tss-attest-reg-"));
const { state: stateDir, ca: caDir } = provisionWithSwtpmSetup(dir, { pcrBanks: "sha1,sha256" });
const pemDer = (pem: string) => new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ""), "base64"));
const ROOT = pemDer(readFileSync(join(caDir, "swtpm-localca-rootca-cert.pem"), "utf8"));
const INTERMEDIATE = pemDer(readFileSync(join(caDir, "issuercert.pem"), "utf8"));

const empty = new Uint8Array(0);
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const NULL_SYM = { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} };
const NULL_SCHEME = { scheme: TPM_ALG_ID.NULL, details: {} };
const AK_ATTRIBUTES =
  TPMA_OBJECT.fixedTPM |
  TPMA_OBJECT.fixedParent |
  TPMA_OBJECT.sensitiveDataOrigin |
  TPMA_OBJECT.userWithAuth |
  TPMA_OBJECT.noDA |
  TPMA_OBJECT.restricted |
  TPMA_OBJECT.sign;
const SCHEMES = {
  rsassa: { scheme: TPM_ALG_ID.RSASSA, details: { rsassa: { hashAlg: TPM_ALG_ID.SHA256 } } },
  rsapss: { scheme: TPM_ALG_ID.RSAPSS, details: { rsapss: { hashAlg: TPM_ALG_ID.SHA384 } } },
  ecdsa: { scheme: TPM_ALG_ID.ECDSA, details: { ecdsa: { hashAlg: TPM_ALG_ID.SHA256 } } },
};
/** A restricted signing key has a scheme (TPM_RC_SCHEME for NULL): one RSA AK per scheme. */
const rsaAk = (scheme: (typeof SCHEMES)["rsassa" | "rsapss"]) => ({
  type: TPM_ALG_ID.RSA,
  nameAlg: TPM_ALG_ID.SHA256,
  objectAttributes: AK_ATTRIBUTES,
  authPolicy: empty,
  parameters: { rsaDetail: { symmetric: NULL_SYM, scheme, keyBits: 2048, exponent: 0 } },
  unique: { rsa: empty },
});
const ECC_AK = {
  type: TPM_ALG_ID.ECC,
  nameAlg: TPM_ALG_ID.SHA256,
  objectAttributes: AK_ATTRIBUTES,
  authPolicy: empty,
  parameters: {
    eccDetail: {
      symmetric: NULL_SYM,
      scheme: SCHEMES.ecdsa,
      curveID: TPM_ECC_CURVE.NIST_P256,
      kdf: NULL_SCHEME,
    },
  },
  unique: { ecc: { x: empty, y: empty } },
};
const PLUGINS: { name: string; make: () => Crypto }[] = [
  { name: "forge", make: () => createForgeCrypto() },
  { name: "webcrypto", make: () => createWebCrypto() },
  { name: "node", make: () => createNodeCrypto() },
];

let tpm: SwtpmProcess;
beforeAll(async () => {
  tpm = await startSwtpm({ stateDir });
});
afterAll(async () => {
  await tpm?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The code of an AttestError a promise rejects with. */
async function codeOf(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e, "expected a rejection").toBeInstanceOf(AttestError);
  return (e as AttestError).code;
}

type Created = { handle: number; publicArea: never; name: Uint8Array; creationHash: Uint8Array; ticket: unknown };

describe.each(PLUGINS)("enrolment on swtpm, verifier in software: $name", ({ make }) => {
  const crypto = make();
  let tss: Tss;
  const handles: number[] = [];
  let ekRsa: { handle: number; publicArea: never; name: Uint8Array };
  let ekEcc: { handle: number; publicArea: never; name: Uint8Array };
  /** H-3 (ECC P-384, SHA-384, AES-256): userWithAuth SET, so a password session authorizes it. */
  let ekP384: { handle: number; publicArea: never; name: Uint8Array; password: true };
  let akRsa: Created;
  let akPss: Created;
  let akEcc: Created;
  /** Not an AK: an ECDSA key without restricted, which signs any digest. */
  let unrestricted: Created;

  /**
   * swtpm has 3 object slots: every key is made persistent (slot freed) and
   * used by its persistent handle; a command loads what it names.
   */
  async function persist(transient: number): Promise<number> {
    const persistentHandle = 0x81018000 + handles.length;
    await tss.evictControl({ auth: TPM_RH.OWNER, objectHandle: transient, persistentHandle });
    await tss.flushContext({ flushHandle: transient });
    handles.push(persistentHandle);
    return persistentHandle;
  }

  async function ak(template: unknown): Promise<Created> {
    const out = await tss.createPrimary({
      primaryHandle: TPM_RH.ENDORSEMENT,
      inSensitive: { sensitive: { userAuth: empty, data: empty } },
      inPublic: { publicArea: template as never },
      outsideInfo: empty,
      creationPCR: [],
    });
    return {
      handle: await persist(out.objectHandle),
      publicArea: out.outPublic.publicArea as never,
      name: out.name,
      creationHash: out.creationHash,
      ticket: out.creationTicket,
    };
  }

  /**
   * TPM2_ActivateCredential with the EK's policy (PolicySecret(TPM_RH_ENDORSEMENT)) in a
   * fresh policy session, or with an empty password for a high-range EK (userWithAuth).
   */
  async function activate(
    akHandle: number,
    ek: { handle: number; password?: true },
    made: { credentialBlob: Uint8Array; secret: Uint8Array },
  ) {
    const ekHandle = ek.handle;
    if (ek.password) {
      const out = await tss.activateCredential(
        { activateHandle: akHandle, keyHandle: ekHandle, credentialBlob: made.credentialBlob, secret: made.secret },
        { sessions: [{ handle: TPM_RS.PW }, { handle: TPM_RS.PW }] },
      );
      return out.certInfo;
    }
    const started = await tss.startAuthSession({
      tpmKey: TPM_RH.NULL,
      bind: TPM_RH.NULL,
      nonceCaller: crypto.randomBytes(32),
      encryptedSalt: empty,
      sessionType: TPM_SE.POLICY,
      symmetric: NULL_SYM,
      authHash: TPM_ALG_ID.SHA256,
    } as never);
    const policySession = started.sessionHandle;
    try {
      await tss.policySecret(
        {
          authHandle: TPM_RH.ENDORSEMENT,
          policySession,
          nonceTPM: empty,
          cpHashA: empty,
          policyRef: empty,
          expiration: 0,
        },
        { sessions: [{ handle: TPM_RS.PW }] },
      );
      const out = await tss.activateCredential(
        { activateHandle: akHandle, keyHandle: ekHandle, credentialBlob: made.credentialBlob, secret: made.secret },
        { sessions: [{ handle: TPM_RS.PW }, { handle: policySession, attributes: 0 }] },
      );
      return out.certInfo;
    } finally {
      // Ended by the TPM when the command succeeded without continueSession; flushed here otherwise.
      await tss.flushContext({ flushHandle: policySession }).catch(() => undefined);
    }
  }

  beforeAll(async () => {
    tss = createTss({ transport: new MssimTransport({ host: tpm.host, port: tpm.port }), crypto });
    const rsa = await createEk(tss, { algorithm: "rsa2048" });
    ekRsa = { handle: await persist(rsa.handle), publicArea: rsa.publicArea as never, name: rsa.name };
    const ecc = await createEk(tss, { algorithm: "ecc-p256" });
    ekEcc = { handle: await persist(ecc.handle), publicArea: ecc.publicArea as never, name: ecc.name };
    const p384 = await createEk(tss, { algorithm: "ecc-p384" });
    ekP384 = {
      handle: await persist(p384.handle),
      publicArea: p384.publicArea as never,
      name: p384.name,
      password: true,
    };
    akRsa = await ak(rsaAk(SCHEMES.rsassa));
    akPss = await ak(rsaAk(SCHEMES.rsapss));
    akEcc = await ak(ECC_AK);
    unrestricted = await ak({ ...ECC_AK, objectAttributes: AK_ATTRIBUTES & ~TPMA_OBJECT.restricted });
  });
  afterAll(async () => {
    for (const persistentHandle of handles) {
      await tss
        ?.evictControl({ auth: TPM_RH.OWNER, objectHandle: persistentHandle, persistentHandle })
        .catch(() => undefined);
    }
    await tss?.close();
  });

  it("the EK certificates of swtpm_setup (RSA 2048, ECC P-384) carry the EKs createEk makes and chain to the local CA", async () => {
    for (const [algorithm, ek] of [
      ["rsa2048", ekRsa],
      ["ecc-p384", ekP384],
    ] as const) {
      const der = await readEkCertificate(tss, algorithm);
      expect(certificateMatchesEk(parseCertificate(der), ek.publicArea)).toBe(true);
      const verified = await verifyEkCertificate(crypto, der, {
        ekPublic: ek.publicArea,
        roots: [ROOT],
        intermediates: [INTERMEDIATE],
      });
      expect(verified.chain).toHaveLength(3);
    }
  });

  it("each AK certified by the other (Certify) and at its creation (CertifyCreation): Names verify, the other AK's does not", async () => {
    const qualifyingData = crypto.randomBytes(16);
    const pairs: [Created, Created, keyof typeof SCHEMES][] = [
      [akRsa, akEcc, "ecdsa"],
      [akEcc, akRsa, "rsassa"],
    ];
    for (const [object, signer, scheme] of pairs) {
      const out = await tss.certify(
        { objectHandle: object.handle, signHandle: signer.handle, qualifyingData, inScheme: SCHEMES[scheme] } as never,
        { sessions: [{ handle: TPM_RS.PW }, { handle: TPM_RS.PW }] },
      );
      const input = {
        attest: out.certifyInfo,
        signature: out.signature as never,
        signerPublic: signer.publicArea,
        qualifyingData,
        crypto,
      };
      const ok = await verifyCertify({ ...input, objectPublic: object.publicArea });
      expect(ok.type).toBe(TPM_ST.ATTEST_CERTIFY);
      expect(hex(ok.name)).toBe(hex(object.name));
      expect(await verifyCertify({ ...input, objectName: object.name })).toMatchObject({ type: TPM_ST.ATTEST_CERTIFY });
      // The verifier expected the other AK: its Name is not the one certified.
      expect(await codeOf(verifyCertify({ ...input, objectPublic: signer.publicArea }))).toBe("NAME_MISMATCH");
      expect(await codeOf(verifyCertify({ ...input, objectName: signer.name }))).toBe("NAME_MISMATCH");
      expect(
        await codeOf(
          verifyCertify({ ...input, qualifyingData: crypto.randomBytes(16), objectPublic: object.publicArea }),
        ),
      ).toBe("NONCE_MISMATCH");
      // A certification is not a quote.
      expect(
        await codeOf(
          verifyQuote({
            attest: out.certifyInfo,
            signature: out.signature as never,
            akPublic: signer.publicArea,
            nonce: qualifyingData,
            pcrs: {},
            crypto,
          }),
        ),
      ).toBe("WRONG_TYPE");
    }
    const creation = await tss.certifyCreation({
      signHandle: akEcc.handle,
      objectHandle: akEcc.handle,
      qualifyingData,
      creationHash: akEcc.creationHash,
      inScheme: SCHEMES.ecdsa,
      creationTicket: akEcc.ticket,
    } as never);
    const created = await verifyCertify({
      attest: creation.certifyInfo,
      signature: creation.signature as never,
      signerPublic: akEcc.publicArea,
      objectPublic: akEcc.publicArea,
      qualifyingData,
      crypto,
    });
    expect(created.type).toBe(TPM_ST.ATTEST_CREATION);
    expect(hex(created.creationHash!)).toBe(hex(akEcc.creationHash));
    // Any other attestation (TPM2_GetTime here) through verifyAttestation.
    const time = await tss.getTime(
      {
        privacyAdminHandle: TPM_RH.ENDORSEMENT,
        signHandle: akPss.handle,
        qualifyingData,
        inScheme: NULL_SCHEME,
      } as never,
      { sessions: [{ handle: TPM_RS.PW }, { handle: TPM_RS.PW }] },
    );
    const timeInput = {
      attest: time.timeInfo,
      signature: time.signature as never,
      signerPublic: akPss.publicArea,
      qualifyingData,
      crypto,
    };
    const timed = await verifyAttestation({ ...timeInput, types: [TPM_ST.ATTEST_TIME] });
    expect(timed.hashAlg).toBe(TPM_ALG_ID.SHA384);
    expect((timed.attest.attested as { time: { time: { time: bigint } } }).time.time.time).toBeGreaterThan(0n);
    expect(await codeOf(verifyAttestation({ ...timeInput, types: [TPM_ST.ATTEST_CERTIFY] }))).toBe("WRONG_TYPE");
  });

  it("makeCredential in software for each EK (RSA 2048, ECC P-256, ECC P-384) and AK: ActivateCredential returns the secret, as for TPM2_MakeCredential", async () => {
    for (const ek of [ekRsa, ekEcc, ekP384]) {
      for (const target of [akRsa, akEcc]) {
        const secret = crypto.randomBytes(ek === ekP384 ? 48 : 32); // at most the EK nameAlg's digest
        const ours = await makeCredential({ ekPublic: ek.publicArea, akName: target.name, secret, crypto });
        expect(hex(await activate(target.handle, ek, ours))).toBe(hex(secret));
        // The same inputs through the TPM's own MakeCredential (public, no authorization).
        const theirs = await tss.makeCredential({ handle: ek.handle, credential: secret, objectName: target.name });
        expect(hex(await activate(target.handle, ek, theirs))).toBe(hex(secret));
        // From the AK's public area rather than its Name: the same wrapping key.
        const fromPublic = await makeCredential({
          ekPublic: ek.publicArea,
          akPublic: target.publicArea,
          secret,
          crypto,
        });
        expect(hex(await activate(target.handle, ek, fromPublic))).toBe(hex(secret));
      }
    }
  });

  it("a credential made for another AK's Name: ActivateCredential with this AK fails on the TPM (TPM_RC_INTEGRITY)", async () => {
    for (const ek of [ekRsa, ekEcc, ekP384]) {
      const made = await makeCredential({
        ekPublic: ek.publicArea,
        akName: akRsa.name,
        secret: crypto.randomBytes(32),
        crypto,
      });
      const e = await activate(akEcc.handle, ek, made).then(
        () => undefined,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(TpmError);
      // Format one: TPM_RC_INTEGRITY on parameter 1 (credentialBlob).
      expect((e as TpmError).responseCode & 0xbf).toBe(TPM_RC.INTEGRITY & 0xbf);
      expect((e as TpmError).location.parameter).toBe(1);
    }
  });

  it("quotes over PCRs of two banks (RSASSA, RSAPSS, ECDSA) verify; tampered, wrong nonce, other PCRs and the other AK each fail with their code", async () => {
    const measured = new TextEncoder().encode(`enrolment ${crypto.randomBytes(8).join(".")}`);
    await tss.pcrExtend(
      {
        pcrHandle: 16,
        digests: [
          { hashAlg: TPM_ALG_ID.SHA1, digest: { sha1: new Uint8Array(createHash("sha1").update(measured).digest()) } },
          {
            hashAlg: TPM_ALG_ID.SHA256,
            digest: { sha256: new Uint8Array(createHash("sha256").update(measured).digest()) },
          },
        ],
      } as never,
      { sessions: [{ handle: TPM_RS.PW }] },
    );
    const read = await tss.pcrRead({
      pcrSelectionIn: [
        { hash: TPM_ALG_ID.SHA1, pcrSelect: Uint8Array.of(0x01, 0x00, 0x01) },
        { hash: TPM_ALG_ID.SHA256, pcrSelect: Uint8Array.of(0x81, 0x00, 0x01) },
      ],
    });
    const v = read.pcrValues as Uint8Array[];
    expect(v).toHaveLength(5);
    const pcrs = {
      [TPM_ALG_ID.SHA1]: { 0: v[0]!, 16: v[1]! },
      [TPM_ALG_ID.SHA256]: { 0: v[2]!, 7: v[3]!, 16: v[4]! },
    };
    const cases: [Created, keyof typeof SCHEMES][] = [
      [akRsa, "rsassa"],
      [akPss, "rsapss"],
      [akEcc, "ecdsa"],
    ];
    for (const [signer, scheme] of cases) {
      const nonce = crypto.randomBytes(20);
      const out = await tss.quote(
        {
          signHandle: signer.handle,
          qualifyingData: nonce,
          inScheme: SCHEMES[scheme],
          PCRselect: pcrSelectionOf(pcrs),
        } as never,
        { sessions: [{ handle: TPM_RS.PW }] },
      );
      const input = {
        attest: out.quoted,
        signature: out.signature as never,
        akPublic: signer.publicArea,
        nonce,
        pcrs,
        crypto,
      };
      const quote = await verifyQuote(input);
      expect(hex(quote.extraData)).toBe(hex(nonce));
      expect(quote.pcrSelect.map((s) => s.hash)).toEqual([TPM_ALG_ID.SHA1, TPM_ALG_ID.SHA256]);
      expect(quote.hashAlg).toBe(scheme === "rsapss" ? TPM_ALG_ID.SHA384 : TPM_ALG_ID.SHA256);
      expect(quote.clockInfo.resetCount).toBeGreaterThanOrEqual(0);
      expect(typeof quote.firmwareVersion).toBe("bigint");

      // One bit flipped anywhere in the signed octets.
      for (const at of [0, 9, out.quoted.length - 1]) {
        const tampered = Uint8Array.from(out.quoted);
        tampered[at]! ^= 0x10;
        expect(await codeOf(verifyQuote({ ...input, attest: tampered }))).toBe("BAD_SIGNATURE");
      }
      expect(await codeOf(verifyQuote({ ...input, nonce: crypto.randomBytes(20) }))).toBe("NONCE_MISMATCH");
      const changed = Uint8Array.from(v[4]!);
      changed[0]! ^= 1;
      expect(
        await codeOf(
          verifyQuote({
            ...input,
            pcrs: { ...pcrs, [TPM_ALG_ID.SHA256]: { ...pcrs[TPM_ALG_ID.SHA256], 16: changed } },
          }),
        ),
      ).toBe("PCR_MISMATCH");
      // A verifier that expects one more PCR than was quoted.
      expect(
        await codeOf(
          verifyQuote({
            ...input,
            pcrs: { ...pcrs, [TPM_ALG_ID.SHA1]: { ...pcrs[TPM_ALG_ID.SHA1], 7: v[3]!.subarray(0, 20) } },
          }),
        ),
      ).toBe("PCR_MISMATCH");
      // The other AK's public key.
      const other = signer === akEcc ? akRsa : akEcc;
      expect(await codeOf(verifyQuote({ ...input, akPublic: other.publicArea }))).toBe("BAD_SIGNATURE");
    }
    // A quote by a key that is not restricted: its magic proves nothing, unless the caller accepts any signer.
    const nonce = crypto.randomBytes(20);
    const out = await tss.quote(
      {
        signHandle: unrestricted.handle,
        qualifyingData: nonce,
        inScheme: SCHEMES.ecdsa,
        PCRselect: pcrSelectionOf(pcrs),
      } as never,
      { sessions: [{ handle: TPM_RS.PW }] },
    );
    const input = {
      attest: out.quoted,
      signature: out.signature as never,
      akPublic: unrestricted.publicArea,
      nonce,
      pcrs,
      crypto,
    };
    expect(await codeOf(verifyQuote(input))).toBe("BAD_SIGNER");
    expect((await verifyQuote({ ...input, allowAnySigner: true })).hashAlg).toBe(TPM_ALG_ID.SHA256);
  });
});
