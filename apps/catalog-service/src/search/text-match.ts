/**
 * How query text meets product text: the words of both (what the index stores and what a query asks for), the
 * typo and prefix rules, and the score that orders results by relevance.
 */

const NOT_A_WORD_CHARACTER = /[^\p{L}\p{N}]+/u;
/** Characters a query made of words may hold besides letters, digits and spaces ("t-shirt", "children's", "v1.5"). */
const WORDY_QUERY = /^[\p{L}\p{N}\s\-'’.,/&]*$/u;

/** The words of a text, lower-cased: split at everything that is not a letter or a digit. */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().split(NOT_A_WORD_CHARACTER).filter((word) => word.length > 0);
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

/** How well one product word answers one query word. */
const EXACT = 1;
const PREFIX = 0.6;
const TYPO = 0.4;

function matchQuality(queryWord: string, isLast: boolean, words: ReadonlySet<string>): number {
  if (words.has(queryWord)) return EXACT;
  let best = 0;
  for (const word of words) {
    if (isLast && word.startsWith(queryWord)) return PREFIX;
    if (best < TYPO && fuzzinessOf(queryWord) > 0 && withinOneEdit(queryWord, word)) best = TYPO;
  }
  return best;
}

export interface SearchableText {
  /** The words of each field. */
  words: Readonly<Record<SearchField, ReadonlySet<string>>>;
  /** Each field lower-cased, as written: what a literal query is looked up in. */
  texts: Readonly<Record<SearchField, string>>;
  /** The name's words joined by single spaces. */
  nameWords: string;
}

export function searchableText(fields: Readonly<Record<SearchField, string>>): SearchableText {
  const words = {} as Record<SearchField, ReadonlySet<string>>;
  const texts = {} as Record<SearchField, string>;
  for (const field of SEARCH_FIELDS) {
    words[field] = new Set(wordsOf(fields[field]));
    texts[field] = fields[field].toLowerCase();
  }
  return { words, texts, nameWords: wordsOf(fields.name).join(' ') };
}

/**
 * The relevance of one product for a query: for each query word, its best hit (field weight × exact 1, prefix 0.6,
 * one typo 0.4), summed, plus a small bonus when the name holds the query word for word. It depends only on the
 * product and the query, never on the rest of the catalog (unlike BM25's corpus statistics), so a product keeps its
 * place while others come and go: the relevance cursor stays exact across pages (docs/decisions.md).
 */
export function relevanceOf(query: ParsedQuery, { words, texts, nameWords }: SearchableText): number {
  if (query.mode === 'literal') {
    let score = 0;
    for (const field of SEARCH_FIELDS) if (texts[field].includes(query.text)) score = Math.max(score, FIELD_WEIGHTS[field]);
    return score;
  }
  let score = 0;
  query.words.forEach((queryWord, i) => {
    const isLast = i === query.words.length - 1;
    let best = 0;
    for (const field of SEARCH_FIELDS) best = Math.max(best, FIELD_WEIGHTS[field] * matchQuality(queryWord, isLast, words[field]));
    score += best;
  });
  if (` ${nameWords} `.includes(` ${query.words.join(' ')}`)) score += 1;
  // Sums of a few constants: rounding keeps the key exact when it travels through a cursor's JSON.
  return Math.round(score * 1000) / 1000;
}
