// Builds the API reference: one TypeDoc project per public package (its entry points are
// the "@tss/source" targets of its exports map), validated for undocumented exported names,
// then merged into one static site at docs/api with a page per package.
//
// TypeDoc 0.28 accepts TypeScript 5.x/6.0 only; the repository compiles with TypeScript 7,
// so this private package carries its own TypeScript 6 for TypeDoc to load.
//
// Usage: node tools/docs/build.mjs [--out <dir>]
// Exit code 1 when any warning or error was reported (a missing doc comment is a warning).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Application, TSConfigReader } from "typedoc";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const outArg = process.argv.indexOf("--out");
const out = outArg > 0 ? resolve(process.argv[outArg + 1]) : join(root, "docs/api");
const work = join(root, "tools/docs/.work");

/** The public packages under packages/ with their entry points (source files). */
function publicPackages() {
  const found = [];
  for (const dir of readdirSync(join(root, "packages")).sort()) {
    const pkgDir = join(root, "packages", dir);
    const pkgFile = join(pkgDir, "package.json");
    if (!existsSync(pkgFile)) continue;
    const pkg = JSON.parse(readFileSync(pkgFile, "utf8"));
    if (pkg.private) continue;
    const entryPoints = [];
    const labels = new Map();
    for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
      const source = typeof target === "object" && target !== null ? target["@tss/source"] : undefined;
      if (typeof source === "string" && existsSync(join(pkgDir, source))) {
        entryPoints.push(join(pkgDir, source));
        labels.set(moduleName(join(pkgDir, source)), subpath === "." ? pkg.name : `${pkg.name}${subpath.slice(1)}`);
      }
    }
    if (entryPoints.length === 0 && existsSync(join(pkgDir, "src/index.ts"))) {
      entryPoints.push(join(pkgDir, "src/index.ts"));
    }
    if (entryPoints.length === 0) continue;
    found.push({ name: pkg.name, dir: pkgDir, entryPoints, labels });
  }
  return found;
}

/** TypeDoc's default name for the module of an entry point: its path from basePath, without "/index.ts". */
function moduleName(file) {
  return relative(root, file)
    .replace(/\\/g, "/")
    .replace(/\.ts$/, "")
    .replace(/\/index$/, "");
}

/** Options shared by every package's conversion. */
const common = {
  skipErrorChecking: true,
  excludePrivate: true,
  excludeInternal: true,
  disableGit: true,
  basePath: root,
  sourceLinkTemplate: "https://github.com/tss-ts/tss/blob/main/{path}#L{line}",
  validation: { notExported: false, invalidLink: true, rewrittenLink: true, notDocumented: true },
  // Every exported name and the methods of exported classes and interfaces need a doc comment.
  // Fields of TPM structures (Property) and members of the specification's constant tables
  // (EnumMember) carry the specification's own names and are not required one by one.
  requiredToBeDocumented: ["Enum", "Variable", "Function", "Class", "Interface", "TypeAlias", "Namespace", "Method", "Accessor"],
  logLevel: "Warn",
};

let problems = 0;
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const jsons = [];
for (const pkg of publicPackages()) {
  const app = await Application.bootstrapWithPlugins(
    {
      ...common,
      name: pkg.name,
      entryPoints: pkg.entryPoints,
      tsconfig: join(pkg.dir, existsSync(join(pkg.dir, "tsconfig.build.json")) ? "tsconfig.build.json" : "tsconfig.json"),
      readme: existsSync(join(pkg.dir, "README.md")) ? join(pkg.dir, "README.md") : "none",
    },
    [new TSConfigReader()],
  );
  const project = await app.convert();
  if (project === undefined) {
    console.error(`${pkg.name}: TypeDoc could not convert the package`);
    problems++;
    continue;
  }
  // A package with several entry points gets one module per export subpath, named as users import it.
  for (const child of project.children ?? []) {
    const label = pkg.labels.get(child.name);
    if (label !== undefined) child.name = label;
  }
  app.validate(project);
  const file = join(work, `${pkg.name.replace(/[@/]/g, "_")}.json`);
  await app.generateJson(project, file);
  jsons.push(file);
  const count = app.logger.warningCount + app.logger.errorCount;
  problems += count;
  console.log(`${pkg.name}: ${pkg.entryPoints.length} entry point(s), ${count} warning(s)`);
}

const merged = await Application.bootstrapWithPlugins(
  {
    ...common,
    name: "tss — a TPM 2.0 software stack in TypeScript",
    entryPointStrategy: "merge",
    entryPoints: jsons,
    readme: join(root, "README.md"),
    validation: { notExported: false, invalidLink: false, rewrittenLink: false, notDocumented: false },
  },
  [],
);
const project = await merged.convert();
if (project === undefined) {
  console.error("merging the package projects failed");
  process.exit(1);
}
rmSync(out, { recursive: true, force: true });
await merged.generateDocs(project, out);
rmSync(work, { recursive: true, force: true });
problems += merged.logger.warningCount + merged.logger.errorCount;
console.log(`API reference: ${jsons.length} packages in ${out}; ${problems} warning(s)/error(s)`);
process.exit(problems === 0 ? 0 : 1);
