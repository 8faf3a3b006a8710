import { foldText, normalizeForSearch } from './normalize.ts';

/**
 * Words in a title that make a recording a different version of a song. Each
 * is detected in a bracketed part ("(Live)", "[Remix]") or after a spaced
 * dash ("- Radio Edit"), and, in queries only, as plain words:
 * - `live`: "live", "live at …", "en vivo", "ao vivo"; "unplugged" (also acoustic)
 * - `remix`: "remix", "rmx", "rework", "bootleg", "vip", "dub"; "… mix" in a bracket or after a dash,
 *   except "original mix" (the original), "extended mix" and "radio mix"
 * - `edit`: "edit" ("radio edit", "extended edit"), "radio mix", "radio version"
 * - `extended`: "extended" ("extended mix", "extended version")
 * - `acoustic`, `instrumental`, `demo`, `karaoke`, `cover`, `a cappella`
 * - `remaster`: "remaster", "remastered", "2011 remaster"
 * - `sped up`: "sped up", "speed up", "nightcore"
 * - `slowed`: "slowed", "slowed + reverb", "reverb"
 */
export type VersionQualifier =
  | 'live'
  | 'remix'
  | 'edit'
  | 'extended'
  | 'acoustic'
  | 'instrumental'
  | 'remaster'
  | 'sped up'
  | 'slowed'
  | 'demo'
  | 'karaoke'
  | 'cover'
  | 'a cappella';

// Patterns run on folded (lower-case, unaccented) text. `strict` ones only count inside a bracket or after a dash.
const RULES: { qualifier: VersionQualifier; pattern: RegExp; strict?: boolean }[] = [
  { qualifier: 'live', pattern: /\b(?:live|unplugged|en vivo|ao vivo)\b/ },
  { qualifier: 'remix', pattern: /\b(?:remix(?:ed)?|rmx|rework|bootleg)\b/ },
  { qualifier: 'remix', pattern: /\b(?:vip|dub|(?<!original |extended |radio )mix)\b/, strict: true },
  { qualifier: 'edit', pattern: /\b(?:edit|radio mix|radio version)\b/ },
  { qualifier: 'extended', pattern: /\bextended\b/ },
  { qualifier: 'acoustic', pattern: /\b(?:acoustic|unplugged)\b/ },
  { qualifier: 'instrumental', pattern: /\binstrumental\b/ },
  { qualifier: 'remaster', pattern: /\b(?:(?:19|20)\d\d )?remaster(?:ed)?(?: (?:19|20)\d\d)?\b/ },
  { qualifier: 'sped up', pattern: /\b(?:sped up|speed up|nightcore)\b/ },
  // `+` is `and` once normalized: "slowed + reverb" is one qualifier.
  { qualifier: 'slowed', pattern: /\b(?:slowed(?: and reverb)?|reverb)\b/ },
  { qualifier: 'demo', pattern: /\bdemo\b/ },
  { qualifier: 'karaoke', pattern: /\bkaraoke\b/ },
  { qualifier: 'cover', pattern: /\bcover\b/, strict: true },
  { qualifier: 'a cappella', pattern: /\b(?:a ?cappella|acapella)\b/ },
];

// Bracketed or dashed parts that name no different version and are dropped from the title.
const NEUTRAL = /^(?:original(?: mix| version)?|(?:album|single|main|lp|mono|stereo|explicit|clean)(?: version)?|mono|stereo|explicit|clean|bonus track|version|from .*|deluxe(?: edition)?)$/;

/** A title split into the song's name and the version it is. */
export interface ParsedVersion {
  /** The title without version parts, normalized for search. */
  base: string;
  /** The version qualifiers found (empty for the original). */
  qualifiers: Set<VersionQualifier>;
}

function qualifiersIn(folded: string, strict: boolean): VersionQualifier[] {
  return RULES.filter((rule) => (strict || !rule.strict) && rule.pattern.test(folded)).map((rule) => rule.qualifier);
}

/**
 * Finds the version qualifiers of a title and returns the title without them.
 * A bracketed or dashed part is removed when it names a qualifier or is a
 * neutral tag ("(Original Mix)", "- Single Version"); any other part
 * ("(Don't Fear) The Reaper") stays in the base.
 * With `loose` (for what people type), qualifier words anywhere in the title
 * count too: "one more time live" is the live version. Callers try both
 * readings, since "Live Forever" is not a live version.
 */
export function parseVersion(title: string, options: { loose?: boolean } = {}): ParsedVersion {
  const qualifiers = new Set<VersionQualifier>();
  const keepOrDrop = (part: string): boolean => {
    const folded = normalizeForSearch(part);
    const found = qualifiersIn(folded, true);
    found.forEach((q) => qualifiers.add(q));
    return found.length > 0 || NEUTRAL.test(folded);
  };
  // Bracketed parts first, then parts after a spaced dash (the first part is always the name).
  let rest = foldText(title).replace(/\s*[([]([^()[\]]*)[)\]]/g, (match, inner: string) => (keepOrDrop(inner) ? '' : match));
  const [head = '', ...tail] = rest.split(/\s+[-–—]\s+/);
  rest = [head, ...tail.filter((part) => !keepOrDrop(part))].join(' - ');
  let base = normalizeForSearch(rest);
  if (options.loose) {
    const words = qualifiersIn(base, false);
    if (words.length) {
      words.forEach((q) => qualifiers.add(q));
      for (const rule of RULES) if (!rule.strict) base = base.replace(new RegExp(`(?:${rule.pattern.source})(?: version)?`, 'g'), ' ');
      base = base.replace(/\s+/g, ' ').trim();
    }
  }
  return { base: base || normalizeForSearch(title), qualifiers };
}
