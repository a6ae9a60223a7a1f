/**
 * The Part 3 command schemas: one per command code, checked against an independent
 * table (commands-reference-table.json, extracted from the TCG reference
 * implementation's Part 3 tables), and round-tripped through the command engine.
 */
import { readFileSync } from "node:fs";
import {
  ByteReader,
  ByteWriter,
  COMMAND_ALIASES,
  COMMANDS,
  COMMANDS_BY_CODE,
  type Codec,
  type CommandSchema,
  commandSchema,
  decodeResponse,
  MarshalError,
  marshalCommand,
  SampleRng,
  TPM_CC,
  TPM_ST,
  TYPES_WITHOUT_VALUES,
  unmarshalResponse,
  unmarshalResponseParameters,
} from "@tss/marshal";
import { describe, expect, it } from "vitest";

interface RefField {
  name: string;
  type: string;
}
interface RefHandle extends RefField {
  auth: "USER" | "ADMIN" | "DUP" | null;
}
interface RefCommand {
  name: string;
  code: string;
  section?: string;
  aliasOf?: string;
  handles: RefHandle[];
  parameters: RefField[];
  responseHandles: RefField[];
  response: RefField[];
  decrypt: boolean;
  encrypt: boolean;
  noSessions: boolean;
}

const table = JSON.parse(readFileSync(new URL("./commands-reference-table.json", import.meta.url), "utf8")) as {
  commands: RefCommand[];
};
const tpmCcCodes = new Set<number>(Object.values(TPM_CC));
const schemas = Object.values(COMMANDS) as CommandSchema[];
/** Reference commands whose code this library's TPM_CC defines (the table also lists newer ones). */
const reference = table.commands.filter((c) => tpmCcCodes.has(Number(c.code)));

/** True when a codec is the reference's type; "X+" is the form admitting the conditional value (`.plus`). */
function sameType(codec: Codec<unknown>, expected: string): boolean {
  return codec.typeName === expected;
}

/**
 * Response fields where our schemas admit the conditional value although Part 3 writes
 * the plain type, because the TPM does return it: an attestation signed with signHandle
 * TPM_RH_NULL carries the NULL signature (sigAlg TPM_ALG_NULL); FieldUpgradeData's
 * nextDigest is TPM_ALG_NULL once the last block is in.
 */
const RESPONSE_CONDITIONAL: Record<string, string> = {
  "Certify.signature": "TPMT_SIGNATURE",
  "CertifyCreation.signature": "TPMT_SIGNATURE",
  "Quote.signature": "TPMT_SIGNATURE",
  "GetSessionAuditDigest.signature": "TPMT_SIGNATURE",
  "GetCommandAuditDigest.signature": "TPMT_SIGNATURE",
  "GetTime.signature": "TPMT_SIGNATURE",
  "NV_Certify.signature": "TPMT_SIGNATURE",
  "CertifyX509.signature": "TPMT_SIGNATURE",
  "FieldUpgradeData.nextDigest": "TPMT_HA",
};

/** Commands with a parameter of a type that has no value in revision 1.83 (TPMU_SET_CAPABILITIES has no member). */
const withoutValues = (s: CommandSchema) =>
  Object.values(s.parameters.fields).some((c) => (TYPES_WITHOUT_VALUES as readonly Codec<unknown>[]).includes(c));

describe("command table", () => {
  it("has exactly one schema per TPM_CC code, and nothing else", () => {
    const codes = schemas.map((s) => s.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of tpmCcCodes) {
      expect(
        schemas.filter((s) => s.code === code).map((s) => s.name),
        `0x${code.toString(16)}`,
      ).toHaveLength(1);
    }
    for (const s of schemas) expect(tpmCcCodes.has(s.code), s.name).toBe(true);
    expect(schemas.length).toBe(tpmCcCodes.size);
  });

  it("keys each schema by its name, a TPM_CC name for its own code", () => {
    for (const [key, s] of Object.entries(COMMANDS)) {
      expect(s.name).toBe(key);
      expect((TPM_CC as Record<string, number>)[key]).toBe(s.code);
    }
  });

  it("finds every schema by code", () => {
    for (const s of schemas) {
      expect(COMMANDS_BY_CODE.get(s.code)).toBe(s);
      expect(commandSchema(s.code)).toBe(s);
    }
    expect(commandSchema(0x0000011e)).toBeUndefined();
  });

  it("documents the names Part 3 gives to a code a second time", () => {
    for (const [alias, name] of Object.entries(COMMAND_ALIASES)) {
      expect((TPM_CC as Record<string, number>)[alias]).toBe(COMMANDS[name].code);
      expect(alias in COMMANDS).toBe(false);
    }
  });
});

describe("schemas against the reference table", () => {
  it("covers every command of the table that TPM_CC defines", () => {
    const names = new Set(schemas.map((s) => s.name));
    for (const c of reference) if (!c.aliasOf) expect(names.has(c.name), c.name).toBe(true);
    // Nuvoton's NTC2 vendor commands are not in Part 3's table (tools/reg's fake NTC2 TPM tests them).
    for (const s of schemas.filter((x) => !x.name.startsWith("NTC2_")))
      expect(
        reference.some((c) => c.name === s.name && !c.aliasOf),
        s.name,
      ).toBe(true);
  });

  for (const ref of reference.filter((c) => !c.aliasOf)) {
    it(`${ref.name}: handles, auth roles, parameters, response`, () => {
      const s = (COMMANDS as Record<string, CommandSchema>)[ref.name]!;
      expect(s.code).toBe(Number(ref.code));
      // Handles, their interface types and authorization roles.
      expect(s.handleNames).toEqual(ref.handles.map((h) => h.name));
      ref.handles.forEach((h) => {
        const spec = s.handles[h.name]!;
        expect(sameType(spec.codec, h.type), `${h.name}: ${spec.codec.typeName} vs ${h.type}`).toBe(true);
        expect(spec.auth, h.name).toBe(h.auth);
      });
      expect(s.authHandles).toBe(ref.handles.filter((h) => h.auth !== null).length);
      // Parameters in order, with their types.
      expect(Object.keys(s.parameters.fields)).toEqual(ref.parameters.map((p) => p.name));
      for (const p of ref.parameters) {
        const c = s.parameters.fields[p.name]!;
        expect(sameType(c, p.type), `${p.name}: ${c.typeName} vs ${p.type}`).toBe(true);
      }
      // Response handles and parameters.
      expect(s.responseHandleNames).toEqual(ref.responseHandles.map((h) => h.name));
      for (const h of ref.responseHandles) expect(s.responseHandles[h.name]!.typeName, h.name).toBe(h.type);
      expect(Object.keys(s.response.fields)).toEqual(ref.response.map((p) => p.name));
      for (const p of ref.response) {
        const c = s.response.fields[p.name]!;
        const widened = RESPONSE_CONDITIONAL[`${ref.name}.${p.name}`];
        if (widened !== undefined) {
          expect(p.type).toBe(widened);
          expect(c.typeName, p.name).toBe(`${widened}+`);
        } else {
          expect(sameType(c, p.type), `${p.name}: ${c.typeName} vs ${p.type}`).toBe(true);
        }
      }
      // Parameter encryption applies exactly where the reference allows it.
      expect(s.decryptable, "decrypt").toBe(ref.decrypt);
      expect(s.encryptable, "encrypt").toBe(ref.encrypt);
    });
  }

  it("an alias has the same handles and wire layout as the schema that stands for it", () => {
    for (const ref of reference.filter((c) => c.aliasOf)) {
      const s = (COMMANDS as Record<string, CommandSchema>)[ref.aliasOf!]!;
      expect(s.code).toBe(Number(ref.code));
      expect(ref.handles.map((h) => [h.type, h.auth])).toEqual(
        s.handleNames.map((n) => [s.handles[n]!.codec.typeName, s.handles[n]!.auth]),
      );
      expect(Object.keys(s.parameters.fields)).toHaveLength(ref.parameters.length);
      expect(Object.keys(s.response.fields)).toHaveLength(ref.response.length);
      expect(s.responseHandleNames).toHaveLength(ref.responseHandles.length);
    }
  });
});

// ---- round trips ----

const SEEDS = 12;

/** A random command input for a schema: handle values then parameters. */
function sampleInput(s: CommandSchema, rng: SampleRng): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const n of s.handleNames) input[n] = s.handles[n]!.codec.sample(rng);
  return { ...input, ...s.parameters.sample(rng) };
}

/** Frames a successful response by hand (Part 1, response structure). */
function frameResponse(handles: number[], parameters: Uint8Array, sessions: number): Uint8Array {
  const w = new ByteWriter();
  w.u16(sessions > 0 ? TPM_ST.SESSIONS : TPM_ST.NO_SESSIONS);
  w.u32(0);
  w.u32(0);
  for (const h of handles) w.u32(h);
  if (sessions > 0) w.u32(parameters.length);
  w.bytes(parameters);
  for (let i = 0; i < sessions; i++) {
    w.u16(2);
    w.bytes(new Uint8Array([0xa0 + i, 0xb0 + i]));
    w.u8(1);
    w.u16(0);
  }
  const out = w.finish();
  new DataView(out.buffer).setUint32(2, out.length);
  return out;
}

describe("round trips of every schema", () => {
  for (const s of schemas) {
    it(`${s.name}: command`, () => {
      if (withoutValues(s)) {
        // No value exists: drawing or marshalling one is a typed error, never a crash.
        expect(() => sampleInput(s, new SampleRng(1))).toThrow(MarshalError);
        const input = {
          ...Object.fromEntries(s.handleNames.map((n) => [n, s.handles[n]!.codec.sample(new SampleRng(2))])),
        };
        const first = Object.keys(s.parameters.fields)[0]!;
        expect(() =>
          marshalCommand(s, { ...input, [first]: { setCapabilityData: { setCapability: 0, data: {} } } } as never),
        ).toThrow(MarshalError);
        return;
      }
      for (let seed = 1; seed <= SEEDS; seed++) {
        const rng = new SampleRng(seed * 7919 + s.code);
        const input = sampleInput(s, rng);
        const sessions = s.authHandles;
        const auths = Array.from({ length: sessions }, (_, i) => ({
          sessionHandle: 0x40000009,
          nonce: new Uint8Array(0),
          sessionAttributes: 1,
          hmac: new Uint8Array([i]),
        }));
        const bytes = marshalCommand(s, input as never, auths);
        const r = new ByteReader(bytes);
        expect(r.u16("tag")).toBe(sessions > 0 ? TPM_ST.SESSIONS : TPM_ST.NO_SESSIONS);
        expect(r.u32("size")).toBe(bytes.length);
        expect(r.u32("code")).toBe(s.code);
        for (const n of s.handleNames) expect(r.u32(n)).toBe(input[n]);
        if (sessions > 0) {
          const size = r.u32("authorizationSize");
          expect(size).toBe(sessions * 10);
          r.bytes(size, "authorizations");
        }
        // The parameter area reads back to the same values and nothing is left over.
        const params = s.parameters.read(r, s.name);
        r.expectEnd(s.name);
        const expected = Object.fromEntries(Object.keys(s.parameters.fields).map((k) => [k, input[k]]));
        expect(params).toEqual(expected);
      }
    });

    it(`${s.name}: response`, () => {
      for (let seed = 1; seed <= SEEDS; seed++) {
        const rng = new SampleRng(seed * 104729 + s.code);
        const handles = s.responseHandleNames.map((n) => s.responseHandles[n]!.sample(rng));
        const value = s.response.sample(rng);
        const w = new ByteWriter();
        s.response.write(w, value, s.name);
        const parameters = w.finish();
        for (const sessions of [0, 1, 2]) {
          const resp = frameResponse(handles, parameters, sessions);
          const frame = decodeResponse(s, resp, sessions);
          expect(frame.responseCode).toBe(0);
          expect(frame.handles).toEqual(handles);
          expect(frame.parameters).toEqual(parameters);
          expect(frame.authorizations).toHaveLength(sessions);
          expect(unmarshalResponseParameters(s, frame.parameters)).toEqual(value);
          const out = unmarshalResponse(s, resp, sessions);
          expect(s.responseHandleNames.map((n) => out[n as never])).toEqual(handles);
        }
      }
    });

    it(`${s.name}: a cut or padded response is a MarshalError`, () => {
      const rng = new SampleRng(s.code);
      const handles = s.responseHandleNames.map((n) => s.responseHandles[n]!.sample(rng));
      const w = new ByteWriter();
      s.response.write(w, s.response.sample(rng), s.name);
      const parameters = w.finish();
      const whole = frameResponse(handles, parameters, 0);
      const cuts = new Set([10, whole.length - 1, 10 + Math.floor((whole.length - 10) / 2)]);
      for (const cut of cuts) {
        if (cut < 10 || cut >= whole.length) continue;
        const part = whole.slice(0, cut);
        new DataView(part.buffer).setUint32(2, part.length);
        expect(() => unmarshalResponse(s, part), `cut at ${cut}`).toThrow(MarshalError);
      }
      const padded = new Uint8Array(whole.length + 1);
      padded.set(whole);
      new DataView(padded.buffer).setUint32(2, padded.length);
      expect(() => unmarshalResponse(s, padded)).toThrow(MarshalError);
    });
  }
});
