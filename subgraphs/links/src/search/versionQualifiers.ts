import { foldText, normalizeForSearch } from './normalize.ts';
import { editDistance } from './editDistance.ts';

/**
 * What makes a recording a different version of a song, read from the
 * structure of its title (see docs/matching.md):
 * - every bracketed part after the first words ("(Live)", "[Remix]") and every
 *   part after a spaced dash ("- Radio Edit") is a version part; a part with
 *   " / " is read piece by piece ("Pt. 1 / Remastered 2002");
 * - a part naming a word of the lexicon below is that version (in several
 *   languages, one typo forgiven in words of 4+ letters: "Rebmix", "Acoustc");
 * - a neutral part (featuring, "From … Soundtrack", "Single Version", a year…)
 *   is dropped; any other part ("(Midnight Session)") is a version of its own,
 *   `other`, named by its text;
 * - with `loose`, lexicon words at the end of the title count too ("Song
 *   remix", "SONG REMIX", "Song en vivo"); callers try both readings, since
 *   "Live Forever" or "Acoustic #3" are titles.
 * A remix keeps its remixer ("(Calvin Harris Remix)" → "calvin harris").
 */
export type VersionQualifier =
  | 'live' | 'remix' | 'edit' | 'extended' | 'acoustic' | 'instrumental' | 'remaster' | 'sped up' | 'slowed'
  | 'demo' | 'karaoke' | 'cover' | 'a cappella' | 'lofi' | '8d' | 'stripped' | 'piano' | 'orchestral'
  | 'tiktok' | 'taylors version' | 'other';

// Patterns run on normalized text (lower case, no accents, `&`/`+` as `and`, kana folded).
// `strict` ones count only inside a version part, never as plain words at the end of a title.
const LEXICON: { qualifier: VersionQualifier; pattern: RegExp; strict?: boolean }[] = [
  { qualifier: 'live', pattern: /(?:^|\s)(?:live|unplugged|en vivo|ao vivo|al vivo|dal vivo|live at .*|live in .*|ライブ)(?=\s|$)/ },
  { qualifier: 'remix', pattern: /\b(?:remix(?:ed)?|rmx|rework|bootleg|remezcla)\b/ },
  { qualifier: 'remix', pattern: /\b(?:vip|dub|(?<!original |extended |radio )mix)\b/, strict: true },
  { qualifier: 'edit', pattern: /\b(?:(?:radio|club|single|short|clean|dj) edit|edit|radio mix|radio version|\d+ (?:inch )?version)\b/ },
  { qualifier: 'extended', pattern: /\bextended(?: mix| version| edit)?\b/ },
  { qualifier: 'acoustic', pattern: /\b(?:acoustic|acustic[oa]|acustique|akustik|unplugged|version acustica)\b/ },
  { qualifier: 'instrumental', pattern: /\b(?:instrumental|backing track)\b/ },
  { qualifier: 'remaster', pattern: /\b(?:(?:19|20)\d\d )?remaster(?:ed)?(?: (?:19|20)\d\d)?\b|\b\d+(?:st|nd|rd|th) anniversary\b/ },
  { qualifier: 'sped up', pattern: /\b(?:sped up|speed up|nightcore)\b/ },
  { qualifier: 'slowed', pattern: /\b(?:slowed(?: and reverb)?|reverb)\b/ },
  { qualifier: 'demo', pattern: /\bdemo\b/ },
  { qualifier: 'karaoke', pattern: /\bkaraoke\b/ },
  { qualifier: 'cover', pattern: /\bcover\b/, strict: true },
  { qualifier: 'a cappella', pattern: /\b(?:a ?cappella|acapella)\b/ },
  { qualifier: 'lofi', pattern: /\b(?:lofi|lo fi)\b/ },
  { qualifier: '8d', pattern: /\b8d(?: audio)?\b/ },
  { qualifier: 'stripped', pattern: /\bstripped\b/ },
  { qualifier: 'piano', pattern: /\bpiano(?: version)?\b/ },
  { qualifier: 'orchestral', pattern: /\b(?:orchestral|symphonic)\b/ },
  { qualifier: 'tiktok', pattern: /\btik ?tok\b/ },
  { qualifier: 'taylors version', pattern: /\btaylors version\b/ },
];

// Single version words forgiven one typo in a version part (4+ letters, so "dub" or "vip" are never guessed).
const TYPO_WORDS: [string, VersionQualifier][] = [
  ['live', 'live'], ['remix', 'remix'], ['acoustic', 'acoustic'], ['instrumental', 'instrumental'], ['remastered', 'remaster'],
  ['remaster', 'remaster'], ['karaoke', 'karaoke'], ['demo', 'demo'], ['stripped', 'stripped'], ['nightcore', 'sped up'],
  ['slowed', 'slowed'], ['extended', 'extended'], ['acapella', 'a cappella'], ['orchestral', 'orchestral'], ['unplugged', 'live'],
];

// Parts that name no different version: dropped from the title.
const NEUTRAL =
  /^(?:original(?: mix| version)?|(?:album|single|main|lp|mono|stereo|explicit|clean|radio)(?: version| mix)?|bonus(?: track)?|version|from .*|deluxe(?: edition| version)?|(?:19|20)\d\d|(?:pt|part|vol|volume) ?\d+|intro|outro|interlude|dedicated to.*|(?:feat|ft|featuring|with) .*|prod .*|official(?: audio| video)?)$/;
// Words that end a version's name without naming its kind ("Calvin Harris Remix" → "calvin harris").
const KIND_WORDS = /\b(?:remix(?:ed)?|rmx|mix|rework|bootleg|edit|version|vip|dub)\b/g;

/** A title split into the song's name and the version it is. */
export interface ParsedVersion {
  /** The title without version parts, normalized for search. */
  base: string;
  /** The version qualifiers found (empty for the original). */
  qualifiers: Set<VersionQualifier>;
  /** Who or what names the version, normalized: remixers of a remix, the text of an `other` part. */
  names: string[];
}

function lexiconIn(text: string, strict: boolean): VersionQualifier[] {
  return LEXICON.filter((rule) => (strict || !rule.strict) && rule.pattern.test(text)).map((rule) => rule.qualifier);
}

function typoQualifiers(text: string): VersionQualifier[] {
  const found: VersionQualifier[] = [];
  for (const word of text.split(' ')) {
    if (word.length < 4) continue;
    const hit = TYPO_WORDS.find(([known]) => editDistance(word, known, 1) <= 1);
    if (hit) found.push(hit[1]);
  }
  return found;
}

/** The version one part names: qualifiers (empty when neutral) and the names kept. */
function readPart(part: string): { qualifiers: VersionQualifier[]; names: string[] } {
  const pieces = part.split(/\s\/\s/).map(normalizeForSearch);
  const qualifiers: VersionQualifier[] = [];
  const names: string[] = [];
  let unknown = '';
  for (const piece of pieces) {
    if (!piece || NEUTRAL.test(piece)) continue;
    const known = lexiconIn(piece, true);
    const found = known.length ? known : typoQualifiers(piece);
    if (!found.length) {
      unknown = `${unknown} ${piece}`.trim();
      continue;
    }
    qualifiers.push(...found);
    // A remixer is read only next to a correctly spelled remix word ("Rebmix" names nobody).
    if (known.includes('remix')) {
      const remixer = piece.replace(KIND_WORDS, ' ').replace(/\b(?:19|20)\d\d\b/g, ' ').replace(/\s+/g, ' ').trim();
      if (remixer && !/^(?:the|a|club|radio|extended|original)$/.test(remixer)) names.push(remixer);
    }
  }
  if (!qualifiers.length && unknown) return { qualifiers: ['other'], names: [unknown.replace(/\bversion\b/g, '').trim() || unknown] };
  return { qualifiers, names };
}

/** Strips lexicon words from the end of a normalized title ("song sped up" → "song"); what they were. */
function trailingWords(base: string): { base: string; qualifiers: VersionQualifier[] } {
  const qualifiers: VersionQualifier[] = [];
  let rest = base;
  for (;;) {
    const words = rest.split(' ');
    let cut = 0;
    // Longest tail first ("slowed and reverb" before "reverb"), keeping at least one word of title.
    for (let n = Math.min(4, words.length - 1); n >= 1 && !cut; n--) {
      const tail = words.slice(-n).join(' ').replace(/ version$/, '') || 'version';
      const found = lexiconIn(tail, false);
      if (found.length && LEXICON.some((rule) => !rule.strict && new RegExp(`^(?:${rule.pattern.source})$`).test(tail))) {
        qualifiers.push(...found);
        cut = n;
      }
    }
    if (!cut) return { base: rest, qualifiers };
    rest = words.slice(0, -cut).join(' ');
  }
}

/**
 * Finds the version parts of a title and returns the title without them.
 * `dashes: false` leaves " - " alone (free text "Artist - Title", where the
 * dash separates artist and title). `loose` also reads trailing lexicon words.
 */
export function parseVersion(title: string, options: { loose?: boolean; dashes?: boolean } = {}): ParsedVersion {
  const qualifiers = new Set<VersionQualifier>();
  const names: string[] = [];
  const take = (part: string): string => {
    const read = readPart(part);
    read.qualifiers.forEach((q) => qualifiers.add(q));
    names.push(...read.names);
    return ' ';
  };
  // A bracket opening the title is part of it: "(I Can't Get No) Satisfaction".
  const folded = foldText(title);
  const lead = /^\s*[([][^()[\]]*[)\]]/.exec(folded)?.[0] ?? '';
  let rest = lead + folded.slice(lead.length).replace(/\s*[([]([^()[\]]*)[)\]]/g, (_m, inner: string) => take(inner));
  if (options.dashes !== false) {
    const [head = '', ...tail] = rest.split(/\s+[-–—]\s+/);
    tail.forEach(take);
    rest = head;
  }
  let base = normalizeForSearch(rest);
  if (options.loose) {
    const trailing = trailingWords(base);
    trailing.qualifiers.forEach((q) => qualifiers.add(q));
    base = trailing.base;
  }
  return { base: base || normalizeForSearch(title), qualifiers, names };
}

/** Whether a text (an album title, say) names a live recording anywhere: "Live at Wembley", "MTV Unplugged", "Ao Vivo". */
export function mentionsLive(text: string): boolean {
  return /(?:^|\s)(?:live|unplugged|en vivo|ao vivo|ライブ)(?=\s|$)/.test(normalizeForSearch(text));
}
