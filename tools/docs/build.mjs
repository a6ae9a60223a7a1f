// Builds the API reference: one TypeDoc project over every public package (the entry points are
// the "@tss/source" targets of each exports map), validated for undocumented exported names,
// into one static site at docs/api with a page per package (per export subpath).
//
// TypeDoc 0.28 accepts TypeScript 5.x/6.0 only; the repository compiles with TypeScript 7,
// so this private package carries its own TypeScript 6 for TypeDoc to load.
//
// Usage: node tools/docs/build.mjs [--out <dir>] [--packages <folder of package folders>]
// Exit code 1 when any warning or error was reported (a missing doc comment is a warning).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Application, Comment, ReflectionKind, TSConfigReader } from "typedoc";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const outArg = process.argv.indexOf("--out");
const out = outArg > 0 ? resolve(process.argv[outArg + 1]) : join(root, "docs/api");
const packagesArg = process.argv.indexOf("--packages");
/** The folder whose package folders are documented (the repository's packages/ unless --packages). */
const packagesDir = packagesArg > 0 ? resolve(process.argv[packagesArg + 1]) : join(root, "packages");
// Scratch space for the generated tsconfig, one folder per run (two runs may overlap).
const work = join(root, "tools/docs/.work", String(process.pid));

/** The public packages under packages/ with their entry points (source files). */
function publicPackages() {
  const found = [];
  for (const dir of readdirSync(packagesDir).sort()) {
    const pkgDir = join(packagesDir, dir);
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
  requiredToBeDocumented: [
    "Enum",
    "Variable",
    "Function",
    "Class",
    "Interface",
    "TypeAlias",
    "Namespace",
    "Method",
    "Accessor",
  ],
  logLevel: "Warn",
};

let problems = 0;
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const packages = publicPackages();
const labels = new Map(packages.flatMap((p) => [...p.labels]));
// One TypeScript program over every entry point (one per package would parse the shared
// sources fourteen times); "@tss/source" resolves cross-package imports to the sources, so a
// type re-exported by another package links to its one page.
const tsconfig = join(work, "tsconfig.json");
writeFileSync(
  tsconfig,
  JSON.stringify({
    extends: relative(work, join(root, "tsconfig.base.json")),
    compilerOptions: {
      noEmit: true,
      customConditions: ["@tss/source"],
      types: ["node"],
      declarationMap: false,
      sourceMap: false,
    },
    files: packages.flatMap((p) => p.entryPoints).map((f) => relative(work, f)),
  }),
);
const app = await Application.bootstrapWithPlugins(
  {
    ...common,
    name: "tss — a TPM 2.0 software stack in TypeScript",
    entryPoints: packages.flatMap((p) => p.entryPoints),
    tsconfig,
    readme: join(root, "README.md"),
  },
  [new TSConfigReader()],
);
const project = await app.convert();
if (project === undefined) {
  console.error("TypeDoc could not convert the packages");
  process.exit(1);
}
// Each entry point's module is named as users import it: "@tss/marshal", "@tss/tss/node", ...
// and a package's main module page opens with the package's README.
const readmes = new Map(packages.map((p) => [p.name, join(p.dir, "README.md")]));
for (const child of project.children ?? []) {
  const label = labels.get(child.name);
  if (label !== undefined) child.name = label;
  const readme = readmes.get(child.name);
  if (readme !== undefined && existsSync(readme)) child.readme = [{ kind: "text", text: readFileSync(readme, "utf8") }];
}
// Tss's typed command methods come from one mapped type (TypedCommands), so they have no
// declaration of their own to carry a comment; each gets the mapped type's documentation.
for (const tss of project.getReflectionsByKind(ReflectionKind.Interface | ReflectionKind.Class)) {
  if (tss.name !== "Tss" || tss.parent?.name !== "@tss/tss") continue;
  for (const member of tss.children ?? []) {
    if ((member.sources?.length ?? 0) > 0 || member.hasComment()) continue;
    member.comment = new Comment([
      {
        kind: "text",
        text:
          `Sends the TPM command of this name (lowerCamelCase of its TPM_CC name) with typed ` +
          `parameters and results: \`tss.${member.name}(input, options)\` is \`tss.execute(TPM_CC.<name>, input, options)\`.`,
      },
    ]);
  }
}
app.validate(project);
rmSync(out, { recursive: true, force: true });
await app.generateDocs(project, out);
rmSync(work, { recursive: true, force: true });
problems += app.logger.warningCount + app.logger.errorCount;
for (const p of packages) console.log(`${p.name}: ${p.entryPoints.length} entry point(s)`);
console.log(`API reference: ${packages.length} packages in ${out}; ${problems} warning(s)/error(s)`);
process.exit(problems === 0 ? 0 : 1);
