// The six fixed strands: their descriptions and their leads are editable, their keys are not.
import { asc } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { strands } from "~/db/schema";

export function listStrands(db: Db) {
  return db.select().from(strands).orderBy(asc(strands.position)).all();
}
