// patches/ also makes Remix's document requests keep what does not change between them: the
// route tree the page is rendered with is built once per server build, the data routes made from
// it once, and the matches of a path once; and a request's loaders share the request itself when
// there is nothing to strip from its URL. These tests run a small app through Remix's real request
// handler and our real entry.server, and hold each request to its own answers.
import fs from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it, vi } from "vitest";
import { render } from "./small-remix-app";

const require = createRequire(import.meta.url);

describe("Remix with the request patches", () => {
  it("loads the patched files", () => {
    const patched = [
      ["@remix-run/server-runtime/dist/data.js", "Patched (patches/ in the app)"],
      ["@remix-run/react/dist/server.js", "serverRoutesOf"],
      ["react-router-dom/server.js", "dataRoutesOf"],
      ["@remix-run/router", "copyMatches"],
    ];
    for (const [file, marker] of patched) {
      expect(fs.readFileSync(require.resolve(file!), "utf8")).toContain(marker);
    }
  });

  it("hands every loader of a request the request itself when there is nothing to strip", async () => {
    const { response, loaders } = await render("/contacts/12?tab=notes");
    expect(response.status).toBe(200);
    expect(loaders.map((loader) => loader.routeId)).toEqual(["root", "routes/contacts.$contactId"]);
    expect(loaders[0]!.request).toBe(loaders[1]!.request);
    expect(new URL(loaders[0]!.request.url).searchParams.get("tab")).toBe("notes");
  });

  it("still strips Remix's own parameters before a loader sees the URL", async () => {
    const { loaders } = await render("/contacts/12?index&tab=notes");
    for (const { request } of loaders) {
      const url = new URL(request.url);
      expect(url.searchParams.has("index")).toBe(false);
      expect(url.searchParams.get("tab")).toBe("notes");
    }
  });

  it("renders each request with its own route, parameters and data, in any order", async () => {
    for (let round = 0; round < 3; round++) {
      const list = await render("/contacts");
      expect(list.html).toContain("<h1>all contacts</h1>");
      expect(list.html).toContain("root for everyone");

      const first = await render("/contacts/12");
      expect(first.html).toContain("<h1>contact 12</h1>");
      expect(first.html).not.toContain("all contacts");

      const second = await render("/contacts/34");
      expect(second.html).toContain("<h1>contact 34</h1>");
      expect(second.html).not.toContain("contact 12");
    }
  });

  it("answers an unknown path with 404 after known paths were matched", async () => {
    await render("/contacts/12");
    // Remix logs the unmatched path; that is expected here, not noise worth showing.
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const missing = await render("/nowhere");
      expect(missing.response.status).toBe(404);
    } finally {
      log.mockRestore();
    }
  });
});
