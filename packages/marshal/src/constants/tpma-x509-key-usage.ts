/**
 * TPMA_X509_KEY_USAGE: the X.509 KeyUsage bits CertifyX509 may put in a certificate
 * (Part 2, 8.11). Bit 31 is the first bit of the DER BIT STRING.
 */
export const TPMA_X509_KEY_USAGE = {
  decipherOnly: 0x00800000,
  encipherOnly: 0x01000000,
  cRLSign: 0x02000000,
  keyCertSign: 0x04000000,
  keyAgreement: 0x08000000,
  dataEncipherment: 0x10000000,
  keyEncipherment: 0x20000000,
  nonrepudiation: 0x40000000,
  digitalSignature: 0x80000000,
} as const;
