// Integration harness: a real SQLite file with the real migrations, and real Requests into routes.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { createSession, sessionCookie, sessionExpiresAt } from "~/auth/session.server";
import { closeDb, getDb } from "~/db/client.server";
import {
  communities,
  userCommunities,
  userStrands,
  users,
  type Role,
  type StrandKey,
} from "~/db/schema";

export const TEST_PASSWORD = "correct horse battery staple";
let passwordHash: Promise<string> | undefined;

/** Gives the test file its own fresh database file, migrated by the app's own code. */
export function withTestDatabase(): void {
  let dir = "";
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "crg-test-"));
    process.env.DATABASE_PATH = path.join(dir, "test.sqlite");
    closeDb();
    getDb();
  });
  afterAll(() => {
    closeDb();
    fs.rmSync(dir, { recursive: true, force: true });
  });
}

let sequence = 0;
function unique(prefix: string): string {
  sequence += 1;
  return `${prefix}-${process.pid}-${sequence}`;
}

export async function createUser(options: {
  role: Role;
  email?: string;
  displayName?: string;
  password?: string;
  communityIds?: number[];
  strandKeys?: StrandKey[];
  isActive?: boolean;
}) {
  const db = getDb();
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const hash = options.password ? await hashPassword(options.password) : await passwordHash;
  const now = new Date();
  const user = db
    .insert(users)
    .values({
      email: options.email ?? `${unique(options.role)}@crg.test`,
      displayName: options.displayName ?? `Test ${options.role}`,
      role: options.role,
      passwordHash: hash,
      isActive: options.isActive ?? true,
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get();
  for (const communityId of options.communityIds ?? []) {
    db.insert(userCommunities).values({ userId: user.id, communityId }).run();
  }
  for (const strandKey of options.strandKeys ?? []) {
    db.insert(userStrands).values({ userId: user.id, strandKey }).run();
  }
  return user;
}

const COUNTRY_CODES = [
  "AF",
  "AL",
  "ER",
  "IQ",
  "IR",
  "SD",
  "VN",
  "CN",
  "SY",
  "NG",
  "UA",
  "PK",
  "SO",
  "ET",
  "TR",
  "IN",
];
export function createCommunity(
  options: { name?: string; countryCode?: string; archived?: boolean } = {},
) {
  const db = getDb();
  const now = new Date();
  const used = new Set(
    db
      .select({ code: communities.countryCode })
      .from(communities)
      .all()
      .map((row) => row.code),
  );
  const countryCode = options.countryCode ?? COUNTRY_CODES.find((code) => !used.has(code)) ?? "ZZ";
  return db
    .insert(communities)
    .values({
      countryCode,
      name: options.name ?? `${countryCode} community`,
      languages: [],
      archivedAt: options.archived ? now : null,
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get();
}

/** A session cookie for the user, as the browser would send it. */
export function cookieFor(userId: number, now = new Date()): string {
  const { token, session } = createSession(getDb(), userId, now);
  return sessionCookie(token, sessionExpiresAt(session)).split(";")[0]!;
}

type RequestOptions = {
  method?: string;
  cookie?: string;
  form?: Record<string, string | string[]>;
  headers?: Record<string, string>;
};

export function buildRequest(pathname: string, options: RequestOptions = {}): Request {
  const headers = new Headers(options.headers);
  if (options.cookie) headers.set("Cookie", options.cookie);
  let body: URLSearchParams | undefined;
  if (options.form) {
    body = new URLSearchParams();
    for (const [name, value] of Object.entries(options.form)) {
      for (const one of Array.isArray(value) ? value : [value]) body.append(name, one);
    }
    headers.set("Content-Type", "application/x-www-form-urlencoded");
  }
  return new Request(new URL(pathname, "http://localhost"), {
    method: options.method ?? (options.form ? "POST" : "GET"),
    headers,
    body,
  });
}

export type RouteResult = {
  status: number;
  headers: Headers;
  /** The returned data for plain and `data()` results; the body text for Responses. */
  data: unknown;
  location: string | null;
};

async function settle(run: () => Promise<unknown> | unknown): Promise<RouteResult> {
  let outcome: unknown;
  try {
    outcome = await run();
  } catch (thrown) {
    outcome = thrown;
    if (!(thrown instanceof Response)) throw thrown;
  }
  if (outcome instanceof Response) {
    const text = await outcome.text();
    return {
      status: outcome.status,
      headers: outcome.headers,
      data: text,
      location: outcome.headers.get("Location"),
    };
  }
  if (
    outcome &&
    typeof outcome === "object" &&
    (outcome as { type?: string }).type === "DataWithResponseInit"
  ) {
    const wrapped = outcome as { data: unknown; init: ResponseInit | null };
    const headers = new Headers(wrapped.init?.headers);
    return {
      status: wrapped.init?.status ?? 200,
      headers,
      data: wrapped.data,
      location: headers.get("Location"),
    };
  }
  return { status: 200, headers: new Headers(), data: outcome, location: null };
}

const context = { cspNonce: "", clientAddress: "127.0.0.1" };

export function callLoader(
  loader: (args: LoaderFunctionArgs) => unknown,
  request: Request,
  params: Record<string, string> = {},
): Promise<RouteResult> {
  return settle(() => loader({ request, params, context }));
}

export function callAction(
  action: (args: ActionFunctionArgs) => unknown,
  request: Request,
  params: Record<string, string> = {},
  clientAddress = "127.0.0.1",
): Promise<RouteResult> {
  return settle(() => action({ request, params, context: { ...context, clientAddress } }));
}
