/**
 * A policy tree as JSON, so a policy computed on a server can be carried to a
 * client: byte strings as lower-case hex, numbers as numbers. Reading checks
 * every field; a malformed document is PolicyError("BAD_POLICY").
 */
import { digestSize } from "@tss/marshal";
import type { PcrSelection, PolicyAssertion, PolicyTree } from "./assertions.js";
import { fromHex, toHex } from "./bytes.js";
import { PolicyError } from "./policy-error.js";

type FieldKind = "bytes" | "u8" | "u16" | "u32" | "bool";
type Fields = Readonly<Record<string, readonly [FieldKind, "required" | "optional"]>>;

const R = "required" as const;
const O = "optional" as const;

/** Each assertion type's fields besides `type` (branches and pcrs are handled apart). */
const FIELDS: Readonly<Record<PolicyAssertion["type"], Fields>> = {
  signed: { authName: ["bytes", R], policyRef: ["bytes", O], authObject: ["u32", O] },
  secret: { authName: ["bytes", R], policyRef: ["bytes", O], authHandle: ["u32", O] },
  or: {},
  pcr: { pcrDigest: ["bytes", R] },
  locality: { locality: ["u8", R] },
  nv: {
    nvName: ["bytes", R],
    operandB: ["bytes", R],
    offset: ["u16", R],
    operation: ["u16", R],
    nvIndex: ["u32", O],
    authHandle: ["u32", O],
  },
  counterTimer: { operandB: ["bytes", R], offset: ["u16", R], operation: ["u16", R] },
  commandCode: { code: ["u32", R] },
  physicalPresence: {},
  cpHash: { cpHash: ["bytes", R] },
  nameHash: { nameHash: ["bytes", R] },
  duplicationSelect: { objectName: ["bytes", R], newParentName: ["bytes", R], includeObject: ["bool", R] },
  authorize: { keySignName: ["bytes", R], policyRef: ["bytes", O] },
  authValue: {},
  password: {},
  nvWritten: { writtenSet: ["bool", R] },
  template: { templateHash: ["bytes", R] },
  authorizeNV: { nvName: ["bytes", R], nvIndex: ["u32", O], authHandle: ["u32", O] },
  capability: {
    operandB: ["bytes", R],
    offset: ["u16", R],
    operation: ["u16", R],
    capability: ["u32", R],
    property: ["u32", R],
  },
  parameters: { pHash: ["bytes", R] },
};

const MAX = { u8: 0xff, u16: 0xffff, u32: 0xffffffff } as const;

function bad(path: string, what: string): never {
  throw new PolicyError("BAD_POLICY", `${path}: ${what}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function assertionToJson(a: PolicyAssertion): Record<string, unknown> {
  const out: Record<string, unknown> = { type: a.type };
  for (const [key, value] of Object.entries(a)) {
    if (key === "type" || value === undefined) continue;
    if (key === "branches") out[key] = (value as PolicyAssertion[][]).map((b) => b.map(assertionToJson));
    else if (key === "pcrs")
      out[key] = (value as PcrSelection[]).map((p) => ({ hash: p.hash, pcrSelect: toHex(p.pcrSelect) }));
    else out[key] = value instanceof Uint8Array ? toHex(value) : value;
  }
  return out;
}

function readNumber(v: unknown, max: number, path: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > max) bad(path, `expected an integer 0..${max}`);
  return v;
}

function branchesFromJson(branches: unknown, path: string, depth: number): PolicyAssertion[][] {
  if (depth > 16) bad(path, "PolicyOR nested too deeply");
  if (!Array.isArray(branches) || branches.length < 2 || branches.length > 8)
    bad(`${path}.branches`, "expected 2 to 8 branches");
  return branches.map((b, i) => stepsFromJson(b, `${path}.branches[${i}]`, depth + 1));
}

function pcrsFromJson(pcrs: unknown, path: string): PcrSelection[] {
  if (!Array.isArray(pcrs)) bad(`${path}.pcrs`, "expected an array of PCR selections");
  return pcrs.map((s, i) => {
    const p = `${path}.pcrs[${i}]`;
    if (!isRecord(s)) bad(p, "expected { hash, pcrSelect }");
    const hash = readNumber(s.hash, 0xffff, `${p}.hash`);
    if (digestSize(hash) === 0) bad(`${p}.hash`, "not a hash algorithm");
    const pcrSelect = fromHex(s.pcrSelect as string, `${p}.pcrSelect`);
    if (pcrSelect.length > 4) bad(`${p}.pcrSelect`, "more than 4 octets");
    return { hash, pcrSelect };
  });
}

function assertionFromJson(v: unknown, path: string, depth: number): PolicyAssertion {
  if (!isRecord(v)) bad(path, "expected an object");
  const type = v.type;
  if (typeof type !== "string" || !Object.hasOwn(FIELDS, type))
    bad(`${path}.type`, `unknown assertion ${String(type)}`);
  const fields = FIELDS[type as PolicyAssertion["type"]];
  const out: Record<string, unknown> = { type };
  for (const key of Object.keys(v)) {
    if (key === "type") continue;
    if (type === "or" && key === "branches") continue;
    if (type === "pcr" && key === "pcrs") continue;
    if (!Object.hasOwn(fields, key)) bad(`${path}.${key}`, `not a field of ${type}`);
  }
  // Fields in the document's order, so a round trip gives back the same text.
  for (const key of Object.keys(v)) {
    if (type === "or" && key === "branches") out.branches = branchesFromJson(v.branches, path, depth);
    else if (type === "pcr" && key === "pcrs") out.pcrs = pcrsFromJson(v.pcrs, path);
    if (key === "type" || !Object.hasOwn(fields, key)) continue;
    const [kind] = fields[key]!;
    const value = v[key];
    const p = `${path}.${key}`;
    if (value === undefined) continue;
    if (kind === "bytes") out[key] = fromHex(value as string, p);
    else if (kind === "bool") {
      if (typeof value !== "boolean") bad(p, "expected true or false");
      out[key] = value;
    } else out[key] = readNumber(value, MAX[kind], p);
  }
  for (const [key, [, presence]] of Object.entries(fields))
    if (presence === "required" && v[key] === undefined) bad(`${path}.${key}`, "missing");
  if (type === "or" && out.branches === undefined) bad(`${path}.branches`, "expected 2 to 8 branches");
  if (type === "pcr" && out.pcrs === undefined) bad(`${path}.pcrs`, "expected an array of PCR selections");
  return out as unknown as PolicyAssertion;
}

function stepsFromJson(v: unknown, path: string, depth: number): PolicyAssertion[] {
  if (!Array.isArray(v)) bad(path, "expected an array of assertions");
  return v.map((a, i) => assertionFromJson(a, `${path}[${i}]`, depth));
}

/** A policy tree as a JSON-ready value: `{ hashAlg, steps: [{ type, ... }] }`. */
export function policyToJsonValue(tree: PolicyTree): { hashAlg: number; steps: Record<string, unknown>[] } {
  return { hashAlg: tree.hashAlg, steps: tree.steps.map(assertionToJson) };
}

/** A policy tree as JSON text. */
export function policyToJson(tree: PolicyTree): string {
  return JSON.stringify(policyToJsonValue(tree));
}

/** A policy tree from JSON text or an already parsed value; checks every field. */
export function policyFromJson(json: string | unknown): PolicyTree {
  let v: unknown = json;
  if (typeof json === "string") {
    try {
      v = JSON.parse(json);
    } catch (e) {
      bad("policy", `not JSON: ${(e as Error).message}`);
    }
  }
  if (!isRecord(v)) bad("policy", "expected an object { hashAlg, steps }");
  const hashAlg = readNumber(v.hashAlg, 0xffff, "policy.hashAlg");
  if (digestSize(hashAlg) === 0) bad("policy.hashAlg", "not a hash algorithm");
  return { hashAlg, steps: stepsFromJson(v.steps, "policy.steps", 0) };
}
