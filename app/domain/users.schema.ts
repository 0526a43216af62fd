// The forms of user administration and of the user's own account, and the users list's URL filter.
import { z } from "zod";
import { newPasswordField } from "~/auth/password.schema";
import { ROLES, STRAND_KEYS } from "~/db/schema";

const emailField = z
  .string({ error: "Enter an email address" })
  .trim()
  // Stored lowercased so that sign-in and the one-account-per-address rule ignore case.
  .toLowerCase()
  .max(254, "That email address is too long")
  .pipe(z.email("Enter an email address like name@example.org"));

const displayNameField = z
  .string({ error: "Enter the user's name" })
  .trim()
  .min(1, "Enter the user's name")
  .max(100, "Keep the name to 100 characters");

/** Fields shared by the new-user and edit-user forms. */
const userDetails = {
  displayName: displayNameField,
  email: emailField,
  role: z.enum(ROLES, { error: "Choose a role" }),
  // Ids arrive as the strings a checkbox posts; they become numbers once checked.
  communityIds: z
    .array(
      z
        .string()
        .regex(/^[1-9][0-9]{0,14}$/, "Choose communities from the list")
        .transform(Number),
    )
    .max(100, "That is too many communities")
    .optional()
    .transform((ids) => [...new Set(ids ?? [])]),
  strandKeys: z
    .array(z.enum(STRAND_KEYS, { error: "Choose strands from the list" }))
    .optional()
    .transform((keys) => [...new Set(keys ?? [])]),
};

export const newUserSchema = z.object({ ...userDetails, password: newPasswordField });
export type NewUserInput = z.output<typeof newUserSchema>;
export type NewUserFormValues = z.input<typeof newUserSchema>;

export const editUserSchema = z.object(userDetails);
export type EditUserInput = z.output<typeof editUserSchema>;
export type EditUserFormValues = z.input<typeof editUserSchema>;

export const resetPasswordSchema = z.object({ password: newPasswordField });
export type ResetPasswordInput = z.output<typeof resetPasswordSchema>;

/** The edit page's forms, told apart by the `intent` each posts. */
export const userIntentSchema = z.enum(["save", "deactivate", "reactivate", "resetPassword"]);
export type UserIntent = z.output<typeof userIntentSchema>;

export const changePasswordSchema = z
  .object({
    // Only a generous ceiling: a wrong current password gets the same answer whatever its length.
    currentPassword: z
      .string({ error: "Enter your current password" })
      .max(1024, "That password is too long"),
    newPassword: newPasswordField,
    confirmPassword: z.string({ error: "Enter the new password again" }),
  })
  .superRefine((input, context) => {
    if (input.confirmPassword !== input.newPassword) {
      context.addIssue({
        code: "custom",
        path: ["confirmPassword"],
        message: "The two new passwords are not the same",
      });
    }
    if (input.newPassword === input.currentPassword) {
      context.addIssue({
        code: "custom",
        path: ["newPassword"],
        message: "Choose a password different from your current one",
      });
    }
  });
export type ChangePasswordInput = z.output<typeof changePasswordSchema>;

export const USER_STATUS_FILTERS = ["active", "deactivated"] as const;

export const userListFilterSchema = z.object({
  role: z.enum(ROLES).optional().catch(undefined),
  status: z.enum(USER_STATUS_FILTERS).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
export type UserListFilter = z.output<typeof userListFilterSchema>;

export function parseUserListFilter(searchParams: URLSearchParams): UserListFilter {
  return userListFilterSchema.parse(Object.fromEntries(searchParams));
}

/** The `:userId` of a URL; anything else is a page that does not exist. */
export const userIdSchema = z
  .string()
  .regex(/^[1-9][0-9]{0,14}$/)
  .transform(Number);
