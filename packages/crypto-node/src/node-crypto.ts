/**
 * The TSS Crypto contract on node:crypto (OpenSSL), for Node only. Every
 * primitive is one OpenSSL call, except ECDSA verification over a digest
 * (node:crypto hashes what it verifies; the bigint SEC 1 verifier of
 * @tss/marshal/plugin-support is used) and the RSA-PSS encoding check (RFC 8017,
 * 9.1.2, on the raw public-key operation). Every result is a plain Uint8Array
 * with its own ArrayBuffer, never a Buffer nor a view into Node's buffer pool.
 */
import {
  constants,
  createCipheriv,
  createDecipheriv,
  createECDH,
  createHmac,
  type ECDH,
  hash as oneShotHash,
  publicEncrypt,
  randomFillSync,
} from "node:crypto";
import type { Crypto, SyncCrypto } from "@tss/marshal";
import { TssError } from "@tss/marshal";
import { checkedCrypto, promisedPrimitives, uncompressedPoint, verifyEcdsaDigest } from "@tss/marshal/plugin-support";
import { own, owned, sameBytes } from "./bytes.js";
import { curveName, hashName, hashSize, PLUGIN } from "./openssl-names.js";
import { rsaKeyObject } from "./rsa-key.js";
import { verifyRsa } from "./rsa-verify.js";
import { exportSpki, importSpki } from "./spki.js";

/** The AES key size in bits, or TssError("BAD_PARAMETER"). */
function aesBits(key: Uint8Array): 128 | 192 | 256 {
  if (key.length !== 16 && key.length !== 24 && key.length !== 32)
    throw new TssError("BAD_PARAMETER", `AES key of ${key.length} bytes`);
  return (key.length * 8) as 128 | 192 | 256;
}

/** Runs an OpenSSL cipher over `data` (update + final) into a fresh Uint8Array. */
function runCipher(c: { update(d: Uint8Array): Uint8Array; final(): Uint8Array }, data: Uint8Array): Uint8Array {
  const a = c.update(data);
  const b = c.final();
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Requests up to this many bytes are served from a pool that OpenSSL's DRBG refills 4 KiB at a time. */
const POOLED_RANDOM_MAX = 64;
const RANDOM_POOL_SIZE = 4096;

/**
 * Random bytes for small requests (nonces, salts) from a pool: one OpenSSL
 * RAND_bytes call per 4 KiB instead of one per nonce, which costs more than the
 * rest of a session's command. Every byte is handed out once and wiped from the
 * pool as it goes; a pool belongs to one Crypto instance.
 */
function randomPool(): (out: Uint8Array) => void {
  const pool = new Uint8Array(RANDOM_POOL_SIZE);
  let used = RANDOM_POOL_SIZE;
  return (out) => {
    const n = out.length;
    if (used + n > RANDOM_POOL_SIZE) {
      randomFillSync(pool);
      used = 0;
    }
    for (let i = 0; i < n; i++) {
      out[i] = pool[used + i]!;
      pool[used + i] = 0;
    }
    used += n;
  };
}

/** The longest data the one-shot HMAC takes (a session's authorization HMACs and KDFa blocks are far shorter). */
const SMALL_HMAC_DATA = 1024;

/** The block size in octets of a hash, by node:crypto name (the HMAC pad length). */
const BLOCK_SIZE = { sha1: 64, sha256: 64, sha384: 128, sha512: 128 } as const;

/**
 * HMAC (RFC 2104) as two one-shot OpenSSL digests, H((K ^ opad) || H((K ^ ipad) || data)),
 * in one scratch buffer per Crypto instance: for the short inputs of a session
 * (authorization HMACs, KDFa blocks) this costs less than half of createHmac,
 * which builds a key object and an HMAC context per call. The pads of the last
 * key used are kept for the next call with the same key and hash (a session
 * keys every HMAC of a command, and of the next, with one key); a call with
 * another key computes them anew. The scratch buffer is wiped before returning.
 * Data longer than SMALL_HMAC_DATA goes to createHmac: copying it would cost
 * more than the context, and the scratch buffer keeps its fixed size.
 */
function hmacOneShot(): (alg: number, key: Uint8Array, data: Uint8Array) => Uint8Array {
  const scratch = new Uint8Array(2 * 128 + SMALL_HMAC_DATA + 64);
  // The last key's pads: key copy, hash name, K ^ ipad and K ^ opad (block octets each).
  let padKey: Uint8Array | undefined;
  let padName = "";
  let ipad = new Uint8Array(0);
  let opad = new Uint8Array(0);
  // In constant time for keys of one length: the key is secret (a session key, an authValue).
  const samePadKey = (name: string, key: Uint8Array): boolean =>
    name === padName && padKey !== undefined && sameBytes(padKey, key);
  return (alg, key, data) => {
    const name = hashName(alg);
    if (data.length > SMALL_HMAC_DATA) return own(createHmac(name, key).update(data).digest());
    const block = BLOCK_SIZE[name];
    if (!samePadKey(name, key)) {
      const k = key.length > block ? (oneShotHash(name, key, "buffer") as unknown as Uint8Array) : key;
      ipad = new Uint8Array(block);
      opad = new Uint8Array(block);
      for (let i = 0; i < block; i++) {
        const b = i < k.length ? k[i]! : 0;
        ipad[i] = b ^ 0x36;
        opad[i] = b ^ 0x5c;
      }
      padKey = key.slice();
      padName = name;
    }
    const innerLength = block + data.length;
    const outerLength = block + hashSize(alg);
    const inner = scratch.subarray(0, innerLength);
    const outer = scratch.subarray(innerLength, innerLength + outerLength);
    inner.set(ipad);
    inner.set(data, block);
    outer.set(opad);
    digestInto(name, inner, outer, block);
    const mac = digest(name, outer);
    scratch.fill(0, 0, innerLength + outerLength);
    return mac;
  };
}

/**
 * A one-shot digest written into `out` at `at`. OpenSSL's digest is read as a
 * "binary" (latin1) string, one character per octet: a short string on the V8
 * heap costs far less than the Buffer with its own off-heap ArrayBuffer that the
 * "buffer" output allocates (and the collector frees) per digest.
 */
function digestInto(name: string, data: Uint8Array, out: Uint8Array, at: number): void {
  const s = oneShotHash(name, data, "binary");
  for (let i = 0; i < s.length; i++) out[at + i] = s.charCodeAt(i);
}

/** A one-shot digest as a fresh Uint8Array (see digestInto). */
function digest(name: string, data: Uint8Array): Uint8Array {
  const s = oneShotHash(name, data, "binary");
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Creates the node:crypto Crypto. */
export function createNodeCrypto(): Crypto {
  const fillFromPool = randomPool();
  const hmac = hmacOneShot();
  const ecdhByCurve = new Map<string, ECDH>();
  // OpenSSL answers in this thread: the per-command primitives are given synchronously too.
  const sync: SyncCrypto = {
    hash(alg, data) {
      // One call, no Hash object (crypto.hash, Node 20.12+): most inputs here are small.
      return digest(hashName(alg), data);
    },
    hmac(alg, key, data) {
      return hmac(alg, key, data);
    },
    aesCfb(encrypt, key, iv, data) {
      const bits = aesBits(key);
      if (iv.length !== 16) throw new TssError("BAD_PARAMETER", `AES-CFB IV of ${iv.length} bytes`);
      const name = `aes-${bits}-cfb`;
      // CFB is a stream mode: update gives every byte and final none.
      return owned((encrypt ? createCipheriv(name, key, iv) : createDecipheriv(name, key, iv)).update(data));
    },
  };
  // Every input's type is checked by checkedCrypto (and the sync facet's by checkedSync):
  // the members below judge the values.
  return checkedCrypto({
    randomBytes(n) {
      const out = new Uint8Array(n);
      if (n > POOLED_RANDOM_MAX) randomFillSync(out);
      else if (n > 0) fillFromPool(out);
      return out;
    },
    sync,
    ...promisedPrimitives(sync),
    async rsaOaepEncrypt(pub, hashAlg, label, data) {
      const oaepHash = hashName(hashAlg);
      const key = rsaKeyObject(pub);
      const k = Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
      const max = k - 2 * hashSize(hashAlg) - 2;
      if (data.length > max)
        throw new TssError(
          "BAD_PARAMETER",
          `RSA-OAEP message of ${data.length} bytes, at most ${Math.max(0, max)} fit`,
        );
      try {
        return own(publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash, oaepLabel: label }, data));
      } catch (e) {
        throw new TssError("BAD_PARAMETER", "RSA-OAEP encryption failed", { cause: e });
      }
    },
    async ecdhEphemeral(curve, peer) {
      const { name, size } = curveName(curve);
      const raw = uncompressedPoint(peer, size);
      // One ECDH object per curve: generateKeys() makes a fresh key pair on every call,
      // and reusing the object saves building the curve's group each time.
      let ecdh = ecdhByCurve.get(name);
      if (ecdh === undefined) {
        ecdh = createECDH(name);
        ecdhByCurve.set(name, ecdh);
      }
      const pub = ecdh.generateKeys();
      let z: Uint8Array;
      try {
        z = ecdh.computeSecret(raw);
      } catch (e) {
        throw new TssError("BAD_PARAMETER", "ECDH peer point is not on the curve", { cause: e });
      }
      if (z.length !== size) throw new TssError("BAD_PARAMETER", `ECDH gave a Z of ${z.length} bytes`);
      return { z: own(z), ephemeral: { x: own(pub.subarray(1, 1 + size)), y: own(pub.subarray(1 + size)) } };
    },
    verifyRsa,
    async verifyEcdsa(curve, pub, digest, signature) {
      return verifyEcdsaDigest(curve, pub, digest, signature, PLUGIN);
    },
    async aesGcmEncrypt(key, iv, data, aad) {
      const bits = aesBits(key);
      if (iv.length === 0) throw new TssError("BAD_PARAMETER", "AES-GCM IV is empty");
      const c = createCipheriv(`aes-${bits}-gcm`, key, iv, { authTagLength: 16 });
      if (aad !== undefined) c.setAAD(aad);
      const body = runCipher(c, data);
      const out = new Uint8Array(body.length + 16);
      out.set(body);
      out.set(c.getAuthTag(), body.length);
      return out;
    },
    async aesGcmDecrypt(key, iv, data, aad) {
      const bits = aesBits(key);
      if (iv.length === 0) throw new TssError("BAD_PARAMETER", "AES-GCM IV is empty");
      try {
        if (data.length < 16) throw new Error("shorter than the tag");
        const d = createDecipheriv(`aes-${bits}-gcm`, key, iv, { authTagLength: 16 });
        if (aad !== undefined) d.setAAD(aad);
        d.setAuthTag(data.subarray(data.length - 16));
        return runCipher(d, data.subarray(0, data.length - 16));
      } catch (e) {
        throw new TssError("STORE", "AES-GCM tag does not verify", { cause: e });
      }
    },
    exportSpki,
    importSpki,
  });
}

/** The uniform plugin entry point (what @tss/tss's openTss calls): the same as createNodeCrypto. */
export const createCrypto: () => Crypto = createNodeCrypto;

/** A ready node:crypto Crypto. */
export const nodeCrypto: Crypto = createNodeCrypto();
