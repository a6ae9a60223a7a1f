/** What a failing utility prints on standard error, in the IBM utilities' manner. */
import { TpmError, TssError } from "@tss/marshal";
import { hex8 } from "./print-all.js";
import { responseCodeLine } from "./response-code-text.js";

/** The lines a failure prints, in the IBM utilities' manner. */
export function failureText(name: string, e: unknown): string {
  if (e instanceof TpmError)
    return `${name}: failed, rc ${hex8(e.responseCode)}\n${responseCodeLine(e.responseCode)}\n`;
  if (e instanceof TssError) return `${name}: failed, ${e.code}: ${e.message}\n`;
  const code = (e as { code?: unknown }).code;
  const message = e instanceof Error ? e.message : String(e);
  return `${name}: failed, ${typeof code === "string" && !message.startsWith(code) ? `${code}: ` : ""}${message}\n`;
}
