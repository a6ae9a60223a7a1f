/**
 * tpmcmd: one platform signal to the simulator. IBM's has -stop only; the
 * others (power, NV, cancel, physical presence, locality) are ours, in the MS
 * simulator's dialect or on swtpm's control channel (TPM_PLATFORM_TYPE).
 */
import { TssError } from "@tss/marshal";
import { checkLocality, MssimPlatform } from "@tss/transport-mssim";
import { parseDec } from "../flags.js";
import { type PlatformPort, withPlatformPort } from "../platform-port.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** The signals, by flag: what each does in either dialect. */
const SIGNALS: Readonly<Record<string, (p: PlatformPort) => Promise<void>>> = {
  "-stop": (p) => (p instanceof MssimPlatform ? p.stopSimulator() : p.shutdown()),
  "-poweron": (p) => p.powerOn(),
  "-poweroff": (p) => p.powerOff(),
  "-reset": (p) => p.reset(),
  "-nvon": (p) => p.nvOn(),
  "-nvoff": (p) => (p instanceof MssimPlatform ? p.nvOff() : unsupported("NV off")),
  "-cancelon": (p) => p.cancel(),
  // swtpm cancels the command in progress only: there is no cancel state to clear.
  "-canceloff": async (p) => {
    if (p instanceof MssimPlatform) await p.cancelOff();
  },
  "-ppon": (p) => (p instanceof MssimPlatform ? p.physicalPresence(true) : unsupported("physical presence")),
  "-ppoff": (p) => (p instanceof MssimPlatform ? p.physicalPresence(false) : unsupported("physical presence")),
};

async function unsupported(what: string): Promise<never> {
  throw new TssError("UNSUPPORTED", `swtpm's control channel has no ${what} signal`);
}

/** tpmcmd -stop | -poweron | -poweroff | -reset | -nvon | -nvoff | -cancelon | -canceloff | -ppon | -ppoff | -loc n. */
export const tpmcmd: Utility = {
  name: "tpmcmd",
  summary: "Sends an in-band TPM simulator signal",
  flags: { ...Object.fromEntries(Object.keys(SIGNALS).map((f) => [f, "switch" as const])), "-loc": "string" },
  usage: [
    "\t-stop\tStop the TPM simulator (swtpm: CMD_SHUTDOWN, the process ends)",
    "",
    "\tOurs (the last signal given is sent):",
    "\t-poweron\tpower on (swtpm: CMD_INIT); TPM2_Startup is then needed",
    "\t-poweroff\tpower off (swtpm: CMD_STOP)",
    "\t-reset\tpower cycle",
    "\t-nvon\tNV available (nothing to do on swtpm)",
    "\t-nvoff\tNV unavailable (MS simulator only)",
    "\t-cancelon\tcancel the command in progress",
    "\t-canceloff\tclear the cancel signal (nothing to do on swtpm)",
    "\t-ppon\tassert physical presence (MS simulator only)",
    "\t-ppoff\tdeassert physical presence (MS simulator only)",
    "\t-loc n\tlocality of the following commands (swtpm's CMD_SET_LOCALITY, for raw framing;",
    "\t\tthe MS simulator takes the locality with each command: TPM_TRANSMIT_LOCALITY)",
    "",
    "\tUses TPM_SERVER_NAME, TPM_PLATFORM_PORT and TPM_PLATFORM_TYPE (mssim, swtpm).",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const signal = f.lastOf(...Object.keys(SIGNALS));
    const locText = f.string("-loc");
    if (signal === undefined && locText === undefined) throw new UsageError("Missing command specifier");
    let locality: number | undefined;
    if (locText !== undefined) {
      locality = parseDec("-loc", locText);
      try {
        checkLocality(locality);
      } catch (e) {
        throw new UsageError(`bad parameter ${locText} for -loc: ${(e as Error).message}`);
      }
    }
    await withPlatformPort(ctx.io.env, async (platform) => {
      if (locality !== undefined) {
        if (platform instanceof MssimPlatform) {
          throw new TssError(
            "UNSUPPORTED",
            "the MS simulator has no locality signal: it takes the locality with each command (TPM_TRANSMIT_LOCALITY)",
          );
        }
        await platform.setLocality(locality);
      }
      if (signal !== undefined) await SIGNALS[signal]!(platform);
    });
    ctx.result({ signal: signal?.slice(1) ?? null, locality: locality ?? null });
  },
};
