// Country (ISO 3166-1 alpha-2) and language (ISO 639-1) codes, checked against the runtime's own CLDR data.

const regionNames = new Intl.DisplayNames(["en-GB"], { type: "region", fallback: "none" });
const languageNames = new Intl.DisplayNames(["en-GB"], { type: "language", fallback: "none" });

/**
 * CLDR names these, but ISO 3166-1 does not assign them as countries: user-assigned ranges
 * (AA, QM–QZ, XA–XZ, ZZ — Kosovo's XK among them) and the "exceptionally reserved" codes.
 */
const NOT_ISO_COUNTRIES = /^(AA|Q[M-Z]|X[A-Z]|ZZ|AC|CP|CQ|DG|EA|EU|EZ|IC|TA|UN)$/;

/**
 * Names already looked up, by code. Asking ICU costs tens of microseconds a code (the community
 * list asks for every community's country and languages on each view); the codes are few.
 */
const knownCountryNames = new Map<string, string | null>();
const knownLanguageNames = new Map<string, string | null>();

/** The English name of an assigned ISO 3166-1 alpha-2 code, or null when it is not one. */
export function countryName(code: string): string | null {
  if (!/^[A-Z]{2}$/.test(code) || NOT_ISO_COUNTRIES.test(code)) return null;
  let name = knownCountryNames.get(code);
  if (name === undefined) {
    // Withdrawn codes (SU, YU, ZR, UK…) are canonicalised to their successor; they are not current.
    const current = Intl.getCanonicalLocales(`und-${code}`)[0] === `und-${code}`;
    name = current ? (regionNames.of(code) ?? null) : null;
    knownCountryNames.set(code, name);
  }
  return name;
}

let countries: { code: string; name: string }[] | undefined;

/** Every assigned country, by English name. */
export function allCountries(): { code: string; name: string }[] {
  if (!countries) {
    const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const found: { code: string; name: string }[] = [];
    for (const first of letters) {
      for (const second of letters) {
        const name = countryName(first + second);
        if (name) found.push({ code: first + second, name });
      }
    }
    const collator = new Intl.Collator("en-GB");
    countries = found.sort((a, b) => collator.compare(a.name, b.name));
  }
  return countries;
}

/** The English name of a current ISO 639-1 code, or null when it is not one. */
export function languageName(code: string): string | null {
  if (!/^[a-z]{2}$/.test(code)) return null;
  let name = knownLanguageNames.get(code);
  if (name === undefined) {
    // Withdrawn codes (iw, in, ji, jw, mo, sh) canonicalise to another tag.
    const current = Intl.getCanonicalLocales(code)[0] === code;
    name = current ? (languageNames.of(code) ?? null) : null;
    knownLanguageNames.set(code, name);
  }
  return name;
}

/** The code a withdrawn language code was replaced by, when it has one, for a helpful error. */
export function replacementLanguageCode(code: string): string | null {
  try {
    const canonical = Intl.getCanonicalLocales(code)[0];
    return canonical && canonical !== code && /^[a-z]{2}$/.test(canonical) ? canonical : null;
  } catch {
    return null;
  }
}
