// The session floor: the least any node:crypto client can do for one
// GetRandom(16) in an HMAC session with audit+encrypt, written by hand over the
// raw MS-sim socket: the command and response bytes at fixed offsets, node:crypto
// one-shot calls (crypto.hash read as a binary string; HMAC as two one-shot hashes over precomputed
// pads; one AES-CFB decipher), nonces from a 4 KiB random pool, no checks beyond
// the response HMAC. It is what the session path of @tss/tss on @tss/crypto-node
// is measured against (table.mjs prints it beside the floor without a session).
import { createDecipheriv, hash, randomFillSync } from "node:crypto";
import { openRawFloor } from "./raw-floor.mjs";

const CC_START_AUTH_SESSION = 0x176;
const CC_GET_RANDOM = 0x17b;
const TPM_RH_NULL = 0x40000007;

const u32 = (b, at, v) => {
  b[at] = v >>> 24;
  b[at + 1] = (v >>> 16) & 0xff;
  b[at + 2] = (v >>> 8) & 0xff;
  b[at + 3] = v & 0xff;
};
const rd32 = (b, at) => ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;

/**
 * SHA-256 as a fresh Uint8Array. The digest is read as a "binary" string (a short
 * V8 string) rather than a Buffer, whose off-heap ArrayBuffer per digest costs
 * more than hashing a short message (as @tss/crypto-node does).
 */
function sha256(data) {
  const s = hash("sha256", data, "binary");
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** HMAC-SHA256 under a fixed key as two one-shot hashes over buffers prepared once. */
function hmacSha256(key) {
  const k = key.length > 64 ? sha256(key) : key;
  const inner = new Uint8Array(64 + 256);
  const outer = new Uint8Array(64 + 32);
  for (let i = 0; i < 64; i++) {
    inner[i] = 0x36 ^ (k[i] ?? 0);
    outer[i] = 0x5c ^ (k[i] ?? 0);
  }
  return (parts) => {
    let at = 64;
    for (const p of parts) {
      inner.set(p, at);
      at += p.length;
    }
    outer.set(sha256(inner.subarray(0, at)), 64);
    return sha256(outer);
  };
}

/**
 * Starts an unbound, unsalted HMAC session (SHA-256, AES-128-CFB) on a raw
 * connection and returns { op() -> Promise, close() }: op is one GetRandom(16)
 * with continueSession|encrypt|audit, response HMAC verified, randomBytes
 * decrypted, audit digest extended. `shared`: an open raw floor connection to use
 * (swtpm serves one connection at a time).
 */
export async function openSessionFloor(host, port, shared) {
  const raw = shared ?? (await openRawFloor(host, port));
  const pool = new Uint8Array(4096);
  let used = pool.length;
  const nonce = () => {
    if (used + 32 > pool.length) {
      randomFillSync(pool);
      used = 0;
    }
    used += 32;
    return pool.slice(used - 32, used);
  };
  // StartAuthSession(NULL, NULL, nonceCaller, empty salt, HMAC, AES-128-CFB, SHA-256).
  const start = new Uint8Array(10 + 8 + 2 + 32 + 2 + 1 + 6 + 2);
  start.set([0x80, 0x01]);
  u32(start, 2, start.length);
  u32(start, 6, CC_START_AUTH_SESSION);
  u32(start, 10, TPM_RH_NULL);
  u32(start, 14, TPM_RH_NULL);
  start.set([0, 32], 18);
  start.set(nonce(), 20);
  start.set([0, 0, 0x00, 0x00, 0x06, 0x00, 0x80, 0x00, 0x43, 0x00, 0x0b], 52);
  const sr = await raw.roundTrip(start);
  if (rd32(sr, 6) !== 0) throw new Error(`StartAuthSession: 0x${rd32(sr, 6).toString(16)}`);
  const handle = rd32(sr, 10);
  let nonceTPM = sr.slice(16, 16 + ((sr[14] << 8) | sr[15]));
  // Unsalted and unbound: sessionKey is empty, so are the HMAC and KDFa keys.
  const mac = hmacSha256(new Uint8Array(0));
  const attrs = 0x01 | 0x40 | 0x80; // continueSession | encrypt | audit
  const attrByte = new Uint8Array([attrs]);
  const cfbLabel = new Uint8Array([0, 0, 0, 1, 0x43, 0x46, 0x42, 0]); // [1]32 || "CFB\0"
  const bits256 = new Uint8Array([0, 0, 1, 0]);
  const ccBytes = new Uint8Array(4);
  u32(ccBytes, 0, CC_GET_RANDOM);
  const cpHash = sha256(new Uint8Array([0, 0, 1, 0x7b, 0, 16]));
  const rpPrefix = new Uint8Array(8);
  u32(rpPrefix, 4, CC_GET_RANDOM);
  let audit = new Uint8Array(32);
  const command = new Uint8Array(10 + 4 + 4 + 2 + 32 + 1 + 2 + 32 + 2);
  command.set([0x80, 0x02]);
  u32(command, 2, command.length);
  u32(command, 6, CC_GET_RANDOM);
  u32(command, 10, 4 + 2 + 32 + 1 + 2 + 32);
  u32(command, 14, handle);
  command.set([0, 32], 18);
  command[52] = attrs;
  command.set([0, 32], 53);
  command.set([0, 16], 87);
  const rpInput = new Uint8Array(8 + 18);
  rpInput.set(rpPrefix);
  const auditInput = new Uint8Array(96);

  return {
    async op() {
      const nonceCaller = nonce();
      command.set(nonceCaller, 20);
      command.set(mac([cpHash, nonceCaller, nonceTPM, attrByte]), 55);
      const r = await raw.roundTrip(command);
      if (rd32(r, 6) !== 0) throw new Error(`GetRandom: 0x${rd32(r, 6).toString(16)}`);
      const paramSize = rd32(r, 10);
      const params = r.subarray(14, 14 + paramSize);
      let at = 14 + paramSize;
      const nSize = (r[at] << 8) | r[at + 1];
      const newNonce = r.subarray(at + 2, at + 2 + nSize);
      at += 2 + nSize;
      const rAttrs = r.subarray(at, at + 1);
      const hmac = r.subarray(at + 3, at + 3 + 32);
      rpInput.set(params, 8);
      const rpHash = sha256(rpInput.subarray(0, 8 + paramSize));
      const expected = mac([rpHash, newNonce, nonceCaller, rAttrs]);
      for (let i = 0; i < 32; i++) if (expected[i] !== hmac[i]) throw new Error("response HMAC");
      const keyIv = mac([cfbLabel, newNonce, nonceCaller, bits256]);
      const d = createDecipheriv("aes-128-cfb", keyIv.subarray(0, 16), keyIv.subarray(16, 32));
      const random = d.update(params.subarray(2, 2 + ((params[0] << 8) | params[1])));
      auditInput.set(audit);
      auditInput.set(cpHash, 32);
      auditInput.set(rpHash, 64);
      audit = sha256(auditInput);
      nonceTPM = newNonce.slice();
      return random;
    },
    close: () => (shared ? Promise.resolve() : raw.close()),
  };
}
