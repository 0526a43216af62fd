// entry.server streams the document and aborts a render still running after ABORT_DELAY. The
// abort timer must be cleared once the document is complete: left pending, it would keep every
// finished render (its React tree and loader data) alive for five more seconds.
import { afterEach, describe, expect, it, vi } from "vitest";
import { render } from "./small-remix-app";

const ABORT_DELAY = 5_000;

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the document stream", () => {
  it("clears its abort timer once the document is complete", async () => {
    const abortTimers: unknown[] = [];
    const setTimer = globalThis.setTimeout;
    vi.spyOn(globalThis, "setTimeout").mockImplementation(((
      callback: () => void,
      delay?: number,
      ...rest: unknown[]
    ) => {
      const timer = setTimer(callback, delay, ...rest);
      if (delay === ABORT_DELAY) abortTimers.push(timer);
      return timer;
    }) as typeof setTimeout);
    const cleared = vi.spyOn(globalThis, "clearTimeout");

    const { response, html } = await render("/contacts/12");

    expect(response.status).toBe(200);
    expect(html).toContain("<h1>contact 12</h1>");
    expect(html).toContain("</html>");
    expect(abortTimers).toHaveLength(1);
    expect(cleared).toHaveBeenCalledWith(abortTimers[0]);
  });
});
