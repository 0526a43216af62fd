import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { auditEvents, users } from "~/db/schema";
import { loader as homeLoader } from "~/routes/_index";
import { loader as accountLoader, action as accountAction } from "~/routes/account";
import { action as userAction } from "~/routes/admin.users.$userId";
import { action as loginAction } from "~/routes/login";
import { PASSWORD_CHECKS_PAUSED } from "~/domain/users.server";
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

const NEW_PASSWORD = "my new and much longer passphrase";

type Reply = { error?: Record<string, string[] | null>; initialValue?: Record<string, unknown> };
const replyOf = (data: unknown) => data as Reply;

async function opensHome(cookie: string): Promise<boolean> {
  const result = await callLoader(homeLoader, buildRequest("/", { cookie }));
  if (result.status === 200) return true;
  expect(result.status).toBe(302);
  expect(result.location).toMatch(/^\/login/);
  return false;
}

let signInAddress = 0;
/** Signs in through the real sign-in form; each try from its own address so the lockout stays out of it. */
async function signsIn(email: string, password: string): Promise<boolean> {
  signInAddress += 1;
  const result = await callAction(
    loginAction,
    buildRequest("/login", { form: { email, password } }),
    {},
    `10.2.${Math.floor(signInAddress / 250)}.${signInAddress % 250}`,
  );
  return result.status === 302;
}

function changePassword(cookie: string, form: Record<string, string>) {
  return callAction(accountAction, buildRequest("/account", { cookie, form }));
}

function passwordEventsOf(userId: number) {
  return getDb()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, "user"), eq(auditEvents.entityId, String(userId))))
    .orderBy(auditEvents.id)
    .all()
    .filter((event) => event.action === "update" || event.action === "denied");
}

describe("the account page", () => {
  it("shows the signed-in user's name, email, role and communities", async () => {
    const afghan = createCommunity({ name: "Afghan community" });
    const officer = await createUser({
      role: "liaison",
      displayName: "Layla Ahmadi",
      email: "layla.ahmadi@police.test",
      communityIds: [afghan.id],
    });
    const page = await callLoader(
      accountLoader,
      buildRequest("/account", { cookie: cookieFor(officer.id) }),
    );
    expect(page.status).toBe(200);
    const { account } = page.data as {
      account: {
        displayName: string;
        email: string;
        role: string;
        communities: { name: string }[];
      };
    };
    expect(account).toMatchObject({
      displayName: "Layla Ahmadi",
      email: "layla.ahmadi@police.test",
      role: "liaison",
    });
    expect(account.communities.map((community) => community.name)).toEqual(["Afghan community"]);
    expect(JSON.stringify(page.data)).not.toContain("$argon2");
  });

  it("sends someone who is not signed in to the sign-in page", async () => {
    const page = await callLoader(accountLoader, buildRequest("/account"));
    expect(page.status).toBe(302);
    expect(page.location).toBe("/login?redirectTo=%2Faccount");
    const post = await callAction(
      accountAction,
      buildRequest("/account", {
        form: { currentPassword: "x", newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
      }),
    );
    expect(post.status).toBe(302);
    expect(post.location).toMatch(/^\/login/);
  });
});

describe("changing your own password", () => {
  it("keeps this session, ends every other one, and audits the change without the password", async () => {
    const user = await createUser({ role: "steering" });
    const here = cookieFor(user.id);
    const elsewhere = cookieFor(user.id);

    const result = await changePassword(here, {
      currentPassword: TEST_PASSWORD,
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });

    expect(result.status).toBe(302);
    expect(result.location).toBe("/account?done=password-changed");
    expect(await opensHome(here)).toBe(true);
    expect(await opensHome(elsewhere)).toBe(false);
    expect(await signsIn(user.email, NEW_PASSWORD)).toBe(true);
    expect(await signsIn(user.email, TEST_PASSWORD)).toBe(false);

    const [changed] = passwordEventsOf(user.id);
    expect(changed).toMatchObject({
      action: "update",
      actorUserId: user.id,
      changes: { password: ["[hidden]", "[hidden]"] },
    });
    const stored = getDb().select().from(users).where(eq(users.id, user.id)).get()!;
    const logged = JSON.stringify(changed);
    expect(logged).not.toContain(NEW_PASSWORD);
    expect(logged).not.toContain(TEST_PASSWORD);
    expect(logged).not.toContain(stored.passwordHash);
    expect(logged).not.toContain("$argon2");
  });

  it("requires the right current password, and changes nothing without it", async () => {
    const user = await createUser({ role: "liaison" });
    const here = cookieFor(user.id);
    const elsewhere = cookieFor(user.id);
    const hashBefore = getDb().select().from(users).where(eq(users.id, user.id)).get()!
      .passwordHash;

    const result = await changePassword(here, {
      currentPassword: "not my password at all",
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });

    expect(result.status).toBe(400);
    expect(replyOf(result.data).error?.currentPassword).toEqual([
      "That is not your current password",
    ]);
    // None of the three passwords comes back to the page.
    expect(JSON.stringify(result.data)).not.toContain("not my password at all");
    expect(JSON.stringify(result.data)).not.toContain(NEW_PASSWORD);
    expect(getDb().select().from(users).where(eq(users.id, user.id)).get()!.passwordHash).toBe(
      hashBefore,
    );
    expect(await opensHome(elsewhere)).toBe(true);
    expect(await signsIn(user.email, TEST_PASSWORD)).toBe(true);
    // The refusal is on the record, without what was typed.
    const [refused] = passwordEventsOf(user.id);
    expect(refused).toMatchObject({ action: "denied", actorUserId: user.id });
    expect(JSON.stringify(refused)).not.toContain("not my password at all");
  });

  it("requires the new password twice, the same both times", async () => {
    const user = await createUser({ role: "liaison" });
    const result = await changePassword(cookieFor(user.id), {
      currentPassword: TEST_PASSWORD,
      newPassword: NEW_PASSWORD,
      confirmPassword: `${NEW_PASSWORD}.`,
    });
    expect(result.status).toBe(400);
    expect(replyOf(result.data).error?.confirmPassword).toEqual([
      "The two new passwords are not the same",
    ]);
    expect(await signsIn(user.email, TEST_PASSWORD)).toBe(true);
    expect(passwordEventsOf(user.id)).toEqual([]);
  });

  it("refuses a new password shorter than 12 or longer than 256 characters", async () => {
    const user = await createUser({ role: "strand_lead" });
    const cookie = cookieFor(user.id);
    for (const [password, message] of [
      ["short pass1", "Use at least 12 characters"],
      ["y".repeat(257), "Use at most 256 characters"],
    ] as const) {
      const result = await changePassword(cookie, {
        currentPassword: TEST_PASSWORD,
        newPassword: password,
        confirmPassword: password,
      });
      expect(result.status).toBe(400);
      expect(replyOf(result.data).error?.newPassword).toEqual([message]);
    }
    expect(await signsIn(user.email, TEST_PASSWORD)).toBe(true);
  });

  it("accepts a 100-character password and every character of it counts", async () => {
    const user = await createUser({ role: "admin" });
    const longPassword = `${"ŝ".repeat(30)}${"z".repeat(69)}!`;
    expect(longPassword).toHaveLength(100);
    const result = await changePassword(cookieFor(user.id), {
      currentPassword: TEST_PASSWORD,
      newPassword: longPassword,
      confirmPassword: longPassword,
    });
    expect(result.status).toBe(302);
    expect(await signsIn(user.email, longPassword)).toBe(true);
    expect(await signsIn(user.email, longPassword.slice(0, -1))).toBe(false);
  });

  it("pauses password checks after ten wrong current passwords, like the sign-in form, until an admin resets it", async () => {
    const user = await createUser({ role: "liaison" });
    const cookie = cookieFor(user.id);
    const wrongTry = {
      currentPassword: "not my password at all",
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    };
    for (let attempt = 1; attempt < 10; attempt += 1) {
      const result = await changePassword(cookie, wrongTry);
      expect(result.status).toBe(400);
      expect(replyOf(result.data).error?.currentPassword).toEqual([
        "That is not your current password",
      ]);
    }
    const tenth = await changePassword(cookie, wrongTry);
    expect(tenth.status).toBe(429);
    expect(replyOf(tenth.data).error?.[""]).toEqual([PASSWORD_CHECKS_PAUSED]);

    // Now even the right password is refused, here and on the sign-in form.
    const rightTry = await changePassword(cookie, { ...wrongTry, currentPassword: TEST_PASSWORD });
    expect(rightTry.status).toBe(429);
    expect(await signsIn(user.email, TEST_PASSWORD)).toBe(false);

    const admin = await createUser({ role: "admin" });
    const reset = await callAction(
      userAction,
      buildRequest(`/admin/users/${user.id}`, {
        cookie: cookieFor(admin.id),
        form: { intent: "resetPassword", password: NEW_PASSWORD },
      }),
      { userId: String(user.id) },
    );
    expect(reset.status).toBe(302);
    expect(await signsIn(user.email, NEW_PASSWORD)).toBe(true);
  });
});
