// The seed's signapp: start an HMAC session, create a primary storage key with
// it, create and load a signing key, sign a digest, verify the signature in
// software with the crypto plugin, flush everything. Each step is printed.
// It starts its own swtpm and stops it at the end.

import { createCrypto } from "@tss/crypto-webcrypto";
import { TPM_ALG_ID, TPM_RH, TPM_SE, TPM_ST, TPMA_SESSION } from "@tss/marshal";
import { startSwtpm } from "@tss/reg";
import { MssimTransport } from "@tss/transport-mssim";
import { createTss } from "@tss/tss";

const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
const short = (b) =>
  b.length > 24 ? `${hex(b.subarray(0, 12))}...${hex(b.subarray(-4))} (${b.length} bytes)` : hex(b);
const enc = new TextEncoder();
const empty = new Uint8Array(0);
let n = 0;
const step = (msg) => console.log(`[${++n}] ${msg}`);

const OBJ = {
  fixedTPM: 0x2,
  fixedParent: 0x10,
  sensitiveDataOrigin: 0x20,
  userWithAuth: 0x40,
  noDA: 0x400,
  restricted: 0x10000,
  decrypt: 0x20000,
  sign: 0x40000,
};

const tpm = await startSwtpm();
step(`started swtpm on ${tpm.host}:${tpm.port}`);
const crypto = await createCrypto();
const tss = createTss({ transport: new MssimTransport({ host: tpm.host, port: tpm.port }), crypto });
try {
  const { randomBytes } = await tss.getRandom({ bytesRequested: 16 });
  step(`GetRandom(16): ${hex(randomBytes)}`);
  const pcrs = await tss.pcrRead({
    pcrSelectionIn: [{ hash: TPM_ALG_ID.SHA256, pcrSelect: new Uint8Array([0x03, 0, 0]) }],
  });
  for (const [i, v] of pcrs.pcrValues.entries()) step(`PCR_Read SHA-256 PCR ${i}: ${hex(v)}`);

  const { sessionHandle: session } = await tss.startAuthSession({
    tpmKey: TPM_RH.NULL,
    bind: TPM_RH.NULL,
    nonceCaller: empty,
    encryptedSalt: empty,
    sessionType: TPM_SE.HMAC,
    symmetric: { algorithm: TPM_ALG_ID.AES, keyBits: { aes: 128 }, mode: { aes: TPM_ALG_ID.CFB } },
    authHash: TPM_ALG_ID.SHA256,
  });
  step(`StartAuthSession: HMAC session 0x${session.toString(16)} (SHA-256, AES-128-CFB parameter encryption)`);
  const hmac = (password, extra = 0) => ({
    sessions: [{ handle: session, password, attributes: TPMA_SESSION.continueSession | extra }],
  });

  const primary = await tss.createPrimary(
    {
      primaryHandle: TPM_RH.OWNER,
      inSensitive: { sensitive: { userAuth: enc.encode("pps"), data: empty } },
      inPublic: {
        publicArea: {
          type: TPM_ALG_ID.RSA,
          nameAlg: TPM_ALG_ID.SHA256,
          objectAttributes:
            OBJ.fixedTPM |
            OBJ.fixedParent |
            OBJ.sensitiveDataOrigin |
            OBJ.userWithAuth |
            OBJ.noDA |
            OBJ.restricted |
            OBJ.decrypt,
          authPolicy: empty,
          parameters: {
            rsaDetail: {
              symmetric: { algorithm: TPM_ALG_ID.AES, keyBits: { aes: 128 }, mode: { aes: TPM_ALG_ID.CFB } },
              scheme: { scheme: TPM_ALG_ID.NULL, details: {} },
              keyBits: 2048,
              exponent: 0,
            },
          },
          unique: { rsa: empty },
        },
      },
      outsideInfo: empty,
      creationPCR: [],
    },
    hmac("", TPMA_SESSION.decrypt),
  );
  step(`CreatePrimary: RSA-2048 storage key 0x${primary.objectHandle.toString(16)}, Name ${short(primary.name)}`);

  const signingTemplate = {
    type: TPM_ALG_ID.RSA,
    nameAlg: TPM_ALG_ID.SHA256,
    objectAttributes: OBJ.fixedTPM | OBJ.fixedParent | OBJ.sensitiveDataOrigin | OBJ.userWithAuth | OBJ.noDA | OBJ.sign,
    authPolicy: empty,
    parameters: {
      rsaDetail: {
        symmetric: { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} },
        scheme: { scheme: TPM_ALG_ID.RSASSA, details: { rsassa: { hashAlg: TPM_ALG_ID.SHA256 } } },
        keyBits: 2048,
        exponent: 0,
      },
    },
    unique: { rsa: empty },
  };
  const created = await tss.create(
    {
      parentHandle: primary.objectHandle,
      inSensitive: { sensitive: { userAuth: enc.encode("sig"), data: empty } },
      inPublic: { publicArea: signingTemplate },
      outsideInfo: empty,
      creationPCR: [],
    },
    hmac("pps", TPMA_SESSION.decrypt),
  );
  step(`Create: RSA-2048 signing key under the primary, private ${short(created.outPrivate)}`);

  const loaded = await tss.load(
    { parentHandle: primary.objectHandle, inPrivate: created.outPrivate, inPublic: created.outPublic },
    hmac("pps"),
  );
  step(`Load: signing key 0x${loaded.objectHandle.toString(16)}, Name ${short(loaded.name)}`);

  const digest = await crypto.hash(TPM_ALG_ID.SHA256, enc.encode("the message signapp signs"));
  const signed = await tss.sign(
    {
      keyHandle: loaded.objectHandle,
      digest,
      inScheme: { scheme: TPM_ALG_ID.RSASSA, details: { rsassa: { hashAlg: TPM_ALG_ID.SHA256 } } },
      validation: { tag: TPM_ST.HASHCHECK, hierarchy: TPM_RH.NULL, digest: empty },
    },
    hmac("sig", TPMA_SESSION.decrypt),
  );
  const sig = signed.signature.signature.rsassa.sig;
  step(`Sign: SHA-256 digest ${short(digest)} -> RSASSA signature ${short(sig)}`);

  const n = created.outPublic.publicArea.unique.rsa;
  const ok = await crypto.verifyRsa({ n, e: 65537 }, { scheme: "RSASSA", hashAlg: TPM_ALG_ID.SHA256 }, digest, sig);
  const changed = digest.slice();
  changed[0] ^= 1;
  const forged = await crypto.verifyRsa(
    { n, e: 65537 },
    { scheme: "RSASSA", hashAlg: TPM_ALG_ID.SHA256 },
    changed,
    sig,
  );
  step(
    `Verify in software (@tss/crypto-webcrypto): ${ok ? "signature valid" : "SIGNATURE INVALID"}; over a changed digest: ${forged ? "ACCEPTED (wrong)" : "rejected"}`,
  );
  if (!ok || forged) process.exitCode = 1;

  await tss.flushContext({ flushHandle: primary.objectHandle });
  step("FlushContext: primary key");
  await tss.flushContext({ flushHandle: loaded.objectHandle });
  step("FlushContext: signing key");
  await tss.flushContext({ flushHandle: session });
  step("FlushContext: session");
} finally {
  await tss.close();
  await tpm.stop();
  step("stopped swtpm");
}
