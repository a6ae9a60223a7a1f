/**
 * The TSS Crypto contract on globalThis.crypto (WebCrypto): runs in Node 20+ and
 * in browsers (secure contexts). What WebCrypto lacks is built on what it has:
 * AES-CFB from AES-CBC, and signature verification over a digest in bigint (RSA
 * public operation, NIST-curve ECDSA). Hashes, HMACs and AES-CFB of inputs up to
 * 1 KiB are computed in JavaScript with @noble/hashes and @noble/ciphers
 * (small-inputs.ts): there a WebCrypto call costs many times the computation.
 * The `sync` facet (the session engine's per-command primitives) computes them
 * all in JavaScript, at once.
 */
import type { Crypto, SyncCrypto } from "@tss/marshal";
import { digestSize, TssError } from "@tss/marshal";
import { checkedCrypto, rsaPublicNumbers, uncompressedPoint, verifyEcdsaDigest } from "@tss/marshal/plugin-support";
import { aesCfb, checkAesKey, checkCfbInputs } from "./aes-cfb.js";
import { HmacKeyCache } from "./hmac-keys.js";
import { namedCurve } from "./named-curve.js";
import { verifyRsa } from "./rsa-verify.js";
import { isSmall, SmallHmac, smallAesCfb, smallDigest } from "./small-inputs.js";
import { exportSpki, importSpki } from "./spki.js";
import { base64url, buf, hashName, intBytes, subtle } from "./subtle.js";

/** getRandomValues fills at most this many bytes per call. */
export const RANDOM_CHUNK = 65536;

/**
 * Creates the WebCrypto Crypto. Each instance keeps its 16 most recent HMAC keys
 * imported (hmac-keys.ts) for large inputs, and 16 keyed states for small ones.
 */
export function createWebCrypto(): Crypto {
  const hmacKeys = new HmacKeyCache();
  const smallHmac = new SmallHmac();
  // The session engine's per-command primitives, computed in this thread (SHA-256
  // from @tss/marshal/plugin-support, the rest from @noble/hashes and @noble/ciphers)
  // whatever the input's size: its inputs are bounded by the TPM's buffers (a few
  // KiB), where a WebCrypto call would cost more than the computation. No promise
  // per step (see @tss/session's runSteps).
  const sync: SyncCrypto = {
    hash: (alg, data) => smallDigest(alg, data),
    hmac: (alg, key, data) => smallHmac.mac(alg, key, data),
    aesCfb(encrypt, key, iv, data) {
      checkCfbInputs(key, iv);
      return smallAesCfb(encrypt, key, iv, data);
    },
  };
  // Every input's type is checked by checkedCrypto (the sync facet's by checkedSync):
  // the members below judge the values.
  return checkedCrypto({
    sync,
    randomBytes(n) {
      const out = new Uint8Array(n);
      for (let at = 0; at < n; at += RANDOM_CHUNK)
        globalThis.crypto.getRandomValues(out.subarray(at, Math.min(n, at + RANDOM_CHUNK)));
      return out;
    },
    // Small inputs through the sync facet; larger ones to WebCrypto.
    async hash(alg, data) {
      if (isSmall(data)) return sync.hash(alg, data);
      return new Uint8Array(await subtle().digest(hashName(alg), buf(data)));
    },
    async hmac(alg, key, data) {
      if (isSmall(data) && isSmall(key)) return sync.hmac(alg, key, data);
      return hmacKeys.mac(alg, key, data);
    },
    async aesCfb(encrypt, key, iv, data) {
      if (isSmall(data)) return sync.aesCfb(encrypt, key, iv, data);
      return aesCfb(encrypt, key, iv, data);
    },
    async rsaOaepEncrypt(pub, hashAlg, label, data) {
      const { n, e } = rsaPublicNumbers(pub);
      const hash = hashName(hashAlg);
      const max = n.length - 2 * digestSize(hashAlg) - 2;
      if (data.length > max)
        throw new TssError("BAD_PARAMETER", `RSA-OAEP message of ${data.length} bytes, at most ${max} fit`);
      try {
        const key = await subtle().importKey(
          "jwk",
          { kty: "RSA", n: base64url(n), e: base64url(intBytes(e)), ext: true },
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
  });
}

/** The uniform plugin entry point (what @tss/tss's openTss calls): the same as createWebCrypto. */
export const createCrypto: () => Crypto = createWebCrypto;

/** A ready WebCrypto Crypto. */
export const webCrypto: Crypto = createWebCrypto();
