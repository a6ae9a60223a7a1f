// The zero-configuration entry: properties from the environment, the transport
// and crypto plugins loaded by dynamic import; a missing plugin is named.
import { TPM_ALG_ID, TPM_RH, TPM_SE, TPMA_SESSION, TssError } from "@tss/marshal";
import { openTss, requirePlugin } from "@tss/tss";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Swtpm, startSwtpm } from "../src/index.js";

let tpm: Swtpm;
beforeAll(async () => {
  tpm = await startSwtpm();
});
afterAll(async () => {
  await tpm.stop();
});

it("openTss() reads TPM_* from the environment and loads @tss/transport-mssim and a crypto plugin", async () => {
  const env = {
    TPM_INTERFACE_TYPE: "socsim",
    TPM_SERVER_NAME: "127.0.0.1",
    TPM_COMMAND_PORT: String(tpm.port),
    TPM_PLATFORM_PORT: String(tpm.ctrlPort),
    TPM_SERVER_TYPE: "mssim",
  };
  await using tss = await openTss({ env });
  expect(tss.properties.get("TPM_COMMAND_PORT")).toBe(String(tpm.port));
  expect(tss.crypto).toBeDefined();
  expect((await tss.getRandom({ bytesRequested: 12 })).randomBytes).toHaveLength(12);
  // A crypto plugin was found, so an encrypting HMAC session works with zero configuration.
  const e = new Uint8Array(0);
  const { sessionHandle } = await tss.startAuthSession({
    tpmKey: TPM_RH.NULL,
    bind: TPM_RH.NULL,
    nonceCaller: e,
    encryptedSalt: e,
    sessionType: TPM_SE.HMAC,
    symmetric: { algorithm: TPM_ALG_ID.AES, keyBits: { aes: 128 }, mode: { aes: TPM_ALG_ID.CFB } },
    authHash: TPM_ALG_ID.SHA256,
  });
  const out = await tss.getRandom(
    { bytesRequested: 8 },
    { sessions: [{ handle: sessionHandle, attributes: TPMA_SESSION.continueSession | TPMA_SESSION.encrypt }] },
  );
  expect(out.randomBytes).toHaveLength(8);
  await tss.flushContext({ flushHandle: sessionHandle });
  // setProperty on a connection property closes the connection; the next command reconnects.
  await tss.setProperty("TPM_COMMAND_PORT", String(tpm.port));
  expect((await tss.getRandom({ bytesRequested: 4 })).randomBytes).toHaveLength(4);
});

it("an invalid environment variable fails creation with BAD_PROPERTY", async () => {
  await expect(openTss({ env: { TPM_SERVER_TYPE: "carrier-pigeon" } })).rejects.toMatchObject({ code: "BAD_PROPERTY" });
});

it("a missing plugin package is named in a PLUGIN_MISSING error", async () => {
  const err = await requirePlugin("@tss/transport-not-installed", "TPM_INTERFACE_TYPE=test").catch((e) => e);
  expect(err).toBeInstanceOf(TssError);
  expect((err as TssError).code).toBe("PLUGIN_MISSING");
  expect((err as TssError).message).toContain("npm install @tss/transport-not-installed");
});
