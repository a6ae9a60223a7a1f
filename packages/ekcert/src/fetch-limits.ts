/**
 * The limits of a fetched reply, shared by fetchIntermediates and
 * fetchIntelEkCertificate: a positive-integer option check and a body reader
 * that stops at a size bound.
 */
import { EkCertError } from "./ek-error.js";
import type { FetchResponse } from "./fetch-intermediates.js";

/** `v`, checked to be a positive integer, or `fallback` when undefined (BAD_PARAMETER otherwise). */
export function positiveInteger(v: number | undefined, fallback: number, what: string): number {
  if (v === undefined) return fallback;
  if (!Number.isInteger(v) || v < 1)
    throw new EkCertError("BAD_PARAMETER", `${what} ${String(v)} (a positive integer)`);
  return v;
}

/**
 * The reply body, refused with TOO_LARGE past `maxBytes` octets: by its
 * content-length, or while it streams (the rest is cancelled), or whole.
 */
export async function readLimited(res: FetchResponse, maxBytes: number, url: string): Promise<Uint8Array> {
  const length = Number(res.headers?.get("content-length") ?? Number.NaN);
  if (Number.isFinite(length) && length > maxBytes)
    throw new EkCertError("TOO_LARGE", `${url}: a reply of ${length} octets (at most ${maxBytes})`);
  if (res.body && typeof res.body.getReader === "function") {
    const reader = res.body.getReader();
    const parts: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done || value === undefined) break;
      total += value.length;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new EkCertError("TOO_LARGE", `${url}: a reply of more than ${maxBytes} octets`);
      }
      parts.push(value);
    }
    const out = new Uint8Array(total);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
  const whole = new Uint8Array(await res.arrayBuffer());
  if (whole.length > maxBytes)
    throw new EkCertError("TOO_LARGE", `${url}: a reply of ${whole.length} octets (at most ${maxBytes})`);
  return whole;
}
