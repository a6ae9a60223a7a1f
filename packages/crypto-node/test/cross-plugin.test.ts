/**
 * node:crypto, forge and WebCrypto must give identical bytes for every session
 * computation on the same random inputs (the one cross-plugin check of the three
 * plugins; it lives here because node:crypto runs only under Node): CROSS_PLUGIN_N each, a 2,000-input
 * slice by default so the suite stays fast; the full 10,000-input run is
 *   CROSS_PLUGIN_N=10000 npx vitest run --project crypto-node test/cross-plugin.test.ts
 */
import { forgeCrypto } from "@tss/crypto-forge";
import { nodeCrypto } from "@tss/crypto-node";
import { webCrypto } from "@tss/crypto-webcrypto";
import { type Crypto, TPM_ALG_ID, TPM_SE, TPMA_SESSION } from "@tss/marshal";
import {
  authorizeCommand,
  cfbKeyIv,
  commandHmac,
  cpHash,
  kdfA,
  kdfE,
  objectName,
  responseHmac,
  rpHash,
  type SessionState,
  sessionKey,
  verifyResponse,
  xorMask,
} from "@tss/session";
import { toHex, withFixedRandom } from "@tss/session/testkit";
import { describe, expect, it } from "vitest";

const N = Number(process.env.CROSS_PLUGIN_N ?? 2_000);
const HASHES = [TPM_ALG_ID.SHA1, TPM_ALG_ID.SHA256, TPM_ALG_ID.SHA384, TPM_ALG_ID.SHA512];
const SIZE: Record<number, number> = {
  [TPM_ALG_ID.SHA1]: 20,
  [TPM_ALG_ID.SHA256]: 32,
  [TPM_ALG_ID.SHA384]: 48,
  [TPM_ALG_ID.SHA512]: 64,
};

/** A seeded xorshift32 generator, so a failure can be replayed. */
function prng(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
  return {
    int: (n: number) => next() % n,
    bytes: (n: number) => {
      const b = new Uint8Array(n);
      for (let i = 0; i < n; i++) b[i] = next() & 0xff;
      return b;
    },
    pick: <T>(a: readonly T[]) => a[next() % a.length]!,
  };
}

/** Runs `f` on the three plugins for N seeds and compares the hex of the results. */
async function same(name: string, f: (c: Crypto, r: ReturnType<typeof prng>) => Promise<Uint8Array | Uint8Array[]>) {
  for (let i = 0; i < N; i++) {
    const seed = 0x9e3779b9 ^ (i * 2654435761);
    const hexOf = (v: Uint8Array | Uint8Array[]) => (Array.isArray(v) ? v.map(toHex).join("|") : toHex(v));
    const [a, b, c] = await Promise.all([
      f(nodeCrypto, prng(seed)),
      f(forgeCrypto, prng(seed)),
      f(webCrypto, prng(seed)),
    ]);
    if (hexOf(a) !== hexOf(b)) throw new Error(`${name}: node and forge differ at input #${i} (seed ${seed >>> 0})`);
    if (hexOf(a) !== hexOf(c))
      throw new Error(`${name}: node and WebCrypto differ at input #${i} (seed ${seed >>> 0})`);
  }
}

describe(`node:crypto, forge and WebCrypto agree on ${N} random inputs per session computation`, () => {
  it("KDFa", () =>
    same("KDFa", (c, r) =>
      kdfA(
        c,
        r.pick(HASHES),
        r.bytes(r.int(130)),
        r.pick(["ATH", "CFB", "XOR", "STORAGE"]),
        r.bytes(r.int(65)),
        r.bytes(r.int(65)),
        r.int(1200),
      ),
    ));
  it("KDFe", () =>
    same("KDFe", (c, r) =>
      kdfE(
        c,
        r.pick(HASHES),
        r.bytes(r.pick([32, 48, 66])),
        r.pick(["SECRET", "DUPLICATE", "IDENTITY"]),
        r.bytes(r.int(67)),
        r.bytes(r.int(67)),
        r.int(1200),
      ),
    ));
  it("XOR mask", () =>
    same("XOR mask", (c, r) =>
      xorMask(c, r.pick(HASHES), r.bytes(r.int(129)), r.bytes(r.int(65)), r.bytes(r.int(65)), r.int(300)),
    ));
  it("CFB key and IV", () =>
    same("CFB key/IV", async (c, r) => {
      const k = await cfbKeyIv(
        c,
        r.pick(HASHES),
        r.bytes(r.int(129)),
        r.bytes(r.int(65)),
        r.bytes(r.int(65)),
        r.pick([128, 192, 256]),
      );
      return [k.key, k.iv];
    }));
  it("AES-CFB both directions, all key sizes", () =>
    same("AES-CFB", async (c, r) => {
      const key = r.bytes(r.pick([16, 24, 32]));
      const iv = r.bytes(16);
      const data = r.bytes(r.int(200));
      const enc = await c.aesCfb(true, key, iv, data);
      const dec = await c.aesCfb(false, key, iv, data);
      expect(toHex(await c.aesCfb(false, key, iv, enc))).toBe(toHex(data));
      return [enc, dec];
    }));
  it("cpHash and rpHash", () =>
    same("cpHash/rpHash", async (c, r) => {
      const alg = r.pick(HASHES);
      const cc = 0x100 + r.int(0x100);
      const names = Array.from({ length: r.int(4) }, () => r.bytes(r.pick([4, 22, 34, 50, 66])));
      const p = r.bytes(r.int(300));
      return [await cpHash(c, alg, cc, names, p), await rpHash(c, alg, 0, cc, p)];
    }));
  it("command and response HMACs", () =>
    same("HMACs", async (c, r) => {
      const alg = r.pick(HASHES);
      const h = SIZE[alg]!;
      const key = r.bytes(r.int(129));
      const extra = Array.from({ length: r.int(3) }, () => r.bytes(h));
      return [
        await commandHmac(c, alg, key, r.bytes(h), r.bytes(h), r.bytes(h), extra, r.int(256)),
        await responseHmac(c, alg, key, r.bytes(h), r.bytes(h), r.bytes(h), r.int(256)),
      ];
    }));
  it("session keys and Names", () =>
    same("sessionKey/Name", async (c, r) => {
      const alg = r.pick(HASHES);
      const h = SIZE[alg]!;
      return [
        await sessionKey(c, alg, r.bytes(h), r.bytes(h), r.int(2) === 1, r.bytes(r.int(65)), r.bytes(r.int(2) * h)),
        await objectName(c, alg, r.bytes(r.int(400))),
      ];
    }));
  it("authorizeCommand with up to three sessions, then verifyResponse of a response made with the other plugin's HMAC", () =>
    same("authorize/verify", async (c, r) => {
      const count = 1 + r.int(3);
      const random: Uint8Array[] = [];
      let decryptDone = false;
      let encryptDone = false;
      const sessions = Array.from({ length: count }, (_, i) => {
        const alg = r.pick(HASHES);
        const h = SIZE[alg]!;
        const sym = r.pick([
          { algorithm: TPM_ALG_ID.AES, keyBits: r.pick([128, 192, 256]), mode: TPM_ALG_ID.CFB },
          { algorithm: TPM_ALG_ID.XOR, keyBits: alg, mode: TPM_ALG_ID.NULL },
          { algorithm: TPM_ALG_ID.NULL, keyBits: 0, mode: TPM_ALG_ID.NULL },
        ]);
        const policy = r.int(3) === 0;
        const state: SessionState = {
          handle: (policy ? 0x03000000 : 0x02000000) + i,
          sessionType: policy ? TPM_SE.POLICY : TPM_SE.HMAC,
          authHash: alg,
          symmetric: sym,
          sessionKey: r.bytes(r.int(2) * h),
          nonceCaller: r.bytes(h),
          nonceTPM: r.bytes(h),
          policyAuthValue: policy && r.int(2) === 1,
          policyPassword: false,
        };
        random.push(r.bytes(h));
        let attributes = TPMA_SESSION.continueSession;
        if (sym.algorithm !== TPM_ALG_ID.NULL && !decryptDone && r.int(2) === 1) {
          attributes |= TPMA_SESSION.decrypt;
          decryptDone = true;
        }
        if (sym.algorithm !== TPM_ALG_ID.NULL && !encryptDone && r.int(2) === 1) {
          attributes |= TPMA_SESSION.encrypt;
          encryptDone = true;
        }
        return {
          state,
          attributes,
          authValue: r.bytes(r.int(33)),
          ...(i < 2 && r.int(4) !== 0 ? { entityName: r.bytes(34) } : {}),
        };
      });
      const params = new Uint8Array([0, 40, ...r.bytes(40), ...r.bytes(r.int(20))]);
      const out = await authorizeCommand(withFixedRandom(c, random), {
        commandCode: 0x153,
        names: [r.bytes(34), r.bytes(4)],
        parameters: params,
        decryptable: true,
        sessions,
      });
      // A response whose HMACs are computed with forge: every plugin must accept it and decrypt alike.
      const respParams = new Uint8Array([0, 30, ...r.bytes(30), ...r.bytes(5)]);
      const authorizations = [];
      for (const [i, p] of out.pending.sessions.entries()) {
        const st = p.state!;
        const nonce = r.bytes(SIZE[st.authHash]!);
        const key = p.includeAuth ? new Uint8Array([...st.sessionKey, ...p.authValue]) : st.sessionKey;
        const rp = await rpHash(forgeCrypto, st.authHash, 0, 0x153, respParams);
        authorizations.push({
          nonce,
          sessionAttributes: sessions[i]!.attributes,
          hmac: await responseHmac(forgeCrypto, st.authHash, key, rp, nonce, st.nonceCaller, sessions[i]!.attributes),
        });
      }
      const v = await verifyResponse(c, out.pending, {
        responseCode: 0,
        parameters: respParams,
        authorizations,
        encryptable: true,
      });
      return [out.parameters, ...out.authorizations.map((a) => a.hmac), v.parameters];
    }));
});
