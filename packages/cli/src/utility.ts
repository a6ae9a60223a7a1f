/** The shape of one command-line utility and what it is given to run. */
import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { SessionSpec, Tss } from "@tss/tss";
import { authSessions } from "./auth-sessions.js";
import type { CliIo } from "./cli-io.js";
import type { FlagSpec, ParsedFlags } from "./flags.js";
import { jsonReplacer } from "./json-output.js";
import { UsageError } from "./usage-error.js";

/** One utility: `tss <name> [flags]`. */
export interface Utility {
  /** The IBM TSS utility's name (getrandom, createprimary, ...). */
  readonly name: string;
  /** One line for `tss --help`. */
  readonly summary: string;
  /** The flags it accepts (besides -h and -v). */
  readonly flags: FlagSpec;
  /** The lines `tss <name> -h` prints after the name and summary. */
  readonly usage: readonly string[];
  /** Runs it; throws UsageError, TpmError, TssError or a file-system error on failure. */
  run(ctx: UtilityContext): Promise<void>;
}

/**
 * What a utility runs with: its parsed flags, output, files relative to the
 * working directory, and the TSS opened lazily from the environment with the
 * file store (TPM_DATA_DIR), as the IBM utilities do.
 */
export class UtilityContext {
  private opened: Tss | undefined;
  private previousSink: ((line: string) => void) | undefined;

  /**
   * `shared` (batch mode): the TSS context is the caller's, kept open across
   * utilities; {@link close} then leaves it open.
   */
  constructor(
    readonly name: string,
    readonly flags: ParsedFlags,
    readonly io: CliIo,
    private readonly shared?: () => Promise<Tss>,
  ) {}

  /** -v: verbose (trace level 2, and "<utility>: success" at the end). */
  get verbose(): boolean {
    return this.flags.has("-v");
  }

  /** --json: the utility's text output is replaced by one JSON document (see {@link result}). */
  get json(): boolean {
    return this.flags.has("--json");
  }

  /** What `--json` prints for this run (set by {@link result}); `{}` when the utility set none. */
  jsonResult: unknown;

  /** Records the machine-readable result that `--json` prints instead of the text output. */
  result(value: unknown): void {
    this.jsonResult = value;
  }

  /** True once {@link jsonRecord} wrote a record: the dispatcher then prints no final JSON document. */
  jsonStreamed = false;

  /**
   * Under --json, writes `value` now as one JSON document on one line of
   * standard output (JSON Lines), for utilities that run until stopped and
   * report as they go (proxy, tpmproxy); nothing without --json.
   */
  jsonRecord(value: unknown): void {
    if (!this.json) return;
    this.jsonStreamed = true;
    this.io.stdout(`${JSON.stringify(value ?? {}, jsonReplacer)}\n`);
  }

  /** The TSS context, opened on first use with openTss({ store: "file" }) and the environment's properties. */
  async tss(): Promise<Tss> {
    if (!this.opened) {
      // @tss/tss is loaded on first use: utilities that need no TPM start without it.
      const { openTss, setTraceSink } = await import("@tss/tss");
      this.opened = this.shared ? await this.shared() : await openTss({ store: "file", env: this.io.env });
      // Traces go to this utility's standard error.
      this.previousSink ??= setTraceSink((line) => this.io.stderr(`${line}\n`));
      if (this.verbose) await this.opened.setProperty("TPM_TRACE_LEVEL", "2");
    }
    return this.opened;
  }

  /** Closes the TSS context if one was opened. */
  async close(): Promise<void> {
    const t = this.opened;
    this.opened = undefined;
    try {
      if (!this.shared) await t?.close();
    } finally {
      if (this.previousSink) (await import("@tss/tss")).setTraceSink(this.previousSink);
      this.previousSink = undefined;
    }
  }

  /** Whether the utility printed its own "<utility>: success" line ({@link printSuccess}). */
  successPrinted = false;

  /**
   * Prints "<utility>: success" now, for the utilities that IBM's print it with
   * or without -v; the dispatcher then does not add its own under -v.
   */
  printSuccess(): void {
    this.print(`${this.name}: success\n`);
    this.successPrinted = true;
  }

  /** Writes to standard output (nothing under --json: the JSON result is printed instead). */
  print(text: string): void {
    if (!this.json) this.io.stdout(text);
  }

  /** Reads a whole file (relative to the working directory). */
  async readFile(path: string): Promise<Uint8Array> {
    return new Uint8Array(await readFile(resolve(this.io.cwd, path)));
  }

  /** Writes a whole file (relative to the working directory). */
  async writeFile(path: string, bytes: Uint8Array): Promise<void> {
    await writeFile(resolve(this.io.cwd, path), bytes);
  }

  /** A flag that must be present, or a UsageError. */
  need<T>(flag: string, value: T | undefined, what = "parameter"): T {
    if (value === undefined) throw new UsageError(`missing ${what} ${flag}`);
    return value;
  }

  /**
   * The sessions of a command with at most one authorized handle, as the IBM
   * utilities build them (`authSessions`): -se0 (default a password
   * session when the command needs authorization) carries `password`; -se1 and
   * -se2 follow; the list ends at the first absent or TPM_RH_NULL slot.
   * Undefined when the command takes none.
   */
  sessions(authorizes: boolean, password?: string | Uint8Array): SessionSpec[] | undefined {
    const list = authSessions(this.flags, authorizes ? [password] : []);
    return list.length || authorizes ? list : undefined;
  }
}
