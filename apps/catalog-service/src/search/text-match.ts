/**
 * How query text meets product text: the words of both (what the index stores and what a query asks for), the
 * typo and prefix rules, and the score that orders results by relevance.
 */

const NOT_A_WORD_CHARACTER = /[^\p{L}\p{N}]+/u;
/** Characters a query made of words may hold besides letters, digits and spaces ("t-shirt", "children's", "v1.5"). */
const WORDY_QUERY = /^[\p{L}\p{N}\s\-'’.,/&]*$/u;

/** The words of a text, lower-cased: split at everything that is not a letter or a digit. */
export function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(NOT_A_WORD_CHARACTER)
    .filter((word) => word.length > 0);
}

/** Typo tolerance: one edit (insert, delete, replace) for query words of five letters or more, none below. */
export const MIN_FUZZY_LENGTH = 5;
export const fuzzinessOf = (word: string): number => (word.length >= MIN_FUZZY_LENGTH ? 1 : 0);

/** Whether b is a within one insertion, deletion or substitution of a. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  // Replace one character (same length) or skip one in the longer word.
  return short.length === long.length ? short.slice(i + 1) === long.slice(i + 1) : short.slice(i) === long.slice(i + 1);
}

/**
 * A query is matched as words (typo-tolerant, the last word as a prefix) unless it holds a character words do not
 * (`.*`, `(`, `$where`, `\`): then it is matched literally, as a case-insensitive substring, as it always was.
 */
export type ParsedQuery = { mode: 'words'; words: string[] } | { mode: 'literal'; text: string };

export function parseQuery(q: string): ParsedQuery {
  const text = q.trim().toLowerCase();
  const words = wordsOf(text);
  return WORDY_QUERY.test(text) && words.length > 0 ? { mode: 'words', words } : { mode: 'literal', text };
}

/** The searchable fields of a product and how much a hit in each weighs: a name hit outranks a description hit. */
export const FIELD_WEIGHTS = { name: 8, sku: 6, category: 3, description: 1 } as const;
export type SearchField = keyof typeof FIELD_WEIGHTS;
export const SEARCH_FIELDS = Object.keys(FIELD_WEIGHTS) as SearchField[];

/** How well one product word answers one query word: 0 when it does not. */
const EXACT = 1;
const PREFIX = 0.6;
const TYPO = 0.4;

function matchQuality(queryWord: string, isLast: boolean, word: string): number {
  if (word === queryWord) return EXACT;
  if (isLast && word.startsWith(queryWord)) return PREFIX;
  return fuzzinessOf(queryWord) > 0 && withinOneEdit(queryWord, word) ? TYPO : 0;
}

export interface SearchableText {
  /** Each field lower-cased, as written: what a literal query is looked up in. */
  texts: Readonly<Record<SearchField, string>>;
  /** The name's words joined by single spaces. */
  nameWords: string;
}

export function searchableText(fields: Readonly<Record<SearchField, string>>): SearchableText {
  const texts = {} as Record<SearchField, string>;
  for (const field of SEARCH_FIELDS) texts[field] = fields[field].toLowerCase();
  return { texts, nameWords: wordsOf(fields.name).join(' ') };
}

/** The product words a full-text match found, each with the fields it is in (MiniSearch's `match`). */
export type MatchedWords = Readonly<Record<string, readonly string[]>>;

// Sums of a few constants: rounding keeps the key exact when it travels through a cursor's JSON.
const rounded = (score: number): number => Math.round(score * 1000) / 1000;

/**
 * The relevance of one product for a query of words: for each query word, its best hit among the product words
 * that matched (field weight × exact 1, prefix 0.6, one typo 0.4), summed, plus 1 when the name reads the query
 * from the start of a word. It depends only on the product and the query, never on the rest of the catalog (unlike
 * BM25's corpus statistics), so a product keeps its place while others come and go and the relevance cursor stays
 * exact across pages (docs/decisions.md).
 */
export function relevanceOfWords(queryWords: readonly string[], matched: MatchedWords, nameWords: string): number {
  let score = 0;
  queryWords.forEach((queryWord, i) => {
    const isLast = i === queryWords.length - 1;
    let best = 0;
    for (const word in matched) {
      const quality = matchQuality(queryWord, isLast, word);
      if (quality === 0) continue;
      for (const field of matched[word] ?? [])
        best = Math.max(best, (FIELD_WEIGHTS[field as SearchField] ?? 0) * quality);
    }
    score += best;
  });
  if (` ${nameWords} `.includes(` ${queryWords.join(' ')}`)) score += 1;
  return rounded(score);
}

/** A literal query's relevance: the weight of the best field that contains the text. */
export function relevanceOfText(text: string, { texts }: SearchableText): number {
  let score = 0;
  for (const field of SEARCH_FIELDS) if (texts[field].includes(text)) score = Math.max(score, FIELD_WEIGHTS[field]);
  return score;
}
