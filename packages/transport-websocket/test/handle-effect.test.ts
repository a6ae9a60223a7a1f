// handleEffect and HandleOwners on hand-built command and response frames
// (Part 1 and Part 3 layouts): which handles a command created and ended; an
// unreadable frame has no effect and never throws.
import { TPM_CC, TPM_RH, TPM_ST } from "@tss/marshal";
import { describe, expect, it } from "vitest";
import { HandleOwners, handleEffect } from "../src/server/index.js";

/** Concatenates big-endian fields: [value, octets] pairs and raw byte arrays. */
function bytes(...parts: ([number, 1 | 2 | 4] | Uint8Array)[]): Uint8Array {
  const out: number[] = [];
  for (const p of parts) {
    if (p instanceof Uint8Array) out.push(...p);
    else for (let i = p[1] - 1; i >= 0; i--) out.push((p[0] >>> (8 * i)) & 0xff);
  }
  return new Uint8Array(out);
}

/** A command frame: header with the right size, then the body. */
function command(tag: number, code: number, ...body: ([number, 1 | 2 | 4] | Uint8Array)[]): Uint8Array {
  const b = bytes(...body);
  return bytes([tag, 2], [10 + b.length, 4], [code, 4], b);
}

/** A response frame: header with the right size and the response code, then the body. */
function response(tag: number, rc: number, ...body: ([number, 1 | 2 | 4] | Uint8Array)[]): Uint8Array {
  const b = bytes(...body);
  return bytes([tag, 2], [10 + b.length, 4], [rc, 4], b);
}

/** One command session: handle, empty nonce, attributes, empty hmac (9 octets). */
const session = (handle: number, attributes: number) => bytes([handle, 4], [0, 2], [attributes, 1], [0, 2]);
/** One response session: empty nonce, attributes, empty hmac (5 octets). */
const responseSession = (attributes: number) => bytes([0, 2], [attributes, 1], [0, 2]);

const PW = session(TPM_RH.PW, 0x01);

describe("handleEffect", () => {
  it("CreatePrimary: the response handle is created; a failed one creates nothing", () => {
    // CreatePrimary(primaryHandle OWNER) with a password session; the body after it is not read.
    const cmd = command(TPM_ST.SESSIONS, TPM_CC.CreatePrimary, [TPM_RH.OWNER, 4], [PW.length, 4], PW, [0, 2]);
    const ok = response(TPM_ST.SESSIONS, 0, [0x80000000, 4], [2, 4], [0, 2], responseSession(0x01));
    expect(handleEffect(cmd, ok)).toEqual({ created: [0x80000000], ended: [] });
    expect(handleEffect(cmd, response(TPM_ST.NO_SESSIONS, 0x902))).toEqual({ created: [], ended: [] });
  });

  it("StartAuthSession and ContextLoad create their handle; HashSequenceStart its sequence", () => {
    const start = command(TPM_ST.NO_SESSIONS, TPM_CC.StartAuthSession, [TPM_RH.NULL, 4], [TPM_RH.NULL, 4]);
    expect(handleEffect(start, response(TPM_ST.NO_SESSIONS, 0, [0x02000001, 4], [0, 2])).created).toEqual([0x02000001]);
    const load = command(TPM_ST.NO_SESSIONS, TPM_CC.ContextLoad, [0, 4]);
    expect(handleEffect(load, response(TPM_ST.NO_SESSIONS, 0, [0x03000002, 4])).created).toEqual([0x03000002]);
    const seq = command(TPM_ST.NO_SESSIONS, TPM_CC.HashSequenceStart, [0, 2], [0x000b, 2]);
    expect(handleEffect(seq, response(TPM_ST.NO_SESSIONS, 0, [0x80000005, 4])).created).toEqual([0x80000005]);
  });

  it("FlushContext ends its flushHandle (a parameter); EvictControl and ContextSave end nothing", () => {
    const flush = command(TPM_ST.NO_SESSIONS, TPM_CC.FlushContext, [0x80000003, 4]);
    expect(handleEffect(flush, response(TPM_ST.NO_SESSIONS, 0))).toEqual({ created: [], ended: [0x80000003] });
    expect(handleEffect(flush, response(TPM_ST.NO_SESSIONS, 0x18b))).toEqual({ created: [], ended: [] });
    const evict = command(
      TPM_ST.SESSIONS,
      TPM_CC.EvictControl,
      [TPM_RH.OWNER, 4],
      [0x80000003, 4],
      [PW.length, 4],
      PW,
      [0x81000001, 4],
    );
    expect(handleEffect(evict, response(TPM_ST.SESSIONS, 0, [0, 4], responseSession(1)))).toEqual({
      created: [],
      ended: [],
    });
    const save = command(TPM_ST.NO_SESSIONS, TPM_CC.ContextSave, [0x02000001, 4]);
    expect(handleEffect(save, response(TPM_ST.NO_SESSIONS, 0, new Uint8Array(8)))).toEqual({ created: [], ended: [] });
  });

  it("a session used without continueSession ends with the command; with it, it goes on", () => {
    const s = session(0x02000004, 0x00);
    const unseal = command(TPM_ST.SESSIONS, TPM_CC.Unseal, [0x80000001, 4], [s.length, 4], s);
    const answer = (attributes: number) =>
      response(TPM_ST.SESSIONS, 0, [4, 4], [2, 2], [0xabcd, 2], responseSession(attributes));
    expect(handleEffect(unseal, answer(0x00)).ended).toEqual([0x02000004]);
    // The response's attributes decide; an unreadable response session area falls back to the command's.
    expect(handleEffect(unseal, answer(0x01)).ended).toEqual([]);
    const cut = response(TPM_ST.SESSIONS, 0, [4, 4], [2, 2], [0xabcd, 2]);
    expect(handleEffect(unseal, cut).ended).toEqual([0x02000004]);
    // The password session is not a handle to track.
    const pw = session(TPM_RH.PW, 0x00);
    const withPw = command(TPM_ST.SESSIONS, TPM_CC.Unseal, [0x80000001, 4], [pw.length, 4], pw);
    expect(handleEffect(withPw, answer(0x00)).ended).toEqual([]);
  });

  it("SequenceComplete and EventSequenceComplete end the sequence handle", () => {
    const complete = command(TPM_ST.SESSIONS, TPM_CC.SequenceComplete, [0x80000007, 4], [PW.length, 4], PW);
    expect(handleEffect(complete, response(TPM_ST.SESSIONS, 0, [0, 4], responseSession(1))).ended).toEqual([
      0x80000007,
    ]);
    const both = bytes(PW, PW);
    const event = command(
      TPM_ST.SESSIONS,
      TPM_CC.EventSequenceComplete,
      [0x00000010, 4],
      [0x80000008, 4],
      [both.length, 4],
      both,
    );
    expect(
      handleEffect(event, response(TPM_ST.SESSIONS, 0, [0, 4], responseSession(1), responseSession(1))).ended,
    ).toEqual([0x80000008]);
  });

  it("Startup: CLEAR resets all, STATE the transient objects", () => {
    const ok = response(TPM_ST.NO_SESSIONS, 0);
    expect(handleEffect(command(TPM_ST.NO_SESSIONS, TPM_CC.Startup, [0, 2]), ok).reset).toBe("all");
    expect(handleEffect(command(TPM_ST.NO_SESSIONS, TPM_CC.Startup, [1, 2]), ok).reset).toBe("objects");
  });

  it("unreadable frames have no effect and never throw", () => {
    const none = { created: [], ended: [] };
    const ok = response(TPM_ST.NO_SESSIONS, 0, [0x80000000, 4]);
    const load = command(TPM_ST.NO_SESSIONS, TPM_CC.ContextLoad, [0, 4]);
    expect(handleEffect(new Uint8Array(0), ok)).toEqual(none);
    expect(handleEffect(load, new Uint8Array(3))).toEqual(none);
    expect(handleEffect(load, ok.subarray(0, 12))).toEqual(none); // size field says 14
    expect(handleEffect(command(TPM_ST.NO_SESSIONS, 0x2ffff), ok)).toEqual(none); // unknown command
    expect(handleEffect(command(0x1234, TPM_CC.ContextLoad), ok)).toEqual(none); // bad tag
    // An authorization size past the end of the command.
    const bad = command(TPM_ST.SESSIONS, TPM_CC.Unseal, [0x80000001, 4], [200, 4], PW);
    expect(handleEffect(bad, ok)).toEqual(none);
    // Random frames: never a throw.
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed >>> 24;
    };
    for (let i = 0; i < 2000; i++) {
      const c = Uint8Array.from({ length: rnd() % 40 }, rnd);
      const r = Uint8Array.from({ length: rnd() % 40 }, rnd);
      if (c.length >= 10) new DataView(c.buffer).setUint32(6, [TPM_CC.Unseal, TPM_CC.FlushContext][i % 2]!);
      expect(() => handleEffect(c, r)).not.toThrow();
    }
  });
});

describe("HandleOwners", () => {
  it("a handle belongs to the client that created it last; ended and reset handles are forgotten", () => {
    const owners = new HandleOwners();
    owners.apply(1, { created: [0x80000000, 0x02000000], ended: [] });
    owners.apply(2, { created: [0x80000001], ended: [] });
    // Client 2 flushes client 1's object, then the TPM hands the number to client 2.
    owners.apply(2, { created: [], ended: [0x80000000] });
    owners.apply(2, { created: [0x80000000], ended: [] });
    expect(owners.heldBy(1)).toEqual([0x02000000]);
    expect(owners.heldBy(2)).toEqual([0x80000001, 0x80000000]);
    owners.apply(3, { created: [], ended: [], reset: "objects" });
    expect(owners.heldBy(2)).toEqual([]);
    expect(owners.heldBy(1)).toEqual([0x02000000]);
    owners.apply(3, { created: [], ended: [], reset: "all" });
    expect(owners.heldBy(1)).toEqual([]);
  });
});
