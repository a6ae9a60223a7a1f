/** Every utility `tss` dispatches to, by IBM TSS name. */
import type { Utility } from "../utility.js";
import { activatecredential } from "./activatecredential.js";
import { certify } from "./certify.js";
import { certifycreation } from "./certifycreation.js";
import { certifyx509 } from "./certifyx509.js";
import { changeeps } from "./changeeps.js";
import { changepps } from "./changepps.js";
import { clear } from "./clear.js";
import { clearcontrol } from "./clearcontrol.js";
import { clockrateadjust } from "./clockrateadjust.js";
import { clockset } from "./clockset.js";
import { commit } from "./commit.js";
import { contextload } from "./contextload.js";
import { contextsave } from "./contextsave.js";
import { create } from "./create.js";
import { createek } from "./createek.js";
import { createekcert } from "./createekcert.js";
import { createloaded } from "./createloaded.js";
import { createprimary } from "./createprimary.js";
import { dictionaryattacklockreset } from "./dictionaryattacklockreset.js";
import { dictionaryattackparameters } from "./dictionaryattackparameters.js";
import { duplicate } from "./duplicate.js";
import { eccdecrypt } from "./eccdecrypt.js";
import { eccencrypt } from "./eccencrypt.js";
import { eccparameters } from "./eccparameters.js";
import { ecephemeral } from "./ecephemeral.js";
import { encryptdecrypt } from "./encryptdecrypt.js";
import { eventextend } from "./eventextend.js";
import { eventsequencecomplete } from "./eventsequencecomplete.js";
import { evictcontrol } from "./evictcontrol.js";
import { flushcontext } from "./flushcontext.js";
import { getcapability } from "./getcapability.js";
import { getcommandauditdigest } from "./getcommandauditdigest.js";
import { getcryptolibrary } from "./getcryptolibrary.js";
import { getrandom } from "./getrandom.js";
import { getsessionauditdigest } from "./getsessionauditdigest.js";
import { gettestresult } from "./gettestresult.js";
import { gettime } from "./gettime.js";
import { hash } from "./hash.js";
import { hashsequencestart } from "./hashsequencestart.js";
import { hierarchychangeauth } from "./hierarchychangeauth.js";
import { hierarchycontrol } from "./hierarchycontrol.js";
import { hmac } from "./hmac.js";
import { hmacstart } from "./hmacstart.js";
import { imaextend } from "./imaextend.js";
import { importUtility } from "./import.js";
import { importpem } from "./importpem.js";
import { load } from "./load.js";
import { loadexternal } from "./loadexternal.js";
import { makecredential } from "./makecredential.js";
import { ntc2getconfig } from "./ntc2getconfig.js";
import { ntc2lockconfig } from "./ntc2lockconfig.js";
import { ntc2preconfig } from "./ntc2preconfig.js";
import { nvcertify } from "./nvcertify.js";
import { nvchangeauth } from "./nvchangeauth.js";
import { nvdefinespace } from "./nvdefinespace.js";
import { nvextend } from "./nvextend.js";
import { nvglobalwritelock } from "./nvglobalwritelock.js";
import { nvincrement } from "./nvincrement.js";
import { nvread } from "./nvread.js";
import { nvreadlock } from "./nvreadlock.js";
import { nvreadpublic } from "./nvreadpublic.js";
import { nvsetbits } from "./nvsetbits.js";
import { nvundefinespace } from "./nvundefinespace.js";
import { nvundefinespacespecial } from "./nvundefinespacespecial.js";
import { nvwrite } from "./nvwrite.js";
import { nvwritelock } from "./nvwritelock.js";
import { objectchangeauth } from "./objectchangeauth.js";
import { pcrallocate } from "./pcrallocate.js";
import { pcrevent } from "./pcrevent.js";
import { pcrextend } from "./pcrextend.js";
import { pcrread } from "./pcrread.js";
import { pcrreset } from "./pcrreset.js";
import { policyauthorize } from "./policyauthorize.js";
import { policyauthorizenv } from "./policyauthorizenv.js";
import { policyauthvalue } from "./policyauthvalue.js";
import { policycapability } from "./policycapability.js";
import { policycommandcode } from "./policycommandcode.js";
import { policycountertimer } from "./policycountertimer.js";
import { policycphash } from "./policycphash.js";
import { policyduplicationselect } from "./policyduplicationselect.js";
import { policygetdigest } from "./policygetdigest.js";
import { policymaker } from "./policymaker.js";
import { policymakerpcr } from "./policymakerpcr.js";
import { policynamehash } from "./policynamehash.js";
import { policynv } from "./policynv.js";
import { policynvwritten } from "./policynvwritten.js";
import { policyor } from "./policyor.js";
import { policyparameters } from "./policyparameters.js";
import { policypassword } from "./policypassword.js";
import { policypcr } from "./policypcr.js";
import { policyrestart } from "./policyrestart.js";
import { policysecret } from "./policysecret.js";
import { policysigned } from "./policysigned.js";
import { policytemplate } from "./policytemplate.js";
import { policyticket } from "./policyticket.js";
import { powerup } from "./powerup.js";
import { printattr } from "./printattr.js";
import { proxy } from "./proxy.js";
import { publicname } from "./publicname.js";
import { quote } from "./quote.js";
import { readclock } from "./readclock.js";
import { readpublic } from "./readpublic.js";
import { returncode } from "./returncode.js";
import { rewrap } from "./rewrap.js";
import { rsadecrypt } from "./rsadecrypt.js";
import { rsaencrypt } from "./rsaencrypt.js";
import { sequencecomplete } from "./sequencecomplete.js";
import { sequenceupdate } from "./sequenceupdate.js";
import { setcommandcodeauditstatus } from "./setcommandcodeauditstatus.js";
import { setprimarypolicy } from "./setprimarypolicy.js";
import { shutdown } from "./shutdown.js";
import { sign } from "./sign.js";
import { signapp } from "./signapp.js";
import { startauthsession } from "./startauthsession.js";
import { startup } from "./startup.js";
import { stirrandom } from "./stirrandom.js";
import { timepacket } from "./timepacket.js";
import { tpm2pem } from "./tpm2pem.js";
import { tpmcmd } from "./tpmcmd.js";
import { tpmproxy } from "./tpmproxy.js";
import { tpmpublic2eccpoint } from "./tpmpublic2eccpoint.js";
import { unseal } from "./unseal.js";
import { verifysignature } from "./verifysignature.js";
import { writeapp } from "./writeapp.js";
import { zgen2phase } from "./zgen2phase.js";

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
    pcrevent,
    pcrreset,
    pcrallocate,
    eventextend,
    imaextend,
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
    nvundefinespacespecial,
    nvchangeauth,
    nvextend,
    nvincrement,
    nvsetbits,
    nvwritelock,
    nvreadlock,
    nvglobalwritelock,
    sign,
    verifysignature,
    hierarchychangeauth,
    tpmproxy,
    proxy,
    ntc2getconfig,
    ntc2preconfig,
    ntc2lockconfig,
    hierarchycontrol,
    clear,
    clearcontrol,
    changeeps,
    changepps,
    setprimarypolicy,
    dictionaryattacklockreset,
    dictionaryattackparameters,
    clockset,
    clockrateadjust,
    readclock,
    returncode,
    gettestresult,
    getcryptolibrary,
    timepacket,
    tpmcmd,
    signapp,
    writeapp,
    quote,
    certify,
    certifycreation,
    certifyx509,
    nvcertify,
    gettime,
    getcommandauditdigest,
    getsessionauditdigest,
    setcommandcodeauditstatus,
    makecredential,
    activatecredential,
    createek,
    createekcert,
    commit,
    eccdecrypt,
    eccencrypt,
    eccparameters,
    ecephemeral,
    encryptdecrypt,
    eventsequencecomplete,
    hash,
    hashsequencestart,
    hmac,
    hmacstart,
    rsadecrypt,
    rsaencrypt,
    sequencecomplete,
    sequenceupdate,
    stirrandom,
    zgen2phase,
    createloaded,
    loadexternal,
    objectchangeauth,
    unseal,
    contextsave,
    contextload,
    importpem,
    duplicate,
    rewrap,
    publicname,
    tpm2pem,
    tpmpublic2eccpoint,
    printattr,
    importUtility,
    policyauthorize,
    policyauthorizenv,
    policyauthvalue,
    policycapability,
    policycommandcode,
    policycountertimer,
    policycphash,
    policyduplicationselect,
    policygetdigest,
    policynamehash,
    policynv,
    policynvwritten,
    policyor,
    policyparameters,
    policypassword,
    policypcr,
    policyrestart,
    policysecret,
    policysigned,
    policytemplate,
    policyticket,
    policymaker,
    policymakerpcr,
  ].map((u) => [u.name, u]),
);
