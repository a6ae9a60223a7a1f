/**
 * Intel PTT EK certificates from Intel's EK certificate service: Intel does not
 * store the EK certificate of a PTT (firmware TPM) in NV; it serves it at
 * intelEkCertificateUrl. The reply, as tpm2-tools' tpm2_getekcertificate and
 * tpm2-tss's FAPI read it, is a JSON object whose "certificate" member is the
 * DER certificate in URL-safe base64 (RFC 4648, section 5: "-" and "_"),
 * "=" padding possibly written "%3D"; a "pubhash" member names the key. The
 * certificate is decoded, checked to certify the EK, and verified to the roots
 * the caller gives (Intel's, e.g. from @tss/ekcert-roots), following its
 * authorityInfoAccess caIssuers URLs for missing intermediates.
 */
import type { AbortSignalLike, Crypto } from "@tss/marshal";
import { EkCertError } from "./ek-error.js";
import { certificateMatchesEk } from "./ek-key-match.js";
import { type FetchAbortSignal, type FetchFunction, fetchIntermediates } from "./fetch-intermediates.js";
import { positiveInteger, readLimited } from "./fetch-limits.js";
import { INTEL_EK_CERT_SERVICE, intelEkCertificateUrl } from "./intel-ptt-url.js";
import type { PublicArea } from "./public-area.js";
import { type CertificateInput, type VerifiedChain, verifyCertificateChain } from "./verify-chain.js";
import { type Certificate, parseCertificate } from "./x509-certificate.js";

/** Options of fetchIntelEkCertificate. */
export interface FetchIntelEkCertificateOptions {
  /** The crypto plugin: SHA-256 for the URL, signature verification for the chain. */
  readonly crypto: Crypto;
  /** Intel's root certificates (trust anchors) the EK certificate must chain to. */
  readonly roots: readonly CertificateInput[];
  /** Intermediate certificates known beforehand. */
  readonly intermediates?: readonly CertificateInput[];
  /** The fetch to use (default globalThis.fetch). */
  readonly fetch?: FetchFunction;
  /** The service URL the key's digest is appended to (default INTEL_EK_CERT_SERVICE). */
  readonly baseUrl?: string;
  /** Aborts the requests: the call rejects with FETCH_FAILED. */
  readonly signal?: AbortSignalLike;
  /** Time allowed for each request, reply included, in milliseconds (default 10000). */
  readonly timeoutMs?: number;
  /** The largest reply accepted, in octets (default 65536). */
  readonly maxBytes?: number;
  /** Follow the certificate's caIssuers URLs when no path to a root is found (default true). */
  readonly followAuthorityInfo?: boolean;
  /** The time of the validity check (default now). */
  readonly at?: Date;
  /** Check the validity dates of the chain (default true). */
  readonly checkValidity?: boolean;
}

/** A verified Intel PTT EK certificate. */
export interface IntelEkCertificate extends VerifiedChain {
  /** The URL it was fetched from. */
  readonly url: string;
  /** The "pubhash" member of the reply, when present. */
  readonly pubhash?: string;
  /** The EK certificate. */
  readonly certificate: Certificate;
  /** Intermediates fetched from caIssuers URLs to complete the chain (empty when none were needed). */
  readonly fetchedIntermediates: readonly Certificate[];
}

/** The DER of the reply's "certificate": URL-safe base64, "%3D" (or other %XX) escapes allowed. */
export function decodeIntelEkCertificateReply(reply: string): { der: Uint8Array; pubhash?: string } {
  let json: unknown;
  try {
    json = JSON.parse(reply);
  } catch {
    throw new EkCertError("BAD_CERTIFICATE", "the EK certificate service's reply is not JSON");
  }
  const obj = json as { certificate?: unknown; pubhash?: unknown } | null;
  if (!obj || typeof obj !== "object" || typeof obj.certificate !== "string")
    throw new EkCertError("BAD_CERTIFICATE", 'the EK certificate service\'s reply has no "certificate" string');
  let b64: string;
  try {
    b64 = decodeURIComponent(obj.certificate).replace(/\s+/g, "").replaceAll("-", "+").replaceAll("_", "/");
  } catch {
    throw new EkCertError("BAD_CERTIFICATE", 'the reply\'s "certificate" has a bad %-escape');
  }
  const unpadded = b64.replace(/=+$/, "");
  if (!/^[A-Za-z0-9+/]+$/.test(unpadded) || unpadded.length % 4 === 1)
    throw new EkCertError("BAD_CERTIFICATE", 'the reply\'s "certificate" is not URL-safe base64');
  const bin = atob(unpadded + "=".repeat((4 - (unpadded.length % 4)) % 4));
  const der = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  return typeof obj.pubhash === "string" ? { der, pubhash: obj.pubhash } : { der };
}

/**
 * Fetches the Intel PTT EK certificate of `ekPublic` (RSA or ECC EK public
 * area), decodes the service's reply, checks that the certificate certifies
 * the EK, and verifies its chain to `roots`. Typed failures (EkCertError):
 * FETCH_FAILED (network, HTTP status, time-out, abort), TOO_LARGE,
 * BAD_CERTIFICATE (a reply that is not the service's JSON, or not a
 * certificate), KEY_MISMATCH, and the chain's codes (NO_ISSUER, BAD_SIGNATURE,
 * EXPIRED ...); BAD_PARAMETER and NO_CRYPTO for bad options.
 */
export async function fetchIntelEkCertificate(
  ekPublic: PublicArea,
  options: FetchIntelEkCertificateOptions,
): Promise<IntelEkCertificate> {
  if (!options || typeof options !== "object")
    throw new EkCertError("BAD_PARAMETER", "fetchIntelEkCertificate needs options (crypto, roots)");
  if (!options.crypto) throw new EkCertError("NO_CRYPTO", "fetchIntelEkCertificate needs a Crypto plugin");
  if (!Array.isArray(options.roots) || options.roots.length === 0)
    throw new EkCertError("BAD_PARAMETER", "fetchIntelEkCertificate needs Intel's root certificates (roots)");
  const fetchFn = options.fetch ?? (globalThis.fetch as unknown as FetchFunction | undefined);
  if (typeof fetchFn !== "function") throw new EkCertError("BAD_PARAMETER", "no fetch function (pass options.fetch)");
  const timeoutMs = positiveInteger(options.timeoutMs, 10_000, "timeoutMs");
  const maxBytes = positiveInteger(options.maxBytes, 65536, "maxBytes");
  const url = await intelEkCertificateUrl(options.crypto, ekPublic, options.baseUrl ?? INTEL_EK_CERT_SERVICE);

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const onAbort = () => controller.abort();
  options.signal?.addEventListener("abort", onAbort);
  let reply: Uint8Array;
  try {
    if (options.signal?.aborted) throw new Error("aborted");
    const res = await fetchFn(url, { signal: controller.signal as FetchAbortSignal, redirect: "follow" });
    if (!res.ok) throw new EkCertError("FETCH_FAILED", `${url}: HTTP status ${res.status}`);
    reply = await readLimited(res, maxBytes, url);
  } catch (e) {
    if (e instanceof EkCertError) throw e;
    const why = options.signal?.aborted
      ? "aborted"
      : controller.signal.aborted
        ? `no reply within ${timeoutMs} ms`
        : String((e as Error)?.message ?? e);
    throw new EkCertError("FETCH_FAILED", `${url}: ${why}`, { cause: e });
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
  }

  const { der, pubhash } = decodeIntelEkCertificateReply(new TextDecoder().decode(reply));
  const certificate = parseCertificate(der);
  if (!certificateMatchesEk(certificate, ekPublic))
    throw new EkCertError("KEY_MISMATCH", `${url}: the certificate's public key is not the EK's`, { certificate });
  const chainOptions = {
    roots: options.roots,
    intermediates: options.intermediates ?? [],
    ...(options.at ? { at: options.at } : {}),
    ...(options.checkValidity === undefined ? {} : { checkValidity: options.checkValidity }),
  };
  let fetched: Certificate[] = [];
  let chain: VerifiedChain;
  try {
    chain = await verifyCertificateChain(options.crypto, certificate, chainOptions);
  } catch (e) {
    if (!(e instanceof EkCertError) || e.code !== "NO_ISSUER" || options.followAuthorityInfo === false) throw e;
    const found = await fetchIntermediates(certificate, {
      fetch: fetchFn,
      timeoutMs,
      maxBytes,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (found.certificates.length === 0) throw e;
    fetched = found.certificates;
    chain = await verifyCertificateChain(options.crypto, certificate, {
      ...chainOptions,
      intermediates: [...chainOptions.intermediates, ...fetched],
    });
  }
  return {
    url,
    ...(pubhash === undefined ? {} : { pubhash }),
    certificate,
    fetchedIntermediates: fetched,
    ...chain,
  };
}
