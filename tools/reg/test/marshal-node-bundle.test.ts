// @tss/marshal's Node build (the "node" export condition, packages/marshal/scripts/bundle.mjs):
// dist/node/index.js is one self-contained file with the same exports as the source,
// dist/node/plugin-support/index.js takes its shared classes from it (one TssError),
// and the bundle (its arrow functions lowered to function expressions, which V8
// compiles faster at import) marshals every type and every command's parameters to
// the same bytes as the source, and reads them back.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import * as Src from "../../../packages/marshal/src/index.js";
import * as SrcPluginSupport from "../../../packages/marshal/src/plugin-support/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const nodeDist = join(here, "..", "..", "..", "packages", "marshal", "dist", "node");
const mainFile = join(nodeDist, "index.js");
const pluginSupportFile = join(nodeDist, "plugin-support", "index.js");

let B: typeof Src;
let P: typeof SrcPluginSupport;

beforeAll(async () => {
  expect(existsSync(mainFile), "run `pnpm build` first: this tests marshal's dist/node").toBe(true);
  B = await import(pathToFileURL(mainFile).href);
  P = await import(pathToFileURL(pluginSupportFile).href);
});

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

describe("@tss/marshal Node bundle", () => {
  it("is one file that imports nothing; plugin-support imports only the main entry", () => {
    expect(readdirSync(nodeDist).sort()).toEqual(["index.js", "plugin-support"]);
    const main = readFileSync(mainFile, "utf8");
    expect(main).not.toMatch(/^\s*import\s/m);
    expect(main).not.toMatch(/\bimport\s*\(/);
    const ps = readFileSync(pluginSupportFile, "utf8");
    const from = [...ps.matchAll(/^import\s[^;]*?from\s+"([^"]+)"/gm)].map((m) => m[1]);
    expect(from.length).toBeGreaterThan(0);
    expect(new Set(from)).toEqual(new Set(["../index.js"]));
  });

  it("exports the same names as the source, main entry and plugin-support", () => {
    expect(Object.keys(B).sort()).toEqual(Object.keys(Src).sort());
    expect(Object.keys(P).sort()).toEqual(Object.keys(SrcPluginSupport).sort());
  });

  it("plugin-support throws the main entry's TssError (one class)", () => {
    let caught: unknown;
    try {
      P.readDerSequence(Uint8Array.of(0x1f, 0), "der");
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(B.TssError);
    expect((caught as InstanceType<typeof Src.TssError>).code).toBe("BAD_PARAMETER");
  });

  it("marshals GetRandom and reads its response; bad input is the bundle's MarshalError", () => {
    expect(hex(B.marshalCommand(B.GetRandom, { bytesRequested: 8 }))).toBe("80010000000c0000017b0008");
    const response = Uint8Array.from([0x80, 0x01, 0, 0, 0, 0x14, 0, 0, 0, 0, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Array.from(B.unmarshalResponse(B.GetRandom, response).randomBytes)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(() => B.marshal(B.TPM2B_DIGEST, new Uint8Array(65))).toThrow(B.MarshalError);
  });

  it("every type and every command's parameters: the same bytes as the source, and back", () => {
    const types = [...B.ALL_TYPES];
    expect(types.length).toBe(Src.ALL_TYPES.length);
    expect(types.length).toBeGreaterThan(100);
    const srcTypes = new Map(Src.ALL_TYPES.map((c) => [c.typeName, c]));
    for (const [i, codec] of types.entries()) {
      const value = codec.sample(new B.SampleRng(i + 1));
      const bytes = B.marshal(codec, value);
      const srcCodec = srcTypes.get(codec.typeName);
      expect(srcCodec, codec.typeName).toBeDefined();
      expect(hex(Src.marshal(srcCodec!, value)), codec.typeName).toBe(hex(bytes));
      expect(hex(B.marshal(codec, B.unmarshal(codec, bytes))), codec.typeName).toBe(hex(bytes));
    }
    const names = Object.keys(B.COMMANDS);
    expect(names.length).toBeGreaterThan(100);
    let sampled = 0;
    expect(names).toEqual(Object.keys(Src.COMMANDS));
    for (const [i, name] of names.entries()) {
      const schema = (B.COMMANDS as Record<string, Src.CommandSchema>)[name]!;
      const srcSchema = (Src.COMMANDS as Record<string, Src.CommandSchema>)[name]!;
      const sample = (c: Src.CommandSchema, rng: Src.SampleRng): unknown => {
        try {
          return c.parameters.sample(rng);
        } catch (e) {
          // SetCapability: the specification defines no capability to set (TYPES_WITHOUT_VALUES).
          return `error: ${(e as Error).message}`;
        }
      };
      const input = sample(schema, new B.SampleRng(1000 + i));
      expect(sample(srcSchema, new Src.SampleRng(1000 + i)), name).toEqual(input);
      if (typeof input === "string") continue;
      const bytes = B.marshal(schema.parameters, input);
      expect(hex(Src.marshal(srcSchema.parameters, input)), name).toBe(hex(bytes));
      expect(hex(B.marshal(schema.parameters, B.unmarshal(schema.parameters, bytes))), name).toBe(hex(bytes));
      sampled++;
    }
    expect(sampled).toBeGreaterThanOrEqual(names.length - 1);
  });
});
