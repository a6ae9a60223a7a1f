// A third-party transport, as docs/writing-a-transport.md tells one to write it,
// loaded by openTss through TPM_INTERFACE_TYPE against swtpm: the guide's package
// (its package.json and index.ts blocks, and the example transport) goes into a
// temporary project's node_modules beside copies of the built @tss/tss, marshal
// and session, and a plain Node process there runs openTss() with
// TPM_INTERFACE_TYPE=acme, then =tss-transport-acme. In this process:
// registerTransport, the `transport` option, and the errors for a missing or
// badly named transport.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { TpmError as MarshalTpmError, TssError as MarshalTssError, type Transport } from "@tss/marshal";
import { MssimTransport } from "@tss/transport-mssim";
import {
  openTss,
  registerTransport,
  TpmError,
  TssError,
  transportPackageCandidates,
  unregisterTransport,
} from "@tss/tss";
import { transform } from "esbuild";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Swtpm, startSwtpm } from "../src/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
let tpm: Swtpm;
let project: string | undefined;
beforeAll(async () => {
  tpm = await startSwtpm();
});
afterAll(async () => {
  await tpm?.stop();
  if (project) rmSync(project, { recursive: true, force: true });
});

/** The code block after `<!-- file: NAME -->` in the guide. */
function guideFile(guide: string, name: string): string {
  // The file marker, then perhaps other HTML comments (readme-test markers), then the block.
  const m = new RegExp(
    `<!-- file: ${name.replace(".", "\\.")} -->\\n(?:<!--.*-->\\n)*\`\`\`\\w+\\n([\\s\\S]*?)\`\`\``,
  ).exec(guide);
  if (!m) throw new Error(`docs/writing-a-transport.md has no block for ${name}`);
  return m[1]!;
}

async function compile(ts: string): Promise<string> {
  return (await transform(ts, { loader: "ts", format: "esm", target: "es2022" })).code;
}

it("the guide's package, installed beside @tss/tss, is what TPM_INTERFACE_TYPE=acme loads", async () => {
  const guide = readFileSync(join(root, "docs", "writing-a-transport.md"), "utf8");
  project = mkdtempSync(join(tmpdir(), "tss-third-party-"));
  const modules = join(project, "node_modules");
  for (const name of ["marshal", "session", "tss"]) {
    const from = join(root, "packages", name);
    const to = join(modules, "@tss", name);
    mkdirSync(to, { recursive: true });
    cpSync(join(from, "package.json"), join(to, "package.json"));
    cpSync(join(from, "dist"), join(to, "dist"), { recursive: true });
  }
  const acme = join(modules, "tss-transport-acme");
  mkdirSync(acme, { recursive: true });
  writeFileSync(join(acme, "package.json"), guideFile(guide, "package.json"));
  writeFileSync(join(acme, "index.js"), await compile(guideFile(guide, "index.ts")));
  const example = readFileSync(
    join(root, "packages", "transport-testkit", "test", "example-raw-tcp-transport.ts"),
    "utf8",
  );
  writeFileSync(join(acme, "example-raw-tcp-transport.js"), await compile(example));
  writeFileSync(join(project, "package.json"), '{ "name": "user-project", "private": true, "type": "module" }\n');
  // No @tss/transport-mssim here: only the acme package can answer.
  writeFileSync(
    join(project, "main.js"),
    `import { openTss, TssError } from "@tss/tss";
const tss = await openTss();
try {
  const { randomBytes } = await tss.getRandom({ bytesRequested: 8 });
  const bad = await tss.setProperty("TPM_COMMAND_PORT", "0").then(() => tss.getRandom({ bytesRequested: 1 })).catch((e) => e);
  console.log(JSON.stringify({ n: randomBytes.length, bad: bad instanceof TssError ? bad.code : String(bad) }));
} finally {
  await tss.close();
}
`,
  );
  const env = {
    PATH: process.env.PATH ?? "",
    TPM_SERVER_NAME: tpm.host,
    TPM_COMMAND_PORT: String(tpm.port),
  };
  for (const type of ["acme", "tss-transport-acme"]) {
    const r = spawnSync(process.execPath, ["main.js"], {
      cwd: project,
      env: { ...env, TPM_INTERFACE_TYPE: type },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    // The guide's factory rejects port 0 with BAD_PROPERTY, as the guide says it should.
    expect(JSON.parse(r.stdout)).toEqual({ n: 8, bad: "BAD_PROPERTY" });
  }
  // An installed package that cannot load (its own import is missing) is not called "not installed".
  const broken = join(modules, "tss-transport-broken");
  mkdirSync(broken, { recursive: true });
  writeFileSync(
    join(broken, "package.json"),
    '{ "name": "tss-transport-broken", "type": "module", "exports": "./index.js" }\n',
  );
  writeFileSync(join(broken, "index.js"), 'export * from "@tss/no-such-dependency";\n');
  const brokenRun = spawnSync(process.execPath, ["main.js"], {
    cwd: project,
    env: { ...env, TPM_INTERFACE_TYPE: "broken" },
    encoding: "utf8",
    timeout: 30_000,
  });
  expect(brokenRun.status).not.toBe(0);
  expect(brokenRun.stderr).toContain("@tss/no-such-dependency");
  expect(brokenRun.stderr).not.toContain("PLUGIN_MISSING");
  // A one-word name whose package is not installed: PLUGIN_MISSING naming what to install.
  const missing = spawnSync(process.execPath, ["main.js"], {
    cwd: project,
    env: { ...env, TPM_INTERFACE_TYPE: "nosuch" },
    encoding: "utf8",
    timeout: 30_000,
  });
  expect(missing.status).not.toBe(0);
  expect(missing.stderr).toContain("PLUGIN_MISSING");
  expect(missing.stderr).toContain("npm install tss-transport-nosuch");
});

it("registerTransport makes a name loadable; the transport option bypasses TPM_INTERFACE_TYPE", async () => {
  const opened: Record<string, string>[] = [];
  registerTransport("acme-registered", (props) => {
    opened.push({ ...props });
    return new MssimTransport({ host: props.TPM_SERVER_NAME, port: Number(props.TPM_COMMAND_PORT), serverType: "raw" });
  });
  try {
    const env = {
      TPM_INTERFACE_TYPE: "acme-registered",
      TPM_SERVER_NAME: tpm.host,
      TPM_COMMAND_PORT: String(tpm.port),
    };
    {
      await using tss = await openTss({ env });
      expect((await tss.getRandom({ bytesRequested: 4 })).randomBytes).toHaveLength(4);
    }
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ TPM_INTERFACE_TYPE: "acme-registered", TPM_COMMAND_PORT: String(tpm.port) });
  } finally {
    expect(unregisterTransport("acme-registered")).toBe(true);
  }
  // Once unregistered, the name is a package name again, and none is installed.
  const gone = await openTss({ env: { TPM_INTERFACE_TYPE: "acme-registered" } })
    .then((t) => t.getRandom({ bytesRequested: 1 }))
    .catch((e) => e);
  expect(gone).toBeInstanceOf(TssError);
  expect((gone as TssError).code).toBe("PLUGIN_MISSING");

  // The transport option: TPM_INTERFACE_TYPE names something absent, and is never consulted.
  let sends = 0;
  const inner = new MssimTransport({ host: tpm.host, port: tpm.port, serverType: "raw" });
  const counting: Transport = {
    send: (c, o) => {
      sends++;
      return inner.send(c, o);
    },
    close: () => inner.close(),
  };
  await using tss = await openTss({ transport: counting, env: { TPM_INTERFACE_TYPE: "nosuch" } });
  expect((await tss.getRandom({ bytesRequested: 4 })).randomBytes).toHaveLength(4);
  expect(sends).toBe(1);
});

it("names that are not transport names are BAD_PROPERTY; the name rule is as documented", async () => {
  await expect(openTss({ env: { TPM_INTERFACE_TYPE: "Not A Package!" } })).rejects.toMatchObject({
    code: "BAD_PROPERTY",
  });
  expect(() => registerTransport("../evil", () => ({}) as Transport)).toThrow(TssError);
  expect(transportPackageCandidates("socsim")).toEqual(["@tss/transport-mssim"]);
  expect(transportPackageCandidates("acme")).toEqual(["tss-transport-acme", "acme"]);
  expect(transportPackageCandidates("@acme/tpm-usb")).toEqual(["@acme/tpm-usb"]);
  expect(transportPackageCandidates("tss-transport-x")).toEqual(["tss-transport-x"]);
});

it("the error classes of @tss/tss are @tss/marshal's (one class, so instanceof holds)", () => {
  expect(TssError).toBe(MarshalTssError);
  expect(TpmError).toBe(MarshalTpmError);
});
