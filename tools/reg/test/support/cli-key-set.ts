/**
 * What the cli-keys suites share: runners that expect success, the handle of a
 * "Handle xxxxxxxx" line, node:crypto's check of a TPMT_SIGNATURE file, and a
 * fixture (inside a describe) with a private swtpm, the key set's storage
 * primary at 80000000 (platform hierarchy, password "sto", as IBM's
 * initkeys.sh makes it) and the transient objects tests leave flushed after
 * each (swtpm holds three).
 */
import * as nc from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TPM_ALG_ID, TPMT_SIGNATURE, unmarshal } from "@tss/marshal";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { flushTransients } from "./cli-known-keys.js";
import { type CliEnv, handleOf, tssOk as ok, startCliEnv } from "./cli-runner.js";

/** The key set's storage primary. */
export const PRIMARY = "80000000";

/** node:crypto's check of a TPMT_SIGNATURE file (RSASSA or ECDSA, SHA-256) over a message, with a PEM public key. */
export function verifiesWithPem(pem: string, message: Buffer, signatureFile: Buffer): boolean {
  const s = unmarshal(TPMT_SIGNATURE, new Uint8Array(signatureFile)) as { sigAlg: number; signature: any };
  const key = nc.createPublicKey(pem);
  if (s.sigAlg === TPM_ALG_ID.RSASSA) return nc.verify("sha256", message, key, s.signature.rsassa.sig);
  const size = key.asymmetricKeyDetails?.namedCurve === "secp384r1" ? 48 : 32;
  const pad = (b: Uint8Array) => Buffer.concat([Buffer.alloc(size - b.length), b]);
  const { signatureR, signatureS } = s.signature.ecdsa;
  return nc.verify(
    "sha256",
    message,
    { key, dsaEncoding: "ieee-p1363" },
    Buffer.concat([pad(signatureR), pad(signatureS)]),
  );
}

/** The fixture of a cli-keys suite; its members are valid inside tests. */
export interface KeySet {
  readonly cli: CliEnv;
  /** The signed message, also in msg.bin. */
  readonly message: Buffer;
  read(name: string): Buffer;
  write(name: string, data: string | Uint8Array): void;
}

/** Registers the hooks (call inside a describe): swtpm, msg.bin, zerosha256.bin, the primary; flushes after each test. */
export function keySetFixture(): KeySet {
  let cli: CliEnv | undefined;
  const message = Buffer.from("the message the keys sign");
  const current = () => {
    if (!cli) throw new Error("the key set fixture is not running");
    return cli;
  };
  const set: KeySet = {
    get cli() {
      return current();
    },
    message,
    read: (name) => readFileSync(join(current().dir, name)),
    write: (name, data) => writeFileSync(join(current().dir, name), data),
  };
  beforeAll(async () => {
    cli = await startCliEnv();
    set.write("msg.bin", message);
    set.write("zerosha256.bin", Buffer.alloc(32));
    const out = await ok(
      cli,
      "createprimary",
      "-hi",
      "p",
      "-pwdk",
      "sto",
      "-pol",
      "zerosha256.bin",
      "-tk",
      "pritk.bin",
    );
    expect(handleOf(out)).toBe(PRIMARY);
  }, 180_000);
  afterAll(async () => {
    await cli?.stop();
  });
  afterEach(async () => {
    await flushTransients(current(), [0x80000000]);
  });
  return set;
}
