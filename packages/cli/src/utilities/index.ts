/** Every utility `tss` dispatches to, by IBM TSS name. */
import type { Utility } from "../utility.js";
import { create } from "./create.js";
import { createprimary } from "./createprimary.js";
import { evictcontrol } from "./evictcontrol.js";
import { flushcontext } from "./flushcontext.js";
import { getcapability } from "./getcapability.js";
import { getcryptolibrary } from "./getcryptolibrary.js";
import { getrandom } from "./getrandom.js";
import { gettestresult } from "./gettestresult.js";
import { hierarchychangeauth } from "./hierarchychangeauth.js";
import { load } from "./load.js";
import { nvdefinespace } from "./nvdefinespace.js";
import { nvread } from "./nvread.js";
import { nvreadpublic } from "./nvreadpublic.js";
import { nvundefinespace } from "./nvundefinespace.js";
import { nvwrite } from "./nvwrite.js";
import { pcrextend } from "./pcrextend.js";
import { pcrread } from "./pcrread.js";
import { powerup } from "./powerup.js";
import { readpublic } from "./readpublic.js";
import { returncode } from "./returncode.js";
import { shutdown } from "./shutdown.js";
import { sign } from "./sign.js";
import { signapp } from "./signapp.js";
import { startauthsession } from "./startauthsession.js";
import { startup } from "./startup.js";
import { timepacket } from "./timepacket.js";
import { tpmcmd } from "./tpmcmd.js";
import { verifysignature } from "./verifysignature.js";
import { writeapp } from "./writeapp.js";

/** The utilities, keyed by name. */
export const UTILITIES: ReadonlyMap<string, Utility> = new Map(
  [
    powerup,
    startup,
    shutdown,
    getrandom,
    getcapability,
    pcrread,
    pcrextend,
    createprimary,
    create,
    load,
    flushcontext,
    readpublic,
    evictcontrol,
    startauthsession,
    nvdefinespace,
    nvwrite,
    nvread,
    nvundefinespace,
    nvreadpublic,
    sign,
    verifysignature,
    hierarchychangeauth,
    returncode,
    gettestresult,
    getcryptolibrary,
    timepacket,
    tpmcmd,
    signapp,
    writeapp,
  ].map((u) => [u.name, u]),
);
