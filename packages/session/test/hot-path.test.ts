// The per-command path's shortcuts must not change a byte: pooled message arrays
// are never reused while a crypto call may still read them (a crypto that reads
// its input late, calls in flight together), a remembered cpHash is given only
// for the very same message, and rolled session states keep every field.
import { createHash, createHmac } from "node:crypto";
import type { Crypto } from "@tss/marshal";
import { TPM_ALG_ID, TPM_SE } from "@tss/marshal";
import { describe, expect, it } from "vitest";
import { extendAuditDigest } from "../src/audit.js";
import { kdfA } from "../src/kdf/kdfa.js";
import { cpHash, rpHash } from "../src/parameter-hash.js";
import { commandHmac, responseHmac } from "../src/session-hmac.js";
import { rolledState, type SessionState } from "../src/session-state.js";
import { nodeCrypto } from "./node-crypto.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);
const u32 = (v: number) => Buffer.from([v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]);
const sha256 = (...parts: Uint8Array[]) => hex(createHash("sha256").update(Buffer.concat(parts)).digest());
const hmac256 = (key: Uint8Array, ...parts: Uint8Array[]) =>
  hex(createHmac("sha256", key).update(Buffer.concat(parts)).digest());

/**
 * A crypto that reads its input only after `delay` ms (as a plugin working off
 * the main thread might): a message array reused before the call settled would
 * give a wrong digest. Counts its hash calls.
 */
function lateReader(delay: number): Crypto & { hashes: number } {
  const late = <T>(read: () => T): Promise<T> => new Promise((r) => setTimeout(() => r(read()), delay));
  const c = {
    ...nodeCrypto,
    hashes: 0,
    hash(alg: number, data: Uint8Array) {
      c.hashes++;
      return late(() => nodeCrypto.hash(alg, data)).then((p) => p);
    },
    hmac(alg: number, key: Uint8Array, data: Uint8Array) {
      return late(() => nodeCrypto.hmac(alg, key, data)).then((p) => p);
    },
  };
  return c;
}

describe("pooled message arrays", () => {
  it("are not reused while calls that read late are in flight: 40 concurrent hashes and HMACs all equal node:crypto", async () => {
    const crypto = lateReader(5);
    const key = bytes(32, 7);
    const jobs: { got: Promise<Uint8Array>; want: string }[] = [];
    for (let i = 0; i < 10; i++) {
      const cp = bytes(32, i);
      const nc = bytes(32, 100 + i);
      const nt = bytes(32, 200 + i);
      const params = bytes(20 + i, 50 + i);
      jobs.push({
        got: commandHmac(crypto, TPM_ALG_ID.SHA256, key, cp, nc, nt, [], 0x21),
        want: hmac256(key, cp, nc, nt, Uint8Array.of(0x21)),
      });
      jobs.push({
        got: responseHmac(crypto, TPM_ALG_ID.SHA256, key, cp, nt, nc, 0x01),
        want: hmac256(key, cp, nt, nc, Uint8Array.of(0x01)),
      });
      jobs.push({
        got: rpHash(crypto, TPM_ALG_ID.SHA256, 0, 0x17b + i, params),
        want: sha256(u32(0), u32(0x17b + i), params),
      });
      jobs.push({
        got: extendAuditDigest(crypto, TPM_ALG_ID.SHA256, cp, nc, nt),
        want: sha256(cp, nc, nt),
      });
    }
    const got = await Promise.all(jobs.map((j) => j.got));
    got.forEach((g, i) => {
      expect(hex(g), `job ${i}`).toBe(jobs[i]!.want);
    });
  });

  it("KDFa over several blocks reading late, two in flight, equals the single-call result", async () => {
    const late = lateReader(3);
    const key = bytes(32, 1);
    const u = bytes(32, 2);
    const v = bytes(32, 3);
    const [a, b] = await Promise.all([
      kdfA(late, TPM_ALG_ID.SHA256, key, "XOR", u, v, 1000 * 8),
      kdfA(late, TPM_ALG_ID.SHA256, key, "CFB", v, u, 300 * 8),
    ]);
    expect(hex(a)).toBe(hex(await kdfA(nodeCrypto, TPM_ALG_ID.SHA256, key, "XOR", u, v, 1000 * 8)));
    expect(hex(b)).toBe(hex(await kdfA(nodeCrypto, TPM_ALG_ID.SHA256, key, "CFB", v, u, 300 * 8)));
  });

  it("a crypto that throws or rejects leaves later messages intact", async () => {
    const failing: Crypto = {
      ...nodeCrypto,
      hmac: () => {
        throw new Error("sync failure");
      },
      hash: () => Promise.reject(new Error("async failure")),
    };
    const key = bytes(16, 9);
    const cp = bytes(32, 4);
    await expect(commandHmac(failing, TPM_ALG_ID.SHA256, key, cp, cp, cp, [], 1)).rejects.toThrow("sync failure");
    await expect(rpHash(failing, TPM_ALG_ID.SHA256, 0, 1, cp)).rejects.toThrow("async failure");
    expect(hex(await commandHmac(nodeCrypto, TPM_ALG_ID.SHA256, key, cp, cp, cp, [], 1))).toBe(
      hmac256(key, cp, cp, cp, Uint8Array.of(1)),
    );
  });
});

describe("the remembered cpHash", () => {
  it("is reused only for the same algorithm, code, Names and parameters, and hands out copies", async () => {
    const crypto = lateReader(0);
    const names = [bytes(34, 1), bytes(34, 2)];
    const params = bytes(8, 3);
    const first = await cpHash(crypto, TPM_ALG_ID.SHA256, 0x14e, names, params);
    expect(hex(first)).toBe(sha256(u32(0x14e), names[0]!, names[1]!, params));
    expect(crypto.hashes).toBe(1);
    first.fill(0); // a caller's change to its copy does not reach the remembered digest
    const again = await cpHash(crypto, TPM_ALG_ID.SHA256, 0x14e, names, params);
    expect(hex(again)).toBe(sha256(u32(0x14e), names[0]!, names[1]!, params));
    expect(crypto.hashes).toBe(1);
    const other = [
      [TPM_ALG_ID.SHA256, 0x14f, names, params],
      [TPM_ALG_ID.SHA256, 0x14e, [names[0]!, bytes(34, 9)], params],
      [TPM_ALG_ID.SHA256, 0x14e, names, bytes(8, 4)],
      [TPM_ALG_ID.SHA384, 0x14e, names, params],
    ] as const;
    for (const [alg, code, n, p] of other) {
      const d = await cpHash(crypto, alg, code, n, p);
      const want = createHash(alg === TPM_ALG_ID.SHA384 ? "sha384" : "sha256")
        .update(Buffer.concat([u32(code), ...n, p]))
        .digest("hex");
      expect(hex(d)).toBe(want);
    }
    expect(crypto.hashes).toBe(5);
  });
});

describe("rolledState", () => {
  const base: SessionState = {
    handle: 0x02000001,
    sessionType: TPM_SE.POLICY,
    authHash: TPM_ALG_ID.SHA256,
    symmetric: { algorithm: TPM_ALG_ID.AES, keyBits: 128, mode: TPM_ALG_ID.CFB },
    sessionKey: bytes(32, 1),
    nonceCaller: bytes(32, 2),
    nonceTPM: bytes(32, 3),
    bindName: bytes(34, 4),
    bindAuth: bytes(4, 5),
    bindAuthUncertain: true,
    policyAuthValue: true,
    policyPassword: false,
  };

  it("changes only what it is told and keeps every other field", () => {
    const nonceCaller = bytes(32, 9);
    expect(rolledState(base, { nonceCaller })).toStrictEqual({ ...base, nonceCaller });
    const auditDigest = bytes(32, 8);
    const nonceTPM = bytes(32, 7);
    expect(rolledState(base, { nonceTPM, auditDigest })).toStrictEqual({ ...base, nonceTPM, auditDigest });
  });

  it("unbinds and resets the policy flags when told, without leaving undefined fields", () => {
    const next = rolledState(base, { unbind: true, resetPolicy: true });
    expect("bindName" in next || "bindAuth" in next).toBe(false);
    const { bindName: _n, bindAuth: _a, ...rest } = base;
    expect(next).toStrictEqual({ ...rest, policyAuthValue: false, policyPassword: false });
    const plain: SessionState = { ...rest, sessionType: TPM_SE.HMAC, bindAuthUncertain: undefined };
    const { bindAuthUncertain: _u, ...noUndefined } = plain;
    expect(rolledState(plain, {})).toStrictEqual(noUndefined);
  });
});
