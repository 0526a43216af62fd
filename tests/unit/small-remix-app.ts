// A small Remix app run through Remix's real request handler and our real entry.server: a root
// and two contact routes whose loaders record the request they were given. For tests of what
// happens between the HTTP layer and the page (the patches in patches/, the document stream).
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { Outlet, Scripts, useLoaderData } from "@remix-run/react";
import { createElement } from "react";
import handleDocumentRequest from "~/entry.server";

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

/** A document request for `path`: the response, its HTML and the loaders it ran, in order. */
export async function render(path: string) {
  loaderRequests.length = 0;
  const request = new Request(`http://localhost${path}`);
  const response = await handle(request, { cspNonce: "n", clientAddress: "127.0.0.1" });
  return { request, response, html: await response.text(), loaders: [...loaderRequests] };
}
