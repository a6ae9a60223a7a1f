// plugin-support's SHA-256 and HMAC-SHA-256: the FIPS 180-4 and RFC 4231 known
// answers, and node:crypto's answers for every length around the block and
// padding boundaries and for keys shorter than, equal to and longer than a block.
import { createHash, createHmac, randomBytes } from "node:crypto";
import { HmacSha256, sha256 } from "@tss/marshal/plugin-support";
import { describe, expect, it } from "vitest";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const text = (s: string) => new TextEncoder().encode(s);

describe("plugin-support sha256", () => {
  it("gives the FIPS 180-4 example digests", () => {
    expect(hex(sha256(text("")))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(hex(sha256(text("abc")))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(hex(sha256(text("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")))).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
  });

  it("equals node:crypto for every length from 0 to 300 octets, and for 4 KiB and 64 KiB + 3", () => {
    for (const n of [...Array.from({ length: 301 }, (_, i) => i), 4096, 65539]) {
      const data = new Uint8Array(randomBytes(n));
      expect(hex(sha256(data)), `${n} octets`).toBe(createHash("sha256").update(data).digest("hex"));
    }
  });

  it("leaves its input unchanged and gives a fresh array each time", () => {
    const data = new Uint8Array(randomBytes(100));
    const copy = data.slice();
    const a = sha256(data);
    const b = sha256(data);
    expect(data).toEqual(copy);
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
    expect(a.buffer).not.toBe(b.buffer);
  });
});

describe("plugin-support HmacSha256", () => {
  it("gives the RFC 4231 answers (test cases 1, 2 and 6)", () => {
    const case1 = new HmacSha256(new Uint8Array(20).fill(0x0b)).mac(text("Hi There"));
    expect(hex(case1)).toBe("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    const case2 = new HmacSha256(text("Jefe")).mac(text("what do ya want for nothing?"));
    expect(hex(case2)).toBe("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    const case6 = new HmacSha256(new Uint8Array(131).fill(0xaa)).mac(
      text("Test Using Larger Than Block-Size Key - Hash Key First"),
    );
    expect(hex(case6)).toBe("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  });

  it("equals node:crypto for keys of 0 to 200 octets and messages around the block boundaries, MAC after MAC", () => {
    for (const keyLength of [0, 1, 31, 32, 63, 64, 65, 128, 200]) {
      const key = new Uint8Array(randomBytes(keyLength));
      const hmac = new HmacSha256(key);
      for (const n of [0, 1, 32, 55, 56, 63, 64, 65, 97, 119, 120, 128, 1000, 4096]) {
        const data = new Uint8Array(randomBytes(n));
        expect(hex(hmac.mac(data)), `key ${keyLength}, data ${n}`).toBe(
          createHmac("sha256", key).update(data).digest("hex"),
        );
      }
    }
  });

  it("does not keep the key: changing the key array after keying changes nothing", () => {
    const key = new Uint8Array(randomBytes(32));
    const expected = createHmac("sha256", key).update(text("data")).digest("hex");
    const hmac = new HmacSha256(key);
    key.fill(0);
    expect(hex(hmac.mac(text("data")))).toBe(expected);
  });
});

describe("plugin-support sha256 and HmacSha256 on bad input", () => {
  it("refuse anything but a Uint8Array with TssError BAD_PARAMETER", () => {
    for (const bad of ["abc", [1, 2, 3], undefined, null, 7, new ArrayBuffer(4)]) {
      expect(() => sha256(bad as never)).toThrow(expect.objectContaining({ name: "TssError", code: "BAD_PARAMETER" }));
      expect(() => new HmacSha256(bad as never)).toThrow(
        expect.objectContaining({ name: "TssError", code: "BAD_PARAMETER" }),
      );
      expect(() => new HmacSha256(new Uint8Array(4)).mac(bad as never)).toThrow(
        expect.objectContaining({ name: "TssError", code: "BAD_PARAMETER" }),
      );
    }
  });
});
