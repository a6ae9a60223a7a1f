/**
 * An X.509 certificate as text, laid out as OpenSSL's X509_print (which IBM's
 * nvread -cert and createek -ce call): version, serial number, algorithms,
 * issuer, validity, subject, public key, keyUsage and basicConstraints, other
 * extensions by OID, and the signature. Parsing is @tss/ekcert's.
 */
import { type Certificate, KEY_USAGE, OID, parseCertificate } from "@tss/ekcert";
import { TPM_ECC_CURVE } from "@tss/marshal";

const ALGORITHM_NAMES: Readonly<Record<string, string>> = {
  [OID.rsaEncryption]: "rsaEncryption",
  [OID.sha1WithRSAEncryption]: "sha1WithRSAEncryption",
  [OID.sha256WithRSAEncryption]: "sha256WithRSAEncryption",
  [OID.sha384WithRSAEncryption]: "sha384WithRSAEncryption",
  [OID.sha512WithRSAEncryption]: "sha512WithRSAEncryption",
  [OID.rsassaPss]: "rsassaPss",
  [OID.idEcPublicKey]: "id-ecPublicKey",
  [OID.ecdsaWithSHA1]: "ecdsa-with-SHA1",
  [OID.ecdsaWithSHA256]: "ecdsa-with-SHA256",
  [OID.ecdsaWithSHA384]: "ecdsa-with-SHA384",
  [OID.ecdsaWithSHA512]: "ecdsa-with-SHA512",
};

const USAGE_NAMES: readonly [number, string][] = [
  [KEY_USAGE.digitalSignature, "Digital Signature"],
  [KEY_USAGE.nonRepudiation, "Non Repudiation"],
  [KEY_USAGE.keyEncipherment, "Key Encipherment"],
  [KEY_USAGE.dataEncipherment, "Data Encipherment"],
  [KEY_USAGE.keyAgreement, "Key Agreement"],
  [KEY_USAGE.keyCertSign, "Certificate Sign"],
  [KEY_USAGE.cRLSign, "CRL Sign"],
  [KEY_USAGE.encipherOnly, "Encipher Only"],
  [KEY_USAGE.decipherOnly, "Decipher Only"],
];

/** OpenSSL's curve names and NIST names. */
const CURVES: Readonly<Record<number, readonly [string, string?]>> = {
  [TPM_ECC_CURVE.NIST_P256]: ["prime256v1", "P-256"],
  [TPM_ECC_CURVE.NIST_P384]: ["secp384r1", "P-384"],
  [TPM_ECC_CURVE.NIST_P521]: ["secp521r1", "P-521"],
  [TPM_ECC_CURVE.SM2_P256]: ["SM2"],
};

/** OpenSSL's labels of extensions printed here as hex. */
const EXTENSION_NAMES: Readonly<Record<string, string>> = {
  "2.5.29.9": "X509v3 Subject Directory Attributes",
  "2.5.29.14": "X509v3 Subject Key Identifier",
  "2.5.29.17": "X509v3 Subject Alternative Name",
  "2.5.29.31": "X509v3 CRL Distribution Points",
  "2.5.29.32": "X509v3 Certificate Policies",
  "2.5.29.35": "X509v3 Authority Key Identifier",
  "2.5.29.37": "X509v3 Extended Key Usage",
  "2.23.133.10.1.1.1": "TCG TPMA_OBJECT",
};

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Jun  1 00:00:00 2024 GMT", as OpenSSL prints an ASN1_TIME. */
function timeText(d: Date): string {
  const p2 = (n: number) => String(n).padStart(2, "0");
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${d.getUTCFullYear()} GMT`;
}

/** Colon-separated hex, `perLine` octets a line, each line indented. */
function hexLines(bytes: Uint8Array, indent: string, perLine = 15): string[] {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += perLine) {
    const chunk = Array.from(bytes.subarray(i, i + perLine), (b) => b.toString(16).padStart(2, "0")).join(":");
    lines.push(`${indent}${chunk}${i + perLine < bytes.length ? ":" : ""}`);
  }
  return lines;
}

function nameText(text: string): string {
  return text.replace(/=/g, " = ");
}

function publicKeyLines(c: Certificate): string[] {
  const pad = " ".repeat(16);
  const key = c.publicKey;
  if (key && "rsa" in key) {
    const n = key.rsa.n[0]! & 0x80 ? Uint8Array.of(0, ...key.rsa.n) : key.rsa.n;
    const bits = key.rsa.n.length * 8 - Math.clz32(key.rsa.n[0]!) + 24;
    return [
      `${pad}Public-Key: (${bits} bit)`,
      `${pad}Modulus:`,
      ...hexLines(n, `${pad}    `),
      `${pad}Exponent: ${key.rsa.e} (0x${key.rsa.e.toString(16)})`,
    ];
  }
  if (key && "ecc" in key) {
    const point = Uint8Array.of(4, ...key.ecc.x, ...key.ecc.y);
    const [oidName, nist] = CURVES[key.ecc.curveID] ?? [`curve 0x${key.ecc.curveID.toString(16)}`];
    return [
      `${pad}Public-Key: (${key.ecc.curveID === TPM_ECC_CURVE.NIST_P521 ? 521 : key.ecc.x.length * 8} bit)`,
      `${pad}pub:`,
      ...hexLines(point, `${pad}    `),
      `${pad}ASN1 OID: ${oidName}`,
      ...(nist ? [`${pad}NIST CURVE: ${nist}`] : []),
    ];
  }
  return [`${pad}Unable to load Public Key`];
}

function extensionLines(c: Certificate): string[] {
  if (c.extensions.length === 0) return [];
  const lines = ["        X509v3 extensions:"];
  for (const e of c.extensions) {
    const critical = e.critical ? " critical" : " ";
    if (e.oid === OID.keyUsage && c.keyUsage !== undefined) {
      lines.push(`            X509v3 Key Usage:${critical}`);
      lines.push(
        `                ${USAGE_NAMES.filter(([bit]) => c.keyUsage! & bit)
          .map(([, n]) => n)
          .join(", ")}`,
      );
    } else if (e.oid === OID.basicConstraints && c.basicConstraints) {
      lines.push(`            X509v3 Basic Constraints:${critical}`);
      const len = c.basicConstraints.pathLenConstraint;
      lines.push(
        `                CA:${c.basicConstraints.cA ? "TRUE" : "FALSE"}${len !== undefined ? `, pathlen:${len}` : ""}`,
      );
    } else {
      lines.push(
        `            ${EXTENSION_NAMES[e.oid] ?? e.oid}:${critical}`,
        ...hexLines(e.value, "                ", 18),
      );
    }
  }
  return lines;
}

/** A serial number of up to 8 octets on one line, in decimal and hex; a longer one as hex. */
function serialLines(serial: Uint8Array): string[] {
  if (serial.length > 8) return ["        Serial Number:", ...hexLines(serial, "            ", 20)];
  const v = serial.reduce((n, b) => (n << 8n) | BigInt(b), 0n);
  return [`        Serial Number: ${v} (0x${v.toString(16)})`];
}

/** The certificate's text. */
export function certificateText(der: Uint8Array): string {
  const c = parseCertificate(der);
  const serial = c.serialNumber[0] === 0 && c.serialNumber.length > 1 ? c.serialNumber.subarray(1) : c.serialNumber;
  const sigAlg = ALGORITHM_NAMES[c.signatureAlgorithm.oid] ?? c.signatureAlgorithm.oid;
  return `${[
    "Certificate:",
    "    Data:",
    `        Version: ${c.version} (0x${(c.version - 1).toString(16)})`,
    ...serialLines(serial),
    `        Signature Algorithm: ${sigAlg}`,
    `        Issuer: ${nameText(c.issuer.text)}`,
    "        Validity",
    `            Not Before: ${timeText(c.notBefore)}`,
    `            Not After : ${timeText(c.notAfter)}`,
    `        Subject: ${nameText(c.subject.text)}`,
    "        Subject Public Key Info:",
    `            Public Key Algorithm: ${ALGORITHM_NAMES[c.publicKeyAlgorithm] ?? c.publicKeyAlgorithm}`,
    ...publicKeyLines(c),
    ...extensionLines(c),
    `    Signature Algorithm: ${sigAlg}`,
    "    Signature Value:",
    ...hexLines(c.signatureValue, "        ", 18),
  ].join("\n")}\n`;
}
