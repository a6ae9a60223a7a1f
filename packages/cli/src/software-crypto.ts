/** The software crypto the utilities use for work done outside the TPM (PEM, Names, wrapping). */
import { type Crypto, TssError } from "@tss/marshal";
import { defaultCrypto } from "@tss/tss";

/** The installed crypto plugin; TssError("NO_CRYPTO") when none is. */
export async function softwareCrypto(): Promise<Crypto> {
  const crypto = await defaultCrypto();
  if (!crypto)
    throw new TssError("NO_CRYPTO", "this needs a crypto plugin (@tss/crypto-webcrypto or @tss/crypto-forge)");
  return crypto;
}
