/** Node-only entry: the file store (TPM_DATA_DIR). */
export { FileStore } from "./store/file-store.js";
