/**
 * Passwords as the IBM utilities take them: on the command line (-pwdk secret)
 * or in a file (-ipwdk file). The file holds a C string: it must end with a nul
 * byte, and the password is what precedes the first nul.
 */
import { UsageError } from "./usage-error.js";
import type { UtilityContext } from "./utility.js";

/**
 * The password of a `flag` / `fileFlag` pair (e.g. -pwdk / -ipwdk): the
 * command-line string, the bytes of the file up to its first nul, or undefined
 * (empty password) when neither is given. Both at once is a UsageError, as is a
 * file that is empty or does not end with a nul byte.
 */
export async function passwordFromFlags(
  ctx: UtilityContext,
  flag: string,
  fileFlag: string,
): Promise<string | Uint8Array | undefined> {
  const text = ctx.flags.string(flag);
  const file = ctx.flags.string(fileFlag);
  if (text !== undefined && file !== undefined)
    throw new UsageError(`only one of ${flag} and ${fileFlag} can be specified`);
  if (file === undefined) return text;
  const bytes = await ctx.readFile(file);
  if (bytes.length === 0 || bytes[bytes.length - 1] !== 0)
    throw new UsageError(`${fileFlag} file ${file} must be nul terminated`);
  return bytes.slice(0, bytes.indexOf(0));
}
