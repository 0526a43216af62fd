// CSV exports stream in chunks from one snapshot: every row once, in order, with the header and
// byte-order mark, the same bytes as one chunk; scope applied; audited before the first row.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { loadSessionUser } from "~/auth/session.server";
import { getDb, getSqlite } from "~/db/client.server";
import { auditEvents, contacts } from "~/db/schema";
import { exportContacts } from "~/domain/contacts.server";
import { csvResponse } from "~/domain/csv.server";
import { exportEngagements } from "~/domain/engagement-lists.server";
import { loader as contactsExportLoader } from "~/routes/contacts.export";
import { at, insertContact, insertEngagement } from "./engagement-builders";
import {
  buildRequest,
  callLoader,
  cookieFor,
  createCommunity,
  createUser,
  withTestDatabase,
} from "./harness";

withTestDatabase();

const NOW = new Date("2026-10-01T09:00:00Z");
/** Small enough that every export below spans several chunks, and the last one is partial. */
const CHUNK = 4;

let north: number;
let south: number;
let officer: { id: number; cookie: string };
const northNames: string[] = [];

beforeAll(async () => {
  north = createCommunity({ name: "North community" }).id;
  south = createCommunity({ name: "South community" }).id;
  const user = await createUser({ role: "liaison", communityIds: [north] });
  officer = { id: user.id, cookie: cookieFor(user.id) };
  // Inserted out of name order, so the file's order is the export's doing, not the ids'.
  for (const index of [7, 2, 11, 0, 9, 4, 13, 1, 12, 5, 8, 3, 10, 6]) {
    const name = `Streamed ${String(index).padStart(2, "0")}, "quoted"`;
    insertContact({ name, communityId: north });
    northNames.push(name);
  }
  northNames.sort();
  for (let index = 0; index < 5; index += 1) {
    insertContact({ name: `Southern ${index}`, communityId: south });
  }
  for (let day = 1; day <= 9; day += 1) {
    insertEngagement({
      title: `North meeting ${day}`,
      startsAt: at(`2026-09-0${day}`, "10:00"),
      communityIds: [north],
      strandKeys: ["community"],
    });
  }
  insertEngagement({
    title: "South meeting",
    startsAt: at("2026-09-05", "11:00"),
    communityIds: [south],
    strandKeys: ["community"],
  });
});

function actor() {
  return loadSessionUser(getDb(), officer.id)!;
}

/** The bytes as the browser saves them, byte-order mark included. */
async function bytesOf(response: Response): Promise<string> {
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer());
}

function exportAudits() {
  return getDb()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, "export"), eq(auditEvents.actorUserId, officer.id)))
    .all();
}

/** The quoted names in a contacts file, in file order. */
function namesIn(csv: string): string[] {
  return [...csv.matchAll(/^"(Streamed \d+, ""quoted"")"/gm)].map((match) =>
    match[1]!.replace(/""/g, '"'),
  );
}

describe("a streamed export", () => {
  it("gives every row once, in order, with the BOM and header: the same bytes as one chunk", async () => {
    const auditsBefore = exportAudits().length;
    const streamed = await bytesOf(
      csvResponse("contacts.csv", exportContacts(getDb(), actor(), { page: 1 }, NOW, CHUNK)),
    );
    // The route reads the default chunk, larger than this list: the whole file in one chunk.
    const whole = await callLoader(
      async (args) => bytesOf((await contactsExportLoader(args)) as Response),
      buildRequest("/contacts/export", { cookie: officer.cookie }),
    );
    expect(whole.status).toBe(200);
    expect(streamed).toBe(whole.data);

    expect(streamed.startsWith("\uFEFFName,Name in Latin letters,Pronouns,")).toBe(true);
    expect(streamed.endsWith("\r\n")).toBe(true);
    const lines = streamed.slice(1).split("\r\n");
    expect(lines.at(-1)).toBe("");
    expect(lines).toHaveLength(1 + northNames.length + 1);
    // Sorted by name across chunk boundaries, each exactly once, and nothing of the south.
    expect(namesIn(streamed)).toEqual(northNames);
    expect(streamed).not.toContain("Southern");

    const audits = exportAudits().slice(auditsBefore);
    expect(audits).toHaveLength(2);
    for (const audit of audits) {
      expect(audit.entityType).toBe("contact");
      expect(JSON.parse(audit.detail!)).toEqual({ filter: {}, rows: northNames.length });
    }
  });

  it("is audited before its first row is read, and sends the snapshot it started from", async () => {
    const auditsBefore = exportAudits().length;
    const response = csvResponse(
      "contacts.csv",
      exportContacts(getDb(), actor(), { page: 1 }, NOW, CHUNK),
    );
    expect(exportAudits().slice(auditsBefore)).toHaveLength(1);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
    let text = "";
    const header = await reader.read();
    text += decoder.decode(header.value, { stream: true });
    const firstChunk = await reader.read();
    text += decoder.decode(firstChunk.value, { stream: true });
    // The main connection is free while the export is open: a write goes through at once…
    const added = insertContact({ name: "Streamed 00, added mid-export", communityId: north });
    getDb()
      .update(contacts)
      .set({ name: "Renamed mid-export" })
      .where(eq(contacts.name, northNames.at(-1)!))
      .run();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      text += decoder.decode(chunk.value, { stream: true });
    }
    // …and the file is still the one the export started from.
    expect(namesIn(text)).toEqual(northNames);
    expect(text).not.toContain("mid-export");
    getDb().delete(contacts).where(eq(contacts.id, added)).run();
    getDb()
      .update(contacts)
      .set({ name: northNames.at(-1)! })
      .where(eq(contacts.name, "Renamed mid-export"))
      .run();
  });

  it("keeps the engagement export's order and scope over several chunks", async () => {
    const streamed = await bytesOf(
      csvResponse("engagements.csv", exportEngagements(getDb(), actor(), { page: 1 }, NOW, 2)),
    );
    const titles = [...streamed.matchAll(/^\d+,([^,]+),/gm)].map((match) => match[1]);
    expect(titles).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1].map((day) => `North meeting ${day}`));
    expect(streamed).not.toContain("South meeting");
    expect(streamed.startsWith("\uFEFFNumber,Title,")).toBe(true);
    const audit = exportAudits().at(-1)!;
    expect(audit.entityType).toBe("engagement");
    expect(JSON.parse(audit.detail!)).toEqual({ filter: {}, rows: 9 });
  });

  it("releases its snapshot when the download is cancelled", async () => {
    const response = csvResponse(
      "contacts.csv",
      exportContacts(getDb(), actor(), { page: 1 }, NOW, CHUNK),
    );
    const reader = response.body!.getReader();
    await reader.read();
    await reader.read();
    insertContact({ name: "Written while a snapshot is open", communityId: south });
    const sqlite = getSqlite();
    const checkpoint = () =>
      sqlite.pragma("wal_checkpoint(TRUNCATE)") as { busy: number; log: number }[];
    // Ask once, without waiting for the reader to finish.
    sqlite.pragma("busy_timeout = 0");
    try {
      // An open snapshot keeps the WAL from being emptied…
      expect(checkpoint()[0]!.busy).toBe(1);
      await reader.cancel();
      // …and once the download is cancelled, nothing holds it.
      expect(checkpoint()[0]).toMatchObject({ busy: 0, log: 0 });
    } finally {
      sqlite.pragma("busy_timeout = 5000");
    }
  });
});
