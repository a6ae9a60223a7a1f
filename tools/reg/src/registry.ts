/**
 * A private npm registry for the release tests: Verdaccio 5 (a devDependency of
 * tools/reg) on a free loopback port with a temporary storage folder, and a
 * throwaway copy of the repository to version, build and publish from.
 *
 * The `@tss/*` scope is served from the private storage only (never proxied, so a
 * package of the same name on npmjs can never stand in for ours); every other
 * package is proxied to the npm registry (node-forge, @noble/curves, koffi ...),
 * which CI reaches.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { freePort } from "./swtpm.js";

/** A running private registry. */
export interface PrivateRegistry {
  /** Base URL, e.g. http://127.0.0.1:4873/ (with the trailing slash npm writes in .npmrc). */
  readonly url: string;
  /** An npmrc file that authenticates as the registry's publishing user. */
  readonly npmrc: string;
  /** Stops Verdaccio and removes its storage; safe to call twice. */
  stop(): Promise<void>;
}

/** Options of {@link startRegistry}. */
export interface RegistryOptions {
  /** Uplink for every package outside @tss; default https://registry.npmjs.org/. */
  readonly uplink?: string;
  /** Milliseconds to wait for Verdaccio to answer; default 60 s. */
  readonly startTimeoutMs?: number;
}

const here = dirname(new URL(import.meta.url).pathname);

/** Verdaccio's bin script, resolved from tools/reg's dependencies. */
function verdaccioBin(): string {
  const require = createRequire(join(here, "..", "package.json"));
  return join(dirname(require.resolve("verdaccio/package.json")), "bin", "verdaccio");
}

/** Starts Verdaccio on a free loopback port and signs up a publishing user. */
export async function startRegistry(options: RegistryOptions = {}): Promise<PrivateRegistry> {
  const dir = mkdtempSync(join(tmpdir(), "tss-registry-"));
  let port = 0;
  let url = "";
  const uplink = options.uplink ?? "https://registry.npmjs.org/";
  writeFileSync(
    join(dir, "config.yaml"),
    [
      `storage: ${join(dir, "storage")}`,
      "auth:",
      "  htpasswd:",
      `    file: ${join(dir, "htpasswd")}`,
      "    max_users: 10",
      "uplinks:",
      "  npmjs:",
      `    url: ${uplink}`,
      "    timeout: 60s",
      "    maxage: 30m",
      "packages:",
      "  '@tss/*':",
      "    access: $all",
      "    publish: $authenticated",
      "    unpublish: $authenticated",
      "  '**':",
      "    access: $all",
      "    publish: $authenticated",
      "    proxy: npmjs",
      "server:",
      "  keepAliveTimeout: 60",
      "logs: { type: stdout, format: pretty, level: warn }",
      "web: { enable: false }",
      "max_body_size: 200mb",
      "",
    ].join("\n"),
  );
  let child: ChildProcess | undefined;
  let exited = true;
  let gone: Promise<void> = Promise.resolve();
  let output = "";
  /** Ends this attempt's verdaccio (the storage stays). */
  const end = async () => {
    if (!exited) {
      child?.kill("SIGTERM");
      const timer = setTimeout(() => child?.kill("SIGKILL"), 3000);
      await gone;
      clearTimeout(timer);
    }
  };
  const killOnExit = () => child?.kill("SIGKILL");
  process.once("exit", killOnExit);
  const stop = async () => {
    process.removeListener("exit", killOnExit);
    await end();
    rmSync(dir, { recursive: true, force: true });
  };
  // Another process may take the port between freePort() and verdaccio's bind:
  // verdaccio then exits with EADDRINUSE and is started again on a new port.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    url = `http://127.0.0.1:${port}/`;
    output = "";
    const c: ChildProcess = spawn(
      process.execPath,
      [verdaccioBin(), "--config", join(dir, "config.yaml"), "--listen", `127.0.0.1:${port}`],
      { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, VERDACCIO_HANDLE_KILL_SIGNALS: "true" } },
    );
    child = c;
    c.stdout?.on("data", (d: Buffer) => {
      output += String(d);
    });
    c.stderr?.on("data", (d: Buffer) => {
      output += String(d);
    });
    exited = false;
    gone = new Promise<void>((res) =>
      c.once("exit", () => {
        exited = true;
        res();
      }),
    );
    const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
    let up = false;
    for (;;) {
      if (exited) break;
      try {
        const r = await fetch(`${url}-/ping`, { signal: AbortSignal.timeout(2000) });
        if (r.ok && !exited) {
          up = true;
          break;
        }
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`verdaccio did not answer on ${url} within the deadline:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    if (up) break;
    await end();
    if (attempt < 4 && /EADDRINUSE|address already in use/i.test(output)) continue;
    await stop();
    throw new Error(`verdaccio exited at start:\n${output}`);
  }
  // npm's legacy sign-up: PUT the user document, get a token back.
  const r = await fetch(`${url}-/user/org.couchdb.user:tss`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "tss", password: "tss-release-test", type: "user", roles: [] }),
  });
  const body = (await r.json()) as { token?: string };
  if (!r.ok || !body.token) {
    await stop();
    throw new Error(`verdaccio refused the sign-up (${r.status}): ${JSON.stringify(body)}`);
  }
  const npmrc = join(dir, "npmrc");
  writeFileSync(npmrc, `registry=${url}\n//127.0.0.1:${port}/:_authToken=${body.token}\n`);
  return { url, npmrc, stop };
}

/** The repository root (tools/reg/src/../../..). */
export function repositoryRoot(): string {
  return resolve(here, "..", "..", "..");
}

/**
 * Copies the repository's sources (what git tracks plus untracked files that are not
 * ignored; no dist, no node_modules, no .git) into a temporary folder, and links the
 * dependencies the way pnpm installed them: the copy's root node_modules is a link to
 * the repository's (the pnpm store), and each package's node_modules is copied as
 * links (relative links to sibling packages then point inside the copy). A build in
 * the copy is a build from a clean clone. Returns the copy's folder.
 */
export function throwawayCopy(root = repositoryRoot()): string {
  const dest = mkdtempSync(join(tmpdir(), "tss-release-copy-"));
  const ls = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (ls.status !== 0) throw new Error(`git ls-files failed: ${ls.stderr}`);
  for (const file of ls.stdout.split("\0").filter(Boolean)) {
    const from = join(root, file);
    const to = join(dest, file);
    mkdirSync(dirname(to), { recursive: true });
    try {
      cpSync(from, to, { dereference: false, preserveTimestamps: true });
    } catch (e) {
      // a file listed by git but deleted in the working tree
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
  }
  symlinkSync(join(root, "node_modules"), join(dest, "node_modules"));
  for (const group of ["packages", "tools", "examples"]) {
    let folders: string[];
    try {
      folders = readdirSync(join(root, group));
    } catch {
      continue;
    }
    for (const f of folders) {
      const nm = join(root, group, f, "node_modules");
      try {
        cpSync(nm, join(dest, group, f, "node_modules"), {
          recursive: true,
          dereference: false,
          verbatimSymlinks: true,
        });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      }
    }
  }
  return dest;
}
