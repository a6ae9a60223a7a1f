/**
 * X.509 certificates (RFC 5280, 4.1) parsed from DER: the fields chain
 * verification and EK matching need, with the exact TBSCertificate octets the
 * issuer signed. Public keys come out in the Crypto contract's neutral form
 * (RSA n and e; ECC curve and point), so they compare directly with a TPM
 * public area and go straight to verifyRsa/verifyEcdsa.
 */
import { type NeutralPublicKey, TPM_ALG_ID, TPM_ECC_CURVE } from "@tss/marshal";
import { bitStringBytes, children, DER, type DerElement, DerReader, derTime, oidText, unsignedInteger } from "./der.js";
import { EkCertError } from "./ek-error.js";
import {
  type AuthorityKeyIdentifier,
  parseAuthorityKeyIdentifier,
  parseSubjectKeyIdentifier,
} from "./key-identifiers.js";

/** A certificate's signature algorithm: the scheme and hash the Crypto contract verifies with. */
export interface CertificateSignatureAlgorithm {
  readonly oid: string;
  /** RSASSA (PKCS #1 v1.5), RSAPSS or ECDSA; undefined for algorithms this package does not verify. */
  readonly scheme?: "RSASSA" | "RSAPSS" | "ECDSA";
  /** The TPM_ALG_ID of the hash. */
  readonly hashAlg?: number;
}

/** A Name (issuer or subject): its DER (compared octet for octet) and a readable form. */
export interface DistinguishedName {
  readonly der: Uint8Array;
  /** e.g. "CN=swtpm-localca, O=Example" (attribute types without a short name as dotted OIDs). */
  readonly text: string;
  /**
   * The comparison form (RFC 5280, 7.1, simplified): per RDN, the attribute
   * types and values with string types ignored, case folded and white space
   * collapsed; non-string values as their DER. Two Names match when these are equal.
   */
  readonly canonical: string;
}

/** One extension. */
export interface CertificateExtension {
  readonly oid: string;
  readonly critical: boolean;
  /** The extnValue OCTET STRING's content (the extension's own DER). */
  readonly value: Uint8Array;
}

/** The keyUsage bits (RFC 5280, 4.2.1.3) as flags of Certificate.keyUsage. */
export const KEY_USAGE = {
  digitalSignature: 1 << 0,
  nonRepudiation: 1 << 1,
  keyEncipherment: 1 << 2,
  dataEncipherment: 1 << 3,
  keyAgreement: 1 << 4,
  keyCertSign: 1 << 5,
  cRLSign: 1 << 6,
  encipherOnly: 1 << 7,
  decipherOnly: 1 << 8,
} as const;

/** A parsed X.509 certificate. */
export interface Certificate {
  /** The whole certificate, DER. */
  readonly der: Uint8Array;
  /** The TBSCertificate as encoded: what the signature covers. */
  readonly tbs: Uint8Array;
  /** 1, 2 or 3. */
  readonly version: number;
  readonly serialNumber: Uint8Array;
  readonly signatureAlgorithm: CertificateSignatureAlgorithm;
  readonly signatureValue: Uint8Array;
  readonly issuer: DistinguishedName;
  readonly subject: DistinguishedName;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** The SubjectPublicKeyInfo, DER. */
  readonly spki: Uint8Array;
  /** The subject public key algorithm's OID (rsaEncryption, id-ecPublicKey, ...). */
  readonly publicKeyAlgorithm: string;
  /** The subject public key in neutral form; undefined for key types and curves not handled here. */
  readonly publicKey?: NeutralPublicKey;
  readonly extensions: readonly CertificateExtension[];
  /** basicConstraints, when present. */
  readonly basicConstraints?: { readonly cA: boolean; readonly pathLenConstraint?: number };
  /** keyUsage as KEY_USAGE flags, when present. */
  readonly keyUsage?: number;
  /** subjectKeyIdentifier, when present. */
  readonly subjectKeyIdentifier?: Uint8Array;
  /** authorityKeyIdentifier, when present. */
  readonly authorityKeyIdentifier?: AuthorityKeyIdentifier;
}

/** OIDs used here. */
export const OID = {
  rsaEncryption: "1.2.840.113549.1.1.1",
  sha1WithRSAEncryption: "1.2.840.113549.1.1.5",
  sha256WithRSAEncryption: "1.2.840.113549.1.1.11",
  sha384WithRSAEncryption: "1.2.840.113549.1.1.12",
  sha512WithRSAEncryption: "1.2.840.113549.1.1.13",
  rsassaPss: "1.2.840.113549.1.1.10",
  mgf1: "1.2.840.113549.1.1.8",
  idEcPublicKey: "1.2.840.10045.2.1",
  ecdsaWithSHA1: "1.2.840.10045.4.1",
  ecdsaWithSHA256: "1.2.840.10045.4.3.2",
  ecdsaWithSHA384: "1.2.840.10045.4.3.3",
  ecdsaWithSHA512: "1.2.840.10045.4.3.4",
  sha1: "1.3.14.3.2.26",
  sha256: "2.16.840.1.101.3.4.2.1",
  sha384: "2.16.840.1.101.3.4.2.2",
  sha512: "2.16.840.1.101.3.4.2.3",
  secp256r1: "1.2.840.10045.3.1.7",
  secp384r1: "1.3.132.0.34",
  secp521r1: "1.3.132.0.35",
  sm2p256: "1.2.156.10197.1.301",
  basicConstraints: "2.5.29.19",
  keyUsage: "2.5.29.15",
  subjectKeyIdentifier: "2.5.29.14",
  authorityKeyIdentifier: "2.5.29.35",
  subjectAltName: "2.5.29.17",
  subjectDirectoryAttributes: "2.5.29.9",
  extKeyUsage: "2.5.29.37",
  cRLDistributionPoints: "2.5.29.31",
  authorityInfoAccess: "1.3.6.1.5.5.7.1.1",
  caIssuers: "1.3.6.1.5.5.7.48.2",
  ocsp: "1.3.6.1.5.5.7.48.1",
  tcgKpEkCertificate: "2.23.133.8.1",
  tpmManufacturer: "2.23.133.2.1",
  tpmModel: "2.23.133.2.2",
  tpmVersion: "2.23.133.2.3",
  tpmSpecification: "2.23.133.2.16",
} as const;

const SIGNATURES: Readonly<Record<string, { scheme: "RSASSA" | "ECDSA"; hashAlg: number }>> = {
  [OID.sha1WithRSAEncryption]: { scheme: "RSASSA", hashAlg: TPM_ALG_ID.SHA1 },
  [OID.sha256WithRSAEncryption]: { scheme: "RSASSA", hashAlg: TPM_ALG_ID.SHA256 },
  [OID.sha384WithRSAEncryption]: { scheme: "RSASSA", hashAlg: TPM_ALG_ID.SHA384 },
  [OID.sha512WithRSAEncryption]: { scheme: "RSASSA", hashAlg: TPM_ALG_ID.SHA512 },
  [OID.ecdsaWithSHA1]: { scheme: "ECDSA", hashAlg: TPM_ALG_ID.SHA1 },
  [OID.ecdsaWithSHA256]: { scheme: "ECDSA", hashAlg: TPM_ALG_ID.SHA256 },
  [OID.ecdsaWithSHA384]: { scheme: "ECDSA", hashAlg: TPM_ALG_ID.SHA384 },
  [OID.ecdsaWithSHA512]: { scheme: "ECDSA", hashAlg: TPM_ALG_ID.SHA512 },
};

const HASHES: Readonly<Record<string, number>> = {
  [OID.sha1]: TPM_ALG_ID.SHA1,
  [OID.sha256]: TPM_ALG_ID.SHA256,
  [OID.sha384]: TPM_ALG_ID.SHA384,
  [OID.sha512]: TPM_ALG_ID.SHA512,
};

/** Named curves and the TPM_ECC_CURVE and coordinate size each maps to. */
export const CURVES: Readonly<Record<string, { curveID: number; size: number }>> = {
  [OID.secp256r1]: { curveID: TPM_ECC_CURVE.NIST_P256, size: 32 },
  [OID.secp384r1]: { curveID: TPM_ECC_CURVE.NIST_P384, size: 48 },
  [OID.secp521r1]: { curveID: TPM_ECC_CURVE.NIST_P521, size: 66 },
  [OID.sm2p256]: { curveID: TPM_ECC_CURVE.SM2_P256, size: 32 },
};

const NAME_TYPES: Readonly<Record<string, string>> = {
  "2.5.4.3": "CN",
  "2.5.4.5": "serialNumber",
  "2.5.4.6": "C",
  "2.5.4.7": "L",
  "2.5.4.8": "ST",
  "2.5.4.10": "O",
  "2.5.4.11": "OU",
  "1.2.840.113549.1.9.1": "emailAddress",
  "2.23.133.2.1": "TPMManufacturer",
  "2.23.133.2.2": "TPMModel",
  "2.23.133.2.3": "TPMVersion",
};

function bad(message: string): never {
  throw new EkCertError("BAD_CERTIFICATE", message);
}

const utf8 = new TextDecoder("utf-8", { fatal: false });

function nameOf(e: DerElement): DistinguishedName {
  if (e.tag !== DER.SEQUENCE) bad("a Name is not a SEQUENCE");
  const parts: string[] = [];
  const canonical: string[] = [];
  for (const rdn of children(e)) {
    const set: string[] = [];
    if (rdn.tag !== DER.SET) bad("a RelativeDistinguishedName is not a SET");
    for (const atv of children(rdn)) {
      const r = new DerReader(atv.content);
      const type = oidText(r.expect(DER.OID, "AttributeType").content);
      const value = r.next();
      r.end("AttributeTypeAndValue");
      const label = NAME_TYPES[type] ?? type;
      const isString = [DER.UTF8String, DER.PrintableString, DER.IA5String, 0x14, 0x1e, 0x1c].includes(
        value.tag as never,
      );
      const text = isString
        ? utf8.decode(value.content)
        : `#${Array.from(value.encoded, (b) => b.toString(16).padStart(2, "0")).join("")}`;
      parts.push(`${label}=${text}`);
      set.push(`${type}=${isString ? JSON.stringify(text.trim().replace(/\s+/g, " ").toLowerCase()) : text}`);
    }
    canonical.push(set.sort().join("+"));
  }
  return { der: e.encoded.slice(), text: parts.join(", "), canonical: canonical.join(",") };
}

function algorithmIdentifier(e: DerElement, what: string): { oid: string; params?: DerElement } {
  if (e.tag !== DER.SEQUENCE) bad(`${what} is not a SEQUENCE`);
  const r = new DerReader(e.content);
  const oid = oidText(r.expect(DER.OID, what).content);
  const params = r.done ? undefined : r.next();
  r.end(what);
  return params ? { oid, params } : { oid };
}

function signatureAlgorithm(e: DerElement): CertificateSignatureAlgorithm {
  const { oid, params } = algorithmIdentifier(e, "signatureAlgorithm");
  const known = SIGNATURES[oid];
  if (known) return { oid, ...known };
  if (oid === OID.rsassaPss && params?.tag === DER.SEQUENCE) {
    // RSASSA-PSS-params (RFC 4055, 3.1): [0] hashAlgorithm, [1] maskGenAlgorithm, [2] saltLength, [3] trailerField.
    let hashAlg: number | undefined = TPM_ALG_ID.SHA1;
    let mgfHash: number | undefined = TPM_ALG_ID.SHA1;
    for (const field of children(params)) {
      const inner = children(field)[0];
      if (!inner) bad("empty RSASSA-PSS parameter");
      if (field.tag === 0xa0) hashAlg = HASHES[algorithmIdentifier(inner, "PSS hashAlgorithm").oid];
      else if (field.tag === 0xa1) {
        const mgf = algorithmIdentifier(inner, "PSS maskGenAlgorithm");
        mgfHash =
          mgf.oid === OID.mgf1 && mgf.params ? HASHES[algorithmIdentifier(mgf.params, "MGF1 hash").oid] : undefined;
      }
    }
    // The Crypto contract's RSAPSS uses one hash for the message and MGF1.
    if (hashAlg !== undefined && hashAlg === mgfHash) return { oid, scheme: "RSAPSS", hashAlg };
  }
  return { oid };
}

function publicKeyOf(spki: DerElement): { publicKeyAlgorithm: string; publicKey?: NeutralPublicKey } {
  const r = new DerReader(spki.content);
  const alg = algorithmIdentifier(
    r.expect(DER.SEQUENCE, "SubjectPublicKeyInfo.algorithm"),
    "SubjectPublicKeyInfo.algorithm",
  );
  const key = bitStringBytes(r.expect(DER.BIT_STRING, "subjectPublicKey").content, "subjectPublicKey");
  r.end("SubjectPublicKeyInfo");
  if (alg.oid === OID.rsaEncryption) {
    const seq = new DerReader(key);
    const rsa = new DerReader(seq.expect(DER.SEQUENCE, "RSAPublicKey").content);
    seq.end("RSAPublicKey");
    const n = unsignedInteger(rsa.expect(DER.INTEGER, "modulus").content, "modulus");
    const eBytes = unsignedInteger(rsa.expect(DER.INTEGER, "publicExponent").content, "publicExponent");
    rsa.end("RSAPublicKey");
    if (eBytes.length > 4) return { publicKeyAlgorithm: alg.oid };
    const e = eBytes.reduce((v, b) => v * 256 + b, 0);
    return { publicKeyAlgorithm: alg.oid, publicKey: { rsa: { n, e } } };
  }
  if (alg.oid === OID.idEcPublicKey && alg.params?.tag === DER.OID) {
    const curve = CURVES[oidText(alg.params.content)];
    if (!curve) return { publicKeyAlgorithm: alg.oid };
    if (key.length !== 1 + 2 * curve.size || key[0] !== 0x04) return { publicKeyAlgorithm: alg.oid };
    return {
      publicKeyAlgorithm: alg.oid,
      publicKey: {
        ecc: { curveID: curve.curveID, x: key.slice(1, 1 + curve.size), y: key.slice(1 + curve.size) },
      },
    };
  }
  return { publicKeyAlgorithm: alg.oid };
}

function extensionsOf(e: DerElement): CertificateExtension[] {
  const seq = children(e)[0];
  if (!seq || seq.tag !== DER.SEQUENCE) bad("extensions [3] without a SEQUENCE");
  const out: CertificateExtension[] = [];
  for (const ext of children(seq)) {
    const r = new DerReader(ext.content);
    const oid = oidText(r.expect(DER.OID, "extnID").content);
    const crit = r.optional(DER.BOOLEAN);
    if (crit && (crit.content.length !== 1 || (crit.content[0] !== 0 && crit.content[0] !== 0xff))) bad("bad BOOLEAN");
    const value = r.expect(DER.OCTET_STRING, "extnValue").content.slice();
    r.end("Extension");
    out.push({ oid, critical: crit?.content[0] === 0xff, value });
  }
  return out;
}

function basicConstraintsOf(value: Uint8Array): { cA: boolean; pathLenConstraint?: number } {
  const r = new DerReader(value);
  const seq = new DerReader(r.expect(DER.SEQUENCE, "BasicConstraints").content);
  r.end("BasicConstraints");
  const ca = seq.optional(DER.BOOLEAN);
  const len = seq.optional(DER.INTEGER);
  seq.end("BasicConstraints");
  const pathLen = len ? unsignedInteger(len.content, "pathLenConstraint").reduce((v, b) => v * 256 + b, 0) : undefined;
  return pathLen === undefined
    ? { cA: ca?.content[0] === 0xff }
    : { cA: ca?.content[0] === 0xff, pathLenConstraint: pathLen };
}

function keyUsageOf(value: Uint8Array): number {
  const r = new DerReader(value);
  const bits = r.expect(DER.BIT_STRING, "KeyUsage").content;
  r.end("KeyUsage");
  if (bits.length === 0 || bits[0]! > 7) bad("bad KeyUsage BIT STRING");
  let flags = 0;
  for (let i = 0; i < (bits.length - 1) * 8 - bits[0]!; i++) {
    if ((bits[1 + (i >> 3)]! & (0x80 >> (i & 7))) !== 0) flags |= 1 << i;
  }
  return flags;
}

/**
 * `{ [name]: parse(ext.value) }` when the extension is present and well formed, else `{}`: a
 * malformed key identifier is treated as absent (path building then goes by Name), not as
 * a certificate that cannot be read.
 */
function optional<K extends string, T>(
  name: K,
  ext: CertificateExtension | undefined,
  parse: (value: Uint8Array) => T,
): { [P in K]?: T } {
  if (!ext) return {};
  try {
    return { [name]: parse(ext.value) } as { [P in K]?: T };
  } catch {
    return {};
  }
}

/** Parses a DER X.509 certificate; EkCertError("BAD_CERTIFICATE") when it is not one. */
export function parseCertificate(der: Uint8Array): Certificate {
  if (!(der instanceof Uint8Array)) throw new EkCertError("BAD_PARAMETER", "a certificate must be a Uint8Array (DER)");
  const bytes = der.slice();
  const top = new DerReader(bytes);
  const cert = top.expect(DER.SEQUENCE, "Certificate");
  top.end("Certificate");
  const c = new DerReader(cert.content);
  const tbsEl = c.expect(DER.SEQUENCE, "TBSCertificate");
  const outerAlg = c.expect(DER.SEQUENCE, "signatureAlgorithm");
  const signatureValue = bitStringBytes(c.expect(DER.BIT_STRING, "signatureValue").content, "signatureValue");
  c.end("Certificate");

  const t = new DerReader(tbsEl.content);
  let version = 1;
  const v = t.optional(0xa0);
  if (v) {
    const vr = new DerReader(v.content);
    const n = unsignedInteger(vr.expect(DER.INTEGER, "version").content, "version");
    vr.end("version");
    if (n.length !== 1 || n[0]! > 2) bad(`unknown certificate version ${n[0]}`);
    version = n[0]! + 1;
  }
  const serial = t.expect(DER.INTEGER, "serialNumber").content.slice();
  const innerAlg = t.expect(DER.SEQUENCE, "signature");
  if (
    innerAlg.encoded.length !== outerAlg.encoded.length ||
    innerAlg.encoded.some((b, i) => b !== outerAlg.encoded[i])
  ) {
    bad("TBSCertificate.signature differs from Certificate.signatureAlgorithm (RFC 5280, 4.1.1.2)");
  }
  const issuer = nameOf(t.expect(DER.SEQUENCE, "issuer"));
  const validity = new DerReader(t.expect(DER.SEQUENCE, "validity").content);
  const notBefore = derTime(validity.next(), "notBefore");
  const notAfter = derTime(validity.next(), "notAfter");
  validity.end("validity");
  const subject = nameOf(t.expect(DER.SEQUENCE, "subject"));
  const spkiEl = t.expect(DER.SEQUENCE, "subjectPublicKeyInfo");
  t.optional(0x81);
  t.optional(0x82);
  const extEl = t.optional(0xa3);
  t.end("TBSCertificate");
  const extensions = extEl ? extensionsOf(extEl) : [];
  const bc = extensions.find((e) => e.oid === OID.basicConstraints);
  const ku = extensions.find((e) => e.oid === OID.keyUsage);
  const ski = extensions.find((e) => e.oid === OID.subjectKeyIdentifier);
  const aki = extensions.find((e) => e.oid === OID.authorityKeyIdentifier);
  return {
    der: bytes,
    tbs: tbsEl.encoded.slice(),
    version,
    serialNumber: serial,
    signatureAlgorithm: signatureAlgorithm(outerAlg),
    signatureValue,
    issuer,
    subject,
    notBefore,
    notAfter,
    spki: spkiEl.encoded.slice(),
    ...publicKeyOf(spkiEl),
    extensions,
    ...(bc ? { basicConstraints: basicConstraintsOf(bc.value) } : {}),
    ...(ku ? { keyUsage: keyUsageOf(ku.value) } : {}),
    ...optional("subjectKeyIdentifier", ski, parseSubjectKeyIdentifier),
    ...optional("authorityKeyIdentifier", aki, parseAuthorityKeyIdentifier),
  };
}
