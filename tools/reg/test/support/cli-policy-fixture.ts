/**
 * The shared set-up of the cli-policy suites: one private swtpm (startCliEnv)
 * with a storage primary and a secret to seal, the Part 3 digest arithmetic
 * (node:crypto), and helpers that start sessions, seal objects under a policy,
 * and flush every session and object a flow made after each test (swtpm holds
 * three of each at once).
 */
import * as nc from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { type CliEnv, handleOf, tssOk as ok, startCliEnv } from "./cli-runner.js";

/** An all-zero SHA-256 policy digest (a fresh session's). */
export const ZERO = Buffer.alloc(32);

/** SHA-256 of the concatenation. */
export function sha256(...parts: (Buffer | Uint8Array)[]): Buffer {
  const h = nc.createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest();
}
/** A big-endian UINT32. */
export const u32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v >>> 0);
  return b;
};
/** A big-endian UINT16. */
export const u16 = (v: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(v);
  return b;
};

/** Expects a failure whose text names the TPM response code `rcName`. */
export function expectFailure(r: { code: number; out: string; err: string }, rcName: RegExp) {
  expect(r.code).not.toBe(0);
  expect(`${r.out}${r.err}`).toMatch(rcName);
}

/** Registers the suite's hooks (call inside describe) and returns the helpers; `cli` and `primary` are set in beforeAll. */
export function policyFixture() {
  const f = {
    cli: undefined as unknown as CliEnv,
    primary: "",
    live: new Set<string>(),
    file: (name: string) => join(f.cli.dir, name),
    read: (name: string) => readFileSync(f.file(name)),
    write: (name: string, data: string | Uint8Array) => writeFileSync(f.file(name), data),
    /** Flushes handles now. */
    async flush(...handles: string[]) {
      for (const h of handles) {
        await ok(f.cli, "flushcontext", "-ha", h);
        f.live.delete(h);
      }
    },
    /** Records a handle for the after-each flush and returns it. */
    track(h: string) {
      f.live.add(h);
      return h;
    },
    /** Starts a session (-se p, t or h) and returns its handle. */
    async session(type: "p" | "t" | "h", ...more: string[]) {
      return f.track(handleOf(await ok(f.cli, "startauthsession", "-se", type, ...more)));
    },
    /** Runs `steps` in a trial session, saves the digest in `out` and returns it. */
    async trial(out: string, steps: (s: string) => Promise<void>) {
      const s = await f.session("t");
      await steps(s);
      await ok(f.cli, "policygetdigest", "-ha", s, "-of", out);
      await f.flush(s);
      return f.read(out);
    },
    /** Writes a policy digest computed here (the Part 3 formula) to `name` and returns it. */
    policyFile(name: string, digest: Buffer) {
      f.write(name, digest);
      return digest;
    },
    /** A sealed data object under the storage primary whose authPolicy is the file `policy`; returns its handle. */
    async sealed(name: string, policy: string) {
      const files = ["-opr", `${name}.priv`, "-opu", `${name}.pub`];
      await ok(f.cli, "create", "-hp", f.primary, "-bl", "-if", "secret.txt", "-pol", policy, "-uwa", ...files);
      return f.track(
        handleOf(await ok(f.cli, "load", "-hp", f.primary, "-ipr", `${name}.priv`, "-ipu", `${name}.pub`)),
      );
    },
    /** Unseals with policy session `s` (continue): the exit status and output. */
    unseal(h: string, s: string) {
      return f.cli.tss("unseal", "-ha", h, "-of", "unsealed.bin", "-se0", s, "01");
    },
  };
  beforeAll(async () => {
    f.cli = await startCliEnv();
    await ok(f.cli, "powerup");
    await ok(f.cli, "startup");
    f.primary = handleOf(await ok(f.cli, "createprimary", "-hi", "o", "-st"));
    f.write("secret.txt", "policy-protected secret");
  }, 60_000);
  afterAll(async () => {
    await f.cli?.stop();
  });
  afterEach(async () => {
    for (const h of f.live) await f.cli.tss("flushcontext", "-ha", h);
    f.live.clear();
  });
  return f;
}
