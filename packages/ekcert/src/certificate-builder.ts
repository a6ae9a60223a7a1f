/**
 * Building X.509 certificates (RFC 5280, 4.1) in DER: Names, extensions, the
 * TBSCertificate and the signed certificate. Signing is the caller's: it signs
 * the TBSCertificate octets with its CA key (RSA PKCS #1 v1.5 or ECDSA) and
 * passes the signature back to certificateDer. Used to issue EK certificates
 * for simulators (IBM's createekcert) and to rebuild TPM2_CertifyX509's
 * certificates (partial-certificate.ts).
 */
import { TPM_ALG_ID } from "@tss/marshal";
import { DER } from "./der.js";
import {
  derBitString,
  derBoolean,
  derElement,
  derExplicit,
  derInteger,
  derNamedBits,
  derNull,
  derOctetString,
  derOid,
  derSequence,
  derSet,
  derString,
  derTimeOf,
} from "./der-writer.js";
import { EkCertError } from "./ek-error.js";
import { KEY_USAGE, OID } from "./x509-certificate.js";

/** Attribute types of a Name by their short names. */
const NAME_OIDS: Readonly<Record<string, string>> = {
  C: "2.5.4.6",
  ST: "2.5.4.8",
  L: "2.5.4.7",
  O: "2.5.4.10",
  OU: "2.5.4.11",
  CN: "2.5.4.3",
  serialNumber: "2.5.4.5",
  emailAddress: "1.2.840.113549.1.9.1",
};

/** One attribute of a Name: its short name (C, ST, L, O, OU, CN, serialNumber, emailAddress) and value. */
export type NameEntry = readonly [type: string, value: string];

/**
 * A Name (issuer or subject) in DER: one RDN per entry, in order. C and
 * serialNumber are PrintableString, emailAddress IA5String, the others
 * PrintableString when the value allows it, else UTF8String.
 */
export function distinguishedNameDer(entries: readonly NameEntry[]): Uint8Array {
  const pairs = Array.isArray(entries) && entries.every((e) => Array.isArray(e) && typeof e[1] === "string");
  if (!pairs) throw new EkCertError("BAD_PARAMETER", "a Name is a list of [type, value] string pairs");
  return derSequence(
    ...entries.map(([type, value]) => {
      const oid = Object.hasOwn(NAME_OIDS, type) ? NAME_OIDS[type] : undefined;
      if (oid === undefined) throw new EkCertError("BAD_PARAMETER", `Name attribute type ${JSON.stringify(type)}`);
      const encoded =
        type === "emailAddress" ? derElement(DER.IA5String, new TextEncoder().encode(value)) : derString(value);
      if ((type === "C" || type === "serialNumber") && encoded[0] !== DER.PrintableString) {
        throw new EkCertError("BAD_PARAMETER", `${type} ${JSON.stringify(value)} is not a PrintableString`);
      }
      return derSet(derSequence(derOid(oid), encoded));
    }),
  );
}

/** An Extension: SEQUENCE { extnID, critical (only when TRUE), extnValue OCTET STRING of `value` }. */
export function extensionDer(oid: string, value: Uint8Array, critical = false): Uint8Array {
  return critical
    ? derSequence(derOid(oid), derBoolean(true), derOctetString(value))
    : derSequence(derOid(oid), derOctetString(value));
}

/** The keyUsage extension (RFC 5280, 4.2.1.3) of KEY_USAGE flags. */
export function keyUsageExtension(usage: number, critical = true): Uint8Array {
  return extensionDer(OID.keyUsage, derNamedBits(usage), critical);
}

/**
 * A keyUsage description in OpenSSL's configuration syntax, as IBM's
 * certifyx509 -ku takes it: "critical,digitalSignature,keyCertSign" (names
 * of KEY_USAGE, comma separated, "critical" anywhere).
 */
export function parseKeyUsage(text: string): { usage: number; critical: boolean } {
  if (typeof text !== "string") throw new EkCertError("BAD_PARAMETER", "key usage must be a string");
  let usage = 0;
  let critical = false;
  for (const word of text.split(",").map((w) => w.trim())) {
    if (word === "critical") critical = true;
    else if (Object.hasOwn(KEY_USAGE, word)) usage |= KEY_USAGE[word as keyof typeof KEY_USAGE];
    else
      throw new EkCertError(
        "BAD_PARAMETER",
        `key usage ${JSON.stringify(word)} (${Object.keys(KEY_USAGE).join(", ")})`,
      );
  }
  if (usage === 0) throw new EkCertError("BAD_PARAMETER", `key usage ${JSON.stringify(text)} names no usage`);
  return { usage, critical };
}

/** The TCG's tcg-tpmaObject extension OID (TCG OID registry, 2.23.133.10.1.1.1). */
export const TPMA_OBJECT_EXTENSION_OID = "2.23.133.10.1.1.1";

/** The tcg-tpmaObject extension (non-critical): a BIT STRING of the four TPMA_OBJECT octets, big-endian. */
export function tpmaObjectExtension(attributes: number): Uint8Array {
  const v = attributes >>> 0;
  return extensionDer(
    TPMA_OBJECT_EXTENSION_OID,
    derBitString(Uint8Array.of(v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff)),
  );
}

const RSA_SIGNATURE_OIDS: Readonly<Record<number, string>> = {
  [TPM_ALG_ID.SHA1]: OID.sha1WithRSAEncryption,
  [TPM_ALG_ID.SHA256]: OID.sha256WithRSAEncryption,
  [TPM_ALG_ID.SHA384]: OID.sha384WithRSAEncryption,
  [TPM_ALG_ID.SHA512]: OID.sha512WithRSAEncryption,
};
const ECDSA_SIGNATURE_OIDS: Readonly<Record<number, string>> = {
  [TPM_ALG_ID.SHA1]: OID.ecdsaWithSHA1,
  [TPM_ALG_ID.SHA256]: OID.ecdsaWithSHA256,
  [TPM_ALG_ID.SHA384]: OID.ecdsaWithSHA384,
  [TPM_ALG_ID.SHA512]: OID.ecdsaWithSHA512,
};

/**
 * A signature AlgorithmIdentifier: sha*WithRSAEncryption with NULL parameters
 * (RFC 4055), or ecdsa-with-SHA* without parameters (RFC 5758).
 */
export function signatureAlgorithmDer(scheme: "RSASSA" | "ECDSA", hashAlg: number): Uint8Array {
  const oid = (scheme === "RSASSA" ? RSA_SIGNATURE_OIDS : ECDSA_SIGNATURE_OIDS)[hashAlg];
  if (oid === undefined || (scheme !== "RSASSA" && scheme !== "ECDSA")) {
    throw new EkCertError("BAD_PARAMETER", `signature algorithm ${scheme} with hash 0x${Number(hashAlg).toString(16)}`);
  }
  return scheme === "RSASSA" ? derSequence(derOid(oid), derNull()) : derSequence(derOid(oid));
}

/** An ECDSA signature as X.509 carries it: ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }. */
export function ecdsaSignatureDer(r: Uint8Array, s: Uint8Array): Uint8Array {
  return derSequence(derInteger(r), derInteger(s));
}

/** What a TBSCertificate is made of. */
export interface TbsCertificateInput {
  /** A positive serial number: unsigned big-endian octets or a bigint. */
  readonly serialNumber: Uint8Array | bigint;
  /** The signature AlgorithmIdentifier (signatureAlgorithmDer). */
  readonly signatureAlgorithm: Uint8Array;
  /** Names in DER (distinguishedNameDer, or a certificate's issuer/subject der). */
  readonly issuer: Uint8Array;
  readonly subject: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** The SubjectPublicKeyInfo in DER. */
  readonly spki: Uint8Array;
  /** Extensions in DER (extensionDer, keyUsageExtension, ...); v3 when any. */
  readonly extensions?: readonly Uint8Array[];
}

/** A TBSCertificate in DER: version 3 with extensions, else version 1. */
export function tbsCertificateDer(input: TbsCertificateInput): Uint8Array {
  if (input === null || typeof input !== "object") throw new EkCertError("BAD_PARAMETER", "no TBSCertificate input");
  const extensions = input.extensions ?? [];
  return derSequence(
    ...(extensions.length ? [derExplicit(0, derInteger(2))] : []),
    derInteger(input.serialNumber),
    input.signatureAlgorithm,
    input.issuer,
    derSequence(derTimeOf(input.notBefore), derTimeOf(input.notAfter)),
    input.subject,
    input.spki,
    ...(extensions.length ? [derExplicit(3, derSequence(...extensions))] : []),
  );
}

/**
 * The signed certificate: SEQUENCE { tbsCertificate, signatureAlgorithm,
 * signatureValue BIT STRING }. `signature` is the RSA signature octets, or
 * the DER ECDSA-Sig-Value (ecdsaSignatureDer).
 */
export function certificateDer(tbs: Uint8Array, signatureAlgorithm: Uint8Array, signature: Uint8Array): Uint8Array {
  return derSequence(tbs, signatureAlgorithm, derBitString(signature));
}
