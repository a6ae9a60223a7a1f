import { TPM_RC, TpmError, type Transport } from "@tss/marshal";
import { createTss } from "@tss/tss";
import { expect, it } from "vitest";

const warning = (rc: number) => Uint8Array.of(0x80, 0x01, 0, 0, 0, 10, 0, 0, rc >> 8, rc & 0xff);
const ok = Uint8Array.of(0x80, 0x01, 0, 0, 0, 14, 0, 0, 0, 0, 0, 2, 0xab, 0xcd);

function scripted(responses: Uint8Array[]): Transport & { sent: number } {
  const t = {
    sent: 0,
    async send() {
      const r = responses[Math.min(t.sent, responses.length - 1)]!;
      t.sent++;
      return r;
    },
    async close() {},
  };
  return t;
}

it("resends a command the TPM answers with TPM_RC_RETRY, YIELDED or TESTING", async () => {
  const t = scripted([warning(TPM_RC.RETRY), warning(TPM_RC.YIELDED), warning(TPM_RC.TESTING), ok]);
  const tss = createTss({ transport: t });
  expect((await tss.getRandom({ bytesRequested: 2 })).randomBytes).toEqual(Uint8Array.of(0xab, 0xcd));
  expect(t.sent).toBe(4);
});

it("gives up after a bounded number of retries with the TPM's warning", async () => {
  const t = scripted([warning(TPM_RC.RETRY)]);
  const tss = createTss({ transport: t });
  const err = await tss.getRandom({ bytesRequested: 2 }).catch((e) => e);
  expect(err).toBeInstanceOf(TpmError);
  expect((err as TpmError).responseCode).toBe(TPM_RC.RETRY);
  expect(t.sent).toBe(6);
});

it("does not retry other warnings", async () => {
  const t = scripted([warning(TPM_RC.LOCKOUT), ok]);
  const tss = createTss({ transport: t });
  await expect(tss.getRandom({ bytesRequested: 2 })).rejects.toBeInstanceOf(TpmError);
  expect(t.sent).toBe(1);
});

it("refuses a command longer than maxCommandSize before sending it", async () => {
  const t = scripted([ok]);
  const tss = createTss({ transport: t, maxCommandSize: 64 });
  const err = await tss.stirRandom({ inData: new Uint8Array(100) }).catch((e) => e);
  expect(err.code).toBe("BAD_PARAMETER");
  expect(t.sent).toBe(0);
});
