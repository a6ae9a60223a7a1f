/**
 * The TSS Crypto contract on node-forge: hashes, HMAC, AES-CFB, AES-GCM,
 * RSA-OAEP, RSA signature verification; ECDH and ECDSA on NIST curves through
 * @noble/curves (node-forge has no NIST-curve ECC). Synchronous inside, async
 * outside. Pure JavaScript: runs in Node and browsers.
 */
import type { Crypto, RsaPublicKey, SignatureScheme, SyncCrypto } from "@tss/marshal";
import { TssError } from "@tss/marshal";
import {
  checkedCrypto,
  padCoordinate,
  pkcs1DigestInfo,
  promisedPrimitives,
  rsaPublicNumbers,
  uncompressedPoint,
} from "@tss/marshal/plugin-support";
import { aesCfb } from "./aes-cfb.js";
import { fromBinary, toBinary, toHexString } from "./binary.js";
import { curveOf } from "./curves.js";
import { digest, HmacKeyCache } from "./digest.js";
import { forge } from "./forge.js";
import { createMd } from "./hash.js";
import { PeerPointCache } from "./peer-points.js";
import { verifyPss } from "./rsa-pss.js";
import { exportSpki, importSpki } from "./spki.js";

/** node-forge's key of `pub`, and its modulus without leading zero octets (rsaPublicNumbers). */
function rsaKey(pub: RsaPublicKey) {
  const { n, e } = rsaPublicNumbers(pub);
  const key = forge.pki.setRsaPublicKey(
    new forge.jsbn.BigInteger(toHexString(n), 16),
    new forge.jsbn.BigInteger(String(e), 10),
  );
  return { key, n };
}

function checkAesKey(key: Uint8Array): void {
  if (key.length !== 16 && key.length !== 24 && key.length !== 32) {
    throw new TssError("BAD_PARAMETER", `AES key of ${key.length} bytes`);
  }
}

function runCipher(
  c: { update(b: unknown): void; finish(): boolean; output: { getBytes(): string } },
  data: Uint8Array,
): Uint8Array {
  c.update(forge.util.createBuffer(toBinary(data)));
  if (!c.finish()) throw new TssError("BAD_PARAMETER", "cipher failed");
  return fromBinary(c.output.getBytes());
}

/**
 * Creates the node-forge Crypto. Each instance keeps, bounded, the keyed HMAC
 * states of its 16 most recent HMAC keys and the multiplication tables of its 8
 * most recent ECDH peer points (see digest.ts and peer-points.ts).
 */
export function createForgeCrypto(): Crypto {
  const hmacKeys = new HmacKeyCache();
  const peerPoints = new PeerPointCache();
  // forge computes in this thread: the per-command primitives are given synchronously too.
  const sync: SyncCrypto = {
    hash: (alg, data) => digest(alg, data),
    hmac: (alg, key, data) => hmacKeys.mac(alg, key, data),
    aesCfb: (encrypt, key, iv, data) => aesCfb(encrypt, key, iv, data),
  };
  // Every input's type is checked by checkedCrypto (the sync facet's by checkedSync):
  // the members below judge the values.
  return checkedCrypto({
    randomBytes(n) {
      if (n === 0) return new Uint8Array(0);
      // The platform's CSPRNG where there is one (Node 20+, browsers): forge's own
      // Fortuna generator reseeds from it anyway and costs ~10% of a session command.
      const webcrypto = (globalThis as { crypto?: { getRandomValues?: (b: Uint8Array) => Uint8Array } }).crypto;
      if (typeof webcrypto?.getRandomValues === "function") {
        const out = new Uint8Array(n);
        for (let o = 0; o < n; o += 65536) webcrypto.getRandomValues(out.subarray(o, Math.min(n, o + 65536)));
        return out;
      }
      return fromBinary(forge.random.getBytesSync(n));
    },
    sync,
    ...promisedPrimitives(sync),
    async rsaOaepEncrypt(pub, hashAlg, label, data) {
      const { key } = rsaKey(pub);
      const md = createMd(hashAlg);
      try {
        const ct = key.encrypt(toBinary(data), "RSA-OAEP", {
          md,
          mgf1: { md: createMd(hashAlg) },
          label: toBinary(label),
        });
        return fromBinary(ct);
      } catch (e) {
        throw new TssError("BAD_PARAMETER", `RSA-OAEP encryption failed: ${(e as Error).message}`, { cause: e });
      }
    },
    async ecdhEphemeral(curve, peer) {
      const { c, size } = curveOf(curve);
      let peerBytes: Uint8Array;
      try {
        peerBytes = uncompressedPoint(peer, size);
      } catch (e) {
        throw new TssError("BAD_PARAMETER", "ECDH peer point is not on the curve", { cause: e });
      }
      const peerPoint = peerPoints.point(c, size, peerBytes);
      const k = c.Point.Fn.fromBytes(c.utils.randomSecretKey());
      const pub = c.Point.BASE.multiply(k).toBytes(false);
      const shared = peerPoint.multiply(k).toBytes(false);
      return { z: shared.slice(1, 1 + size), ephemeral: { x: pub.slice(1, 1 + size), y: pub.slice(1 + size) } };
    },
    async verifyRsa(pub: RsaPublicKey, scheme: SignatureScheme, digest: Uint8Array, signature: Uint8Array) {
      const { key, n } = rsaKey(pub);
      if (signature.length !== n.length) return false;
      const hLen = createMd(scheme.hashAlg).digestLength;
      if (digest.length !== hLen) return false;
      try {
        if (scheme.scheme === "RSASSA") {
          const expected = pkcs1DigestInfo(scheme.hashAlg, digest);
          return expected !== undefined && key.verify(toBinary(expected), toBinary(signature), "NONE");
        }
        if (scheme.scheme === "RSAPSS") {
          // Any salt length (0, 20, the digest's size, the largest): recovered from the encoding.
          return verifyPss(key, scheme.hashAlg, digest, signature);
        }
      } catch {
        return false;
      }
      throw new TssError("BAD_PARAMETER", `verifyRsa does not take the ${scheme.scheme} scheme`);
    },
    async verifyEcdsa(curve, pub, digest, signature) {
      const { c, size } = curveOf(curve);
      try {
        const sig = new Uint8Array(2 * size);
        sig.set(padCoordinate(signature.r, size, "r"), 0);
        sig.set(padCoordinate(signature.s, size, "s"), size);
        return c.verify(sig, digest, uncompressedPoint(pub, size), { prehash: false, lowS: false });
      } catch {
        return false;
      }
    },
    async aesGcmEncrypt(key, iv, data, aad) {
      checkAesKey(key);
      const c = forge.cipher.createCipher("AES-GCM", forge.util.createBuffer(toBinary(key)));
      c.start({ iv: toBinary(iv), ...(aad !== undefined ? { additionalData: toBinary(aad) } : {}), tagLength: 128 });
      const ct = runCipher(c, data);
      const tag = fromBinary(c.mode.tag.getBytes());
      const out = new Uint8Array(ct.length + tag.length);
      out.set(ct);
      out.set(tag, ct.length);
      return out;
    },
    async aesGcmDecrypt(key, iv, data, aad) {
      checkAesKey(key);
      if (data.length < 16) throw new TssError("BAD_PARAMETER", "AES-GCM input shorter than its tag");
      const d = forge.cipher.createDecipher("AES-GCM", forge.util.createBuffer(toBinary(key)));
      d.start({
        iv: toBinary(iv),
        ...(aad !== undefined ? { additionalData: toBinary(aad) } : {}),
        tagLength: 128,
        tag: forge.util.createBuffer(toBinary(data.subarray(data.length - 16))),
      });
      d.update(forge.util.createBuffer(toBinary(data.subarray(0, data.length - 16))));
      if (!d.finish()) throw new TssError("STORE", "AES-GCM tag does not verify");
      return fromBinary(d.output.getBytes());
    },
    exportSpki,
    importSpki,
  });
}

/** The uniform plugin entry point (what @tss/tss's openTss calls): the same as createForgeCrypto. */
export const createCrypto: () => Crypto = createForgeCrypto;

/** A ready node-forge Crypto. */
export const forgeCrypto: Crypto = createForgeCrypto();
