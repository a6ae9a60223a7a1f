/**
 * The EK templates of the TCG EK Credential Profile for TPM Family 2.0 as
 * TPMT_PUBLIC values (appendix B.3 "Low Range" L-1, L-2 and B.4 "High Range"
 * H-1..H-7). Facts cross-checked with tpm2-tools (tools/tpm2_createek.c,
 * "Templates from TCG EK Credential Profile TPM 2.0, Version 2.4 Rev. 3"),
 * go-tpm (tpm2.RSAEKTemplate/ECCEKTemplate) and go-tpm-tools' high-range
 * templates (citing profile v2.6 B.4.4.1-B.4.4.7), and on swtpm: swtpm_setup's
 * ECC P-384 EK is exactly H-3.
 *
 * - Low range: objectAttributes fixedTPM | fixedParent | sensitiveDataOrigin |
 *   adminWithPolicy | restricted | decrypt (0x000300B2), authPolicy PolicyA,
 *   nameAlg SHA-256, AES-128-CFB, unique of zeros (RSA: 256 octets; ECC: x and y
 *   of 32 octets each).
 * - High range: the same attributes plus userWithAuth (0x000300F2), authPolicy
 *   PolicyB of the nameAlg, unique empty; H-3, H-4, H-6, H-7 use AES-256-CFB.
 */
import { TPM_ALG_ID, TPM_ECC_CURVE, TPMA_OBJECT } from "@tss/marshal";
import { EkCertError } from "./ek-error.js";
import {
  EK_CERT_ECC_P256_INDEX,
  EK_CERT_H1_RSA2048_INDEX,
  EK_CERT_H2_ECC_P256_INDEX,
  EK_CERT_H3_ECC_P384_INDEX,
  EK_CERT_H4_ECC_P521_INDEX,
  EK_CERT_H5_ECC_SM2_P256_INDEX,
  EK_CERT_H6_RSA3072_INDEX,
  EK_CERT_H7_RSA4096_INDEX,
  EK_CERT_RSA2048_INDEX,
  EK_NONCE_ECC_P256_INDEX,
  EK_NONCE_RSA2048_INDEX,
  EK_TEMPLATE_ECC_P256_INDEX,
  EK_TEMPLATE_RSA2048_INDEX,
} from "./ek-nv-indexes.js";
import {
  EK_POLICY_A_SHA256,
  EK_POLICY_B_SHA256,
  EK_POLICY_B_SHA384,
  EK_POLICY_B_SHA512,
  EK_POLICY_B_SM3_256,
} from "./ek-policies.js";
import type { PublicArea } from "./public-area.js";

/** The EK kinds of the profile: the two low-range ones and the seven high-range ones. */
export type EkAlgorithm =
  | "rsa2048"
  | "ecc-p256"
  | "rsa2048-high"
  | "ecc-p256-high"
  | "ecc-p384"
  | "ecc-p521"
  | "ecc-sm2-p256"
  | "rsa3072"
  | "rsa4096";

/** Every EkAlgorithm, low range first. */
export const EK_ALGORITHMS: readonly EkAlgorithm[] = [
  "rsa2048",
  "ecc-p256",
  "rsa2048-high",
  "ecc-p256-high",
  "ecc-p384",
  "ecc-p521",
  "ecc-sm2-p256",
  "rsa3072",
  "rsa4096",
];

/** One EK of the profile: its template name, certificate index and (low range only) nonce and template indexes. */
export interface EkProfile {
  /** The profile's name for the template: L-1, L-2, H-1 .. H-7. */
  readonly id: string;
  readonly algorithm: EkAlgorithm;
  /** The NV index of its EK certificate. */
  readonly certIndex: number;
  /** Low range only: the NV index of the EK nonce. */
  readonly nonceIndex?: number;
  /** Low range only: the NV index of an EK template that replaces the default one. */
  readonly templateIndex?: number;
}

/** objectAttributes of the low-range templates (0x000300B2). */
export const EK_LOW_ATTRIBUTES: number =
  TPMA_OBJECT.fixedTPM |
  TPMA_OBJECT.fixedParent |
  TPMA_OBJECT.sensitiveDataOrigin |
  TPMA_OBJECT.adminWithPolicy |
  TPMA_OBJECT.restricted |
  TPMA_OBJECT.decrypt;

/** objectAttributes of the high-range templates: low range plus userWithAuth (0x000300F2). */
export const EK_HIGH_ATTRIBUTES: number = EK_LOW_ATTRIBUTES | TPMA_OBJECT.userWithAuth;

const PROFILES: Readonly<Record<EkAlgorithm, EkProfile>> = {
  rsa2048: {
    id: "L-1",
    algorithm: "rsa2048",
    certIndex: EK_CERT_RSA2048_INDEX,
    nonceIndex: EK_NONCE_RSA2048_INDEX,
    templateIndex: EK_TEMPLATE_RSA2048_INDEX,
  },
  "ecc-p256": {
    id: "L-2",
    algorithm: "ecc-p256",
    certIndex: EK_CERT_ECC_P256_INDEX,
    nonceIndex: EK_NONCE_ECC_P256_INDEX,
    templateIndex: EK_TEMPLATE_ECC_P256_INDEX,
  },
  "rsa2048-high": { id: "H-1", algorithm: "rsa2048-high", certIndex: EK_CERT_H1_RSA2048_INDEX },
  "ecc-p256-high": { id: "H-2", algorithm: "ecc-p256-high", certIndex: EK_CERT_H2_ECC_P256_INDEX },
  "ecc-p384": { id: "H-3", algorithm: "ecc-p384", certIndex: EK_CERT_H3_ECC_P384_INDEX },
  "ecc-p521": { id: "H-4", algorithm: "ecc-p521", certIndex: EK_CERT_H4_ECC_P521_INDEX },
  "ecc-sm2-p256": { id: "H-5", algorithm: "ecc-sm2-p256", certIndex: EK_CERT_H5_ECC_SM2_P256_INDEX },
  rsa3072: { id: "H-6", algorithm: "rsa3072", certIndex: EK_CERT_H6_RSA3072_INDEX },
  rsa4096: { id: "H-7", algorithm: "rsa4096", certIndex: EK_CERT_H7_RSA4096_INDEX },
};

/** The profile entry (template name and NV indexes) of an EK kind; EkCertError BAD_PARAMETER for an unknown one. */
export function ekProfile(algorithm: EkAlgorithm): EkProfile {
  const p = Object.hasOwn(PROFILES, algorithm) ? PROFILES[algorithm] : undefined;
  if (!p)
    throw new EkCertError(
      "BAD_PARAMETER",
      `unknown EK algorithm ${JSON.stringify(algorithm)} (${EK_ALGORITHMS.join(", ")})`,
    );
  return p;
}

const NULL_SCHEME = { scheme: TPM_ALG_ID.NULL, details: {} };

function symmetric(algorithm: number, bits: number) {
  const member = algorithm === TPM_ALG_ID.SM4 ? "sm4" : "aes";
  return { algorithm, keyBits: { [member]: bits }, mode: { [member]: TPM_ALG_ID.CFB } };
}

function rsa(
  nameAlg: number,
  attributes: number,
  policy: Uint8Array,
  keyBits: number,
  symBits: number,
  unique: number,
): PublicArea {
  return {
    type: TPM_ALG_ID.RSA,
    nameAlg,
    objectAttributes: attributes,
    authPolicy: policy.slice(),
    parameters: {
      rsaDetail: { symmetric: symmetric(TPM_ALG_ID.AES, symBits), scheme: NULL_SCHEME, keyBits, exponent: 0 },
    },
    unique: { rsa: new Uint8Array(unique) },
  } as PublicArea;
}

function ecc(
  nameAlg: number,
  attributes: number,
  policy: Uint8Array,
  curveID: number,
  sym: number,
  symBits: number,
  unique: number,
): PublicArea {
  return {
    type: TPM_ALG_ID.ECC,
    nameAlg,
    objectAttributes: attributes,
    authPolicy: policy.slice(),
    parameters: {
      eccDetail: { symmetric: symmetric(sym, symBits), scheme: NULL_SCHEME, curveID, kdf: NULL_SCHEME },
    },
    unique: { ecc: { x: new Uint8Array(unique), y: new Uint8Array(unique) } },
  } as PublicArea;
}

/** A fresh copy of the profile's default EK template (TPMT_PUBLIC) for an EK kind. */
export function ekTemplate(algorithm: EkAlgorithm): PublicArea {
  const A = TPM_ALG_ID;
  const C = TPM_ECC_CURVE;
  switch (ekProfile(algorithm).algorithm) {
    case "rsa2048":
      return rsa(A.SHA256, EK_LOW_ATTRIBUTES, EK_POLICY_A_SHA256, 2048, 128, 256);
    case "ecc-p256":
      return ecc(A.SHA256, EK_LOW_ATTRIBUTES, EK_POLICY_A_SHA256, C.NIST_P256, A.AES, 128, 32);
    case "rsa2048-high":
      return rsa(A.SHA256, EK_HIGH_ATTRIBUTES, EK_POLICY_B_SHA256, 2048, 128, 0);
    case "ecc-p256-high":
      return ecc(A.SHA256, EK_HIGH_ATTRIBUTES, EK_POLICY_B_SHA256, C.NIST_P256, A.AES, 128, 0);
    case "ecc-p384":
      return ecc(A.SHA384, EK_HIGH_ATTRIBUTES, EK_POLICY_B_SHA384, C.NIST_P384, A.AES, 256, 0);
    case "ecc-p521":
      return ecc(A.SHA512, EK_HIGH_ATTRIBUTES, EK_POLICY_B_SHA512, C.NIST_P521, A.AES, 256, 0);
    case "ecc-sm2-p256":
      return ecc(A.SM3_256, EK_HIGH_ATTRIBUTES, EK_POLICY_B_SM3_256, C.SM2_P256, A.SM4, 128, 0);
    case "rsa3072":
      return rsa(A.SHA384, EK_HIGH_ATTRIBUTES, EK_POLICY_B_SHA384, 3072, 256, 0);
    case "rsa4096":
      return rsa(A.SHA384, EK_HIGH_ATTRIBUTES, EK_POLICY_B_SHA384, 4096, 256, 0);
  }
}
