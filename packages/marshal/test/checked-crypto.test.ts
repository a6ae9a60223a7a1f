// plugin-support's checkedCrypto: inputs of the wrong type are rejected with
// TssError BAD_PARAMETER before the plugin's code runs; good inputs reach it; one
// wrapper per member function, so a function shared by two Crypto objects stays one.
import type { Crypto } from "@tss/marshal";
import { checkedCrypto } from "@tss/marshal/plugin-support";
import { describe, expect, it } from "vitest";

const tssError = (code: string) => expect.objectContaining({ name: "TssError", code });

/** A Crypto that records which members ran; verifyRsa is one function shared by every instance. */
const calls: string[] = [];
async function sharedVerifyRsa(): Promise<boolean> {
  calls.push("verifyRsa");
  return true;
}
function recordingCrypto(): Crypto {
  const ran =
    <T>(name: string, value: T) =>
    async () => {
      calls.push(name);
      return value;
    };
  return {
    sync: {
      hash: () => new Uint8Array(32),
      hmac: () => new Uint8Array(32),
      aesCfb: (_e, _k, _i, d) => d,
    },
    randomBytes: (n) => new Uint8Array(n),
    hash: ran("hash", new Uint8Array(32)),
    hmac: ran("hmac", new Uint8Array(32)),
    aesCfb: ran("aesCfb", new Uint8Array(0)),
    rsaOaepEncrypt: ran("rsaOaepEncrypt", new Uint8Array(256)),
    ecdhEphemeral: ran("ecdhEphemeral", {
      z: new Uint8Array(32),
      ephemeral: { x: new Uint8Array(32), y: new Uint8Array(32) },
    }),
    verifyRsa: sharedVerifyRsa,
  };
}

describe("plugin-support checkedCrypto", () => {
  it("rejects inputs of the wrong type with BAD_PARAMETER, and the plugin's member never runs", async () => {
    calls.length = 0;
    const c = checkedCrypto(recordingCrypto());
    const n = new Uint8Array(256).fill(0xff);
    await expect(c.hash(0xb, "abc" as never)).rejects.toThrow(tssError("BAD_PARAMETER"));
    await expect(c.hmac(0xb, [1] as never, new Uint8Array(1))).rejects.toThrow(tssError("BAD_PARAMETER"));
    await expect(c.aesCfb(true, new Uint8Array(16), null as never, new Uint8Array(1))).rejects.toThrow(
      tssError("BAD_PARAMETER"),
    );
    await expect(c.rsaOaepEncrypt({ n, e: 4 }, 0xb, new Uint8Array(0), new Uint8Array(1))).rejects.toThrow(
      tssError("BAD_PARAMETER"),
    );
    await expect(c.ecdhEphemeral(3, { x: new Uint8Array(32), y: "y" as never })).rejects.toThrow(
      tssError("BAD_PARAMETER"),
    );
    await expect(c.verifyRsa!({ n, e: 3 }, null as never, new Uint8Array(32), new Uint8Array(256))).rejects.toThrow(
      tssError("BAD_PARAMETER"),
    );
    expect(() => c.randomBytes(-1)).toThrow(tssError("BAD_PARAMETER"));
    expect(() => c.sync!.hash(0xb, "abc" as never)).toThrow(tssError("BAD_PARAMETER"));
    expect(calls).toEqual([]);
  });

  it("hands good inputs to the plugin's members", async () => {
    calls.length = 0;
    const c = checkedCrypto(recordingCrypto());
    const n = new Uint8Array(256).fill(0xff);
    await c.hash(0xb, new Uint8Array(1));
    await c.rsaOaepEncrypt({ n, e: 0 }, 0xb, new Uint8Array(0), new Uint8Array(1));
    expect(await c.verifyRsa!({ n, e: 65537 }, { scheme: "RSASSA", hashAlg: 0xb }, new Uint8Array(32), n)).toBe(true);
    expect(calls).toEqual(["hash", "rsaOaepEncrypt", "verifyRsa"]);
  });

  it("gives a member function shared by two Crypto objects one wrapper", () => {
    const a = checkedCrypto(recordingCrypto());
    const b = checkedCrypto(recordingCrypto());
    expect(a.verifyRsa).toBe(b.verifyRsa);
    expect(a.hash).not.toBe(b.hash);
    expect(a.verifyEcdsa).toBeUndefined();
  });
});
