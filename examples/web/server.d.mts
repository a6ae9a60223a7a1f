/** The built page's folder. */
export declare const DIST: string;

/** A running demo: swtpm, the proxy serving the page, and the page's URL. */
export interface WebDemo {
  /** The page's URL with the proxy token in its fragment. */
  readonly url: string;
  /** The page's origin (the one the proxy allows). */
  readonly origin: string;
  readonly token: string;
  readonly tpm: { readonly host: string; readonly port: number; readonly ctrlPort: number };
  readonly rootPem: string;
  readonly intermediatePem: string;
  close(): Promise<void>;
}

/** Starts swtpm with EK certificates and the guarded proxy serving the page. */
export declare function startWebDemo(options?: {
  readonly port?: number;
  /** Origins allowed besides the page's own. */
  readonly extraOrigins?: readonly string[];
  /** The proxy's log: a line per connection, refusal and close. */
  readonly log?: (line: string) => void;
}): Promise<WebDemo>;
