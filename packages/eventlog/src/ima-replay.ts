/**
 * Replaying an IMA measurement list: each entry extends its PCR (normally 10) in every
 * bank. The bank of the list's template hash algorithm receives the template hash; the
 * others receive the hash of the template data with their own algorithm. An entry whose
 * template hash is all zeros (a measurement violation) extends all ones instead.
 */
import { type Crypto, TPM_ALG_ID } from "@tss/marshal";
import type { ImaEvent } from "./ima-log.js";
import { extendPcr, PC_CLIENT_PCR_COUNT, type PcrBanks, resetPcrBanks } from "./pcr-banks.js";

/** Options of the IMA replay. */
export interface ImaReplayOptions {
  /** The banks to compute (default SHA-1 and SHA-256, as IBM's imaextend). */
  readonly banks?: readonly number[];
  /** The algorithm of the list's template hashes (default SHA-1). */
  readonly templateHashAlg?: number;
}

const isZero = (b: Uint8Array): boolean => b.every((v) => v === 0);

/** The digest an IMA entry extends into a bank of algorithm `bankAlg`. */
export async function imaExtendDigest(
  crypto: Pick<Crypto, "hash">,
  event: ImaEvent,
  bankAlg: number,
  templateHashAlg: number = TPM_ALG_ID.SHA1,
): Promise<Uint8Array> {
  if (isZero(event.templateHash)) {
    const size = (await crypto.hash(bankAlg, new Uint8Array(0))).length;
    return new Uint8Array(size).fill(0xff);
  }
  if (bankAlg === templateHashAlg) return event.templateHash;
  return crypto.hash(bankAlg, event.templateData);
}

/** True when the entry's template hash is the hash of its template data (a violation entry, all zeros, passes). */
export async function checkImaTemplateHash(
  crypto: Pick<Crypto, "hash">,
  event: ImaEvent,
  templateHashAlg: number = TPM_ALG_ID.SHA1,
): Promise<boolean> {
  if (isZero(event.templateHash)) return true;
  const h = await crypto.hash(templateHashAlg, event.templateData);
  return h.length === event.templateHash.length && h.every((v, i) => v === event.templateHash[i]);
}

/** Extends one IMA entry into simulated banks. */
export async function applyImaEvent(
  crypto: Pick<Crypto, "hash">,
  banks: PcrBanks,
  event: ImaEvent,
  templateHashAlg: number = TPM_ALG_ID.SHA1,
): Promise<void> {
  for (const [alg, values] of banks) {
    const digest = await imaExtendDigest(crypto, event, alg, templateHashAlg);
    values[event.pcrIndex] = await extendPcr(crypto, alg, values[event.pcrIndex]!, digest);
  }
}

/** The PCR values an IMA list implies, from zeros. */
export async function replayImaLog(
  events: readonly ImaEvent[],
  crypto: Pick<Crypto, "hash">,
  options: ImaReplayOptions = {},
): Promise<PcrBanks> {
  const banks = resetPcrBanks(options.banks ?? [TPM_ALG_ID.SHA1, TPM_ALG_ID.SHA256], PC_CLIENT_PCR_COUNT);
  for (const event of events) await applyImaEvent(crypto, banks, event, options.templateHashAlg);
  return banks;
}
