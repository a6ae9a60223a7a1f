import { existsSync, readdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Every package and tool with a test folder is a vitest project named after its folder.
// The "@tss/source" export condition makes workspace imports resolve to TypeScript
// sources, so tests need no build.
const conditions = ["@tss/source", "node", "import", "module", "default"];
// Folders are found from this file's folder, so `pnpm test` inside a package (vitest --root ../..) works too.
const root = fileURLToPath(new URL(".", import.meta.url));
const projects = ["packages", "tools"].flatMap((dir) =>
  readdirSync(join(root, dir), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, dir, d.name, "test")))
    .map((d) => ({
      extends: true as const,
      test: { name: d.name, root: join(root, dir, d.name), include: ["test/**/*.test.ts"] },
    })),
);

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    projects,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // node:crypto's generateKeyPairSync without a Node 20 deadlock (see the file).
    setupFiles: [join(root, "scripts", "vitest-keygen-setup.ts")],
    // Vitest's default is one worker fewer than the CPUs: one worker on a 2-core CI
    // machine, where most of a TPM test's time is spent waiting for swtpm or a child
    // process. Two or more workers keep both cores busy; TSS_TEST_WORKERS overrides.
    maxWorkers: Number(process.env.TSS_TEST_WORKERS) || Math.max(2, availableParallelism()),
  },
});
