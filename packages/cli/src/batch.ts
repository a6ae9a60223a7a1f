/**
 * `tss batch FILE|- [-k|--keep-going]`: runs utility lines in one process over
 * one TPM connection. Each line is what follows `tss` on a command line
 * (`getrandom -by 8`; a leading `tss`, or the `tss<utility>` command name, is
 * accepted too), split into words as a POSIX shell splits them (single and
 * double quotes, backslash escapes, no expansion); `#` at the start of a word
 * begins a comment; blank lines are skipped. Each line prints and fails as it
 * would alone; sessions and objects one line leaves in TPM_DATA_DIR are there
 * for the next. The batch stops at the first failing line unless -k; its exit
 * status is 0 when every line succeeded, else the first failing line's.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { openTss, type Tss } from "@tss/tss";
import type { CliIo } from "./cli-io.js";
import { runUtility } from "./main.js";
import { UTILITY_SUMMARIES } from "./utilities/manifest.js";

/** The usage text of `tss batch`. */
export const BATCH_USAGE = [
  "usage: tss batch FILE|- [-k|--keep-going]",
  "",
  "Runs the utility lines of FILE (- for standard input) in one process over one TPM",
  "connection: each line as on the command line after `tss` (quotes and backslashes as",
  "in a shell, # comments, blank lines skipped). Stops at the first failing line unless",
  "-k; exits 0 when every line succeeded, else with the first failing line's status.",
  "",
].join("\n");

/** A line that cannot be split into words (an unterminated quote or a trailing backslash). */
export class BatchSyntaxError extends Error {}

/**
 * Splits one line into words as a POSIX shell does, without expansion: single
 * quotes keep everything literally, double quotes let `\` escape `"`, `\`, `$`
 * and a backquote, a `\` outside quotes escapes the next character, and `#` at
 * the start of a word begins a comment.
 */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === " " || c === "\t" || c === "\r") {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else if (c === "#" && !inWord) {
      break;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new BatchSyntaxError("unterminated single quote");
      word += line.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === "\\" && j + 1 < line.length && '"\\$`'.includes(line[j + 1]!)) j++;
        word += line[j];
      }
      if (j >= line.length) throw new BatchSyntaxError("unterminated double quote");
      i = j;
      inWord = true;
    } else if (c === "\\") {
      if (i + 1 >= line.length) throw new BatchSyntaxError("backslash at the end of the line");
      word += line[++i];
      inWord = true;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** The utility name of a line's first word: `getrandom`, `tss getrandom` or `tssgetrandom`. */
function utilityWords(words: string[]): string[] {
  if (words[0] === "tss") return words.slice(1);
  const first = words[0]!;
  if (!UTILITY_SUMMARIES.has(first) && first.startsWith("tss") && UTILITY_SUMMARIES.has(first.slice(3)))
    return [first.slice(3), ...words.slice(1)];
  return words;
}

async function readScript(source: string, io: CliIo): Promise<string> {
  if (source !== "-") return readFile(resolve(io.cwd, source), "utf8");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Runs `tss batch` with the arguments after `batch`; resolves to the exit code. Never throws. */
export async function runBatch(argv: readonly string[], io: CliIo): Promise<number> {
  let keepGoing = false;
  let source: string | undefined;
  for (const a of argv) {
    if (a === "-k" || a === "--keep-going") keepGoing = true;
    else if (a === "-h" || a === "--help") {
      io.stdout(BATCH_USAGE);
      return 1;
    } else if (source === undefined && (a === "-" || !a.startsWith("-"))) source = a;
    else {
      io.stderr(`batch: unexpected argument ${JSON.stringify(a)}\n${BATCH_USAGE}`);
      return 1;
    }
  }
  if (source === undefined) {
    io.stderr(`batch: missing FILE (or - for standard input)\n${BATCH_USAGE}`);
    return 1;
  }
  let script: string;
  try {
    script = await readScript(source, io);
  } catch (e) {
    io.stderr(`batch: cannot read ${source}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }

  let opened: Promise<Tss> | undefined;
  const shared = () => {
    opened ??= openTss({ store: "file", env: io.env });
    return opened;
  };
  const traceLevel = io.env.TPM_TRACE_LEVEL ?? "0";
  let status = 0;
  try {
    const lines = script.split("\n");
    for (let n = 0; n < lines.length; n++) {
      let words: string[];
      try {
        words = splitWords(lines[n]!);
      } catch (e) {
        io.stderr(`batch: line ${n + 1}: ${(e as Error).message}\n`);
        status ||= 1;
        if (keepGoing) continue;
        break;
      }
      if (words.length === 0) continue;
      const [name, ...rest] = utilityWords(words);
      let code: number;
      if (name === undefined || name === "batch") {
        io.stderr(`batch: line ${n + 1}: ${name === undefined ? "no utility" : "batch cannot be nested"}\n`);
        code = 1;
      } else {
        code = await runUtility(name, rest, io, shared);
        // -v raised the shared context's trace level for that line only.
        if (rest.includes("-v") && opened) await (await opened).setProperty("TPM_TRACE_LEVEL", traceLevel);
      }
      if (code !== 0) {
        status ||= code;
        if (!keepGoing) break;
      }
    }
  } catch (e) {
    io.stderr(`batch: ${e instanceof Error ? e.message : String(e)}\n`);
    status ||= 1;
  } finally {
    if (opened) await (await opened.catch(() => undefined))?.close().catch(() => undefined);
  }
  return status;
}
