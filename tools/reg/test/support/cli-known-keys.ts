/**
 * Keys whose secrets the test knows, loaded into a CLI suite's swtpm through
 * the library (TPM2_LoadExternal in the NULL hierarchy, or CreatePrimary), so
 * that what the `tss` utilities compute with them can be recomputed with
 * node:crypto: an HMAC key, an AES key, an RSA key pair. One short connection
 * per call (swtpm serves one client at a time); the handle stays loaded for
 * the utilities that run next.
 */
import { createHash, type KeyObject } from "node:crypto";
import { TPM_ALG_ID, TPM_CAP, TPM_ECC_CURVE, TPM_RH, TPMA_OBJECT } from "@tss/marshal";
import { MssimTransport } from "@tss/transport-mssim";
import { createTss, type Tss } from "@tss/tss";
import type { CliEnv } from "./cli-runner.js";

const empty = new Uint8Array(0);
const nullScheme = { scheme: TPM_ALG_ID.NULL, details: {} };
const nullSym = { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} };
const u8 = (b: Uint8Array) => new Uint8Array(b);

/** Runs `f` on a TSS connected to the suite's swtpm, then closes it. */
export async function withTpm<T>(cli: CliEnv, f: (tss: Tss) => Promise<T>): Promise<T> {
  const tss = createTss({ transport: new MssimTransport({ host: cli.tpm.host, port: cli.tpm.port }) });
  try {
    return await f(tss);
  } finally {
    await tss.close();
  }
}

/** The unique field of a keyed-hash or symmetric object: H_nameAlg(seedValue || key) (Part 1, 27.7.3). */
function uniqueOf(seed: Uint8Array, key: Uint8Array): Uint8Array {
  return u8(createHash("sha256").update(seed).update(key).digest());
}

async function loadExternal(cli: CliEnv, publicArea: unknown, sensitiveArea: unknown): Promise<number> {
  return withTpm(cli, async (tss) => {
    const out = await tss.loadExternal({
      inPrivate: { sensitiveArea },
      inPublic: { publicArea },
      hierarchy: TPM_RH.NULL,
    } as never);
    return out.objectHandle as number;
  });
}

/** Loads an HMAC key (keyed hash, HMAC-`hashAlg` scheme, password `password`); returns its handle. */
export function loadHmacKey(cli: CliEnv, key: Uint8Array, password: string, hashAlg: number): Promise<number> {
  const seed = new Uint8Array(32).fill(0x5a);
  const publicArea = {
    type: TPM_ALG_ID.KEYEDHASH,
    nameAlg: TPM_ALG_ID.SHA256,
    objectAttributes: TPMA_OBJECT.sign | TPMA_OBJECT.userWithAuth | TPMA_OBJECT.noDA,
    authPolicy: empty,
    parameters: { keyedHashDetail: { scheme: { scheme: TPM_ALG_ID.HMAC, details: { hmac: { hashAlg } } } } },
    unique: { keyedHash: uniqueOf(seed, key) },
  };
  const sensitiveArea = {
    sensitiveType: TPM_ALG_ID.KEYEDHASH,
    authValue: new TextEncoder().encode(password),
    seedValue: seed,
    sensitive: { bits: key },
  };
  return loadExternal(cli, publicArea, sensitiveArea);
}

/** Loads an AES-CFB encryption/decryption key of `key.length` bytes (password `password`); returns its handle. */
export function loadAesKey(cli: CliEnv, key: Uint8Array, password: string): Promise<number> {
  const seed = new Uint8Array(32).fill(0xa5);
  const publicArea = {
    type: TPM_ALG_ID.SYMCIPHER,
    nameAlg: TPM_ALG_ID.SHA256,
    objectAttributes: TPMA_OBJECT.sign | TPMA_OBJECT.decrypt | TPMA_OBJECT.userWithAuth | TPMA_OBJECT.noDA,
    authPolicy: empty,
    parameters: {
      symDetail: {
        sym: { algorithm: TPM_ALG_ID.AES, keyBits: { aes: key.length * 8 }, mode: { aes: TPM_ALG_ID.CFB } },
      },
    },
    unique: { sym: uniqueOf(seed, key) },
  };
  const sensitiveArea = {
    sensitiveType: TPM_ALG_ID.SYMCIPHER,
    authValue: new TextEncoder().encode(password),
    seedValue: seed,
    sensitive: { sym: key },
  };
  return loadExternal(cli, publicArea, sensitiveArea);
}

/**
 * Loads a node:crypto RSA key pair as an unrestricted decryption and signing
 * key with a NULL scheme (password `password`); returns its handle.
 */
export function loadRsaKeyPair(cli: CliEnv, privateKey: KeyObject, password: string): Promise<number> {
  const jwk = privateKey.export({ format: "jwk" });
  const b = (s: string | undefined) => u8(Buffer.from(s!, "base64url"));
  const n = b(jwk.n);
  const publicArea = {
    type: TPM_ALG_ID.RSA,
    nameAlg: TPM_ALG_ID.SHA256,
    objectAttributes: TPMA_OBJECT.decrypt | TPMA_OBJECT.sign | TPMA_OBJECT.userWithAuth | TPMA_OBJECT.noDA,
    authPolicy: empty,
    parameters: { rsaDetail: { symmetric: nullSym, scheme: nullScheme, keyBits: n.length * 8, exponent: 0 } },
    unique: { rsa: n },
  };
  const sensitiveArea = {
    sensitiveType: TPM_ALG_ID.RSA,
    authValue: new TextEncoder().encode(password),
    seedValue: empty,
    sensitive: { rsa: b(jwk.p) },
  };
  return loadExternal(cli, publicArea, sensitiveArea);
}

/** Creates an ECDAA signing primary key on BN P-256 (NULL hierarchy, empty password); returns its handle. */
export function createEcdaaKey(cli: CliEnv): Promise<number> {
  return withTpm(cli, async (tss) => {
    const out = await tss.createPrimary({
      primaryHandle: TPM_RH.NULL,
      inSensitive: { sensitive: { userAuth: empty, data: empty } },
      inPublic: {
        publicArea: {
          type: TPM_ALG_ID.ECC,
          nameAlg: TPM_ALG_ID.SHA256,
          objectAttributes:
            TPMA_OBJECT.sign |
            TPMA_OBJECT.userWithAuth |
            TPMA_OBJECT.noDA |
            TPMA_OBJECT.fixedTPM |
            TPMA_OBJECT.fixedParent |
            TPMA_OBJECT.sensitiveDataOrigin,
          authPolicy: empty,
          parameters: {
            eccDetail: {
              symmetric: nullSym,
              scheme: { scheme: TPM_ALG_ID.ECDAA, details: { ecdaa: { hashAlg: TPM_ALG_ID.SHA256, count: 0 } } },
              curveID: TPM_ECC_CURVE.BN_P256,
              kdf: nullScheme,
            },
          },
          unique: { ecc: { x: empty, y: empty } },
        },
      },
      outsideInfo: empty,
      creationPCR: [],
    } as never);
    return out.objectHandle as number;
  });
}

/**
 * Flushes every loaded object and sequence (transient handles) through the
 * `tss flushcontext` utility, so that one test's leftovers neither fill the
 * next one's TPM nor leave stale Names in the utilities' TPM_DATA_DIR.
 */
export async function flushTransients(cli: CliEnv): Promise<void> {
  const handles = await withTpm(cli, async (tss) => {
    const out = await tss.getCapability({ capability: TPM_CAP.HANDLES, property: 0x80000000, propertyCount: 64 });
    return (out.capabilityData.data as { handles: number[] }).handles;
  });
  for (const handle of handles) {
    const r = await cli.tss("flushcontext", "-ha", handle.toString(16).padStart(8, "0"));
    if (r.code !== 0) throw new Error(`flushcontext ${handle.toString(16)}: ${r.err}`);
  }
}
