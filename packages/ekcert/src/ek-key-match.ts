/**
 * Does a certificate certify this EK? The certificate's subject public key
 * against the EK's public area: RSA modulus and exponent (TPMS_RSA_PARMS
 * exponent 0 is 2^16 + 1), or ECC curve and point (coordinates compared at the
 * curve's size).
 */
import { type NeutralPublicKey, TPM_ALG_ID } from "@tss/marshal";
import { EkCertError } from "./ek-error.js";
import type { PublicArea } from "./public-area.js";
import type { Certificate } from "./x509-certificate.js";

function stripZeros(b: Uint8Array): Uint8Array {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}

/** The public key of an EK public area in neutral form (RSA and ECC on any curve, SM2 included). */
export function ekPublicKey(publicArea: PublicArea): NeutralPublicKey {
  const p = publicArea as unknown as {
    type?: number;
    parameters?: { rsaDetail?: { exponent: number }; eccDetail?: { curveID: number } };
    unique?: { rsa?: Uint8Array; ecc?: { x: Uint8Array; y: Uint8Array } };
  };
  if (p === null || typeof p !== "object")
    throw new EkCertError("BAD_PARAMETER", "an EK public area (TPMT_PUBLIC) is needed");
  if (p.type === TPM_ALG_ID.RSA && p.parameters?.rsaDetail && p.unique?.rsa instanceof Uint8Array) {
    if (p.unique.rsa.length === 0)
      throw new EkCertError("BAD_PARAMETER", "the EK public area has no modulus (a template?)");
    const e = p.parameters.rsaDetail.exponent;
    return { rsa: { n: stripZeros(p.unique.rsa), e: e === 0 ? 65537 : e } };
  }
  if (p.type === TPM_ALG_ID.ECC && p.parameters?.eccDetail && p.unique?.ecc) {
    const { x, y } = p.unique.ecc;
    if (!(x instanceof Uint8Array) || !(y instanceof Uint8Array) || x.length === 0) {
      throw new EkCertError("BAD_PARAMETER", "the EK public area has no point (a template?)");
    }
    return { ecc: { curveID: p.parameters.eccDetail.curveID, x, y } };
  }
  throw new EkCertError("UNSUPPORTED", "an EK public area must be an RSA or ECC key");
}

/** True when two neutral public keys are the same key. */
export function samePublicKey(a: NeutralPublicKey, b: NeutralPublicKey): boolean {
  if ("rsa" in a && "rsa" in b) {
    return a.rsa.e === b.rsa.e && sameBytes(stripZeros(a.rsa.n), stripZeros(b.rsa.n));
  }
  if ("ecc" in a && "ecc" in b) {
    if (a.ecc.curveID !== b.ecc.curveID) return false;
    const size = Math.max(a.ecc.x.length, b.ecc.x.length, a.ecc.y.length, b.ecc.y.length);
    const pad = (v: Uint8Array) => {
      const s = stripZeros(v);
      const out = new Uint8Array(size);
      out.set(s, size - s.length);
      return out;
    };
    return sameBytes(pad(a.ecc.x), pad(b.ecc.x)) && sameBytes(pad(a.ecc.y), pad(b.ecc.y));
  }
  return false;
}

/** True when the certificate's subject public key is the EK's public key. */
export function certificateMatchesEk(certificate: Certificate, ekPublic: PublicArea): boolean {
  if (!certificate.publicKey) return false;
  return samePublicKey(certificate.publicKey, ekPublicKey(ekPublic));
}
