/**
 * Keys whose secrets the test knows (known-key-objects.ts), loaded into a CLI
 * suite's swtpm through the library (TPM2_LoadExternal in the NULL hierarchy,
 * or CreatePrimary), so that what the `tss` utilities compute with them can be
 * recomputed with node:crypto. One short connection per call (swtpm serves one
 * client at a time); the handle stays loaded for the utilities that run next.
 */
import type { KeyObject } from "node:crypto";
import { TPM_CAP, TPM_RH } from "@tss/marshal";
import { MssimTransport } from "@tss/transport-mssim";
import { createTss, type Tss } from "@tss/tss";
import type { CliEnv } from "./cli-runner.js";
import {
  aesKeyObject,
  ecdaaKeyTemplate,
  hmacKeyObject,
  type KnownObject,
  rsaKeyPairObject,
} from "./known-key-objects.js";

const empty = new Uint8Array(0);

/** Runs `f` on a TSS connected to the suite's swtpm, then closes it. */
export async function withTpm<T>(cli: CliEnv, f: (tss: Tss) => Promise<T>): Promise<T> {
  const tss = createTss({ transport: new MssimTransport({ host: cli.tpm.host, port: cli.tpm.port }) });
  try {
    return await f(tss);
  } finally {
    await tss.close();
  }
}

async function loadExternal(cli: CliEnv, object: KnownObject): Promise<number> {
  return withTpm(cli, async (tss) => {
    const out = await tss.loadExternal({
      inPrivate: { sensitiveArea: object.sensitiveArea },
      inPublic: { publicArea: object.publicArea },
      hierarchy: TPM_RH.NULL,
    } as never);
    return out.objectHandle as number;
  });
}

/** Loads an HMAC key (keyed hash, HMAC-`hashAlg` scheme, password `password`); returns its handle. */
export function loadHmacKey(cli: CliEnv, key: Uint8Array, password: string, hashAlg: number): Promise<number> {
  return loadExternal(cli, hmacKeyObject(key, password, hashAlg));
}

/** Loads an AES-CFB encryption/decryption key of `key.length` bytes (password `password`); returns its handle. */
export function loadAesKey(cli: CliEnv, key: Uint8Array, password: string): Promise<number> {
  return loadExternal(cli, aesKeyObject(key, password));
}

/** Loads a node:crypto RSA key pair as an unrestricted decryption and signing key (NULL scheme); returns its handle. */
export function loadRsaKeyPair(cli: CliEnv, privateKey: KeyObject, password: string): Promise<number> {
  return loadExternal(cli, rsaKeyPairObject(privateKey, password));
}

/** Creates an ECDAA signing primary key on BN P-256 (NULL hierarchy, empty password); returns its handle. */
export function createEcdaaKey(cli: CliEnv): Promise<number> {
  return withTpm(cli, async (tss) => {
    const out = await tss.createPrimary({
      primaryHandle: TPM_RH.NULL,
      inSensitive: { sensitive: { userAuth: empty, data: empty } },
      inPublic: { publicArea: ecdaaKeyTemplate() },
      outsideInfo: empty,
      creationPCR: [],
    } as never);
    return out.objectHandle as number;
  });
}

/**
 * Flushes every loaded object and sequence (transient handles) through the
 * `tss flushcontext` utility (all but `keep`), so that one test's leftovers neither fill the
 * next one's TPM nor leave stale Names in the utilities' TPM_DATA_DIR.
 */
export async function flushTransients(cli: CliEnv, keep: readonly number[] = []): Promise<void> {
  const handles = await withTpm(cli, async (tss) => {
    const out = await tss.getCapability({ capability: TPM_CAP.HANDLES, property: 0x80000000, propertyCount: 64 });
    return (out.capabilityData.data as { handles: number[] }).handles;
  });
  for (const handle of handles.filter((h) => !keep.includes(h))) {
    const r = await cli.tss("flushcontext", "-ha", handle.toString(16).padStart(8, "0"));
    if (r.code !== 0) throw new Error(`flushcontext ${handle.toString(16)}: ${r.err}`);
  }
}
