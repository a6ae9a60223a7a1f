// The commands behind the crypto utilities through the library on every plugin
// combination, each output recomputed with node:crypto from keys the test
// knows (LoadExternal) or whose public part it reads: RSA_Encrypt and
// RSA_Decrypt (OAEP, RSAES, raw), Sign and VerifySignature (RSASSA, RSAPSS,
// ECDSA, HMAC), EncryptDecrypt and EncryptDecrypt2 (AES-CFB), HMAC, HMAC_Start,
// HashSequenceStart, SequenceUpdate, SequenceComplete, EventSequenceComplete,
// Hash, ECC_Parameters, EC_Ephemeral, ZGen_2Phase, ECDH_KeyGen, ECDH_ZGen,
// Commit, GetRandom, StirRandom.
import {
  constants,
  createCipheriv,
  createECDH,
  createHash,
  createHmac,
  createPublicKey,
  generateKeyPairSync,
  privateDecrypt,
  publicEncrypt,
  verify,
} from "node:crypto";
import { TPM_ALG_ID, TPM_RH, TPM_SE, TPM_ST, TPMA_OBJECT, TPMA_SESSION, TpmError } from "@tss/marshal";
import type { Tss } from "@tss/tss";
import { expect, it } from "vitest";
import { describeMatrix } from "./support/describe-matrix.js";
import {
  aesKeyObject,
  ecdaaKeyTemplate,
  hmacKeyObject,
  type KnownObject,
  rsaKeyPairObject,
} from "./support/known-key-objects.js";
import { eccSigningKey } from "./support/templates.js";

const empty = new Uint8Array(0);
const NULL_TICKET = { tag: TPM_ST.HASHCHECK, hierarchy: TPM_RH.NULL, digest: empty };
const NULL_SCHEME = { scheme: TPM_ALG_ID.NULL, details: {} };
const b64u = (b: Uint8Array) => Buffer.from(b).toString("base64url");
const sha256 = (data: Uint8Array) => new Uint8Array(createHash("sha256").update(data).digest());
const message = new TextEncoder().encode("the commands behind the crypto utilities");
/** One RSA key pair for every combination: node:crypto's key generation is the slow part. */
const rsaPair = generateKeyPairSync("rsa", { modulusLength: 2048 });

async function loadExternal(tss: Tss, object: KnownObject): Promise<number> {
  const out = await tss.loadExternal({
    inPrivate: { sensitiveArea: object.sensitiveArea },
    inPublic: { publicArea: object.publicArea },
    hierarchy: TPM_RH.NULL,
  } as never);
  return out.objectHandle as number;
}

async function primary(tss: Tss, template: unknown) {
  return tss.createPrimary({
    primaryHandle: TPM_RH.NULL,
    inSensitive: { sensitive: { userAuth: empty, data: empty } },
    inPublic: { publicArea: template as never },
    outsideInfo: empty,
    creationPCR: [],
  });
}

/** An unrestricted ECC P-256 decryption key (NULL scheme and symmetric): for ECDH and ZGen_2Phase. */
function eccDecryptionKey() {
  const { fixedTPM, fixedParent, sensitiveDataOrigin, userWithAuth, noDA, decrypt } = TPMA_OBJECT;
  return {
    type: TPM_ALG_ID.ECC,
    nameAlg: TPM_ALG_ID.SHA256,
    objectAttributes: fixedTPM | fixedParent | sensitiveDataOrigin | userWithAuth | noDA | decrypt,
    authPolicy: empty,
    parameters: {
      eccDetail: {
        symmetric: { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} },
        scheme: NULL_SCHEME,
        curveID: 3,
        kdf: NULL_SCHEME,
      },
    },
    unique: { ecc: { x: empty, y: empty } },
  };
}

const rcOf = (e: unknown) => (e instanceof TpmError ? e.responseCode & 0x3f : e);

describeMatrix("crypto commands", (ctx) => {
  it("RSA: RSA_Encrypt / RSA_Decrypt (OAEP, RSAES, raw) and Sign / VerifySignature (RSASSA, RSAPSS) against node:crypto", async () => {
    const { tss } = ctx();
    const { privateKey, publicKey } = rsaPair;
    const key = await loadExternal(tss, rsaKeyPairObject(privateKey, "rsa"));
    const sessions = [{ handle: 0x40000009, password: "rsa" }];
    try {
      const oaep = { scheme: TPM_ALG_ID.OAEP, details: { oaep: { hashAlg: TPM_ALG_ID.SHA256 } } };
      const label = new TextEncoder().encode("label\0");
      const enc = await tss.rsaEncrypt({ keyHandle: key, message, inScheme: oaep, label } as never);
      const plain = privateDecrypt(
        { key: privateKey, oaepHash: "sha256", oaepLabel: label, padding: constants.RSA_PKCS1_OAEP_PADDING },
        enc.outData,
      );
      expect(new Uint8Array(plain)).toEqual(message);
      const rsaes = { scheme: TPM_ALG_ID.RSAES, details: { rsaes: {} } };
      const fromNode = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, message);
      const dec = await tss.rsaDecrypt(
        { keyHandle: key, cipherText: fromNode, inScheme: rsaes, label: empty } as never,
        {
          sessions,
        },
      );
      expect(dec.message).toEqual(message);
      // Raw (NULL scheme): m^e mod n of the zero-padded message.
      const raw = await tss.rsaEncrypt({ keyHandle: key, message, inScheme: NULL_SCHEME, label: empty } as never);
      const unpadded = privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, raw.outData);
      expect(new Uint8Array(unpadded.subarray(-message.length))).toEqual(message);

      const digest = sha256(message);
      for (const [scheme, member] of [
        [TPM_ALG_ID.RSASSA, "rsassa"],
        [TPM_ALG_ID.RSAPSS, "rsapss"],
      ] as const) {
        const inScheme = { scheme, details: { [member]: { hashAlg: TPM_ALG_ID.SHA256 } } };
        const out = await tss.sign({ keyHandle: key, digest, inScheme, validation: NULL_TICKET } as never, {
          sessions,
        });
        const sig = (out.signature as any).signature[member].sig as Uint8Array;
        const pss = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO };
        expect(
          verify("sha256", message, scheme === TPM_ALG_ID.RSAPSS ? { key: publicKey, ...pss } : publicKey, sig),
        ).toBe(true);
        const checked = await tss.verifySignature({ keyHandle: key, digest, signature: out.signature } as never);
        expect(checked.validation.tag).toBe(TPM_ST.VERIFIED);
      }
    } finally {
      await tss.flushContext({ flushHandle: key });
    }
  });

  it("ECC: Sign (ECDSA), ECC_Parameters, EC_Ephemeral + ZGen_2Phase, ECDH_KeyGen + ECDH_ZGen, Commit", async () => {
    const { tss } = ctx();
    const signer = await primary(tss, eccSigningKey());
    const decrypter = await primary(tss, eccDecryptionKey());
    try {
      const { x, y } = (signer.outPublic.publicArea as any).unique.ecc;
      const signerKey = createPublicKey({ key: { kty: "EC", crv: "P-256", x: b64u(x), y: b64u(y) }, format: "jwk" });
      const ecdsa = { scheme: TPM_ALG_ID.ECDSA, details: { ecdsa: { hashAlg: TPM_ALG_ID.SHA256 } } };
      const signed = await tss.sign({
        keyHandle: signer.objectHandle,
        digest: sha256(message),
        inScheme: ecdsa,
        validation: NULL_TICKET,
      } as never);
      const { signatureR: r, signatureS: s } = (signed.signature as any).signature.ecdsa;
      expect(verify("sha256", message, { key: signerKey, dsaEncoding: "ieee-p1363" }, Buffer.concat([r, s]))).toBe(
        true,
      );

      const params = await tss.eccParameters({ curveID: 3 } as never);
      expect((params.parameters as any).keySize).toBe(256);

      // Two-phase ECDH: Z1 = [dsA]QsB, Z2 = [deA]QeB, recomputed by party B in node:crypto.
      const qsa = (decrypter.outPublic.publicArea as any).unique.ecc;
      const eph = await tss.ecEphemeral({ curveID: 3 } as never);
      const [staticB, ephemeralB] = [createECDH("prime256v1"), createECDH("prime256v1")];
      const point = (pub: Buffer) => ({ point: { x: pub.subarray(1, 33), y: pub.subarray(33) } });
      const z = await tss.zGen2Phase({
        keyA: decrypter.objectHandle,
        inQsB: point(staticB.generateKeys()),
        inQeB: point(ephemeralB.generateKeys()),
        inScheme: TPM_ALG_ID.ECDH,
        counter: eph.counter,
      } as never);
      const uncompressed = (p: { x: Uint8Array; y: Uint8Array }) => Buffer.concat([Buffer.from([4]), p.x, p.y]);
      expect(Buffer.from((z.outZ1 as any).point.x)).toEqual(staticB.computeSecret(uncompressed(qsa)));
      expect(Buffer.from((z.outZ2 as any).point.x)).toEqual(
        ephemeralB.computeSecret(uncompressed((eph.Q as any).point)),
      );
      // One-pass ECDH: the TPM's KeyGen and ZGen agree with node:crypto's.
      const gen = await tss.ecdhKeyGen({ keyHandle: decrypter.objectHandle } as never);
      const peer = createECDH("prime256v1");
      const zgen = await tss.ecdhZGen({
        keyHandle: decrypter.objectHandle,
        inPoint: point(peer.generateKeys()),
      } as never);
      expect(Buffer.from((zgen.outPoint as any).point.x)).toEqual(peer.computeSecret(uncompressed(qsa)));
      expect((gen.zPoint as any).point.x).toHaveLength(32);

      // Commit with an ECDAA key, then a signature with its counter; the counter is used up.
      const daa = await primary(tss, ecdaaKeyTemplate());
      try {
        const c = await tss.commit({
          signHandle: daa.objectHandle,
          P1: { point: { x: empty, y: empty } },
          s2: empty,
          y2: empty,
        } as never);
        expect((c.E as any).point.x).toHaveLength(32);
        const inScheme = {
          scheme: TPM_ALG_ID.ECDAA,
          details: { ecdaa: { hashAlg: TPM_ALG_ID.SHA256, count: c.counter } },
        };
        const input = { keyHandle: daa.objectHandle, digest: sha256(message), inScheme, validation: NULL_TICKET };
        expect(((await tss.sign(input as never)).signature as any).sigAlg).toBe(TPM_ALG_ID.ECDAA);
        await expect(tss.sign(input as never)).rejects.toBeInstanceOf(TpmError);
      } finally {
        await tss.flushContext({ flushHandle: daa.objectHandle });
      }
    } finally {
      await tss.flushContext({ flushHandle: signer.objectHandle });
      await tss.flushContext({ flushHandle: decrypter.objectHandle });
    }
  });

  it("AES: EncryptDecrypt and EncryptDecrypt2 are AES-CFB; with crypto, EncryptDecrypt2 under an encrypting session", async () => {
    const { tss, crypto } = ctx();
    const aes = new Uint8Array(16).fill(0x42);
    const key = await loadExternal(tss, aesKeyObject(aes, "aes"));
    const sessions = [{ handle: 0x40000009, password: "aes" }];
    try {
      const c = createCipheriv("aes-128-cfb", aes, Buffer.alloc(16));
      const expected = Buffer.concat([c.update(message), c.final()]);
      const input = {
        keyHandle: key,
        decrypt: false,
        mode: TPM_ALG_ID.NULL,
        ivIn: new Uint8Array(16),
        inData: message,
      };
      expect(Buffer.from((await tss.encryptDecrypt(input as never, { sessions })).outData)).toEqual(expected);
      const back = await tss.encryptDecrypt2({ ...input, decrypt: true, inData: expected } as never, { sessions });
      expect(back.outData).toEqual(message);
      if (crypto) {
        const s = await tss.startAuthSession({
          tpmKey: TPM_RH.NULL,
          bind: TPM_RH.NULL,
          nonceCaller: new Uint8Array(16).fill(1),
          encryptedSalt: empty,
          sessionType: TPM_SE.HMAC,
          symmetric: { algorithm: TPM_ALG_ID.AES, keyBits: { aes: 128 }, mode: { aes: TPM_ALG_ID.CFB } },
          authHash: TPM_ALG_ID.SHA256,
        } as never);
        const attributes = TPMA_SESSION.continueSession | TPMA_SESSION.decrypt | TPMA_SESSION.encrypt;
        const enc = await tss.encryptDecrypt2(input as never, {
          sessions: [{ handle: s.sessionHandle, password: "aes", attributes }],
        });
        expect(Buffer.from(enc.outData)).toEqual(expected);
        await tss.flushContext({ flushHandle: s.sessionHandle });
      }
    } finally {
      await tss.flushContext({ flushHandle: key });
    }
  });

  it("HMAC, HMAC_Start + SequenceUpdate + SequenceComplete, Sign (HMAC), Hash, HashSequenceStart + EventSequenceComplete", async () => {
    const { tss } = ctx();
    const hmacKey = new Uint8Array(32).fill(0x17);
    const key = await loadExternal(tss, hmacKeyObject(hmacKey, "khk", TPM_ALG_ID.SHA256));
    const sessions = [{ handle: 0x40000009, password: "khk" }];
    const mac = (data: Uint8Array) => new Uint8Array(createHmac("sha256", hmacKey).update(data).digest());
    try {
      const one = await tss.mac({ handle: key, buffer: message, inScheme: TPM_ALG_ID.SHA256 } as never, { sessions });
      expect(one.outMAC).toEqual(mac(message));
      const auth = new TextEncoder().encode("seq");
      const seq = await tss.macStart({ handle: key, auth, inScheme: TPM_ALG_ID.SHA256 } as never, { sessions });
      const seqSessions = [{ handle: 0x40000009, password: "seq" }];
      await tss.sequenceUpdate({ sequenceHandle: seq.sequenceHandle, buffer: message } as never, {
        sessions: seqSessions,
      });
      const done = await tss.sequenceComplete(
        { sequenceHandle: seq.sequenceHandle, buffer: message, hierarchy: TPM_RH.NULL } as never,
        { sessions: seqSessions },
      );
      expect(done.result).toEqual(mac(new Uint8Array([...message, ...message])));
      const digest = sha256(message);
      const signed = await tss.sign(
        {
          keyHandle: key,
          digest,
          inScheme: { scheme: TPM_ALG_ID.HMAC, details: { hmac: { hashAlg: TPM_ALG_ID.SHA256 } } },
          validation: NULL_TICKET,
        } as never,
        { sessions },
      );
      expect((signed.signature as any).signature.hmac.digest.sha256).toEqual(mac(digest));
    } finally {
      await tss.flushContext({ flushHandle: key });
    }
    const hashed = await tss.hash({ data: message, hashAlg: TPM_ALG_ID.SHA384, hierarchy: TPM_RH.OWNER } as never);
    expect(Buffer.from(hashed.outHash)).toEqual(createHash("sha384").update(message).digest());
    expect(hashed.validation.hierarchy).toBe(TPM_RH.OWNER);
    const event = await tss.hashSequenceStart({ auth: empty, hashAlg: TPM_ALG_ID.NULL } as never);
    await tss.sequenceUpdate({ sequenceHandle: event.sequenceHandle, buffer: message } as never);
    const results = await tss.eventSequenceComplete({
      pcrHandle: TPM_RH.NULL,
      sequenceHandle: event.sequenceHandle,
      buffer: empty,
    } as never);
    const banks = results.results as { hashAlg: number; digest: Record<string, Uint8Array> }[];
    const names: Record<number, string> = { 4: "sha1", 11: "sha256", 12: "sha384", 13: "sha512" };
    expect(banks.length).toBeGreaterThan(0);
    for (const b of banks) {
      expect(Buffer.from(Object.values(b.digest)[0]!)).toEqual(createHash(names[b.hashAlg]!).update(message).digest());
    }
  });

  it("GetRandom and StirRandom; a StirRandom beyond 128 bytes is the TPM's TPM_RC_SIZE", async () => {
    const { tss } = ctx();
    const a = await tss.getRandom({ bytesRequested: 32 });
    const b = await tss.getRandom({ bytesRequested: 32 });
    expect(a.randomBytes).toHaveLength(32);
    expect(a.randomBytes).not.toEqual(b.randomBytes);
    await tss.stirRandom({ inData: new Uint8Array(64).fill(9) } as never);
    const e = await tss.stirRandom({ inData: new Uint8Array(129) } as never).catch((x) => x);
    expect(rcOf(e)).toBe(0x15);
  });
});
