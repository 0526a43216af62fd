import { describe, expect, it } from "vitest";
import { foldForSearch, phoneSearchText, searchMatchExpression, sortKey } from "./search-text";

describe("folding text for search", () => {
  it.each([
    ["Zoë", "zoe"],
    ["ÉLODIE Dupré", "elodie dupre"],
    ["Nguyễn Văn Đức", "nguyen van duc"],
    ["Мухаммед", "мухаммед"],
    ["مُحَمَّد", "محمد"],
    ["أحمد", "احمد"],
    ["王伟", "王 伟"],
    ["Łukasz Søren", "lukasz soren"],
  ])("folds %s to %s", (text, folded) => {
    expect(foldForSearch(text)).toBe(folded);
  });

  it("builds a prefix query for each word, ignoring punctuation", () => {
    expect(searchMatchExpression("Moh  al-Rashid")).toBe('"moh"* "al"* "rashid"*');
    expect(searchMatchExpression('"; DROP')).toBe('"drop"*');
    expect(searchMatchExpression("  ,, ")).toBeNull();
  });

  it("sorts names without regard to case or accents", () => {
    const names = ["zoë", "Émile", "adam", "Ólafur"];
    expect(names.sort((a, b) => sortKey(a).localeCompare(sortKey(b)))).toEqual([
      "adam",
      "Émile",
      "Ólafur",
      "zoë",
    ]);
  });
});

describe("phone numbers in the search index", () => {
  it("holds international and national digits", () => {
    expect(phoneSearchText("+44 20 7946 0123")).toBe("442079460123 02079460123");
  });
});
