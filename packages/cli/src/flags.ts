/**
 * IBM-style flag parsing: `-flag value` pairs scanned left to right, as the IBM TSS
 * utilities do with strcmp on argv. Each utility declares its flags; anything else
 * is a UsageError naming the flag.
 */
import { UsageError } from "./usage-error.js";

/**
 * How a flag is read: "switch" takes no value; "string" one value; "hex" a
 * hexadecimal number (handles, capabilities: sscanf %x); "dec" a decimal number;
 * "list" a string value that may repeat; "optdec" an optional decimal value
 * (`-rsa [keybits]`); "session" a handle and attributes, both hex (`-se0 02000000 01`);
 * "dec2" two decimal numbers (`-id pinCount pinLimit`); "string2" two strings (`-phash sha256 file`).
 */
export type FlagKind = "switch" | "string" | "hex" | "dec" | "list" | "optdec" | "session" | "dec2" | "string2";

/** The flags a utility accepts, by name (with the leading "-" or "+"). */
export type FlagSpec = Readonly<Record<string, FlagKind>>;

/** A session given by -se0/-se1/-se2: a handle and the IBM attribute byte. */
export interface SessionArg {
  readonly handle: number;
  readonly attributes: number;
}

const HEX = /^(0x)?[0-9a-fA-F]{1,8}$/;
const DEC = /^\d{1,10}$/;

/** Parses a hexadecimal argument (with or without 0x), as the IBM utilities' sscanf %x. */
export function parseHex(flag: string, text: string): number {
  if (!HEX.test(text)) throw new UsageError(`bad parameter ${text} for ${flag}: expected a hexadecimal number`);
  return Number.parseInt(text.replace(/^0x/i, ""), 16) >>> 0;
}

/** Parses a decimal argument. */
export function parseDec(flag: string, text: string): number {
  if (!DEC.test(text) || Number(text) > 0xffffffff)
    throw new UsageError(`bad parameter ${text} for ${flag}: expected a decimal number`);
  return Number(text);
}

/** The parsed command line of one utility. */
export class ParsedFlags {
  private readonly values = new Map<string, (string | number | SessionArg | readonly (number | string)[] | true)[]>();
  private readonly sequence: string[] = [];

  /** Records one occurrence of a flag. */
  add(flag: string, value: string | number | SessionArg | readonly (number | string)[] | true): void {
    const list = this.values.get(flag) ?? [];
    list.push(value);
    this.values.set(flag, list);
    this.sequence.push(flag);
  }
  /** Of `flags`, the one given last on the command line (as in IBM's utilities, a later -s overrides an earlier -c). */
  lastOf(...flags: string[]): string | undefined {
    return this.sequence.findLast((f) => flags.includes(f));
  }
  /** Every flag given, with its value, in command-line order (printattr prints in that order). */
  inOrder(): { flag: string; value: string | number | SessionArg | readonly (number | string)[] | true }[] {
    const seen = new Map<string, number>();
    return this.sequence.map((flag) => {
      const k = seen.get(flag) ?? 0;
      seen.set(flag, k + 1);
      return { flag, value: this.values.get(flag)![k]! };
    });
  }
  /** True when the flag was given. */
  has(flag: string): boolean {
    return this.values.has(flag);
  }
  /** The last string value of a flag. */
  string(flag: string): string | undefined {
    const v = this.values.get(flag)?.at(-1);
    return typeof v === "string" ? v : undefined;
  }
  /** The last number value of a flag (hex or dec). */
  number(flag: string): number | undefined {
    const v = this.values.get(flag)?.at(-1);
    return typeof v === "number" ? v : undefined;
  }
  /** Every string value of a repeatable flag, in order. */
  list(flag: string): string[] {
    return (this.values.get(flag) ?? []).filter((v): v is string => typeof v === "string");
  }
  /** The session of -se0, -se1 or -se2. */
  session(flag: string): SessionArg | undefined {
    const v = this.values.get(flag)?.at(-1);
    return typeof v === "object" && !Array.isArray(v) ? (v as SessionArg) : undefined;
  }
  /** The last pair of numbers of a "dec2" flag. */
  pair(flag: string): readonly [number, number] | undefined {
    const v = this.values.get(flag)?.at(-1);
    return Array.isArray(v) && typeof v[0] === "number" ? [v[0] as number, v[1] as number] : undefined;
  }
  /** The last pair of strings of a "string2" flag. */
  strings(flag: string): readonly [string, string] | undefined {
    const v = this.values.get(flag)?.at(-1);
    return Array.isArray(v) && typeof v[0] === "string" ? [v[0] as string, v[1] as string] : undefined;
  }
  /** A flag's value, or a UsageError saying it is required. */
  required<T>(flag: string, value: T | undefined, what: string): T {
    if (value === undefined) throw new UsageError(`missing ${what} ${flag}`);
    return value;
  }
}

/** Flags every utility takes: -h (help), -v (verbose) and --json (machine-readable output, ours). */
export const COMMON_FLAGS: FlagSpec = { "-h": "switch", "-v": "switch", "--json": "switch" };

/** The session flags of the utilities that take sessions. */
export const SESSION_FLAGS: FlagSpec = { "-se0": "session", "-se1": "session", "-se2": "session" };

/** Parses `argv` against `spec` (plus -h, -v and --json). Unknown flags and bad values throw UsageError. */
export function parseFlags(argv: readonly string[], spec: FlagSpec): ParsedFlags {
  const all: FlagSpec = { ...COMMON_FLAGS, ...spec };
  const out = new ParsedFlags();
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const kind = Object.hasOwn(all, flag) ? all[flag] : undefined;
    if (kind === undefined) throw new UsageError(`${flag} is not a valid option`);
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${flag} option needs a value`);
      return v;
    };
    switch (kind) {
      case "switch":
        out.add(flag, true);
        break;
      case "string":
      case "list":
        out.add(flag, value());
        break;
      case "hex":
        out.add(flag, parseHex(flag, value()));
        break;
      case "dec":
        out.add(flag, parseDec(flag, value()));
        break;
      case "optdec": {
        const next = argv[i + 1];
        if (next !== undefined && DEC.test(next)) out.add(flag, parseDec(flag, argv[++i]!));
        else out.add(flag, true);
        break;
      }
      case "dec2": {
        const first = parseDec(flag, value());
        out.add(flag, [first, parseDec(flag, value())]);
        break;
      }
      case "string2": {
        const first = value();
        out.add(flag, [first, value()]);
        break;
      }
      case "session": {
        const handle = parseHex(flag, value());
        const attributes = parseHex(flag, value());
        if (attributes > 0xff) throw new UsageError(`out of range session attributes for ${flag}`);
        out.add(flag, { handle, attributes });
        break;
      }
    }
  }
  return out;
}
