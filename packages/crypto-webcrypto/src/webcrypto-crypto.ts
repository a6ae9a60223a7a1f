/**
 * The TSS Crypto contract on globalThis.crypto (WebCrypto) alone: runs in Node
 * 20+ and in browsers (secure contexts), no dependencies. What WebCrypto lacks
 * is built on what it has: AES-CFB from AES-CBC, and signature verification over
 * a digest in bigint (RSA public operation, NIST-curve ECDSA).
 */
import type { Crypto } from "@tss/marshal";
import { TssError } from "@tss/marshal";
import { verifyEcdsaDigest } from "@tss/marshal/plugin-support";
import { aesCfb } from "./aes-cfb.js";
import { namedCurve, uncompressedPoint } from "./named-curve.js";
import { verifyRsa } from "./rsa-verify.js";
import { exportSpki, importSpki } from "./spki.js";
import { base64url, buf, hashName, intBytes, subtle } from "./subtle.js";

/** getRandomValues fills at most this many bytes per call. */
export const RANDOM_CHUNK = 65536;

function checkAesKey(key: Uint8Array): void {
  if (key.length !== 16 && key.length !== 24 && key.length !== 32)
    throw new TssError("BAD_PARAMETER", `AES key of ${key.length} bytes`);
}

/** The block size in bytes of the hashes HMAC is used with (SHA-1 and SHA-256: 64; SHA-384 and SHA-512: 128). */
function hmacBlockSize(hash: string): number {
  return hash === "SHA-384" || hash === "SHA-512" ? 128 : 64;
}

/**
 * HMAC (RFC 2104) from two digests: H((K0 ^ opad) || H((K0 ^ ipad) || data)).
 * In Node this is about a third faster than importKey + sign, which builds a
 * CryptoKey object for every call; and no key object is kept (nor cached).
 */
async function hmacFromDigest(alg: number, key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const hash = hashName(alg);
  const block = hmacBlockSize(hash);
  const k = key.length > block ? new Uint8Array(await subtle().digest(hash, buf(key))) : key;
  const inner = new Uint8Array(block + data.length);
  const outerKey = new Uint8Array(block);
  for (let i = 0; i < block; i++) {
    const b = k[i] ?? 0;
    inner[i] = b ^ 0x36;
    outerKey[i] = b ^ 0x5c;
  }
  inner.set(data, block);
  const innerDigest = new Uint8Array(await subtle().digest(hash, inner));
  const outer = new Uint8Array(block + innerDigest.length);
  outer.set(outerKey);
  outer.set(innerDigest, block);
  inner.fill(0);
  const mac = new Uint8Array(await subtle().digest(hash, outer));
  outer.fill(0, 0, block);
  return mac;
}

/** Creates the WebCrypto Crypto. */
export function createWebCrypto(): Crypto {
  return {
    randomBytes(n) {
      if (!Number.isInteger(n) || n < 0) throw new TssError("BAD_PARAMETER", `randomBytes(${n})`);
      const out = new Uint8Array(n);
      for (let at = 0; at < n; at += RANDOM_CHUNK)
        globalThis.crypto.getRandomValues(out.subarray(at, Math.min(n, at + RANDOM_CHUNK)));
      return out;
    },
    async hash(alg, data) {
      return new Uint8Array(await subtle().digest(hashName(alg), buf(data)));
    },
    async hmac(alg, key, data) {
      return hmacFromDigest(alg, key, data);
    },
    aesCfb,
    async rsaOaepEncrypt(pub, hashAlg, label, data) {
      const e = pub.e === 0 ? 65537 : pub.e;
      const hash = hashName(hashAlg);
      if (pub.n.length === 0) throw new TssError("BAD_PARAMETER", "RSA modulus missing");
      const max = pub.n.length - 2 * (await subtle().digest(hash, new Uint8Array(0))).byteLength - 2;
      if (data.length > max)
        throw new TssError("BAD_PARAMETER", `RSA-OAEP message of ${data.length} bytes, at most ${max} fit`);
      try {
        const key = await subtle().importKey(
          "jwk",
          { kty: "RSA", n: base64url(pub.n), e: base64url(intBytes(e)), ext: true },
          { name: "RSA-OAEP", hash },
          false,
          ["encrypt"],
        );
        return new Uint8Array(await subtle().encrypt({ name: "RSA-OAEP", label: buf(label) }, key, buf(data)));
      } catch (err) {
        throw new TssError("BAD_PARAMETER", "RSA-OAEP encryption failed", { cause: err });
      }
    },
    async ecdhEphemeral(curve, peer) {
      const { name, size } = namedCurve(curve);
      const raw = uncompressedPoint(peer, size);
      let peerKey: CryptoKey;
      try {
        peerKey = await subtle().importKey("raw", buf(raw), { name: "ECDH", namedCurve: name }, false, []);
      } catch (e) {
        throw new TssError("BAD_PARAMETER", "ECDH peer point is not on the curve", { cause: e });
      }
      const pair = (await subtle().generateKey({ name: "ECDH", namedCurve: name }, true, [
        "deriveBits",
      ])) as CryptoKeyPair;
      const z = new Uint8Array(await subtle().deriveBits({ name: "ECDH", public: peerKey }, pair.privateKey, size * 8));
      const pub = new Uint8Array(await subtle().exportKey("raw", pair.publicKey));
      return { z, ephemeral: { x: pub.slice(1, 1 + size), y: pub.slice(1 + size) } };
    },
    verifyRsa,
    async verifyEcdsa(curve, pub, digest, signature) {
      return verifyEcdsaDigest(curve, pub, digest, signature, "@tss/crypto-webcrypto");
    },
    async aesGcmEncrypt(key, iv, data, aad) {
      checkAesKey(key);
      const k = await subtle().importKey("raw", buf(key), { name: "AES-GCM" }, false, ["encrypt"]);
      const params: AesGcmParams = {
        name: "AES-GCM",
        iv: buf(iv),
        tagLength: 128,
        ...(aad !== undefined ? { additionalData: buf(aad) } : {}),
      };
      return new Uint8Array(await subtle().encrypt(params, k, buf(data)));
    },
    async aesGcmDecrypt(key, iv, data, aad) {
      checkAesKey(key);
      const k = await subtle().importKey("raw", buf(key), { name: "AES-GCM" }, false, ["decrypt"]);
      const params: AesGcmParams = {
        name: "AES-GCM",
        iv: buf(iv),
        tagLength: 128,
        ...(aad !== undefined ? { additionalData: buf(aad) } : {}),
      };
      try {
        return new Uint8Array(await subtle().decrypt(params, k, buf(data)));
      } catch (e) {
        throw new TssError("STORE", "AES-GCM tag does not verify", { cause: e });
      }
    },
    exportSpki,
    importSpki,
  };
}

/** The uniform plugin entry point (what @tss/tss's openTss calls): the same as createWebCrypto. */
export const createCrypto: () => Crypto = createWebCrypto;

/** A ready WebCrypto Crypto. */
export const webCrypto: Crypto = createWebCrypto();
