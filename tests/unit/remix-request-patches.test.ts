// patches/ also makes Remix's document requests keep what does not change between them: the
// route tree the page is rendered with is built once per server build, the data routes made from
// it once, and the matches of a path once; and a request's loaders share the request itself when
// there is nothing to strip from its URL. These tests run a small app through Remix's real request
// handler and our real entry.server, and hold each request to its own answers.
import fs from "node:fs";
import { createRequire } from "node:module";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { Outlet, Scripts, useLoaderData } from "@remix-run/react";
import { createElement } from "react";
import { describe, expect, it, vi } from "vitest";
import handleDocumentRequest from "~/entry.server";

const require = createRequire(import.meta.url);

const loaderRequests: { routeId: string; request: Request }[] = [];

function recordingLoader(
  routeId: string,
  data: (params: Record<string, string | undefined>) => unknown,
) {
  return ({
    request,
    params,
  }: {
    request: Request;
    params: Record<string, string | undefined>;
  }) => {
    loaderRequests.push({ routeId, request });
    return data(params);
  };
}

function Root() {
  const { who } = useLoaderData<{ who: string }>();
  return createElement(
    "html",
    null,
    createElement(
      "body",
      null,
      createElement("p", null, `root for ${who}`),
      createElement(Outlet),
      createElement(Scripts),
    ),
  );
}

function Contacts() {
  const { title } = useLoaderData<{ title: string }>();
  return createElement("h1", null, title);
}

function Contact() {
  const { contactId } = useLoaderData<{ contactId: string }>();
  return createElement("h1", null, `contact ${contactId}`);
}

const routeModules = {
  root: { default: Root, loader: recordingLoader("root", () => ({ who: "everyone" })) },
  "routes/contacts._index": {
    default: Contacts,
    loader: recordingLoader("routes/contacts._index", () => ({ title: "all contacts" })),
  },
  "routes/contacts.$contactId": {
    default: Contact,
    loader: recordingLoader("routes/contacts.$contactId", (params) => ({
      contactId: params.contactId,
    })),
  },
};

const routeShapes = [
  { id: "root", path: "", parentId: undefined, index: undefined },
  { id: "routes/contacts._index", path: "contacts", parentId: "root", index: undefined },
  {
    id: "routes/contacts.$contactId",
    path: "contacts/:contactId",
    parentId: "root",
    index: undefined,
  },
];

const build: ServerBuild = {
  mode: "production",
  entry: { module: { default: handleDocumentRequest } },
  routes: Object.fromEntries(
    routeShapes.map((shape) => [
      shape.id,
      { ...shape, module: routeModules[shape.id as keyof typeof routeModules] },
    ]),
  ) as unknown as ServerBuild["routes"],
  assets: {
    entry: { imports: [], module: "/assets/entry.js" },
    routes: Object.fromEntries(
      routeShapes.map((shape) => [
        shape.id,
        {
          ...shape,
          hasAction: false,
          hasLoader: true,
          hasClientAction: false,
          hasClientLoader: false,
          hasErrorBoundary: false,
          module: `/assets/${shape.id}.js`,
          imports: [],
        },
      ]),
    ),
    url: "/assets/manifest.js",
    version: "test",
  },
  publicPath: "/assets/",
  assetsBuildDirectory: "build/client/assets",
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
    v3_routeConfig: true,
  } as ServerBuild["future"],
  isSpaMode: false,
};

const handle = createRequestHandler(build, "production");

async function render(path: string) {
  loaderRequests.length = 0;
  const request = new Request(`http://localhost${path}`);
  const response = await handle(request, { cspNonce: "n", clientAddress: "127.0.0.1" });
  return { request, response, html: await response.text(), loaders: [...loaderRequests] };
}

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
