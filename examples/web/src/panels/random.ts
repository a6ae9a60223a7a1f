/** The Random panel: bytes from TPM2_GetRandom. */
import { byId, field, onSubmit, setText } from "../dom.js";
import { toHex } from "../hex.js";
import type { PageTpm } from "../tpm-connection.js";

/** GetRandom until `count` bytes are had (the TPM returns at most a digest's size per call). */
export async function tpmRandom(page: PageTpm, count: number): Promise<Uint8Array> {
  const out = new Uint8Array(count);
  let have = 0;
  while (have < count) {
    const { randomBytes } = await page.tss.getRandom({ bytesRequested: Math.min(32, count - have) });
    if (randomBytes.length === 0) throw new Error("GetRandom returned no bytes");
    out.set(randomBytes.subarray(0, count - have), have);
    have += randomBytes.length;
  }
  return out;
}

/** Wires the panel's form. */
export function setUpRandom(page: PageTpm): void {
  onSubmit("random-form", "random", async (form) => {
    const count = Number(field(form, "count"));
    if (!Number.isInteger(count) || count < 1 || count > 1024) throw new RangeError("ask for 1 to 1024 bytes");
    const bytes = await tpmRandom(page, count);
    setText("random-bytes", toHex(bytes));
    byId("random-bytes").dataset.length = String(bytes.length);
  });
}
