/**
 * The client side of libtss2-bridge.py: one long-lived /usr/bin/python3 process
 * speaking JSON lines, so thousands of libtss2-mu round trips cost one process.
 */
import { spawn, spawnSync } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** The Debian interpreter that has python3-tpm2-pytss (the python3 on PATH may not). */
export const PYTHON = "/usr/bin/python3";
/** Path of the bridge script. */
export const BRIDGE_SCRIPT = fileURLToPath(new URL("./libtss2-bridge.py", import.meta.url));

/** True when /usr/bin/python3 can load tpm2-pytss's libtss2 bindings. */
export function haveLibtss2() {
  const r = spawnSync(PYTHON, ["-c", "import tpm2_pytss._libtpm2_pytss"], { stdio: "ignore" });
  return r.status === 0;
}

/** A running bridge; answers come back in request order. */
export class Libtss2Bridge {
  /** Starts the bridge process. */
  static start() {
    return new Libtss2Bridge();
  }

  constructor() {
    this.child = spawn(PYTHON, [BRIDGE_SCRIPT], { stdio: ["pipe", "pipe", "pipe"] });
    this.pending = [];
    this.stderr = "";
    this.exited = false;
    this.child.stderr.on("data", (d) => {
      this.stderr += String(d);
    });
    const lines = createInterface({ input: this.child.stdout });
    lines.on("line", (line) => {
      const p = this.pending.shift();
      if (!p) return;
      let answer;
      try {
        answer = JSON.parse(line);
      } catch {
        p.reject(new Error(`libtss2 bridge: bad answer ${line.slice(0, 200)}`));
        return;
      }
      if (answer && typeof answer.error === "string") p.reject(new Error(`libtss2 bridge: ${answer.error}`));
      else p.resolve(answer);
    });
    this.child.once("exit", (code) => {
      this.exited = true;
      const err = new Error(`libtss2 bridge exited (${code}): ${this.stderr.trim().slice(-500)}`);
      for (const p of this.pending.splice(0)) p.reject(err);
    });
  }

  /** Sends one request; resolves with its answer. */
  request(req) {
    if (this.exited) return Promise.reject(new Error(`libtss2 bridge is not running: ${this.stderr.trim()}`));
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.child.stdin.write(`${JSON.stringify(req)}\n`);
    });
  }

  /**
   * Tss2_MU_<fn>_Unmarshal then _Marshal of each case, in batches: for each case
   * [rc, bytes consumed, re-marshalled hex or null].
   */
  async roundtrip(fn, cases, batch = 2000) {
    const out = [];
    for (let i = 0; i < cases.length; i += batch) {
      const a = await this.request({ op: "roundtrip", fn, cases: cases.slice(i, i + batch) });
      out.push(...a.results);
    }
    return out;
  }

  /**
   * libtss2-mu's unmarshalled value of each [hex, our value] compared field by
   * field with ours: for each case the list of differences (empty when equal).
   */
  async compare(fn, cases, batch = 1000) {
    const out = [];
    for (let i = 0; i < cases.length; i += batch) {
      const a = await this.request({
        op: "compare",
        fn,
        cases: cases.slice(i, i + batch).map(([h, v]) => [h, toJsonValue(v)]),
      });
      out.push(...a.results);
    }
    return out;
  }

  /** Stops the process (closing its stdin ends its loop). */
  async close() {
    if (this.exited) return;
    const done = new Promise((r) => this.child.once("exit", r));
    this.child.stdin.end();
    const t = setTimeout(() => this.child.kill("SIGKILL"), 5000);
    await done;
    clearTimeout(t);
  }
}

/** Lower-case hex of bytes. */
export function toHex(bytes) {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

/** Bytes of a hex string. */
export function fromHex(hex) {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** A value as the bridge's compare expects it: {"$hex"} for octets, {"$big"} for bigints. */
export function toJsonValue(v) {
  if (v instanceof Uint8Array) return { $hex: toHex(v) };
  if (typeof v === "bigint") return { $big: v.toString() };
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (v !== null && typeof v === "object") {
    const out = {};
    for (const [k, x] of Object.entries(v)) out[k] = toJsonValue(x);
    return out;
  }
  return v;
}
