/**
 * X.509 path building and verification on the Crypto contract: from a
 * certificate up through intermediates to one of the given roots (trust
 * anchors). Issuers are picked by Name (DistinguishedName.canonical: string
 * types, case and white space ignored) and, among same-named CAs, by key
 * identifier (the certificate's authorityKeyIdentifier equal to the issuer's
 * subjectKeyIdentifier first; a CA whose identifier differs is not a
 * candidate); every candidate is tried, depth first, until a path reaches a
 * root. Each link is checked: the signature (crypto.hash of the
 * TBSCertificate, then verifyRsa or verifyEcdsa), the issuer being a CA
 * (basicConstraints cA, keyUsage keyCertSign when present), its
 * pathLenConstraint, and the validity dates at a given time. Not done:
 * revocation (CRL, OCSP), name constraints, policy processing, rejecting
 * unknown critical extensions (EK certificates carry a critical
 * subjectAltName of TPM attributes).
 */
import { type Crypto, TssError } from "@tss/marshal";
import { toCertificate } from "./certificate-pem.js";
import { DER, DerReader, unsignedInteger } from "./der.js";
import { EkCertError, type EkCertErrorCode } from "./ek-error.js";
import { serialMagnitude } from "./key-identifiers.js";
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
  /** At most this many certificates from the leaf to the root, both included (default 10); longer is PATH_TOO_LONG. */
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

/** A certificate's subject for messages (its issuer when the subject is empty). */
function describe(cert: Certificate): string {
  return cert.subject.text || `(empty subject, issued by ${cert.issuer.text})`;
}

const COORDINATE_SIZE: Readonly<Record<number, number>> = { 3: 32, 4: 48, 5: 66, 32: 32 };

/**
 * True when `issuer`'s key verifies `cert`'s signature. EkCertError
 * UNSUPPORTED_ALGORITHM (with `cert`) for a signature algorithm, key type or
 * curve this package or the Crypto plugin cannot check, NO_CRYPTO when the
 * Crypto lacks hash/verifyRsa/verifyEcdsa.
 */
export async function verifyCertificateSignature(
  crypto: Crypto | undefined,
  cert: Certificate,
  issuer: Certificate,
): Promise<boolean> {
  const alg = cert.signatureAlgorithm;
  if (!alg.scheme || alg.hashAlg === undefined) {
    throw new EkCertError(
      "UNSUPPORTED_ALGORITHM",
      `"${describe(cert)}": signature algorithm ${alg.oid} (RSA PKCS #1 v1.5, RSA-PSS and ECDSA are verified)`,
      { certificate: cert },
    );
  }
  const key = issuer.publicKey;
  if (!key)
    throw new EkCertError(
      "UNSUPPORTED_ALGORITHM",
      `"${describe(cert)}": the issuer's key (${issuer.publicKeyAlgorithm}) is not RSA or ECC on a known curve`,
      { certificate: cert },
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
      throw new EkCertError(
        "UNSUPPORTED_ALGORITHM",
        `"${describe(cert)}": the Crypto plugin could not verify: ${e.message}`,
        { cause: e, certificate: cert },
      );
    throw e;
  }
}

/** A failure on one path, and how far the path got (the deepest failure is reported). */
interface PathFailure {
  readonly depth: number;
  readonly error: EkCertError;
}

function chainError(code: EkCertErrorCode, cert: Certificate, message: string, cause?: unknown): EkCertError {
  return new EkCertError(code, message, cause === undefined ? { certificate: cert } : { certificate: cert, cause });
}

/** Why `issuer` may not issue certificates, or undefined: v3 needs basicConstraints cA; keyUsage, when present, keyCertSign. */
function notACa(issuer: Certificate, isAnchor: boolean): EkCertError | undefined {
  // A v1/v2 certificate has no extensions: accepted as a trust anchor only.
  if (issuer.version < 3 ? !isAnchor : !issuer.basicConstraints?.cA) {
    return chainError(
      "NOT_A_CA",
      issuer,
      `"${describe(issuer)}" is not a CA (${issuer.version < 3 ? `a v${issuer.version} certificate that is not a root` : "basicConstraints cA is not TRUE"})`,
    );
  }
  if (issuer.keyUsage !== undefined && (issuer.keyUsage & KEY_USAGE.keyCertSign) === 0) {
    return chainError(
      "NOT_A_CA",
      issuer,
      `"${describe(issuer)}" may not sign certificates (keyUsage lacks keyCertSign)`,
    );
  }
  return undefined;
}

/** EXPIRED or NOT_YET_VALID when `at` is outside the certificate's validity, else undefined. */
function validityError(cert: Certificate, at: Date): EkCertError | undefined {
  const period = `valid from ${cert.notBefore.toISOString()} to ${cert.notAfter.toISOString()}, not at ${at.toISOString()}`;
  if (at.getTime() < cert.notBefore.getTime())
    return chainError("NOT_YET_VALID", cert, `"${describe(cert)}" is not yet valid: ${period}`);
  if (at.getTime() > cert.notAfter.getTime())
    return chainError("EXPIRED", cert, `"${describe(cert)}" has expired: ${period}`);
  return undefined;
}

const isSelfIssued = (c: Certificate) => c.subject.canonical === c.issuer.canonical;

/**
 * The certificates that may have issued `cert`, best first: same Name as its
 * issuer; those whose subjectKeyIdentifier equals its authorityKeyIdentifier
 * before those that cannot be told apart (either identifier absent); a CA whose
 * key identifier (or serial number, when the AKI names one) differs is left out.
 */
export function issuerCandidates(cert: Certificate, pool: readonly Certificate[]): Certificate[] {
  const aki = cert.authorityKeyIdentifier;
  const matched: Certificate[] = [];
  const unknown: Certificate[] = [];
  for (const c of pool) {
    if (c.subject.canonical !== cert.issuer.canonical) continue;
    if (aki?.serialNumber && !sameBytes(aki.serialNumber, serialMagnitude(c.serialNumber))) continue;
    if (aki?.keyIdentifier && c.subjectKeyIdentifier) {
      if (sameBytes(aki.keyIdentifier, c.subjectKeyIdentifier)) matched.push(c);
    } else unknown.push(c);
  }
  return [...matched, ...unknown];
}

/**
 * Verifies that `certificate` chains to one of `roots`; returns the chain, leaf
 * first. Every candidate issuer is tried (issuerCandidates); when no path
 * reaches a root, the failure of the path that got furthest is thrown, an
 * EkCertError whose `certificate` is the one concerned: NO_ISSUER (no CA with
 * its issuer's Name and key identifier), UNTRUSTED_ROOT (a self-signed
 * certificate that is not a root), BAD_SIGNATURE, EXPIRED, NOT_YET_VALID
 * (at `at`, default now), NOT_A_CA (the issuer), PATH_TOO_LONG (an issuer's
 * pathLenConstraint, or maxLength), UNSUPPORTED_ALGORITHM. NO_CRYPTO,
 * BAD_CERTIFICATE and BAD_PARAMETER concern the call itself.
 */
export async function verifyCertificateChain(
  crypto: Crypto | undefined,
  certificate: CertificateInput,
  options: VerifyChainOptions,
): Promise<VerifiedChain> {
  if (!options || !Array.isArray(options.roots) || options.roots.length === 0) {
    throw new EkCertError("BAD_PARAMETER", "verifyCertificateChain needs at least one root certificate");
  }
  if (options.at !== undefined && !(options.at instanceof Date && Number.isFinite(options.at.getTime()))) {
    throw new EkCertError("BAD_PARAMETER", "`at` must be a valid Date");
  }
  const maxLength = options.maxLength ?? 10;
  if (!Number.isInteger(maxLength) || maxLength < 1) {
    throw new EkCertError("BAD_PARAMETER", `maxLength ${String(maxLength)} (a positive integer)`);
  }
  const leaf = toCertificate(certificate);
  const roots = options.roots.map(toCertificate);
  const pool: Certificate[] = [];
  for (const c of [...roots, ...(options.intermediates ?? []).map(toCertificate)]) {
    if (!pool.some((p) => sameBytes(p.der, c.der))) pool.push(c);
  }
  const at = options.at ?? new Date();
  const check = options.checkValidity ?? true;
  const isRoot = (c: Certificate) => roots.some((r) => sameBytes(r.der, c.der));
  // Each (certificate, issuer) signature is checked once, however many paths go through it.
  const checked = new Map<Certificate, Map<Certificate, Promise<boolean>>>();
  const signedBy = (cert: Certificate, issuer: Certificate): Promise<boolean> => {
    let byIssuer = checked.get(cert);
    if (!byIssuer) {
      byIssuer = new Map();
      checked.set(cert, byIssuer);
    }
    let result = byIssuer.get(issuer);
    if (!result) {
      result = verifyCertificateSignature(crypto, cert, issuer);
      byIssuer.set(issuer, result);
    }
    return result;
  };
  let best: PathFailure | undefined;
  const fail = (depth: number, error: EkCertError) => {
    if (best === undefined || depth > best.depth) best = { depth, error };
  };

  const extend = async (chain: Certificate[]): Promise<VerifiedChain | undefined> => {
    const current = chain[chain.length - 1]!;
    const invalid = check ? validityError(current, at) : undefined;
    if (invalid) return void fail(chain.length, invalid);
    if (isRoot(current)) return { chain, root: current };
    const candidates = issuerCandidates(current, pool).filter((c) => !chain.some((x) => sameBytes(x.der, c.der)));
    if (
      isSelfIssued(current) &&
      (!current.authorityKeyIdentifier?.keyIdentifier ||
        !current.subjectKeyIdentifier ||
        sameBytes(current.authorityKeyIdentifier.keyIdentifier, current.subjectKeyIdentifier))
    ) {
      // Self-signed and not a root: the path ends here unless a root of the same Name and key signed it too.
      fail(
        chain.length,
        chainError("UNTRUSTED_ROOT", current, `"${describe(current)}" is self-signed and not one of the roots`),
      );
      if (candidates.length === 0) return undefined;
    }
    if (candidates.length === 0) {
      return void fail(
        chain.length,
        chainError(
          "NO_ISSUER",
          current,
          `no certificate among the roots and intermediates issued "${describe(current)}" (issuer "${current.issuer.text}"${current.authorityKeyIdentifier?.keyIdentifier ? `, key identifier ${hex(current.authorityKeyIdentifier.keyIdentifier)}` : ""})`,
        ),
      );
    }
    if (chain.length >= maxLength) {
      return void fail(
        chain.length,
        chainError("PATH_TOO_LONG", current, `no root within ${maxLength} certificates (at "${describe(current)}")`),
      );
    }
    for (const issuer of candidates) {
      let good: boolean;
      try {
        good = await signedBy(current, issuer);
      } catch (e) {
        if (e instanceof EkCertError && e.code === "UNSUPPORTED_ALGORITHM") {
          fail(chain.length, e);
          continue;
        }
        throw e;
      }
      if (!good) {
        fail(
          chain.length,
          chainError(
            "BAD_SIGNATURE",
            current,
            `the signature of "${describe(current)}" does not verify with the key of "${describe(issuer)}"`,
          ),
        );
        continue;
      }
      const notCa = notACa(issuer, isRoot(issuer));
      if (notCa) {
        fail(chain.length + 1, notCa);
        continue;
      }
      // pathLenConstraint: the non-self-issued intermediates below this issuer (the leaf not counted).
      const below = chain.slice(1).filter((c) => !isSelfIssued(c)).length;
      const pathLen = issuer.basicConstraints?.pathLenConstraint;
      if (pathLen !== undefined && below > pathLen) {
        fail(
          chain.length + 1,
          chainError(
            "PATH_TOO_LONG",
            issuer,
            `"${describe(issuer)}" allows ${pathLen} intermediate CA(s) below it (pathLenConstraint), the path has ${below}`,
          ),
        );
        continue;
      }
      const found = await extend([...chain, issuer]);
      if (found) return found;
    }
    return undefined;
  };

  const found = await extend([leaf]);
  if (found) return found;
  throw best!.error;
}

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}
