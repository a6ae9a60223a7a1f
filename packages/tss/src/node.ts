/**
 * @tss/tss for Node: everything the browser-safe entry exports, with an openTss
 * that reads process.env and has the file store (TPM_DATA_DIR). Node resolves
 * `@tss/tss` here by the "node" export condition; `@tss/tss/node` names it.
 */
import { type OpenTssOptions, openTss as openTssPortable } from "./open-tss.js";
import { FileStore } from "./store/file-store.js";
import type { TssStore } from "./store/tss-store.js";
import type { Tss } from "./tss.js";

export * from "./index.js";
export { FileStore };

/**
 * openTss for Node: `env` defaults to process.env, and `store: "file"` keeps
 * Names, NV public areas and session state in TPM_DATA_DIR (from `env`, else
 * `properties`, else the current folder), as the IBM TSS does.
 */
export async function openTss(options: OpenTssOptions = {}): Promise<Tss> {
  const env = options.env ?? process.env;
  let store: TssStore | "memory" | undefined = options.store === "file" ? undefined : options.store;
  if (options.store === "file") store = new FileStore(env.TPM_DATA_DIR ?? options.properties?.TPM_DATA_DIR ?? ".");
  return openTssPortable({ ...options, env, ...(store === undefined ? {} : { store }) });
}
