import type { Infer, TPMT_PUBLIC } from "@tss/marshal";

/** A TPMT_PUBLIC value as the @tss/marshal codec reads and writes it (the same type as @tss/session's PublicArea). */
export type PublicArea = Infer<typeof TPMT_PUBLIC>;
