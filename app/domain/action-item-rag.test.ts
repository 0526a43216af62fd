import { describe, expect, it } from "vitest";
import { ragOf, type RatedItem } from "./action-item-rag";
import { londonWallClockToUtc } from "./london-time";

const TODAY = "2026-07-15";
/** Written at noon London time on the given day. */
const at = (date: string) => londonWallClockToUtc(date, "12:00")!;
const fresh = at(TODAY);

function item(overrides: Partial<RatedItem>): RatedItem {
  return { status: "in_progress", dueOn: "2026-12-31", createdAt: fresh, ...overrides };
}

describe("ragOf", () => {
  it("gives done and cancelled items no rating, even when overdue", () => {
    expect(ragOf(item({ status: "done", dueOn: "2026-01-01" }), null, TODAY)).toBe("none");
    expect(ragOf(item({ status: "cancelled", dueOn: "2026-01-01" }), null, TODAY)).toBe("none");
  });

  it("is red when blocked, whatever the due date", () => {
    expect(ragOf(item({ status: "blocked" }), fresh, TODAY)).toBe("red");
  });

  it("is red once the due date has passed, and not on the due date itself", () => {
    expect(ragOf(item({ dueOn: "2026-07-14" }), fresh, TODAY)).toBe("red");
    expect(ragOf(item({ dueOn: TODAY }), fresh, TODAY)).toBe("green");
  });

  it("is amber when not started and due exactly 14 days away, green at 15", () => {
    expect(ragOf(item({ status: "not_started", dueOn: "2026-07-29" }), fresh, TODAY)).toBe("amber");
    expect(ragOf(item({ status: "not_started", dueOn: "2026-07-30" }), fresh, TODAY)).toBe("green");
  });

  it("does not make a started item due soon amber", () => {
    expect(ragOf(item({ status: "in_progress", dueOn: "2026-07-20" }), fresh, TODAY)).toBe("green");
  });

  it("is amber when the last update was exactly 30 days ago, green at 29", () => {
    expect(ragOf(item({}), at("2026-06-15"), TODAY)).toBe("amber");
    expect(ragOf(item({}), at("2026-06-16"), TODAY)).toBe("green");
  });

  it("counts an item with no update from when it was created", () => {
    expect(ragOf(item({ createdAt: at("2026-06-15") }), null, TODAY)).toBe("amber");
    expect(ragOf(item({ createdAt: at("2026-06-16") }), null, TODAY)).toBe("green");
  });

  it("counts days on London's calendar: 00:30 BST is already the next day", () => {
    // 2026-06-15 23:30 UTC is 00:30 on 16 June in London: 29 days before 15 July, so green.
    expect(ragOf(item({}), new Date("2026-06-15T23:30:00Z"), TODAY)).toBe("green");
    expect(ragOf(item({}), new Date("2026-06-15T22:59:00Z"), TODAY)).toBe("amber");
  });
});
