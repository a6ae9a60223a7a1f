/**
 * The Attestation panel: a quote over the chosen SHA-256 PCRs with a fresh
 * nonce, signed by an attestation key (restricted ECC P-256) under the page's
 * storage primary, decoded with marshal's printer and verified in the page
 * with @tss/attest verifyQuote against the PCR values read from the TPM.
 */
import { verifyQuote } from "@tss/attest";
import { TPM_ALG_ID, TPMS_ATTEST, tpmsAttestLines, unmarshal } from "@tss/marshal";
import { byId, onClick, setText } from "../dom.js";
import { toHex } from "../hex.js";
import { withStoragePrimary } from "../salted-session.js";
import { ECDSA_SHA256_SCHEME } from "../templates.js";
import type { PageTpm } from "../tpm-connection.js";
import { type CreatedKey, createSigningKey, withLoadedKey } from "./keys.js";
import { readBank } from "./pcrs.js";

/** The PCR indexes ticked in the panel. */
function chosenPcrs(): number[] {
  return [...byId("attest-pcrs").querySelectorAll<HTMLInputElement>("input[type=checkbox]")]
    .filter((c) => c.checked)
    .map((c) => Number(c.value));
}

/** Builds the PCR check boxes 0..23 (0 and 16 ticked). */
function buildPcrChoices(): void {
  const box = byId("attest-pcrs");
  for (let i = 0; i < 24; i++) {
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.type = "checkbox";
    input.value = String(i);
    input.name = "pcr";
    input.checked = i === 0 || i === 16;
    label.append(input, ` ${i}`);
    box.append(label);
  }
}

/** Wires the panel. */
export function setUpAttestation(page: PageTpm): void {
  buildPcrChoices();
  onClick("attest-quote", "attest", async () => {
    setText("attest-verified", "");
    const pcrs = chosenPcrs();
    if (pcrs.length === 0) throw new Error("choose at least one PCR");
    // A fresh attestation key per quote, flushed after it (a TPM holds few loaded objects).
    await withStoragePrimary(page, async (parent) => {
      const ak = await createSigningKey(page, parent, "", true);
      await withLoadedKey(page, parent, ak, (handle) => quoteAndVerify(page, handle, ak, pcrs));
    });
  });
}

/** Quotes the chosen PCRs with the loaded AK, shows the decoded quote, and verifies it with the AK's public area. */
async function quoteAndVerify(
  page: PageTpm,
  signHandle: number,
  ak: CreatedKey,
  pcrs: readonly number[],
): Promise<void> {
  const pcrSelect = new Uint8Array(3);
  for (const i of pcrs) pcrSelect[i >> 3]! |= 1 << (i & 7);
  const nonce = page.crypto.randomBytes(16);
  const { quoted, signature } = await page.tss.quote({
    signHandle,
    qualifyingData: nonce,
    inScheme: ECDSA_SHA256_SCHEME,
    PCRselect: [{ hash: TPM_ALG_ID.SHA256, pcrSelect }],
  } as never);
  setText("attest-nonce", toHex(nonce));
  setText("attest-decoded", tpmsAttestLines(unmarshal(TPMS_ATTEST, quoted) as never, 0).join("\n"));
  // The verifier's side: the expected values (read here from the TPM; a remote
  // verifier would replay an event log) and the AK's public area.
  const bank = await readBank(page, TPM_ALG_ID.SHA256);
  const expected: Record<number, Uint8Array> = {};
  for (const i of pcrs) expected[i] = bank[i] as Uint8Array;
  const input = {
    attest: quoted,
    signature,
    akPublic: ak.outPublic.publicArea as never,
    nonce,
    pcrs: { [TPM_ALG_ID.SHA256]: expected },
    crypto: page.crypto,
  };
  const verified = await verifyQuote(input);
  // The check bites: another nonce is refused.
  const replay = await verifyQuote({ ...input, nonce: page.crypto.randomBytes(16) }).then(
    () => "ACCEPTED (wrong)",
    (e: { code?: string }) => `refused (${e.code ?? "error"})`,
  );
  setText(
    "attest-verified",
    `quote verified: ECDSA signature, nonce, pcrDigest ${toHex(verified.pcrDigest)} over PCRs ${pcrs.join(", ")}; with another nonce: ${replay}`,
  );
  byId("attest-verified").dataset.ok = "true";
}
