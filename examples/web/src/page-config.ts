/** What the server hands the page: the proxy token (URL fragment) and config.json (the EK roots). */

/** config.json, written by the server beside the page. */
export interface PageConfig {
  /** PEM certificates the EK chain may end at (swtpm's local CA root when the server runs swtpm). */
  readonly roots: readonly string[];
  /** PEM certificates that may link the EK certificate to a root (the local CA's issuer). */
  readonly intermediates: readonly string[];
}

/** The page's options from its URL fragment: `#token=<hex>` and an optional `&bench`. */
export interface PageOptions {
  readonly token: string | undefined;
  readonly bench: boolean;
}

const TOKEN_KEY = "tss-proxy-token";

/**
 * Reads the URL fragment (never sent to servers), keeps the token for this tab
 * (sessionStorage: a reload still connects) and removes it from the address bar.
 */
export function readPageOptions(): PageOptions {
  const params = new URLSearchParams(location.hash.replace(/^#/, ""));
  const bench = params.has("bench");
  const given = params.get("token") ?? undefined;
  if (given !== undefined) {
    sessionStorage.setItem(TOKEN_KEY, given);
    history.replaceState(null, "", `${location.pathname}${bench ? "#bench" : ""}`);
  }
  return { token: given ?? sessionStorage.getItem(TOKEN_KEY) ?? undefined, bench };
}

/** Fetches config.json; an absent or broken one gives no roots (the EK panel then says so). */
export async function loadPageConfig(): Promise<PageConfig> {
  try {
    const response = await fetch("config.json", { cache: "no-store" });
    if (!response.ok) return { roots: [], intermediates: [] };
    const json = (await response.json()) as Partial<PageConfig>;
    return { roots: json.roots ?? [], intermediates: json.intermediates ?? [] };
  } catch {
    return { roots: [], intermediates: [] };
  }
}
