import { describe, expect, it } from "vitest";
import { allCountries, countryName, languageName } from "./iso-codes";

describe("country codes", () => {
  it("knows exactly the 249 countries ISO 3166-1 assigns", () => {
    expect(allCountries()).toHaveLength(249);
    expect(countryName("AF")).toBe("Afghanistan");
    expect(countryName("GB")).toBe("United Kingdom");
  });

  it.each(["ZZ", "XK", "QO", "EU", "UN", "UK", "SU", "YU", "ZR", "gb", "G", "GBR"])(
    "refuses %s, which is not an assigned alpha-2 country code",
    (code) => {
      expect(countryName(code)).toBeNull();
    },
  );
});

describe("language codes", () => {
  it("names current ISO 639-1 codes", () => {
    expect(languageName("ps")).toBe("Pashto");
    expect(languageName("ti")).toBe("Tigrinya");
  });

  it.each(["xx", "qa", "iw", "sh", "PS", "eng", "p"])("refuses %s", (code) => {
    expect(languageName(code)).toBeNull();
  });
});
