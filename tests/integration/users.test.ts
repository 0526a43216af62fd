import { and, count, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { auditEvents, sessions, userCommunities, userStrands, users } from "~/db/schema";
import { loader as homeLoader } from "~/routes/_index";
import { loader as usersLoader } from "~/routes/admin.users._index";
import { loader as newUserLoader, action as newUserAction } from "~/routes/admin.users.new";
import { loader as userLoader, action as userAction } from "~/routes/admin.users.$userId";
import { action as loginAction } from "~/routes/login";
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

const STRONG_PASSWORD = "a long and quite unguessable passphrase";

type Reply = {
  status?: string;
  error?: Record<string, string[] | null>;
  initialValue?: Record<string, unknown>;
};
const replyOf = (data: unknown) => data as Reply;
/** The edit page answers { intent, result } because it holds several forms. */
const editReplyOf = (data: unknown) => (data as { result: Reply }).result;

async function signedInAdmin() {
  const admin = await createUser({ role: "admin", displayName: "Ada Admin" });
  return { admin, cookie: cookieFor(admin.id) };
}

function newUserForm(overrides: Record<string, string | string[]> = {}) {
  return {
    displayName: "Farida Haidari",
    email: "farida.haidari@police.test",
    role: "liaison",
    password: STRONG_PASSWORD,
    ...overrides,
  };
}

function userByEmail(email: string) {
  return getDb().select().from(users).where(eq(users.email, email)).get();
}

function userCount(): number {
  return getDb().select({ total: count() }).from(users).get()!.total;
}

function auditCount(): number {
  return getDb().select({ total: count() }).from(auditEvents).get()!.total;
}

/** The create and update events of a user record (sign-ins are logged against users too). */
function auditOfUser(userId: number) {
  return getDb()
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.entityType, "user"),
        eq(auditEvents.entityId, String(userId)),
        inArray(auditEvents.action, ["create", "update"]),
      ),
    )
    .orderBy(auditEvents.id)
    .all();
}

function communityIdsOf(userId: number): number[] {
  return getDb()
    .select({ id: userCommunities.communityId })
    .from(userCommunities)
    .where(eq(userCommunities.userId, userId))
    .all()
    .map((row) => row.id)
    .sort((a, b) => a - b);
}

function strandKeysOf(userId: number): string[] {
  return getDb()
    .select({ key: userStrands.strandKey })
    .from(userStrands)
    .where(eq(userStrands.userId, userId))
    .all()
    .map((row) => row.key)
    .sort();
}

function sessionCount(userId: number): number {
  return getDb().select({ total: count() }).from(sessions).where(eq(sessions.userId, userId)).get()!
    .total;
}

/** Whether the cookie still opens the home page, as the browser would find out. */
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
    `10.1.${Math.floor(signInAddress / 250)}.${signInAddress % 250}`,
  );
  return result.status === 302;
}

function editParams(userId: number) {
  return { userId: String(userId) };
}

describe("adding a user", () => {
  it("stores a liaison officer with their communities, drops strands that belong to another role, and audits it", async () => {
    const { admin, cookie } = await signedInAdmin();
    const afghan = createCommunity({ name: "Afghan community" });
    const eritrean = createCommunity({ name: "Eritrean community" });

    const result = await callAction(
      newUserAction,
      buildRequest("/admin/users/new", {
        cookie,
        form: newUserForm({
          email: "  Farida.Haidari@Police.TEST ",
          communityIds: [String(eritrean.id), String(afghan.id)],
          strandKeys: ["youth"],
        }),
      }),
    );

    expect(result.status).toBe(302);
    const userId = Number(/^\/admin\/users\/(\d+)\?done=created$/.exec(result.location!)?.[1]);
    const stored = userByEmail("farida.haidari@police.test")!;
    expect(stored).toMatchObject({
      id: userId,
      displayName: "Farida Haidari",
      role: "liaison",
      isActive: true,
    });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(communityIdsOf(userId)).toEqual([afghan.id, eritrean.id].sort((a, b) => a - b));
    expect(strandKeysOf(userId)).toEqual([]);

    const [created] = auditOfUser(userId);
    expect(created).toMatchObject({ action: "create", actorUserId: admin.id });
    expect(created!.changes).toMatchObject({
      email: [null, "farida.haidari@police.test"],
      role: [null, "liaison"],
      communityIds: [null, [afghan.id, eritrean.id].sort((a, b) => a - b)],
    });
    const logged = JSON.stringify(created);
    expect(logged).not.toContain(STRONG_PASSWORD);
    expect(logged).not.toContain(stored.passwordHash);

    expect(await signsIn("farida.haidari@police.test", STRONG_PASSWORD)).toBe(true);

    const list = await callLoader(
      usersLoader,
      buildRequest("/admin/users?role=liaison", { cookie }),
    );
    const listed = (list.data as { users: { id: number; communities: { name: string }[] }[] })
      .users;
    expect(listed.find((user) => user.id === userId)?.communities.map((c) => c.name)).toEqual([
      "Afghan community",
      "Eritrean community",
    ]);
  });

  it("stores a strand lead's strands and no communities", async () => {
    const { cookie } = await signedInAdmin();
    const community = createCommunity();
    const result = await callAction(
      newUserAction,
      buildRequest("/admin/users/new", {
        cookie,
        form: newUserForm({
          email: "lead.of.media@police.test",
          role: "strand_lead",
          strandKeys: ["media", "business"],
          communityIds: [String(community.id)],
        }),
      }),
    );
    expect(result.status).toBe(302);
    const stored = userByEmail("lead.of.media@police.test")!;
    expect(strandKeysOf(stored.id)).toEqual(["business", "media"]);
    expect(communityIdsOf(stored.id)).toEqual([]);
  });

  it("refuses an email already in use, whatever its case, with a field error and writes nothing", async () => {
    const { cookie } = await signedInAdmin();
    await createUser({ role: "steering", email: "existing.member@police.test" });
    const usersBefore = userCount();
    const auditBefore = auditCount();

    const result = await callAction(
      newUserAction,
      buildRequest("/admin/users/new", {
        cookie,
        form: newUserForm({ email: "Existing.Member@police.test", displayName: "Someone Else" }),
      }),
    );

    expect(result.status).toBe(400);
    expect(replyOf(result.data).error?.email).toEqual(["A user with this email already exists"]);
    expect(userCount()).toBe(usersBefore);
    expect(auditCount()).toBe(auditBefore);
    // What the admin typed comes back, except the password.
    expect(replyOf(result.data).initialValue).toMatchObject({ displayName: "Someone Else" });
    expect(JSON.stringify(result.data)).not.toContain(STRONG_PASSWORD);
  });

  it("refuses a password shorter than 12 characters or longer than 256, and writes nothing", async () => {
    const { cookie } = await signedInAdmin();
    const usersBefore = userCount();
    for (const password of ["elevenchars", "x".repeat(257)]) {
      const result = await callAction(
        newUserAction,
        buildRequest("/admin/users/new", {
          cookie,
          form: newUserForm({ email: "short.password@police.test", password }),
        }),
      );
      expect(result.status).toBe(400);
      expect(replyOf(result.data).error?.password?.length).toBeGreaterThan(0);
      expect(JSON.stringify(result.data)).not.toContain(password);
    }
    expect(userCount()).toBe(usersBefore);
  });

  it("accepts a 100-character password and every character of it counts", async () => {
    const { cookie } = await signedInAdmin();
    const longPassword = "correct horse battery staple ".repeat(4).slice(0, 99) + "!";
    expect(longPassword).toHaveLength(100);
    const result = await callAction(
      newUserAction,
      buildRequest("/admin/users/new", {
        cookie,
        form: newUserForm({ email: "long.password@police.test", password: longPassword }),
      }),
    );
    expect(result.status).toBe(302);
    expect(await signsIn("long.password@police.test", longPassword)).toBe(true);
    expect(await signsIn("long.password@police.test", longPassword.slice(0, -1))).toBe(false);
  });

  it("asks for a name, a valid email and a role", async () => {
    const { cookie } = await signedInAdmin();
    const result = await callAction(
      newUserAction,
      buildRequest("/admin/users/new", {
        cookie,
        form: newUserForm({ displayName: "  ", email: "not-an-email", role: "superuser" }),
      }),
    );
    expect(result.status).toBe(400);
    const errors = replyOf(result.data).error!;
    expect(errors.displayName?.length).toBeGreaterThan(0);
    expect(errors.email?.length).toBeGreaterThan(0);
    expect(errors.role?.length).toBeGreaterThan(0);
  });

  it("offers active communities and all six strands to choose from", async () => {
    const { cookie } = await signedInAdmin();
    const active = createCommunity({ name: "Offered community" });
    const archived = createCommunity({ name: "Archived community", archived: true });
    const form = await callLoader(newUserLoader, buildRequest("/admin/users/new", { cookie }));
    const choices = form.data as { communities: { id: number }[]; strands: { key: string }[] };
    const offered = choices.communities.map((community) => community.id);
    expect(offered).toContain(active.id);
    expect(offered).not.toContain(archived.id);
    expect(choices.strands).toHaveLength(6);
  });
});

describe("editing a user", () => {
  it("changes the role and assignments, clearing those of the old role, and audits them as lists", async () => {
    const { admin, cookie } = await signedInAdmin();
    const community = createCommunity();
    const officer = await createUser({
      role: "liaison",
      displayName: "Yonas Tesfaye",
      email: "yonas@police.test",
      communityIds: [community.id],
    });

    const result = await callAction(
      userAction,
      buildRequest(`/admin/users/${officer.id}`, {
        cookie,
        form: {
          intent: "save",
          displayName: "Yonas Tesfaye",
          email: "Yonas.Tesfaye@police.test",
          role: "strand_lead",
          strandKeys: ["media", "youth"],
          communityIds: [String(community.id)],
        },
      }),
      editParams(officer.id),
    );

    expect(result.status).toBe(302);
    expect(result.location).toBe(`/admin/users/${officer.id}?done=saved`);
    const stored = getDb().select().from(users).where(eq(users.id, officer.id)).get()!;
    expect(stored).toMatchObject({ role: "strand_lead", email: "yonas.tesfaye@police.test" });
    expect(communityIdsOf(officer.id)).toEqual([]);
    expect(strandKeysOf(officer.id)).toEqual(["media", "youth"]);

    const updated = auditOfUser(officer.id).at(-1)!;
    expect(updated).toMatchObject({ action: "update", actorUserId: admin.id });
    expect(updated.changes).toEqual({
      email: ["yonas@police.test", "yonas.tesfaye@police.test"],
      role: ["liaison", "strand_lead"],
      communityIds: [[community.id], []],
      strandKeys: [[], ["youth", "media"]],
    });

    const page = await callLoader(
      userLoader,
      buildRequest(`/admin/users/${officer.id}`, { cookie }),
      editParams(officer.id),
    );
    expect((page.data as { user: { strands: { name: string }[] } }).user.strands).toEqual([
      { key: "youth", name: "Youth forum" },
      { key: "media", name: "Media strategy" },
    ]);
  });

  it("refuses another user's email with a field error, changing nothing", async () => {
    const { cookie } = await signedInAdmin();
    await createUser({ role: "liaison", email: "taken@police.test" });
    const officer = await createUser({ role: "liaison", email: "mine@police.test" });
    const auditBefore = auditCount();
    const result = await callAction(
      userAction,
      buildRequest(`/admin/users/${officer.id}`, {
        cookie,
        form: {
          intent: "save",
          displayName: "Renamed",
          email: "TAKEN@police.test",
          role: "liaison",
        },
      }),
      editParams(officer.id),
    );
    expect(result.status).toBe(400);
    expect(editReplyOf(result.data).error?.email).toEqual([
      "A user with this email already exists",
    ]);
    expect(editReplyOf(result.data).initialValue).toMatchObject({ displayName: "Renamed" });
    const stored = getDb().select().from(users).where(eq(users.id, officer.id)).get()!;
    expect(stored).toMatchObject({ email: "mine@police.test", displayName: "Test liaison" });
    expect(auditCount()).toBe(auditBefore);
  });

  it("refuses a community that is not offered", async () => {
    const { cookie } = await signedInAdmin();
    const archived = createCommunity({ archived: true });
    const officer = await createUser({ role: "liaison" });
    const result = await callAction(
      userAction,
      buildRequest(`/admin/users/${officer.id}`, {
        cookie,
        form: {
          intent: "save",
          displayName: "Officer",
          email: officer.email,
          role: "liaison",
          communityIds: [String(archived.id)],
        },
      }),
      editParams(officer.id),
    );
    expect(result.status).toBe(400);
    expect(editReplyOf(result.data).error?.communityIds).toEqual([
      "Choose communities from the list",
    ]);
    expect(communityIdsOf(officer.id)).toEqual([]);
  });

  it("does not let an admin change their own role", async () => {
    const { admin, cookie } = await signedInAdmin();
    const result = await callAction(
      userAction,
      buildRequest(`/admin/users/${admin.id}`, {
        cookie,
        form: { intent: "save", displayName: "Ada Admin", email: admin.email, role: "steering" },
      }),
      editParams(admin.id),
    );
    expect(result.status).toBe(400);
    expect(editReplyOf(result.data).error?.role?.length).toBeGreaterThan(0);
    expect(getDb().select().from(users).where(eq(users.id, admin.id)).get()!.role).toBe("admin");
  });

  it("answers 404 for an id that is not a number or not a user", async () => {
    const { cookie } = await signedInAdmin();
    for (const userId of ["abc", "0", "1e3", "999999"]) {
      const page = await callLoader(
        userLoader,
        buildRequest(`/admin/users/${userId}`, { cookie }),
        { userId },
      );
      expect(page.status, userId).toBe(404);
      const post = await callAction(
        userAction,
        buildRequest(`/admin/users/${userId}`, { cookie, form: { intent: "deactivate" } }),
        { userId },
      );
      expect(post.status, userId).toBe(404);
    }
  });
});

describe("deactivating and reactivating", () => {
  it("ends every session of the user at once, stops them signing in, and audits it", async () => {
    const { admin, cookie } = await signedInAdmin();
    const officer = await createUser({ role: "liaison" });
    const onDesktop = cookieFor(officer.id);
    const onPhone = cookieFor(officer.id);
    expect(await opensHome(onDesktop)).toBe(true);
    expect(await opensHome(onPhone)).toBe(true);

    const result = await callAction(
      userAction,
      buildRequest(`/admin/users/${officer.id}`, { cookie, form: { intent: "deactivate" } }),
      editParams(officer.id),
    );

    expect(result.status).toBe(302);
    expect(result.location).toBe(`/admin/users/${officer.id}?done=deactivated`);
    expect(sessionCount(officer.id)).toBe(0);
    expect(await opensHome(onDesktop)).toBe(false);
    expect(await opensHome(onPhone)).toBe(false);
    expect(await signsIn(officer.email, TEST_PASSWORD)).toBe(false);
    expect(auditOfUser(officer.id).at(-1)).toMatchObject({
      action: "update",
      actorUserId: admin.id,
      changes: { isActive: [true, false] },
    });

    const deactivatedList = await callLoader(
      usersLoader,
      buildRequest("/admin/users?status=deactivated", { cookie }),
    );
    const listed = (deactivatedList.data as { users: { id: number; isActive: boolean }[] }).users;
    expect(listed.map((user) => user.id)).toContain(officer.id);
    expect(listed.every((user) => !user.isActive)).toBe(true);

    const reactivated = await callAction(
      userAction,
      buildRequest(`/admin/users/${officer.id}`, { cookie, form: { intent: "reactivate" } }),
      editParams(officer.id),
    );
    expect(reactivated.status).toBe(302);
    expect(await signsIn(officer.email, TEST_PASSWORD)).toBe(true);
    expect(auditOfUser(officer.id).at(-1)).toMatchObject({
      action: "update",
      changes: { isActive: [false, true] },
    });
  });

  it("does not let an admin deactivate themself", async () => {
    const { admin, cookie } = await signedInAdmin();
    const result = await callAction(
      userAction,
      buildRequest(`/admin/users/${admin.id}`, { cookie, form: { intent: "deactivate" } }),
      editParams(admin.id),
    );
    expect(result.status).toBe(409);
    expect((result.data as { error: string }).error).toBe("You cannot deactivate your own account");
    expect(getDb().select().from(users).where(eq(users.id, admin.id)).get()!.isActive).toBe(true);
    expect(await opensHome(cookie)).toBe(true);
  });
});

describe("resetting a password", () => {
  it("sets the new password, ends every session of the user, and audits it without the password", async () => {
    const { admin, cookie } = await signedInAdmin();
    const officer = await createUser({ role: "strand_lead", strandKeys: ["religious"] });
    const theirCookie = cookieFor(officer.id);
    const newPassword = "a brand new password for them";

    const result = await callAction(
      userAction,
      buildRequest(`/admin/users/${officer.id}`, {
        cookie,
        form: { intent: "resetPassword", password: newPassword },
      }),
      editParams(officer.id),
    );

    expect(result.status).toBe(302);
    expect(result.location).toBe(`/admin/users/${officer.id}?done=password-reset`);
    expect(await opensHome(theirCookie)).toBe(false);
    expect(await signsIn(officer.email, TEST_PASSWORD)).toBe(false);
    expect(await signsIn(officer.email, newPassword)).toBe(true);

    const reset = auditOfUser(officer.id).at(-1)!;
    expect(reset).toMatchObject({
      action: "update",
      actorUserId: admin.id,
      changes: { password: ["[hidden]", "[hidden]"] },
    });
    const stored = getDb().select().from(users).where(eq(users.id, officer.id)).get()!;
    expect(JSON.stringify(reset)).not.toContain(newPassword);
    expect(JSON.stringify(reset)).not.toContain(stored.passwordHash);
    expect(JSON.stringify(reset)).not.toContain("$argon2");
  });

  it("refuses a short password, keeps the old one, and never echoes what was typed", async () => {
    const { cookie } = await signedInAdmin();
    const officer = await createUser({ role: "liaison" });
    const theirCookie = cookieFor(officer.id);
    const result = await callAction(
      userAction,
      buildRequest(`/admin/users/${officer.id}`, {
        cookie,
        form: { intent: "resetPassword", password: "tooshort" },
      }),
      editParams(officer.id),
    );
    expect(result.status).toBe(400);
    expect(editReplyOf(result.data).error?.password).toEqual(["Use at least 12 characters"]);
    expect(JSON.stringify(result.data)).not.toContain("tooshort");
    expect(await opensHome(theirCookie)).toBe(true);
    expect(await signsIn(officer.email, TEST_PASSWORD)).toBe(true);
  });
});

describe("the user administration is for admins only", () => {
  for (const role of ["steering", "strand_lead", "liaison"] as const) {
    it(`answers 403 to a ${role} on every loader and action, and audits each denial`, async () => {
      const actor = await createUser({ role, strandKeys: role === "strand_lead" ? ["youth"] : [] });
      const cookie = cookieFor(actor.id);
      const target = await createUser({ role: "liaison", email: `target-of-${role}@police.test` });
      const deniedBefore = getDb()
        .select({ total: count() })
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "denied"), eq(auditEvents.actorUserId, actor.id)))
        .get()!.total;
      const params = editParams(target.id);

      const attempts = [
        () => callLoader(usersLoader, buildRequest("/admin/users", { cookie })),
        () => callLoader(newUserLoader, buildRequest("/admin/users/new", { cookie })),
        () =>
          callAction(
            newUserAction,
            buildRequest("/admin/users/new", {
              cookie,
              form: newUserForm({ email: `made-by-${role}@police.test`, role: "admin" }),
            }),
          ),
        () => callLoader(userLoader, buildRequest(`/admin/users/${target.id}`, { cookie }), params),
        () =>
          callAction(
            userAction,
            buildRequest(`/admin/users/${target.id}`, {
              cookie,
              form: { intent: "save", displayName: "Hijacked", email: target.email, role: "admin" },
            }),
            params,
          ),
        () =>
          callAction(
            userAction,
            buildRequest(`/admin/users/${target.id}`, { cookie, form: { intent: "deactivate" } }),
            params,
          ),
        () =>
          callAction(
            userAction,
            buildRequest(`/admin/users/${target.id}`, {
              cookie,
              form: { intent: "resetPassword", password: "an attacker's password" },
            }),
            params,
          ),
        // A probe of an id that does not exist answers the same as one that does.
        () =>
          callLoader(userLoader, buildRequest("/admin/users/999999", { cookie }), {
            userId: "999999",
          }),
      ];
      const results = [];
      for (const attempt of attempts) results.push(await attempt());

      expect(results.map((result) => result.status)).toEqual(attempts.map(() => 403));
      const denials = getDb()
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "denied"), eq(auditEvents.actorUserId, actor.id)))
        .all();
      expect(denials).toHaveLength(deniedBefore + attempts.length);
      expect(denials.every((event) => event.entityType === "user")).toBe(true);

      expect(userByEmail(`made-by-${role}@police.test`)).toBeUndefined();
      const stored = getDb().select().from(users).where(eq(users.id, target.id)).get()!;
      expect(stored).toMatchObject({
        role: "liaison",
        isActive: true,
        displayName: "Test liaison",
      });
      expect(await signsIn(target.email, TEST_PASSWORD)).toBe(true);
    });
  }
});

describe("the users list", () => {
  it("filters by role and by status from the URL", async () => {
    const { cookie } = await signedInAdmin();
    const active = await createUser({ role: "steering", displayName: "Active Steerer" });
    const inactive = await createUser({
      role: "steering",
      displayName: "Former Steerer",
      isActive: false,
    });
    const liaison = await createUser({ role: "liaison" });

    const list = async (query: string) => {
      const result = await callLoader(
        usersLoader,
        buildRequest(`/admin/users${query}`, { cookie }),
      );
      expect(result.status).toBe(200);
      return (result.data as { users: { id: number }[] }).users.map((user) => user.id);
    };

    const steering = await list("?role=steering");
    expect(steering).toEqual(expect.arrayContaining([active.id, inactive.id]));
    expect(steering).not.toContain(liaison.id);

    const activeSteering = await list("?role=steering&status=active");
    expect(activeSteering).toContain(active.id);
    expect(activeSteering).not.toContain(inactive.id);

    // A filter value that makes no sense is ignored rather than failing the page.
    const all = await list("?role=superuser&status=maybe");
    expect(all).toEqual(expect.arrayContaining([active.id, inactive.id, liaison.id]));
  });
});
