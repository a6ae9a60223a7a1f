/**
 * The TCG TPM Vendor ID Registry (Family 1.2 and 2.0, version 1.07): the
 * four-character vendor IDs a TPM reports in TPM_PT_MANUFACTURER and an EK
 * certificate in tcg-at-tpmManufacturer ("id:" and the ID's eight hex digits).
 * IDs shorter than four characters are padded with NUL (or, for "STM " and
 * "NSM ", a space) in the registry; here they are trimmed.
 */

/** Vendor names by trimmed TCG vendor ID. */
export const TCG_VENDOR_IDS: Readonly<Record<string, string>> = {
  AMD: "AMD",
  ANT: "Ant Group",
  ATML: "Atmel",
  BRCM: "Broadcom",
  CSCO: "Cisco",
  FLYS: "Flyslice Technologies",
  ROCC: "Fuzhou Rockchip",
  GOOG: "Google",
  HPI: "HPI",
  HPE: "HPE",
  HISI: "Huawei",
  IBM: "IBM",
  IFX: "Infineon",
  INTC: "Intel",
  LEN: "Lenovo",
  MSFT: "Microsoft",
  NSM: "National Semiconductor",
  NTZ: "Nationz",
  NSG: "NSING",
  NTC: "Nuvoton Technology",
  QCOM: "Qualcomm",
  SMSN: "Samsung",
  SECE: "SecEdge",
  SNS: "Sinosun",
  SMSC: "SMSC",
  STM: "STMicroelectronics",
  TXN: "Texas Instruments",
  WEC: "Winbond",
};

/**
 * The vendor ID of four octets (TPM_PT_MANUFACTURER, or tcg-at-tpmManufacturer's
 * hex digits) as text, trailing NULs and spaces trimmed: 0x494E5443 is "INTC".
 */
export function vendorIdText(octets: Uint8Array | number): string {
  const b =
    typeof octets === "number"
      ? [octets >>> 24, (octets >>> 16) & 0xff, (octets >>> 8) & 0xff, octets & 0xff]
      : Array.from(octets);
  return String.fromCharCode(...b).replace(/[\0 ]+$/, "");
}

/** The registry's name of a vendor ID ("IFX" is "Infineon"), or undefined when it is not registered. */
export function tcgVendorName(vendorId: string): string | undefined {
  return Object.hasOwn(TCG_VENDOR_IDS, vendorId) ? TCG_VENDOR_IDS[vendorId] : undefined;
}
