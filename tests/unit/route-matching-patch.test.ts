// patches/@remix-run+router+*.patch makes the server's route matching keep what it computes: each
// path pattern's regular expression, each route tree's ranked branches and each path's matches.
// These tests hold the
// patched matcher to the answers the unpatched one gives, whatever order the questions come in.
import fs from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

// The server loads the CommonJS build (the patched file); the browser bundle is not patched.
const require = createRequire(import.meta.url);
const router = require("@remix-run/router") as typeof import("@remix-run/router");
const { matchPath, matchRoutes } = router;

describe("the patched route matcher", () => {
  it("is the file the patch changed", () => {
    const file = require.resolve("@remix-run/router");
    expect(file).toMatch(/router\.cjs\.js$/);
    const source = fs.readFileSync(file, "utf8");
    expect(source).toContain("rankedBranchesOf");
    expect(source).toContain("compilePathOnce");
    expect(source).toContain("copyMatches");
  });

  it("keeps a pattern matched to the end apart from the same pattern matched as a prefix", () => {
    expect(matchPath({ path: "/contacts", end: true }, "/contacts/12")).toBeNull();
    expect(matchPath({ path: "/contacts", end: false }, "/contacts/12")?.pathnameBase).toBe(
      "/contacts",
    );
    expect(matchPath({ path: "/contacts" }, "/contacts/12")).toBeNull();
    expect(matchPath({ path: "/contacts", end: false }, "/contacts/12")).not.toBeNull();
  });

  it("keeps a case-sensitive pattern apart from the same pattern without case", () => {
    expect(matchPath({ path: "/Reviews" }, "/reviews")).not.toBeNull();
    expect(matchPath({ path: "/Reviews", caseSensitive: true }, "/reviews")).toBeNull();
    expect(matchPath({ path: "/Reviews", caseSensitive: false }, "/reviews")).not.toBeNull();
  });

  it("gives each call its own parameters", () => {
    const first = matchPath("/contacts/:contactId", "/contacts/12");
    const second = matchPath("/contacts/:contactId", "/contacts/34");
    expect(first?.params).toEqual({ contactId: "12" });
    expect(second?.params).toEqual({ contactId: "34" });
  });

  it("matches a route tree the same way on every call, and a new tree by its own routes", () => {
    const tree = [
      {
        id: "root",
        path: "",
        children: [
          { id: "contacts", path: "contacts" },
          { id: "contact", path: "contacts/:contactId" },
          { id: "new", path: "contacts/new" },
          { id: "splat", path: "*" },
        ],
      },
    ];
    const ids = (routes: typeof tree, pathname: string) =>
      matchRoutes(routes, pathname)?.map((match) => match.route.id);
    for (let round = 0; round < 3; round++) {
      expect(ids(tree, "/contacts")).toEqual(["root", "contacts"]);
      expect(ids(tree, "/contacts/new")).toEqual(["root", "new"]);
      expect(ids(tree, "/contacts/7")).toEqual(["root", "contact"]);
      expect(ids(tree, "/elsewhere")).toEqual(["root", "splat"]);
    }
    const other = [{ id: "root", path: "", children: [{ id: "only", path: "contacts/:id" }] }];
    expect(ids(other, "/contacts/new")).toEqual(["root", "only"]);
    expect(ids(other, "/elsewhere")).toBeUndefined();
  });

  it("gives every caller its own matches of a remembered path", () => {
    const tree = [
      { id: "root", path: "", children: [{ id: "contact", path: "contacts/:contactId" }] },
    ];
    const first = matchRoutes(tree, "/contacts/12");
    (first![0]!.params as Record<string, string>).contactId = "changed";
    first![1]!.pathname = "/changed";
    const second = matchRoutes(tree, "/contacts/12");
    expect(second).not.toBe(first);
    expect(second?.map((match) => match.params)).toEqual([
      { contactId: "12" },
      { contactId: "12" },
    ]);
    expect(second?.[1]?.pathname).toBe("/contacts/12");
    // One params object per answer, shared by its matches, as the unpatched matcher makes them.
    expect(second?.[0]?.params).toBe(second?.[1]?.params);
    expect(second?.[1]?.route).toBe(tree[0]!.children[0]);
    expect(matchRoutes(tree, "/contacts/34")?.[1]?.params).toEqual({ contactId: "34" });
  });
});
