/**
 * X.509 chain verification on the Crypto contract: from a certificate up
 * through intermediates to one of the given roots (trust anchors), each link
 * checked for issuer/subject match (DistinguishedName.canonical: string types,
 * case and white space ignored), the
 * issuer being a CA (basicConstraints cA, keyUsage keyCertSign when present),
 * the signature (crypto.hash of the TBSCertificate, then verifyRsa or
 * verifyEcdsa), and optionally the validity dates. Not done: revocation (CRL,
 * OCSP), name constraints, policy processing, rejecting unknown critical
 * extensions (EK certificates carry a critical subjectAltName of TPM attributes).
 */
import { type Crypto, TssError } from "@tss/marshal";
import { toCertificate } from "./certificate-pem.js";
import { DER, DerReader, unsignedInteger } from "./der.js";
import { EkCertError } from "./ek-error.js";
import { type Certificate, KEY_USAGE } from "./x509-certificate.js";

/** A certificate as DER, PEM text, or already parsed. */
export type CertificateInput = Uint8Array | string | Certificate;

/** Options of verifyCertificateChain. */
export interface VerifyChainOptions {
  /** The trust anchors. */
  readonly roots: readonly CertificateInput[];
  /** Certificates that may link the certificate to a root. */
  readonly intermediates?: readonly CertificateInput[];
  /** Check notBefore <= `at` <= notAfter for every certificate in the chain (default true). */
  readonly checkValidity?: boolean;
  /** The time of the validity check (default now). */
  readonly at?: Date;
  /** At most this many certificates from the leaf to the root, both included (default 10). */
  readonly maxLength?: number;
}

/** A verified chain, leaf first, root last. */
export interface VerifiedChain {
  readonly chain: readonly Certificate[];
  readonly root: Certificate;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function leftPad(b: Uint8Array, size: number): Uint8Array {
  if (b.length >= size) return b;
  const out = new Uint8Array(size);
  out.set(b, size - b.length);
  return out;
}

const COORDINATE_SIZE: Readonly<Record<number, number>> = { 3: 32, 4: 48, 5: 66, 32: 32 };

/**
 * True when `issuer`'s key verifies `cert`'s signature. EkCertError UNSUPPORTED
 * for a signature algorithm or key this package cannot check, NO_CRYPTO when
 * the Crypto lacks hash/verifyRsa/verifyEcdsa.
 */
export async function verifyCertificateSignature(
  crypto: Crypto | undefined,
  cert: Certificate,
  issuer: Certificate,
): Promise<boolean> {
  const alg = cert.signatureAlgorithm;
  if (!alg.scheme || alg.hashAlg === undefined) {
    throw new EkCertError(
      "UNSUPPORTED",
      `signature algorithm ${alg.oid} (RSA PKCS #1 v1.5, RSA-PSS and ECDSA are verified)`,
    );
  }
  const key = issuer.publicKey;
  if (!key)
    throw new EkCertError(
      "UNSUPPORTED",
      `the issuer's key (${issuer.publicKeyAlgorithm}) is not RSA or ECC on a known curve`,
    );
  if (!crypto) throw new EkCertError("NO_CRYPTO", "verifying a certificate signature needs a Crypto plugin");
  try {
    const digest = await crypto.hash(alg.hashAlg, cert.tbs);
    if (alg.scheme === "ECDSA") {
      if (!("ecc" in key)) return false;
      if (!crypto.verifyEcdsa) throw new EkCertError("NO_CRYPTO", "this Crypto plugin has no verifyEcdsa");
      const r = new DerReader(cert.signatureValue);
      const seq = new DerReader(r.expect(DER.SEQUENCE, "ECDSA-Sig-Value").content);
      r.end("ECDSA-Sig-Value");
      const size = COORDINATE_SIZE[key.ecc.curveID] ?? key.ecc.x.length;
      const sr = leftPad(unsignedInteger(seq.expect(DER.INTEGER, "r").content, "r"), size);
      const ss = leftPad(unsignedInteger(seq.expect(DER.INTEGER, "s").content, "s"), size);
      seq.end("ECDSA-Sig-Value");
      return await crypto.verifyEcdsa(key.ecc.curveID, { x: key.ecc.x, y: key.ecc.y }, digest, { r: sr, s: ss });
    }
    if (!("rsa" in key)) return false;
    if (!crypto.verifyRsa) throw new EkCertError("NO_CRYPTO", "this Crypto plugin has no verifyRsa");
    const signature = leftPad(cert.signatureValue, key.rsa.n.length);
    return await crypto.verifyRsa(key.rsa, { scheme: alg.scheme, hashAlg: alg.hashAlg }, digest, signature);
  } catch (e) {
    if (e instanceof TssError)
      throw new EkCertError("UNSUPPORTED", `the Crypto plugin could not verify: ${e.message}`, { cause: e });
    throw e;
  }
}

/** Fails unless a certificate may issue others: v1 (no extensions) or basicConstraints cA, and keyCertSign when keyUsage is present. */
function checkIssuerIsCa(issuer: Certificate): void {
  if (issuer.version >= 3 && !issuer.basicConstraints?.cA) {
    throw new EkCertError("NOT_A_CA", `"${issuer.subject.text}" is not a CA (basicConstraints cA is not TRUE)`);
  }
  if (issuer.keyUsage !== undefined && (issuer.keyUsage & KEY_USAGE.keyCertSign) === 0) {
    throw new EkCertError(
      "NOT_A_CA",
      `"${issuer.subject.text}" may not sign certificates (keyUsage lacks keyCertSign)`,
    );
  }
}

function checkValidity(cert: Certificate, at: Date): void {
  if (at.getTime() < cert.notBefore.getTime() || at.getTime() > cert.notAfter.getTime()) {
    throw new EkCertError(
      "EXPIRED",
      `"${cert.subject.text || cert.issuer.text}" is valid from ${cert.notBefore.toISOString()} to ${cert.notAfter.toISOString()}, not at ${at.toISOString()}`,
    );
  }
}

/**
 * Verifies that `certificate` chains to one of `roots`; returns the chain, leaf
 * first. Typed failures (EkCertError): NO_ISSUER, BAD_SIGNATURE, NOT_A_CA,
 * EXPIRED, CHAIN_TOO_LONG, UNSUPPORTED, NO_CRYPTO, BAD_CERTIFICATE.
 */
export async function verifyCertificateChain(
  crypto: Crypto | undefined,
  certificate: CertificateInput,
  options: VerifyChainOptions,
): Promise<VerifiedChain> {
  if (!options || !Array.isArray(options.roots) || options.roots.length === 0) {
    throw new EkCertError("BAD_PARAMETER", "verifyCertificateChain needs at least one root certificate");
  }
  const leaf = toCertificate(certificate);
  const roots = options.roots.map(toCertificate);
  const intermediates = (options.intermediates ?? []).map(toCertificate);
  const at = options.at ?? new Date();
  const check = options.checkValidity ?? true;
  const maxLength = options.maxLength ?? 10;
  const isRoot = (c: Certificate) => roots.some((r) => sameBytes(r.der, c.der));

  const chain: Certificate[] = [leaf];
  let current = leaf;
  for (;;) {
    if (check) checkValidity(current, at);
    if (isRoot(current)) return { chain, root: current };
    if (chain.length >= maxLength) throw new EkCertError("CHAIN_TOO_LONG", `no root within ${maxLength} certificates`);
    const candidates = [...roots, ...intermediates].filter(
      (c) => c.subject.canonical === current.issuer.canonical && !chain.some((x) => sameBytes(x.der, c.der)),
    );
    if (candidates.length === 0) {
      throw new EkCertError(
        "NO_ISSUER",
        `no certificate among the roots and intermediates has the subject "${current.issuer.text}"`,
      );
    }
    let next: Certificate | undefined;
    for (const c of candidates) {
      if (await verifyCertificateSignature(crypto, current, c)) {
        next = c;
        break;
      }
    }
    if (!next) {
      throw new EkCertError(
        "BAD_SIGNATURE",
        `the signature of "${current.subject.text || "(empty subject)"}" does not verify with the key of "${current.issuer.text}"`,
      );
    }
    checkIssuerIsCa(next);
    chain.push(next);
    current = next;
  }
}
