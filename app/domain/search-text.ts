// Folding text for search so that case, accents and letter variants never hide a match, in any script.
import { parsePhoneNumberFromString } from "libphonenumber-js";

const LETTER_VARIANTS: Record<string, string> = {
  đ: "d",
  ð: "d",
  ø: "o",
  ł: "l",
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ı: "i",
  þ: "th",
  // Arabic and Persian letter forms that people type interchangeably.
  أ: "ا",
  إ: "ا",
  آ: "ا",
  ٱ: "ا",
  ى: "ي",
  ی: "ي",
  ة: "ه",
  ک: "ك",
  ـ: "",
};
const VARIANT_PATTERN = new RegExp(`[${Object.keys(LETTER_VARIANTS).join("")}]`, "gu");

/**
 * Lower-case, strip combining marks (Latin and Vietnamese accents, Arabic vowel signs), unify
 * letter variants, and stand each Han character alone so a single character finds a name.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(VARIANT_PATTERN, (letter) => LETTER_VARIANTS[letter] ?? letter)
    .replace(/(\p{Script=Han})/gu, " $1 ")
    .replace(/\s+/g, " ")
    .trim();
}

/** A key for sorting names of every script the same way regardless of case and accents. */
export function sortKey(text: string): string {
  return foldForSearch(text).replace(/ /g, "");
}

/**
 * The FTS5 query for what a user typed: every word must match the start of a word in the record
 * ("Moh" finds "Mohammed"). Null when nothing searchable was typed.
 */
export function searchMatchExpression(query: string): string | null {
  const words = foldForSearch(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 12);
  if (words.length === 0) return null;
  return words.map((word) => `"${word}"*`).join(" ");
}

/**
 * The digits of a phone number as typed in international and in national form, so that
 * "+44 20 7946 0000", "020 7946 0000" and "02079460000" all find it.
 */
export function phoneSearchText(phone: string): string {
  const international = phone.replace(/\D/g, "");
  const parsed = parsePhoneNumberFromString(phone, "GB");
  const national = parsed ? parsed.formatNational().replace(/\D/g, "") : "";
  return national && national !== international ? `${international} ${national}` : international;
}
