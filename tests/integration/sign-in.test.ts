import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "~/db/client.server";
import { auditEvents, sessions } from "~/db/schema";
import { action as loginAction } from "~/routes/login";
import { action as logoutAction } from "~/routes/logout";
import { loader as homeLoader } from "~/routes/_index";
import {
  buildRequest,
  callAction,
  callLoader,
  createUser,
  TEST_PASSWORD,
  withTestDatabase,
} from "./harness";

withTestDatabase();
afterEach(() => vi.useRealTimers());

function sessionTokenFrom(setCookie: string | null): string {
  const match = /crg_session=([a-z2-7]+)/.exec(setCookie ?? "");
  if (!match) throw new Error("no session cookie set");
  return match[1]!;
}

describe("signing in", () => {
  it("opens a session in an HttpOnly SameSite=Lax cookie and sends the user where they were going", async () => {
    const user = await createUser({ role: "liaison" });
    const result = await callAction(
      loginAction,
      buildRequest("/login", {
        form: {
          email: user.email.toUpperCase(),
          password: TEST_PASSWORD,
          redirectTo: "/communities",
        },
      }),
    );
    expect(result.status).toBe(302);
    expect(result.location).toBe("/communities");
    const setCookie = result.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const token = sessionTokenFrom(setCookie);
    // 160 bits in base32 is 32 characters, and only its hash is stored.
    expect(token).toHaveLength(32);
    const stored = getDb().select().from(sessions).where(eq(sessions.userId, user.id)).all();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.id).not.toContain(token);
    expect(stored[0]!.id).toMatch(/^[0-9a-f]{64}$/);

    const home = await callLoader(
      homeLoader,
      buildRequest("/", { cookie: `crg_session=${token}` }),
    );
    expect(home.status).toBe(200);
    const login = getDb().select().from(auditEvents).where(eq(auditEvents.action, "login")).all();
    expect(login.some((event) => event.actorUserId === user.id)).toBe(true);
  });

  it("gives a fresh token at every sign-in", async () => {
    const user = await createUser({ role: "steering" });
    const form = { email: user.email, password: TEST_PASSWORD };
    const first = await callAction(loginAction, buildRequest("/login", { form }));
    const second = await callAction(loginAction, buildRequest("/login", { form }));
    expect(sessionTokenFrom(first.headers.get("Set-Cookie"))).not.toBe(
      sessionTokenFrom(second.headers.get("Set-Cookie")),
    );
  });

  it("answers the same message for an unknown email and a wrong password, and audits both", async () => {
    const user = await createUser({ role: "liaison" });
    const wrongPassword = await callAction(
      loginAction,
      buildRequest("/login", { form: { email: user.email, password: "not the password at all" } }),
      {},
      "10.0.0.1",
    );
    const unknownEmail = await callAction(
      loginAction,
      buildRequest("/login", {
        form: { email: "nobody@crg.test", password: "not the password at all" },
      }),
      {},
      "10.0.0.2",
    );
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    const messageOf = (result: { data: unknown }) =>
      (result.data as { error: Record<string, string[]> }).error[""];
    expect(messageOf(wrongPassword)).toEqual(["The email address or password is not right."]);
    expect(messageOf(unknownEmail)).toEqual(messageOf(wrongPassword));
    const failures = getDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "login_failed"))
      .all();
    expect(failures.map((event) => event.detail)).toEqual(
      expect.arrayContaining([user.email, "nobody@crg.test"]),
    );
    expect(JSON.stringify(failures)).not.toContain("not the password at all");
  });

  it("refuses a redirect to another site after signing in", async () => {
    const user = await createUser({ role: "liaison" });
    for (const redirectTo of ["https://evil.example/", "//evil.example/x", "/\\evil.example"]) {
      const result = await callAction(
        loginAction,
        buildRequest("/login", {
          form: { email: user.email, password: TEST_PASSWORD, redirectTo },
        }),
      );
      expect(result.location).toBe("/");
    }
  });

  it("locks an account for 15 minutes after 10 failures within 15 minutes, with a clear message", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-03-01T09:00:00Z"));
    const user = await createUser({ role: "liaison" });
    for (let attempt = 0; attempt < 10; attempt += 1) {
      // A different address each time: the account's own count must trigger the lock.
      await callAction(
        loginAction,
        buildRequest("/login", { form: { email: user.email, password: "wrong password!!" } }),
        {},
        `10.1.0.${attempt}`,
      );
    }
    const refused = await callAction(
      loginAction,
      buildRequest("/login", { form: { email: user.email, password: TEST_PASSWORD } }),
      {},
      "10.1.1.1",
    );
    expect(refused.status).toBe(429);
    expect(JSON.stringify(refused.data)).toContain("Too many failed sign-in attempts");

    vi.setSystemTime(new Date("2026-03-01T09:14:00Z"));
    const stillRefused = await callAction(
      loginAction,
      buildRequest("/login", { form: { email: user.email, password: TEST_PASSWORD } }),
      {},
      "10.1.1.2",
    );
    expect(stillRefused.status).toBe(429);

    vi.setSystemTime(new Date("2026-03-01T09:15:01Z"));
    const allowed = await callAction(
      loginAction,
      buildRequest("/login", { form: { email: user.email, password: TEST_PASSWORD } }),
      {},
      "10.1.1.3",
    );
    expect(allowed.status).toBe(302);
  });

  it("locks an address after 10 failures across different accounts", async () => {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      await callAction(
        loginAction,
        buildRequest("/login", {
          form: { email: `guess${attempt}@crg.test`, password: "wrong password!!" },
        }),
        {},
        "10.9.9.9",
      );
    }
    const user = await createUser({ role: "liaison" });
    const refused = await callAction(
      loginAction,
      buildRequest("/login", { form: { email: user.email, password: TEST_PASSWORD } }),
      {},
      "10.9.9.9",
    );
    expect(refused.status).toBe(429);
  });

  it("does not lock for failures spread over more than 15 minutes", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const user = await createUser({ role: "liaison" });
    for (let attempt = 0; attempt < 12; attempt += 1) {
      vi.setSystemTime(new Date(Date.UTC(2026, 3, 1, 9, attempt * 2)));
      await callAction(
        loginAction,
        buildRequest("/login", { form: { email: user.email, password: "wrong password!!" } }),
        {},
        `10.2.0.${attempt}`,
      );
    }
    const allowed = await callAction(
      loginAction,
      buildRequest("/login", { form: { email: user.email, password: TEST_PASSWORD } }),
      {},
      "10.2.1.1",
    );
    expect(allowed.status).toBe(302);
  });

  it("refuses a deactivated account with the same message", async () => {
    const user = await createUser({ role: "liaison", isActive: false });
    const result = await callAction(
      loginAction,
      buildRequest("/login", { form: { email: user.email, password: TEST_PASSWORD } }),
      {},
      "10.3.0.1",
    );
    expect(result.status).toBe(401);
  });
});

describe("signing out", () => {
  it("deletes the session on the server and clears the cookie", async () => {
    const user = await createUser({ role: "liaison" });
    const signedIn = await callAction(
      loginAction,
      buildRequest("/login", { form: { email: user.email, password: TEST_PASSWORD } }),
    );
    const cookie = `crg_session=${sessionTokenFrom(signedIn.headers.get("Set-Cookie"))}`;
    const out = await callAction(
      logoutAction,
      buildRequest("/logout", { method: "POST", cookie, form: {} }),
    );
    expect(out.location).toBe("/login");
    expect(out.headers.get("Set-Cookie")).toMatch(/Max-Age=0/);
    expect(getDb().select().from(sessions).where(eq(sessions.userId, user.id)).all()).toHaveLength(
      0,
    );
    const home = await callLoader(homeLoader, buildRequest("/", { cookie }));
    expect(home.status).toBe(302);
    expect(home.location).toBe("/login");
  });
});
