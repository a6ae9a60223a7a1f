/** Explains the errors of opening or using a TPM device file, with what to do. */
import { TssError } from "@tss/marshal";

const isResourceManager = (path: string) => /tpmrm\d*$/.test(path);

/** The errno code of an error, or of the one it wraps; serialport's "Permission denied" messages count as EACCES. */
function errnoOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === "string" && code.startsWith("E")) return code;
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  if (cause !== undefined && cause !== error) return errnoOf(cause);
  if (/permission denied|operation not permitted/i.test(String((error as Error | undefined)?.message ?? ""))) {
    return "EACCES";
  }
  return undefined;
}

/**
 * True when opening failed for want of permission (EACCES, EPERM): trying again
 * will not help, so a reopen does not retry it.
 */
export function isPermissionError(error: unknown): boolean {
  const code = errnoOf(error);
  return code === "EACCES" || code === "EPERM";
}

/** A TssError for an operating-system error on `path`, with the usual remedy named. */
export function explainDeviceError(error: unknown, path: string, action: string): TssError {
  const code = errnoOf(error);
  const detail = (error as Error).message ?? String(error);
  switch (code) {
    case "ENOENT":
      return new TssError(
        "DEVICE",
        `${path} does not exist: no TPM, or its driver is not loaded (see /sys/class/tpm); ` +
          `a serial TPM needs its tty path (${detail})`,
        { cause: error },
      );
    case "EACCES":
    case "EPERM":
      return new TssError(
        "DEVICE",
        `permission denied on ${path}: add your user to the 'tss' group (sudo usermod -aG tss $USER, then log in again), ` +
          `or grant access with a udev rule or 'sudo chmod 660 ${path}' and a suitable group; or run as root (${detail})`,
        { cause: error },
      );
    case "EBUSY":
      return new TssError(
        "DEVICE",
        `${path} is busy: another process holds it (${isResourceManager(path) ? "too many open connections" : "often tpm2-abrmd or another TSS"}); ` +
          `use /dev/tpmrm0, the kernel resource manager, which many processes can share, or stop the other user (${detail})`,
        { cause: error },
      );
    case "ENODEV":
    case "ENXIO":
      return new TssError("DEVICE", `${path} has no TPM behind it (${detail})`, { cause: error });
    default:
      return new TssError("DEVICE", `${action} ${path} failed: ${detail}`, { cause: error });
  }
}
