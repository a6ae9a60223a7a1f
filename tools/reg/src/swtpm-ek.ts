/**
 * A swtpm state folder with real EK certificates: swtpm_setup --create-ek-cert
 * with its swtpm_localca CA configured in a temporary folder (not the system's
 * /var/lib/swtpm-localca). The state holds an RSA 2048 EK certificate at
 * 0x01C00002 and an ECC P-384 one at 0x01C00016, the EKs persisted at
 * 0x81010001 and 0x81010016, and a platform certificate; start swtpm on it with
 * startSwtpm({ stateDir }).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A provisioned swtpm state folder and the CA that issued its EK certificates. */
export interface EkProvisionedState {
  /** The folder holding the state, the CA and the configuration files. */
  readonly dir: string;
  /** The swtpm state folder (pass to startSwtpm({ stateDir })). */
  readonly stateDir: string;
  /** The swtpm_localca state folder (its signing key, issuing certificate, serial). */
  readonly caDir: string;
  /** swtpm_localca's configuration file (for --config; issue more certificates with the same CA). */
  readonly localcaConfig: string;
  /** swtpm_localca's options file (for --optsfile). */
  readonly localcaOptions: string;
  /** The local CA's self-signed root, PEM. */
  readonly rootPem: string;
  /** The local CA's issuing certificate (signed by the root; it signs the EK certificates), PEM. */
  readonly intermediatePem: string;
  /** Removes the state and CA folders (the whole folder when provisionEkState made it). */
  remove(): void;
}

/** How provisionEkState provisions. */
export interface EkProvisionOptions {
  /** An existing folder to provision in (default: a new temporary folder). */
  readonly dir?: string;
  /** The active PCR banks, e.g. "sha1,sha256" (default "sha256"). */
  readonly pcrBanks?: string;
  /** Also a platform certificate (--create-platform-cert; default true). */
  readonly platformCertificate?: boolean;
  /** Write-lock the certificates' NV indexes (--lock-nvram; default true). */
  readonly lockNvram?: boolean;
}

/** True when swtpm_setup and swtpm_localca are installed. */
export function haveSwtpmSetup(): boolean {
  return (
    spawnSync("swtpm_setup", ["--help"], { stdio: "ignore" }).status === 0 &&
    spawnSync("swtpm_localca", ["--help"], { stdio: "ignore" }).status === 0
  );
}

/** Runs swtpm_setup --tpm2 --create-ek-cert (by default with --create-platform-cert --lock-nvram) with a private swtpm_localca. */
export function provisionEkState(options: EkProvisionOptions = {}): EkProvisionedState {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "tss-swtpm-ek-"));
  const stateDir = join(dir, "state");
  const caDir = join(dir, "ca");
  const localcaConfig = join(dir, "swtpm-localca.conf");
  const localcaOptions = join(dir, "swtpm-localca.options");
  mkdirSync(stateDir);
  mkdirSync(caDir);
  const remove = () => {
    if (options.dir) for (const d of [stateDir, caDir]) rmSync(d, { recursive: true, force: true });
    else rmSync(dir, { recursive: true, force: true });
  };
  try {
    writeFileSync(
      localcaConfig,
      `statedir = ${caDir}\nsigningkey = ${caDir}/signkey.pem\nissuercert = ${caDir}/issuercert.pem\ncertserial = ${caDir}/certserial\n`,
    );
    writeFileSync(localcaOptions, "--platform-manufacturer tss\n--platform-version 2.1\n--platform-model swtpm\n");
    writeFileSync(
      join(dir, "swtpm_setup.conf"),
      `create_certs_tool = /usr/bin/swtpm_localca\ncreate_certs_tool_config = ${localcaConfig}\ncreate_certs_tool_options = ${localcaOptions}\nactive_pcr_banks = ${options.pcrBanks ?? "sha256"}\n`,
    );
    const setup = spawnSync(
      "swtpm_setup",
      [
        "--tpm2",
        "--tpmstate",
        stateDir,
        "--create-ek-cert",
        ...(options.platformCertificate === false ? [] : ["--create-platform-cert"]),
        ...(options.lockNvram === false ? [] : ["--lock-nvram"]),
        "--config",
        join(dir, "swtpm_setup.conf"),
      ],
      { encoding: "utf8" },
    );
    if (setup.status !== 0) throw new Error(`swtpm_setup failed: ${setup.stderr}${setup.stdout}`);
    return {
      dir,
      stateDir,
      caDir,
      localcaConfig,
      localcaOptions,
      rootPem: readFileSync(join(caDir, "swtpm-localca-rootca-cert.pem"), "utf8"),
      intermediatePem: readFileSync(join(caDir, "issuercert.pem"), "utf8"),
      remove,
    };
  } catch (e) {
    remove();
    throw e;
  }
}
