/** node-forge, imported so that it works both as CommonJS-from-ESM and under bundlers. */
import * as forgeNamespace from "node-forge";

/** The node-forge module object. */
export const forge: typeof forgeNamespace = ((forgeNamespace as unknown as { default?: typeof forgeNamespace })
  .default ?? forgeNamespace) as typeof forgeNamespace;
