/**
 * Round-trip properties that types-roundtrip.test.ts and commands.test.ts leave out:
 *
 * - every member of every union reachable from ALL_TYPES is drawn by sampling, so
 *   the round trips cover every arm (a union arm that is never drawn is never tested);
 * - every TPM2B and TPML at its limit round-trips, and one past it fails both ways;
 * - whole commands with random authorization areas (0 to 3 sessions of random
 *   nonces, HMACs and attributes), parsed back by a parser written here from
 *   Part 1's command layout and marshalled again to the same bytes;
 * - whole responses with random authorization areas, decoded back to the same
 *   sessions; error responses; session counts that disagree with the tag.
 */

import * as M from "@tss/marshal";
import {
  ALL_TYPES,
  type AuthCommand,
  type AuthResponse,
  ByteReader,
  ByteWriter,
  COMMANDS,
  type Codec,
  type CommandSchema,
  decodeResponse,
  MarshalError,
  marshalCommand,
  SampleRng,
  TPM_ST,
  TPMS_AUTH_COMMAND,
  TPMS_AUTH_RESPONSE,
  unmarshalResponse,
} from "@tss/marshal";
import { describe, expect, it } from "vitest";
import { reachableUnions, unionDefinitions, visitSelectors } from "./support/codec-tree.mjs";

/** True when values can be drawn: not for a codec that holds a 1.83 union with no members (TPMU_SET_CAPABILITIES). */
function drawable(c: Codec<unknown>): boolean {
  try {
    c.sample(new SampleRng(1));
    return true;
  } catch (e) {
    if (e instanceof MarshalError && e.code === "SELECTOR") return false;
    throw e;
  }
}
const allSchemas = Object.values(COMMANDS) as CommandSchema[];
/** Schemas whose parameters can be drawn (SetCapability's cannot: 1.83 defines no settable capability). */
const schemas = allSchemas.filter((s) => drawable(s.parameters) && drawable(s.response));
const write = (codec: Codec<unknown>, value: unknown): Uint8Array => {
  const w = new ByteWriter();
  codec.write(w, value, codec.typeName);
  return w.finish();
};
const read = (codec: Codec<unknown>, bytes: Uint8Array): unknown => {
  const r = new ByteReader(bytes);
  const v = codec.read(r, codec.typeName);
  r.expectEnd(codec.typeName);
  return v;
};
const marshalErrorOf = (f: () => unknown): MarshalError => {
  try {
    f();
  } catch (e) {
    if (e instanceof MarshalError) return e;
    throw e;
  }
  throw new Error("expected a MarshalError");
};

describe("every union arm is drawn", () => {
  it("leaves out only the schemas with nothing to draw", () => {
    expect(allSchemas.filter((s) => !schemas.includes(s)).map((s) => s.name)).toEqual(["SetCapability"]);
  });

  it("sampling ALL_TYPES and every command and response reaches every member of every reachable union", () => {
    const unions = unionDefinitions(M);
    const expected = new Map<string, Set<number>>();
    const codecs: Codec<unknown>[] = [
      ...ALL_TYPES,
      ...schemas.flatMap((s) => [s.parameters, s.response] as Codec<unknown>[]),
    ];
    for (const c of codecs) reachableUnions(c, unions, expected);
    const seen = new Map<string, Set<number>>();
    const rng = new SampleRng(0xa11);
    for (const c of codecs) {
      for (let i = 0; i < 200; i++) {
        visitSelectors(c, c.sample(rng), unions, (u, s) => {
          if (!seen.has(u)) seen.set(u, new Set());
          seen.get(u)!.add(s as number);
        });
      }
    }
    const missing: string[] = [];
    for (const [u, selectors] of expected) {
      for (const s of selectors) if (!seen.get(u)?.has(s)) missing.push(`${u}[0x${s.toString(16)}]`);
    }
    expect(missing).toEqual([]);
    // The unions themselves: all but the 1.83 one with no members, and the one no structure selects.
    const unreached = [...unions.keys()].filter((u) => !expected.has(u));
    expect(unreached.sort()).toEqual(["TPMU_ENCRYPTED_SECRET", "TPMU_SET_CAPABILITIES"]);
  });
});

describe("limits", () => {
  const sized = ALL_TYPES.filter(
    (c) => c.kind === "tpm2b" && typeof (c as { maxSize?: unknown }).maxSize === "number",
  ) as (Codec<Uint8Array> & {
    maxSize: number;
  })[];
  const lists = ALL_TYPES.filter((c) => c.kind === "tpml") as (Codec<unknown[]> & {
    maxCount: number;
    element: Codec<unknown>;
  })[];

  it("finds the sized buffers and lists", () => {
    expect(sized.length).toBeGreaterThan(25);
    expect(lists.length).toBeGreaterThan(15);
  });

  for (const c of sized) {
    it(`${c.typeName}: ${c.maxSize} octets round-trip, ${c.maxSize + 1} fail both ways`, () => {
      const full = new SampleRng(c.maxSize).bytes(c.maxSize);
      const bytes = write(c, full);
      expect(bytes.length).toBe(2 + c.maxSize);
      expect([bytes[0], bytes[1]]).toEqual([c.maxSize >> 8, c.maxSize & 0xff]);
      expect(read(c, bytes)).toEqual(full);
      expect(marshalErrorOf(() => write(c, new Uint8Array(c.maxSize + 1))).code).toBe("SIZE");
      const over = new Uint8Array(2 + c.maxSize + 1);
      new DataView(over.buffer).setUint16(0, c.maxSize + 1);
      expect(marshalErrorOf(() => read(c, over)).code).toBe("SIZE");
    });
  }

  for (const c of lists) {
    it(`${c.typeName}: ${c.maxCount} elements round-trip, ${c.maxCount + 1} fail both ways`, () => {
      const rng = new SampleRng(c.maxCount);
      const items = Array.from({ length: c.maxCount }, () => c.element.sample(rng));
      const bytes = write(c, items);
      expect(new DataView(bytes.buffer).getUint32(0)).toBe(c.maxCount);
      expect(read(c, bytes)).toEqual(items);
      expect(write(c, read(c, bytes))).toEqual(bytes);
      expect(marshalErrorOf(() => write(c, [...items, items[0]])).code).toBe("SIZE");
      const over = bytes.slice();
      new DataView(over.buffer).setUint32(0, c.maxCount + 1);
      expect(marshalErrorOf(() => read(c, over)).code).toBe("SIZE");
    });
  }
});

/** A command parsed by hand (Part 1, 18.2 Command Structure). */
interface ParsedCommand {
  tag: number;
  size: number;
  code: number;
  handles: number[];
  authorizations: AuthCommand[];
  parameters: Record<string, unknown>;
}

/** Parses a command of `schema` independently of marshalCommand. */
function parseCommand(schema: CommandSchema, bytes: Uint8Array): ParsedCommand {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = v.getUint16(0);
  const size = v.getUint32(2);
  const code = v.getUint32(6);
  let at = 10;
  const handles: number[] = [];
  for (let i = 0; i < schema.handleNames.length; i++, at += 4) handles.push(v.getUint32(at));
  const authorizations: AuthCommand[] = [];
  if (tag === TPM_ST.SESSIONS) {
    const authorizationSize = v.getUint32(at);
    at += 4;
    const r = new ByteReader(bytes.subarray(at, at + authorizationSize));
    while (r.remaining > 0) authorizations.push(TPMS_AUTH_COMMAND.read(r, "auth"));
    at += authorizationSize;
  }
  const r = new ByteReader(bytes.subarray(at));
  const parameters = schema.parameters.read(r, schema.name) as Record<string, unknown>;
  r.expectEnd(schema.name);
  return { tag, size, code, handles, authorizations, parameters };
}

describe("whole commands with random authorization areas", () => {
  for (const s of schemas) {
    it(`${s.name}: parsed back field by field, marshalled again to the same bytes`, () => {
      const rng = new SampleRng(s.code ^ 0x5e55);
      for (let round = 0; round < 8; round++) {
        const input: Record<string, unknown> = {};
        for (const n of s.handleNames) input[n] = s.handles[n]!.codec.sample(rng);
        Object.assign(input, s.parameters.sample(rng));
        const sessions = rng.int(4);
        const auths = Array.from({ length: sessions }, () => TPMS_AUTH_COMMAND.sample(rng) as AuthCommand);
        const bytes = marshalCommand(s, input as never, auths);

        const parsed = parseCommand(s, bytes);
        expect(parsed.tag).toBe(sessions > 0 ? TPM_ST.SESSIONS : TPM_ST.NO_SESSIONS);
        expect(parsed.size).toBe(bytes.length);
        expect(parsed.code).toBe(s.code);
        expect(parsed.handles).toEqual(s.handleNames.map((n) => input[n]));
        expect(parsed.authorizations).toEqual(auths);
        const params = Object.fromEntries(Object.keys(s.parameters.fields).map((k) => [k, input[k]]));
        expect(parsed.parameters).toEqual(params);

        const again: Record<string, unknown> = { ...parsed.parameters };
        s.handleNames.forEach((n, i) => {
          again[n] = parsed.handles[i];
        });
        expect(marshalCommand(s, again as never, parsed.authorizations)).toEqual(bytes);
      }
    });
  }
});

/** Frames a response by hand: header, handles, [parameterSize], parameters, sessions. */
function frameResponse(handles: number[], parameters: Uint8Array, auths: AuthResponse[], tag?: number): Uint8Array {
  const w = new ByteWriter();
  w.u16(tag ?? (auths.length > 0 ? TPM_ST.SESSIONS : TPM_ST.NO_SESSIONS));
  w.u32(0);
  w.u32(0);
  for (const h of handles) w.u32(h);
  if (auths.length > 0) w.u32(parameters.length);
  w.bytes(parameters);
  for (const a of auths) TPMS_AUTH_RESPONSE.write(w, a, "auth");
  const out = w.finish();
  new DataView(out.buffer).setUint32(2, out.length);
  return out;
}

describe("whole responses with random authorization areas", () => {
  for (const s of schemas) {
    it(`${s.name}: handles, parameters and sessions come back; error responses and wrong session counts are typed`, () => {
      const rng = new SampleRng(s.code ^ 0x7e59);
      for (let round = 0; round < 8; round++) {
        const handles = s.responseHandleNames.map((n) => s.responseHandles[n]!.sample(rng));
        const value = s.response.sample(rng);
        const parameters = write(s.response, value);
        const sessions = 1 + rng.int(3);
        const auths = Array.from({ length: sessions }, () => TPMS_AUTH_RESPONSE.sample(rng) as AuthResponse);
        const resp = frameResponse(handles, parameters, auths);
        const frame = decodeResponse(s, resp, sessions);
        expect(frame.handles).toEqual(handles);
        expect(frame.parameters).toEqual(parameters);
        expect(frame.authorizations).toEqual(auths);
        const out = unmarshalResponse(s, resp, sessions) as Record<string, unknown>;
        expect(Object.fromEntries(Object.keys(s.response.fields).map((k) => [k, out[k]]))).toEqual(value);
        // The caller's session count must match the tag and the bytes.
        expect(() => decodeResponse(s, resp, 0)).toThrow(MarshalError);
        expect(() => decodeResponse(s, resp, sessions + 1)).toThrow(MarshalError);
        expect(() => decodeResponse(s, frameResponse(handles, parameters, []), sessions)).toThrow(MarshalError);
      }
      // An error response is a bare header, whatever the command.
      for (const tag of [TPM_ST.NO_SESSIONS, TPM_ST.SESSIONS]) {
        const err = new Uint8Array(10);
        const v = new DataView(err.buffer);
        v.setUint16(0, tag);
        v.setUint32(2, 10);
        v.setUint32(6, 0x9a2);
        expect(decodeResponse(s, err, 1).responseCode).toBe(0x9a2);
        expect(decodeResponse(s, err, 1).parameters).toHaveLength(0);
        expect(() => unmarshalResponse(s, err, 1)).toThrow(MarshalError);
      }
    });
  }
});
