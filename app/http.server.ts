// The HTTP layer around Remix: security headers with a per-request CSP nonce, the cross-site write
// guard and static files. Used by scripts/server.ts (compiled to build/server.js); the dev server (Vite) does not go through it.
import crypto from "node:crypto";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express, { type NextFunction, type Request, type Response } from "express";

declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce: string;
    clientAddress: string;
    /**
     * Resolves once the response's socket has room again (or is closed). Remix's adapter writes a
     * streamed body without waiting for that, so a long download waits here between chunks.
     */
    responseDrained?: () => Promise<void>;
  }
}

export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

function securityHeaders(req: Request, res: Response, next: NextFunction) {
  const nonce = crypto.randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce));
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  next();
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Whether a request would change state on behalf of another site (a forged form post). */
export function isCrossSiteWrite(
  method: string,
  headers: Record<string, string | undefined>,
  ownOrigin: string,
): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  const origin = headers["origin"];
  if (origin) return origin !== ownOrigin;
  const fetchSite = headers["sec-fetch-site"];
  return fetchSite === "cross-site" || fetchSite === "same-site";
}

function crossSiteGuard(req: Request, res: Response, next: NextFunction) {
  const ownOrigin = `${req.protocol}://${req.get("host")}`;
  const headers = { origin: req.get("origin"), "sec-fetch-site": req.get("sec-fetch-site") };
  if (isCrossSiteWrite(req.method, headers, ownOrigin)) {
    res.status(403).type("text/plain").send("Cross-site requests are refused.");
    return;
  }
  next();
}

function drained(res: Response): Promise<void> {
  if (!res.writableNeedDrain || res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

export function createHttpApp(build: ServerBuild, clientDir: string) {
  const app = express();
  app.disable("x-powered-by");
  if (process.env.TRUST_PROXY === "true") app.set("trust proxy", true);
  app.use(securityHeaders);
  app.use(crossSiteGuard);
  app.use(
    "/assets",
    express.static(path.join(clientDir, "assets"), { immutable: true, maxAge: "1y", index: false }),
  );
  // Files at the top of the client build (the icon) have an extension; pages do not, and skip
  // the file-system lookup a static handler makes for every path it is asked about.
  const topLevelFiles = express.static(clientDir, { maxAge: "1h", index: false });
  app.use((req, res, next) => (path.extname(req.path) ? topLevelFiles(req, res, next) : next()));
  app.use((_req, res, next) => {
    // Pages hold personal data: never let a browser or proxy keep a copy.
    res.setHeader("Cache-Control", "no-store");
    next();
  });
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: process.env.NODE_ENV,
      getLoadContext: (req, res) => ({
        cspNonce: res.locals.cspNonce as string,
        clientAddress: req.ip ?? "unknown",
        responseDrained: () => drained(res),
      }),
    }),
  );
  // Last resort for errors outside Remix (a malformed URL, a broken stream): a plain message, never a stack.
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    console.error(error instanceof Error ? error.message : "request failed");
    const status = (error as { status?: number }).status;
    const clientError = typeof status === "number" && status >= 400 && status < 500;
    res
      .status(clientError ? status : 500)
      .type("text/plain")
      .send(
        clientError
          ? "The request could not be understood."
          : "Something went wrong. Try again later.",
      );
  });
  return app;
}
