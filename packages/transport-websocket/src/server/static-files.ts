/** Serves a folder of static files over HTTP (GET and HEAD), for the web page the proxy hosts. */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join, resolve, sep } from "node:path";

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".wasm": "application/wasm",
  ".txt": "text/plain; charset=utf-8",
  ".pem": "text/plain; charset=utf-8",
  ".cer": "application/pkix-cert",
  ".der": "application/pkix-cert",
};

/** A request handler serving the files under `root` (index.html for a folder); 404 outside it and for hidden files. */
export function staticFileHandler(root: string): (req: IncomingMessage, res: ServerResponse) => void {
  const base = resolve(root);
  return (req, res) => {
    const reply = (status: number, text: string) => {
      res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff" });
      res.end(req.method === "HEAD" ? undefined : text);
    };
    if (req.method !== "GET" && req.method !== "HEAD") return reply(405, "method not allowed\n");
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    } catch {
      return reply(400, "bad path\n");
    }
    if (path.includes("\0")) return reply(400, "bad path\n");
    // Hidden files (.env, .git, ...) are never served.
    if (path.split("/").some((segment) => segment.startsWith("."))) return reply(404, "not found\n");
    let file = resolve(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) return reply(404, "not found\n");
    void (async () => {
      try {
        let s = await stat(file);
        if (s.isDirectory()) {
          file = join(file, "index.html");
          s = await stat(file);
        }
        if (!s.isFile()) return reply(404, "not found\n");
        res.writeHead(200, {
          "content-type": CONTENT_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream",
          "content-length": String(s.size),
          "cache-control": "no-cache",
          "x-content-type-options": "nosniff",
        });
        if (req.method === "HEAD") return res.end();
        createReadStream(file)
          .on("error", () => res.destroy())
          .pipe(res);
      } catch {
        reply(404, "not found\n");
      }
    })();
  };
}
