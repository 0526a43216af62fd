import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createSession, validateSessionToken } from "~/auth/session.server";
import { getDb, getSqlite } from "~/db/client.server";
import { sessions, users } from "~/db/schema";
import { loader as homeLoader } from "~/routes/_index";
import { loader as auditLogLoader } from "~/routes/admin.audit";
import { action as loginAction, loader as loginLoader } from "~/routes/login";
import {
  buildRequest,
  callAction,
  callLoader,
  cookieFor,
  createCommunity,
  createUser,
  TEST_PASSWORD,
  withTestDatabase,
} from "./harness";

withTestDatabase();
afterEach(() => vi.useRealTimers());

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const SIGNED_IN_AT = new Date("2026-03-02T08:00:00Z");
const after = (ms: number) => new Date(SIGNED_IN_AT.getTime() + ms);

function storedSession(token: string) {
  const id = createHash("sha256").update(token).digest("hex");
  return getDb().select().from(sessions).where(eq(sessions.id, id)).get();
}

async function signedInSession(role: "liaison" | "admin" = "liaison") {
  const user = await createUser({ role });
  const { token } = createSession(getDb(), user.id, SIGNED_IN_AT);
  return { user, token };
}

function sessionTokenFrom(setCookie: string | null): string {
  const match = /crg_session=([a-z2-7]+)/.exec(setCookie ?? "");
  if (!match) throw new Error("no session cookie set");
  return match[1]!;
}

describe("a session's lifetime", () => {
  it("stays valid with activity every 30 minutes, but is refused 12 hours after signing in even so", async () => {
    const { token } = await signedInSession();
    for (let minutes = 30; minutes < 12 * 60; minutes += 30) {
      expect(validateSessionToken(token, after(minutes * MINUTE)), `at ${minutes} min`).not.toBe(
        null,
      );
    }
    expect(validateSessionToken(token, after(12 * HOUR - MINUTE))).not.toBeNull();
    expect(validateSessionToken(token, after(12 * HOUR))).toBeNull();
  });

  it("is refused after 2 hours without activity", async () => {
    const { token } = await signedInSession();
    expect(validateSessionToken(token, after(2 * HOUR))).toBeNull();
  });

  it("is accepted after 1 hour 59 idle, and that activity gives it another 2 hours", async () => {
    const { token } = await signedInSession();
    expect(validateSessionToken(token, after(119 * MINUTE))).not.toBeNull();
    // 3h58 after signing in: refused had the activity at 1h59 not counted.
    expect(validateSessionToken(token, after(238 * MINUTE))).not.toBeNull();
    expect(validateSessionToken(token, after(238 * MINUTE + 2 * HOUR))).toBeNull();
  });

  it("once expired, is deleted from the sessions table and stays refused", async () => {
    const { token } = await signedInSession();
    expect(storedSession(token)).toBeDefined();
    expect(validateSessionToken(token, after(3 * HOUR))).toBeNull();
    expect(storedSession(token)).toBeUndefined();
    // Going back in time cannot revive it.
    expect(validateSessionToken(token, after(MINUTE))).toBeNull();
  });

  it("is refused through a page after 2 idle hours, and the browser is sent to sign in", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { token } = await signedInSession();
    const cookie = `crg_session=${token}`;
    vi.setSystemTime(after(90 * MINUTE));
    expect((await callLoader(homeLoader, buildRequest("/", { cookie }))).status).toBe(200);
    vi.setSystemTime(after(90 * MINUTE + 2 * HOUR));
    const refused = await callLoader(homeLoader, buildRequest("/", { cookie }));
    expect(refused.status).toBe(302);
    expect(refused.location).toBe("/login");
    expect(storedSession(token)).toBeUndefined();
  });

  it("is refused through a page 12 hours after signing in, though used every 30 minutes", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { token } = await signedInSession();
    const cookie = `crg_session=${token}`;
    for (let minutes = 30; minutes < 12 * 60; minutes += 30) {
      vi.setSystemTime(after(minutes * MINUTE));
      expect((await callLoader(homeLoader, buildRequest("/", { cookie }))).status).toBe(200);
    }
    vi.setSystemTime(after(12 * HOUR));
    const refused = await callLoader(homeLoader, buildRequest("/", { cookie }));
    expect(refused.status).toBe(302);
    expect(refused.location).toBe("/login");
  });
});

describe("what is stored about a session", () => {
  it("is the SHA-256 of the token in hex; the token itself is stored nowhere", async () => {
    const user = await createUser({ role: "liaison" });
    const signedIn = await callAction(
      loginAction,
      buildRequest("/login", { form: { email: user.email, password: TEST_PASSWORD } }),
      {},
      "10.20.0.1",
    );
    const token = sessionTokenFrom(signedIn.headers.get("Set-Cookie"));
    const expectedId = createHash("sha256").update(token).digest("hex");
    const stored = getDb().select().from(sessions).where(eq(sessions.userId, user.id)).all();
    expect(stored.map((session) => session.id)).toEqual([expectedId]);

    const sqlite = getSqlite();
    const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
      name: string;
    }[];
    for (const { name } of tables) {
      const rows = sqlite.prepare(`SELECT * FROM "${name}"`).all();
      expect(JSON.stringify(rows), `table ${name}`).not.toContain(token);
    }
  });
});

describe("the user a session carries", () => {
  it("has the assignments of their role only: communities for a liaison officer, strands for a strand lead", async () => {
    const community = createCommunity({ name: "Assigned community", countryCode: "AF" }).id;
    // Assignments left over from an earlier role stay in the tables but grant nothing.
    const assigned = { communityIds: [community], strandKeys: ["youth" as const] };
    const liaison = await createUser({ role: "liaison", ...assigned });
    const lead = await createUser({ role: "strand_lead", ...assigned });
    const steering = await createUser({ role: "steering", ...assigned });
    const carried = (userId: number) => {
      const { token } = createSession(getDb(), userId, SIGNED_IN_AT);
      const { communityIds, strandKeys } = validateSessionToken(token, after(MINUTE))!.user;
      return { communityIds, strandKeys };
    };
    expect(carried(liaison.id)).toEqual({ communityIds: [community], strandKeys: [] });
    expect(carried(lead.id)).toEqual({ communityIds: [], strandKeys: ["youth"] });
    expect(carried(steering.id)).toEqual({ communityIds: [], strandKeys: [] });
  });
});

describe("a deactivated user", () => {
  it("is signed out: their session no longer validates and is removed", async () => {
    const { user, token } = await signedInSession();
    expect(validateSessionToken(token, after(10 * MINUTE))).not.toBeNull();
    getDb().update(users).set({ isActive: false }).where(eq(users.id, user.id)).run();
    expect(validateSessionToken(token, after(20 * MINUTE))).toBeNull();
    expect(storedSession(token)).toBeUndefined();
  });

  it("is sent to sign in by the next page they open", async () => {
    const user = await createUser({ role: "admin" });
    const cookie = cookieFor(user.id);
    expect((await callLoader(homeLoader, buildRequest("/", { cookie }))).status).toBe(200);
    getDb().update(users).set({ isActive: false }).where(eq(users.id, user.id)).run();
    const refused = await callLoader(auditLogLoader, buildRequest("/admin/audit", { cookie }));
    expect(refused.status).toBe(302);
    expect(new URL(refused.location!, "http://localhost").pathname).toBe("/login");
  });
});

describe("pages need a signed-in user", () => {
  function redirectToOf(location: string | null): string | null {
    const url = new URL(location ?? "", "http://localhost");
    expect(url.pathname).toBe("/login");
    return url.searchParams.get("redirectTo");
  }

  it("the home page sends a visitor to sign in, remembering the address with its query", async () => {
    const result = await callLoader(homeLoader, buildRequest("/?tab=mine"));
    expect(result.status).toBe(302);
    expect(redirectToOf(result.location)).toBe("/?tab=mine");
  });

  it("the audit log sends a visitor to sign in, remembering its filters", async () => {
    const result = await callLoader(
      auditLogLoader,
      buildRequest("/admin/audit?action=export&entityType=community"),
    );
    expect(result.status).toBe(302);
    expect(redirectToOf(result.location)).toBe("/admin/audit?action=export&entityType=community");
  });

  it("a cookie that is not a session token is treated as no session", async () => {
    const result = await callLoader(
      auditLogLoader,
      buildRequest("/admin/audit", { cookie: "crg_session=not-a-token'; DROP TABLE sessions" }),
    );
    expect(result.status).toBe(302);
    expect(redirectToOf(result.location)).toBe("/admin/audit");
  });

  it("after signing in, the user lands on the page they asked for, with its query", async () => {
    const admin = await createUser({ role: "admin" });
    const asked = await callLoader(auditLogLoader, buildRequest("/admin/audit?action=export"));
    const redirectTo = redirectToOf(asked.location)!;
    const signedIn = await callAction(
      loginAction,
      buildRequest("/login", { form: { email: admin.email, password: TEST_PASSWORD, redirectTo } }),
      {},
      "10.20.0.2",
    );
    expect(signedIn.status).toBe(302);
    expect(signedIn.location).toBe("/admin/audit?action=export");
  });
});

describe("sign-in never sends the user to another site", () => {
  // Browsers drop tabs and newlines from URLs, so "/\t/evil.example" is "//evil.example" to them.
  it.each(["/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/\t\\evil.example"])(
    "after signing in with redirectTo %j, the user lands on the home page",
    async (redirectTo) => {
      const user = await createUser({ role: "liaison" });
      const result = await callAction(
        loginAction,
        buildRequest("/login", {
          form: { email: user.email, password: TEST_PASSWORD, redirectTo },
        }),
        {},
        "10.20.1.1",
      );
      expect(result.status).toBe(302);
      expect(result.location).toBe("/");
    },
  );

  it.each(["https://evil.example/", "//evil.example/", "/\t/evil.example"])(
    "an already signed-in user opening /login?redirectTo=%j lands on the home page",
    async (redirectTo) => {
      const user = await createUser({ role: "liaison" });
      const result = await callLoader(
        loginLoader,
        buildRequest(`/login?${new URLSearchParams({ redirectTo })}`, {
          cookie: cookieFor(user.id),
        }),
      );
      expect(result.status).toBe(302);
      expect(result.location).toBe("/");
    },
  );
});
