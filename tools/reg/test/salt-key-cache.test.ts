// StartAuthSession reads a salting key's public area once (ReadPublic) and
// reuses it while the Name the context records for the handle is the one read:
// a second salted session on the same key sends no ReadPublic; after the key is
// flushed and another key takes its handle, the new key is read, and every
// salted session works (the TPM decrypts the salt with the key it holds).
import { createNodeCrypto } from "@tss/crypto-node";
import { type SendOptions, TPM_CC, TPM_ECC_CURVE, TPM_RH, TPMA_SESSION, type Transport } from "@tss/marshal";
import { MssimTransport } from "@tss/transport-mssim";
import { createTss, type Tss } from "@tss/tss";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type SwtpmProcess, startSwtpm } from "../src/swtpm.js";
import { startAuthSession } from "./support/sessions.js";
import { eccStorageKey } from "./support/templates.js";

let tpm: SwtpmProcess;
let tss: Tss;
const sent: number[] = [];

beforeAll(async () => {
  tpm = await startSwtpm();
  const inner = new MssimTransport({ host: tpm.host, port: tpm.port });
  // Records the command code of everything sent.
  const recorder: Transport = {
    send(command: Uint8Array, options?: SendOptions) {
      sent.push(new DataView(command.buffer, command.byteOffset).getUint32(6));
      return inner.send(command, options);
    },
    close: () => inner.close(),
  };
  tss = createTss({ transport: recorder, crypto: createNodeCrypto() });
}, 60_000);
afterAll(async () => {
  await tss?.close();
  await tpm?.stop();
});

const empty = new Uint8Array(0);
const primary = async (curveID: number) =>
  (
    await tss.createPrimary({
      primaryHandle: TPM_RH.OWNER,
      inSensitive: { sensitive: { userAuth: empty, data: empty } },
      inPublic: { publicArea: eccStorageKey(curveID) },
      outsideInfo: empty,
      creationPCR: [],
    })
  ).objectHandle;
const readPublics = () => sent.filter((cc) => cc === TPM_CC.ReadPublic).length;

/** A salted, encrypting session on `key`, used once (a response decrypted with its session key) and flushed. */
async function saltedSessionWorks(key: number): Promise<void> {
  const session = await startAuthSession(tss, { tpmKey: key, cipher: "aes128" });
  const attributes = TPMA_SESSION.continueSession | TPMA_SESSION.encrypt;
  const { randomBytes } = await tss.getRandom({ bytesRequested: 16 }, { sessions: [{ handle: session, attributes }] });
  expect(randomBytes.length).toBe(16);
  await tss.flushContext({ flushHandle: session });
}

it("reads a salting key once per Name: reused for the same key, read again for a key that took its handle", async () => {
  const first = await primary(TPM_ECC_CURVE.NIST_P256);
  const before = readPublics();
  await saltedSessionWorks(first);
  expect(readPublics()).toBe(before + 1);
  await saltedSessionWorks(first);
  await saltedSessionWorks(first);
  expect(readPublics()).toBe(before + 1);

  // Another key (another curve, so another public area and Name) in the same slot.
  await tss.flushContext({ flushHandle: first });
  const second = await primary(TPM_ECC_CURVE.NIST_P384);
  expect(second).toBe(first);
  await saltedSessionWorks(second);
  expect(readPublics()).toBe(before + 2);
  await saltedSessionWorks(second);
  expect(readPublics()).toBe(before + 2);
});
