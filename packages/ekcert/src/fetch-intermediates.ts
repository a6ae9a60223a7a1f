/**
 * Intermediate CA certificates fetched from the authorityInfoAccess caIssuers
 * URLs (RFC 5280, 4.2.2.1), recursively: GCE, STMicro, Infineon and AMD
 * publish some intermediates only there. Replies may be a DER certificate, PEM
 * text, or a PKCS #7 certs-only message (.p7c). http: and https: only; each
 * reply is limited in size and time, the whole walk in certificates; a URL is
 * fetched once (loops end). The fetch function is the caller's to give (tests,
 * proxies, caches); globalThis.fetch by default.
 */
import type { AbortSignalLike } from "@tss/marshal";
import { type PemBlock, readPemBlocks } from "@tss/marshal/plugin-support";
import { authorityInfo } from "./authority-info.js";
import { pemToDerCertificates } from "./certificate-pem.js";
import { EkCertError } from "./ek-error.js";
import { positiveInteger, readLimited } from "./fetch-limits.js";
import { pkcs7Certificates } from "./pkcs7-certificates.js";
import { type Certificate, parseCertificate } from "./x509-certificate.js";

/**
 * The part of a ReadableStream of a reply body that is read, declared here so
 * that these types need neither the DOM library nor @types/node.
 */
export interface FetchBodyStream {
  /** A reader of the body's chunks. */
  getReader(): {
    read(): Promise<{ readonly done: boolean; readonly value?: Uint8Array }>;
    cancel(reason?: unknown): Promise<void>;
  };
}

/** The part of a fetch Response that fetchIntermediates reads. */
export interface FetchResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly headers?: { get(name: string): string | null };
  readonly body?: FetchBodyStream | null;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/**
 * The runtime's AbortSignal where its types are loaded (the DOM library or
 * @types/node), else AbortSignalLike: a fetch function gets a real AbortSignal.
 */
export type FetchAbortSignal = typeof globalThis extends { AbortSignal: { prototype: infer S } } ? S : AbortSignalLike;

/** A fetch function: WHATWG fetch, or anything that answers the same way. */
export type FetchFunction = (
  url: string,
  init: { signal: FetchAbortSignal; redirect?: "follow" },
) => Promise<FetchResponse>;

/** Options of fetchIntermediates. */
export interface FetchIntermediatesOptions {
  /** The fetch to use (default globalThis.fetch). */
  readonly fetch?: FetchFunction;
  /** Stop after this many certificates (default 10). */
  readonly maxCertificates?: number;
  /** The largest reply accepted, in octets (default 65536). */
  readonly maxBytes?: number;
  /** Time allowed for each request, reply body included, in milliseconds (default 10000). */
  readonly timeoutMs?: number;
  /** Aborts the whole walk: fetchIntermediates rejects with FETCH_FAILED. */
  readonly signal?: AbortSignalLike;
}

/** A URL that gave nothing, and why (BAD_URL, FETCH_FAILED, TOO_LARGE, BAD_CERTIFICATE, LIMIT_REACHED). */
export interface FetchFailure {
  readonly url: string;
  readonly error: EkCertError;
}

/** What fetchIntermediates found: the certificates (in the order fetched) and the URLs that failed. */
export interface FetchedIntermediates {
  readonly certificates: Certificate[];
  readonly failures: FetchFailure[];
}

/** The certificates in a caIssuers reply: DER certificate, PKCS #7 certs-only (DER or PEM), or PEM certificates. */
export function certificatesInReply(bytes: Uint8Array): Uint8Array[] {
  if (bytes[0] === 0x30) {
    try {
      return [parseCertificate(bytes).der];
    } catch {
      return pkcs7Certificates(bytes);
    }
  }
  const text = new TextDecoder("latin1").decode(bytes);
  let p7: PemBlock | undefined;
  try {
    p7 = readPemBlocks(text, ["PKCS7", "CMS"])[0];
  } catch (e) {
    throw new EkCertError("BAD_CERTIFICATE", `PEM PKCS #7: ${(e as Error).message}`, { cause: e });
  }
  if (p7) return pkcs7Certificates(p7.der);
  return pemToDerCertificates(text);
}

/**
 * Follows `cert`'s authorityInfoAccess caIssuers URLs, then those of each
 * certificate found, and returns what was found; failures are listed, not
 * thrown (a walk may find some intermediates and miss others). Rejects only for
 * bad options (BAD_PARAMETER) and when `signal` aborts (FETCH_FAILED).
 */
export async function fetchIntermediates(
  cert: Certificate,
  options: FetchIntermediatesOptions = {},
): Promise<FetchedIntermediates> {
  if (!cert || !(cert.der instanceof Uint8Array))
    throw new EkCertError("BAD_PARAMETER", "a parsed Certificate is needed");
  const fetchFn = options.fetch ?? (globalThis.fetch as unknown as FetchFunction | undefined);
  if (typeof fetchFn !== "function") throw new EkCertError("BAD_PARAMETER", "no fetch function (pass options.fetch)");
  const maxCertificates = positiveInteger(options.maxCertificates, 10, "maxCertificates");
  const maxBytes = positiveInteger(options.maxBytes, 65536, "maxBytes");
  const timeoutMs = positiveInteger(options.timeoutMs, 10_000, "timeoutMs");
  const certificates: Certificate[] = [];
  const failures: FetchFailure[] = [];
  const seen = new Set<string>();
  const seenCerts = new Set<string>([certKey(cert)]);
  const queue: string[] = [];
  const enqueue = (c: Certificate) => {
    for (const url of authorityInfo(c).caIssuers) {
      if (!seen.has(url)) {
        seen.add(url);
        queue.push(url);
      }
    }
  };
  enqueue(cert);
  while (queue.length > 0) {
    const url = queue.shift()!;
    if (options.signal?.aborted) throw new EkCertError("FETCH_FAILED", "fetchIntermediates was aborted");
    if (certificates.length >= maxCertificates) {
      failures.push({
        url,
        error: new EkCertError("LIMIT_REACHED", `${url}: not fetched, ${maxCertificates} certificates found already`),
      });
      continue;
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      failures.push({ url, error: new EkCertError("BAD_URL", `${JSON.stringify(url)} is not a URL`) });
      continue;
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      failures.push({ url, error: new EkCertError("BAD_URL", `${url}: only http: and https: URLs are fetched`) });
      continue;
    }
    let found: Uint8Array[];
    try {
      found = certificatesInReply(await fetchOne(fetchFn, url, maxBytes, timeoutMs, options.signal));
    } catch (e) {
      if (options.signal?.aborted)
        throw new EkCertError("FETCH_FAILED", "fetchIntermediates was aborted", { cause: e });
      const error =
        e instanceof EkCertError
          ? e
          : new EkCertError("FETCH_FAILED", `${url}: ${(e as Error)?.message ?? e}`, { cause: e });
      failures.push({ url, error });
      continue;
    }
    for (const der of found) {
      if (certificates.length >= maxCertificates) break;
      let c: Certificate;
      try {
        c = parseCertificate(der);
      } catch (e) {
        failures.push({ url, error: e as EkCertError });
        continue;
      }
      const key = certKey(c);
      if (seenCerts.has(key)) continue;
      seenCerts.add(key);
      certificates.push(c);
      if (c.subject.canonical !== c.issuer.canonical) enqueue(c);
    }
  }
  return { certificates, failures };
}

function certKey(c: Certificate): string {
  let s = "";
  for (const b of c.der) s += String.fromCharCode(b);
  return s;
}

async function fetchOne(
  fetchFn: FetchFunction,
  url: string,
  maxBytes: number,
  timeoutMs: number,
  outer: AbortSignalLike | undefined,
): Promise<Uint8Array> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(outer?.reason);
  outer?.addEventListener("abort", onAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new EkCertError("FETCH_FAILED", `${url}: no complete reply within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    const work = (async () => {
      const res = await fetchFn(url, { signal: controller.signal as FetchAbortSignal, redirect: "follow" });
      if (!res.ok) throw new EkCertError("FETCH_FAILED", `${url}: HTTP status ${res.status}`);
      return readLimited(res, maxBytes, url);
    })();
    work.catch(() => undefined);
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener("abort", onAbort);
  }
}
