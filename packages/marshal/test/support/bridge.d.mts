/** The Debian interpreter that has python3-tpm2-pytss. */
export const PYTHON: string;
/** Path of the bridge script. */
export const BRIDGE_SCRIPT: string;
/** True when /usr/bin/python3 can load tpm2-pytss's libtss2 bindings. */
export function haveLibtss2(): boolean;

/** How libtss2-mu marshals one of our type names. */
export interface Resolution {
  fn: string | null;
  via: "direct" | "typedef" | "scalar" | null;
  declared: boolean;
}
/** [rc, bytes consumed, re-marshalled hex or null]. */
export type RoundtripResult = [number, number, string | null];

/** A running bridge; answers come back in request order. */
export class Libtss2Bridge {
  static start(): Libtss2Bridge;
  request(req: { op: "info" }): Promise<{ version: string; functions: string[] }>;
  request(req: { op: "resolve"; names: string[] }): Promise<{ resolved: Record<string, Resolution> }>;
  request(req: {
    op: "probe";
    unions: Record<string, number[]>;
  }): Promise<{ supported: Record<string, number[] | null> }>;
  request(req: { op: "templates" }): Promise<{ templates: [string, string, string][] }>;
  request(req: {
    op: "bench";
    fn: string;
    hex: string;
    seconds: number;
  }): Promise<{ marshal: number; unmarshal: number }>;
  request(req: {
    op: "bench_create";
    command: string;
    response: string;
    seconds: number;
  }): Promise<{ marshal: number; unmarshal: number; same: boolean }>;
  request(req: Record<string, unknown>): Promise<any>;
  roundtrip(fn: string, cases: string[], batch?: number): Promise<RoundtripResult[]>;
  /** libtss2-mu's value of each [hex, our value] compared field by field: the differences per case. */
  compare(fn: string, cases: [string, unknown][], batch?: number): Promise<string[][]>;
  close(): Promise<void>;
}

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string;
/** Bytes of a hex string. */
export function fromHex(hex: string): Uint8Array;
/** A value as the bridge's compare expects it. */
export function toJsonValue(v: unknown): unknown;
