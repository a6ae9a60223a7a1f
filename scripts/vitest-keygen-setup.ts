// Test setup (every vitest project): node:crypto's generateKeyPairSync, patched so
// that the KeyObjects it returns do not share a lock with its key-generation job.
//
// Node 20.20 can deadlock: exporting a generated key (export({ format: "jwk" }),
// seen twice on this project's machines, one a CI run that hung for 20 minutes)
// holds the key's mutex while it allocates strings; when that allocation starts a
// garbage collection and the collector destroys the KeyGenJob that made the key,
// the job's destructor waits for the same mutex on the same thread, forever
// (gdb: ExportJWKEcKey -> EncodeBignum -> ... -> InvokeFirstPassWeakCallbacks ->
// ~KeyGenJob<KeyPairGenTraits<EcKeyGenTraits>> -> uv_mutex_lock).
//
// The patch asks the job for DER encodings (made while the job is alive) and builds
// the KeyObjects from those bytes, so no key a test touches is tied to a job. Calls
// that ask for encodings themselves are passed through unchanged.
import { createRequire, syncBuiltinESMExports } from "node:module";

const nodeCrypto = createRequire(import.meta.url)("node:crypto") as typeof import("node:crypto");
const original = nodeCrypto.generateKeyPairSync as (type: string, options?: Record<string, unknown>) => unknown;
const PATCHED = Symbol.for("tss.test.generateKeyPairSync");

if (!(original as unknown as Record<symbol, boolean>)[PATCHED]) {
  const patched = (type: string, options?: Record<string, unknown>): unknown => {
    if (options?.publicKeyEncoding !== undefined || options?.privateKeyEncoding !== undefined) {
      return original(type, options);
    }
    const { publicKey, privateKey } = original(type, {
      ...options,
      publicKeyEncoding: { type: "spki", format: "der" },
      privateKeyEncoding: { type: "pkcs8", format: "der" },
    }) as { publicKey: Buffer; privateKey: Buffer };
    return {
      publicKey: nodeCrypto.createPublicKey({ key: publicKey, format: "der", type: "spki" }),
      privateKey: nodeCrypto.createPrivateKey({ key: privateKey, format: "der", type: "pkcs8" }),
    };
  };
  (patched as unknown as Record<symbol, boolean>)[PATCHED] = true;
  (nodeCrypto as { generateKeyPairSync: unknown }).generateKeyPairSync = patched;
  // import { generateKeyPairSync } from "node:crypto" sees the patched function too.
  syncBuiltinESMExports();
}
