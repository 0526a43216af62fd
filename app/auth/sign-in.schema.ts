// The sign-in form.
import { z } from "zod";

export const signInSchema = z.object({
  email: z
    .string({ error: "Enter your email address" })
    .trim()
    .max(254, "That email address is too long"),
  // Not length-checked here: a wrong password gets the same answer whatever its length.
  password: z.string({ error: "Enter your password" }).max(1024, "That password is too long"),
  redirectTo: z.string().optional(),
});
