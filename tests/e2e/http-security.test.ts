// The security headers, session cookie and cross-site write guard of the production server, over plain HTTP.
import Database from "better-sqlite3";
import { count, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { sessions, users } from "../../app/db/schema";
import { DEMO_PASSWORD } from "../../scripts/demo-data";

const baseUrl = inject("baseUrl");
const EVIL_ORIGIN = "https://evil.example";

let sqlite: Database.Database;
beforeAll(() => {
  sqlite = new Database(inject("databasePath"), { readonly: true, fileMustExist: true });
});
afterAll(() => sqlite.close());

/** How many sessions the server's database holds for the account. */
function sessionCount(email: string): number {
  const db = drizzle(sqlite);
  const row = db
    .select({ sessions: count() })
    .from(sessions)
    .innerJoin(users, eq(sessions.userId, users.id))
    .where(eq(users.email, email))
    .get();
  return row?.sessions ?? 0;
}

function request(
  path: string,
  options: {
    method?: string;
    cookie?: string;
    origin?: string;
    headers?: Record<string, string>;
    body?: BodyInit;
  } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.cookie) headers["Cookie"] = options.cookie;
  if (options.origin) headers["Origin"] = options.origin;
  return fetch(`${baseUrl}${path}`, {
    method: options.method ?? "GET",
    headers,
    body: options.body,
    redirect: "manual",
  });
}

function postSignIn(email: string, origin: string): Promise<Response> {
  return request("/login", {
    method: "POST",
    origin,
    body: new URLSearchParams({ email, password: DEMO_PASSWORD, redirectTo: "/" }),
  });
}

/** The `crg_session=…` pair a successful sign-in sets, ready for a Cookie header. */
async function signInCookie(email: string): Promise<string> {
  const response = await postSignIn(email, baseUrl);
  expect(response.status).toBe(302);
  const setCookie = response.headers
    .getSetCookie()
    .find((cookie) => cookie.startsWith("crg_session="));
  expect(setCookie).toBeDefined();
  return setCookie!.split(";")[0]!;
}

function cspDirectives(response: Response): Map<string, string> {
  const policy = response.headers.get("Content-Security-Policy") ?? "";
  return new Map(
    policy
      .split(";")
      .map((directive) => directive.trim())
      .filter(Boolean)
      .map((directive) => {
        const [name, ...values] = directive.split(/\s+/);
        return [name!, values.join(" ")] as const;
      }),
  );
}

function scriptNonce(response: Response): string | undefined {
  return cspDirectives(response)
    .get("script-src")
    ?.match(/'nonce-([^']+)'/)?.[1];
}

/** The nonce attribute of every <script> tag of the page, `null` for a tag without one. */
function nonceAttributes(html: string): (string | null)[] {
  return [...html.matchAll(/<script\b([^>]*)>/g)].map(
    (tag) => tag[1]!.match(/\bnonce="([^"]*)"/)?.[1] ?? null,
  );
}

const STACK_TRACE = /\bat .*[/\\][\w.-]+\.(?:[cm]?js|tsx?):\d+/;

describe("every page carries the security headers", () => {
  let cookie = "";
  beforeAll(async () => {
    cookie = await signInCookie("steering@crg.test");
  });

  const pages = [
    { name: "the sign-in page", path: "/login", signedIn: false, status: 200 },
    { name: "a signed-in page", path: "/", signedIn: true, status: 200 },
    { name: "the 404 page", path: "/no-such-page", signedIn: true, status: 404 },
  ];

  test.each(pages)(
    "$name has a fresh CSP nonce on every response, on each of its scripts",
    async ({ path, signedIn, status }) => {
      const first = await request(path, { cookie: signedIn ? cookie : undefined });
      const second = await request(path, { cookie: signedIn ? cookie : undefined });
      expect(first.status).toBe(status);
      expect(second.status).toBe(status);

      const nonce = scriptNonce(first);
      expect(nonce).toMatch(/^[A-Za-z0-9+/=]{16,}$/);
      expect(scriptNonce(second)).toMatch(/^[A-Za-z0-9+/=]{16,}$/);
      expect(scriptNonce(second)).not.toBe(nonce);

      const scriptNonces = nonceAttributes(await first.text());
      expect(scriptNonces.length).toBeGreaterThan(0);
      expect(new Set(scriptNonces)).toEqual(new Set([nonce]));
      await second.body?.cancel();
    },
  );

  test.each(pages)(
    "$name forbids plugins, base rewriting and framing",
    async ({ path, signedIn }) => {
      const response = await request(path, { cookie: signedIn ? cookie : undefined });
      await response.body?.cancel();
      const csp = cspDirectives(response);
      expect(csp.get("object-src")).toBe("'none'");
      expect(csp.get("base-uri")).toBe("'none'");
      expect(csp.get("frame-ancestors")).toBe("'none'");
      expect(response.headers.get("Referrer-Policy")).toBe("same-origin");
      expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    },
  );

  test("signed-in pages are never stored by the browser or a proxy", async () => {
    const response = await request("/", { cookie });
    await response.body?.cancel();
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
  });
});

describe("the session cookie", () => {
  test("is out of reach of scripts and not sent on cross-site requests", async () => {
    const response = await postSignIn("lead@crg.test", baseUrl);
    expect(response.status).toBe(302);
    const setCookie = response.headers
      .getSetCookie()
      .find((cookie) => cookie.startsWith("crg_session="));
    const attributes = (setCookie ?? "").split(";").map((part) => part.trim().toLowerCase());
    expect(attributes).toContain("httponly");
    expect(attributes).toContain("samesite=lax");
    expect(attributes).toContain("path=/");
  });
});

describe("the cross-site write guard", () => {
  test("a sign-in posted from another site is refused and opens no session", async () => {
    const before = sessionCount("admin@crg.test");
    const response = await postSignIn("admin@crg.test", EVIL_ORIGIN);

    expect(response.status).toBe(403);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(sessionCount("admin@crg.test")).toBe(before);
  });

  test("the same sign-in from the app's own pages opens a session", async () => {
    const before = sessionCount("admin@crg.test");
    const response = await postSignIn("admin@crg.test", baseUrl);

    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/");
    expect(
      response.headers.getSetCookie().some((cookie) => cookie.startsWith("crg_session=")),
    ).toBe(true);
    expect(sessionCount("admin@crg.test")).toBe(before + 1);
  });

  test("a sign-out posted from another site is refused and the session survives", async () => {
    const cookie = await signInCookie("liaison@crg.test");
    const sessionsBefore = sessionCount("liaison@crg.test");

    const forged = await request("/logout", { method: "POST", cookie, origin: EVIL_ORIGIN });
    expect(forged.status).toBe(403);
    const forgedWithoutOrigin = await request("/logout", {
      method: "POST",
      cookie,
      headers: { "Sec-Fetch-Site": "cross-site" },
    });
    expect(forgedWithoutOrigin.status).toBe(403);

    expect(sessionCount("liaison@crg.test")).toBe(sessionsBefore);
    const home = await request("/", { cookie });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain("Lia Liaison (demo)");
  });

  test("the same sign-out from the app's own pages ends the session", async () => {
    const cookie = await signInCookie("liaison@crg.test");
    const sessionsBefore = sessionCount("liaison@crg.test");

    const response = await request("/logout", { method: "POST", cookie, origin: baseUrl });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login");

    expect(sessionCount("liaison@crg.test")).toBe(sessionsBefore - 1);
    const home = await request("/", { cookie });
    expect(home.status).toBe(302);
    expect(home.headers.get("Location")).toBe("/login");
  });
});

describe("malformed requests", () => {
  const garbage = [
    {
      name: "a broken multipart body",
      headers: { "Content-Type": "multipart/form-data; boundary=crg" },
      body: "--crg\r\nnot a part",
    },
    { name: "JSON instead of a form", headers: { "Content-Type": "application/json" }, body: "{" },
    {
      name: "bytes that are not text",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new Uint8Array([0xff, 0xfe, 0x00, 0x25, 0xe0]),
    },
  ];

  test.each(garbage)(
    "$name posted to the sign-in form is answered without a stack trace",
    async ({ headers, body }) => {
      const response = await request("/login", { method: "POST", origin: baseUrl, headers, body });
      const text = await response.text();
      expect(text).not.toMatch(STACK_TRACE);
      expect(text).not.toContain("node_modules");
      expect(response.headers.getSetCookie()).toEqual([]);
    },
  );

  test.each(garbage)(
    "$name posted to the sign-in form is a client error (4xx), not a server failure",
    async ({ headers, body }) => {
      const response = await request("/login", { method: "POST", origin: baseUrl, headers, body });
      await response.body?.cancel();
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    },
  );

  test("an address that cannot be decoded is answered 400 without a stack trace", async () => {
    const response = await request("/%E0%A4%A");
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(text).not.toMatch(STACK_TRACE);
    expect(text).not.toContain("node_modules");
  });
});
