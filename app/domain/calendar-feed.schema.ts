// The calendar feed page's buttons: each posts one intent.
import { z } from "zod";

export const calendarFeedIntentSchema = z.enum(["turnOn", "regenerate", "turnOff"]);
export type CalendarFeedIntent = z.output<typeof calendarFeedIntentSchema>;
