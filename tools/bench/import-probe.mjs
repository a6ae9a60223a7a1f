// Run by marshal-import.mjs in a fresh node: prints the ms spent in `await import(argv[2])`.
// A module of its own (not `node -e`), so that the ESM loader is already up when the clock starts.
const specifier = process.argv[2];
const t = performance.now();
await import(specifier);
const ms = performance.now() - t;
// Not process.stdout.write(String(performance.now() - t)): reading process.stdout, which
// builds the stream (~3 ms), would come before the clock is read.
process.stdout.write(String(ms));
