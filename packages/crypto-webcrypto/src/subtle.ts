/** Access to WebCrypto (globalThis.crypto), and the TPM hash names it uses. */
import { TPM_ALG_ID, TssError } from "@tss/marshal";

/** globalThis.crypto.subtle, or a TssError when the platform has none. */
export function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (s === undefined)
    throw new TssError(
      "UNSUPPORTED",
      "globalThis.crypto.subtle is not available (a secure context is required in browsers)",
    );
  return s;
}

/** WebCrypto's name of a TPM hash algorithm. */
export function hashName(alg: number): "SHA-1" | "SHA-256" | "SHA-384" | "SHA-512" {
  switch (alg) {
    case TPM_ALG_ID.SHA1:
      return "SHA-1";
    case TPM_ALG_ID.SHA256:
      return "SHA-256";
    case TPM_ALG_ID.SHA384:
      return "SHA-384";
    case TPM_ALG_ID.SHA512:
      return "SHA-512";
    default:
      throw new TssError(
        "UNSUPPORTED",
        `hash algorithm 0x${alg.toString(16).padStart(4, "0")} is not supported by @tss/crypto-webcrypto`,
      );
  }
}

/** A Uint8Array whose buffer is a plain ArrayBuffer of exactly its bytes (what WebCrypto's types want). */
export function buf(b: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(b) as Uint8Array<ArrayBuffer>;
}

/** base64url of octets (for JWK). */
export function base64url(b: Uint8Array): string {
  let s = "";
  for (const x of b) s += String.fromCharCode(x);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Big-endian octets of a non-negative integer, minimal length. */
export function intBytes(v: number): Uint8Array {
  const out: number[] = [];
  for (let x = v; x > 0; x = Math.floor(x / 256)) out.unshift(x % 256);
  return new Uint8Array(out.length > 0 ? out : [0]);
}
