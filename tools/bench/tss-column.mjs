// A tss column of the bench: a tss on its own swtpm (pinned to CPU 0) with the objects
// every row needs (an HMAC session, an ECC salt key and a salted session, an ECC
// signing key, a 64-octet NV index with a password), and the CPU time of a process
// from /proc. Shared by table.mjs and session-cpu.mjs.
import { readdirSync, readFileSync } from "node:fs";
import { TPM_ALG_ID, TPM_RH, TPM_SE, TPM_ST, TPMA_OBJECT, TPMA_SESSION } from "@tss/marshal";
import { startSwtpm } from "@tss/reg";
import { MssimTransport as WorkspaceMssimTransport } from "@tss/transport-mssim";

const empty = new Uint8Array(0);
const aes128 = { algorithm: TPM_ALG_ID.AES, keyBits: { aes: 128 }, mode: { aes: TPM_ALG_ID.CFB } };
const NULL_SCHEME = { scheme: TPM_ALG_ID.NULL, details: {} };
const { fixedTPM, fixedParent, sensitiveDataOrigin, userWithAuth, noDA, restricted, decrypt, sign } = TPMA_OBJECT;
const eccTemplate = (attrs, symmetric, scheme) => ({
  type: TPM_ALG_ID.ECC,
  nameAlg: TPM_ALG_ID.SHA256,
  objectAttributes: attrs,
  authPolicy: empty,
  parameters: { eccDetail: { symmetric, scheme, curveID: 3, kdf: NULL_SCHEME } },
  unique: { ecc: { x: empty, y: empty } },
});
/** An ECC P-256 storage key, AES-128-CFB (what tpm2-pytss makes of "ecc256:aes128cfb"). */
const STORAGE = eccTemplate(
  fixedTPM | fixedParent | sensitiveDataOrigin | userWithAuth | noDA | restricted | decrypt,
  aes128,
  NULL_SCHEME,
);
/** An ECC P-256 ECDSA-SHA256 signing key. */
const SIGNER = eccTemplate(
  fixedTPM | fixedParent | sensitiveDataOrigin | userWithAuth | noDA | sign,
  { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} },
  { scheme: TPM_ALG_ID.ECDSA, details: { ecdsa: { hashAlg: TPM_ALG_ID.SHA256 } } },
);
const createPrimary = (tss, template) =>
  tss.createPrimary({
    primaryHandle: TPM_RH.OWNER,
    inSensitive: { sensitive: { userAuth: empty, data: empty } },
    inPublic: { publicArea: template },
    outsideInfo: empty,
    creationPCR: [],
  });

/**
 * Starts an unbound HMAC session (AES-128-CFB, SHA-256), salted with `tpmKey`
 * unless it is TPM_RH_NULL; returns StartAuthSession's output.
 */
export function startHmacSession(tss, tpmKey) {
  return tss.startAuthSession({
    tpmKey,
    bind: TPM_RH.NULL,
    nonceCaller: empty,
    encryptedSalt: empty,
    sessionType: TPM_SE.HMAC,
    symmetric: aes128,
    authHash: TPM_ALG_ID.SHA256,
  });
}

/** An ECC P-256 storage primary (AES-128-CFB) under the owner hierarchy: a salt key. Returns its handle. */
export async function createStorageKey(tss) {
  return (await createPrimary(tss, STORAGE)).objectHandle;
}

/**
 * Defines the rows' NV index (64 octets, authValue "nvpw" for reads and writes) and
 * writes it once, so that NV_Read has data to return.
 */
export async function defineBenchNvIndex(tss, nvIndex) {
  await tss.nvDefineSpace({
    authHandle: TPM_RH.OWNER,
    auth: new TextEncoder().encode("nvpw"),
    publicInfo: {
      nvPublic: {
        nvIndex,
        nameAlg: TPM_ALG_ID.SHA256,
        attributes: 0x4 | 0x40000 | 0x2000000,
        authPolicy: new Uint8Array(0),
        dataSize: 64,
      },
    },
  });
  await tss.nvWrite(
    { authHandle: nvIndex, nvIndex, data: new Uint8Array(64).fill(0x78), offset: 0 },
    { sessions: [{ handle: TPM_RH.PW, password: "nvpw" }] },
  );
}

/**
 * A tss on its own swtpm with every row's objects made; returns { ops, pid, close }.
 * `MssimTransport`: the transport class to use (another build's, for A/B runs).
 */
export async function tssColumn(createTss, crypto, { MssimTransport = WorkspaceMssimTransport } = {}) {
  const tpm = await startSwtpm({ cpu: 0 });
  const tss = createTss({ transport: new MssimTransport({ host: tpm.host, port: tpm.port }), crypto });
  const start = (tpmKey) => startHmacSession(tss, tpmKey);
  const attrs = TPMA_SESSION.continueSession | TPMA_SESSION.encrypt;
  const { sessionHandle: hmac } = await start(TPM_RH.NULL);
  const saltKey = await createStorageKey(tss);
  const { sessionHandle: salted } = await start(saltKey);
  const signer = (await createPrimary(tss, SIGNER)).objectHandle;
  const nvIndex = 0x01800002;
  await defineBenchNvIndex(tss, nvIndex);
  const digest = new Uint8Array(32).fill(1);
  const ecdsa = { scheme: TPM_ALG_ID.ECDSA, details: { ecdsa: { hashAlg: TPM_ALG_ID.SHA256 } } };
  const ticket = { tag: TPM_ST.HASHCHECK, hierarchy: TPM_RH.NULL, digest: empty };
  const ops = {
    getrandom_none: () => tss.getRandom({ bytesRequested: 16 }),
    getrandom_hmac: () =>
      tss.getRandom({ bytesRequested: 16 }, { sessions: [{ handle: hmac, attributes: attrs | TPMA_SESSION.audit }] }),
    nvread_pw: () =>
      tss.nvRead(
        { authHandle: nvIndex, nvIndex, size: 64, offset: 0 },
        { sessions: [{ handle: TPM_RH.PW, password: "nvpw" }] },
      ),
    nvread_salted: () =>
      tss.nvRead(
        { authHandle: nvIndex, nvIndex, size: 64, offset: 0 },
        { sessions: [{ handle: salted, password: "nvpw", attributes: attrs }] },
      ),
    salted_start_flush: async () => {
      const { sessionHandle } = await start(saltKey);
      await tss.flushContext({ flushHandle: sessionHandle });
    },
    sign_ecc: () =>
      tss.sign(
        { keyHandle: signer, digest, inScheme: ecdsa, validation: ticket },
        { sessions: [{ handle: TPM_RH.PW, password: "" }] },
      ),
    createprimary_flush: async () => {
      const { objectHandle } = await createPrimary(tss, STORAGE);
      await tss.flushContext({ flushHandle: objectHandle });
    },
  };
  return {
    ops,
    pid: tpm.pid,
    async close() {
      await tss.close();
      await tpm.stop();
    },
  };
}

/**
 * CPU time a process has used, in microseconds: the sum over its threads of
 * /proc/<pid>/task/<tid>/schedstat's first field (nanoseconds on a CPU);
 * undefined where /proc has no schedstat.
 */
export function processCpuUs(pid) {
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
    }
    return ns / 1000;
  } catch {
    return undefined;
  }
}
