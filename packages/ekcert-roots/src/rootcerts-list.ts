/**
 * IBM TSS rootcerts.txt: a text file listing certificate files, one path per
 * line (utils/certificates/rootcerts.txt; createek -root and the other EK
 * utilities read it). IBM reads each line up to its newline as a file name and
 * the first PEM certificate of each file; here CR before the newline is dropped,
 * blank lines and lines starting with "#" are skipped, and every certificate of
 * a PEM file is returned (a DER file is one certificate). Reading the files is
 * the caller's: pass a `readFile`, so this module stays browser-safe.
 */
import { EkCertError, pemToDerCertificates } from "@tss/ekcert";

/** A certificate read through a rootcerts.txt list: the listed path and the DER. */
export interface ListedCertificate {
  readonly path: string;
  readonly der: Uint8Array;
}

/** Reads a listed file: its text (PEM) or bytes (PEM or DER). */
export type ReadListedFile = (path: string) => Promise<string | Uint8Array> | string | Uint8Array;

/** The paths a rootcerts.txt text lists, in order. */
export function parseRootCertsList(text: string): string[] {
  if (typeof text !== "string") throw new EkCertError("BAD_PARAMETER", "rootcerts.txt: the list must be text");
  return text
    .split("\n")
    .map((line) => line.replace(/\r$/, ""))
    .filter((line) => line.trim() !== "" && !line.startsWith("#"));
}

function certificatesOf(path: string, content: string | Uint8Array): Uint8Array[] {
  let text: string | undefined;
  if (typeof content === "string") text = content;
  else if (content instanceof Uint8Array) {
    if (content.length > 0 && content[0] === 0x30) return [content];
    text = new TextDecoder().decode(content);
  } else throw new EkCertError("BAD_PARAMETER", `${path}: readFile returned neither text nor bytes`);
  try {
    return pemToDerCertificates(text);
  } catch (e) {
    throw new EkCertError("BAD_CERTIFICATE", `${path}: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * The certificates of every file a rootcerts.txt text lists, in list order.
 * A file that cannot be read or holds no certificate fails with its path
 * (EkCertError BAD_CERTIFICATE, or the reader's error as the cause).
 */
export async function readRootCertsList(text: string, readFile: ReadListedFile): Promise<ListedCertificate[]> {
  if (typeof readFile !== "function") throw new EkCertError("BAD_PARAMETER", "rootcerts.txt: readFile is required");
  const out: ListedCertificate[] = [];
  for (const path of parseRootCertsList(text)) {
    let content: string | Uint8Array;
    try {
      content = await readFile(path);
    } catch (e) {
      throw new EkCertError("BAD_CERTIFICATE", `${path}: cannot be read (${(e as Error).message})`, { cause: e });
    }
    for (const der of certificatesOf(path, content)) out.push({ path, der });
  }
  return out;
}
