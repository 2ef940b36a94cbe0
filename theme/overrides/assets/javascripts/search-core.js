/* Site search engine (站內搜尋), shared by the search page (search.js) and the search box in the
   top bar (search-suggest.js). Pagefind finds pages for words; this module first turns the way
   citizens ask into the words the pages use:

   1. Simplified characters become Traditional (a table made from OpenCC at build time).
   2. Everyday words become the pages' terms (報戶口 → 出生登記, "report a birth" → "birth
      registration"), question and filler words are left out (請問, 怎麼, how, my): both from
      content/data/search-vocabulary.yml. Variant spellings are searched too (台/臺, 身份/身分).
   3. Each remaining word is searched on its own; a page scores the sum of its words' Pagefind
      scores times the square of the share of the words it has, so the pages with every word
      come first and one word no page has no longer empties the list (the best subset wins). A
      Chinese word no page has is not shredded into characters that match unrelated words: it
      counts as unknown, and the query is corrected against the site's own vocabulary
      (near-homophones, misspellings: 戶藉謄本 → 戶籍謄本), searched and suggested.
   4. Guides outrank other pages that match as well, a Q&A question never outranks the guide it
      points to, and a page whose title is the query comes first.

   Everything comes from this site (pagefind/): nothing is sent anywhere. See docs/search.md. */

const BUNDLE = new URL("../../pagefind/", import.meta.url); // assets/javascripts/ → site root
// Pagefind's default (pageLength 0.75) favours short pages, so a three-line news item outranked
// the full guide it announces; 0.5 keeps the guides first (docs/search.md).
export const RANKING = { pageLength: 0.5 };
export const MAX_QUERY_LENGTH = 100;
const MAX_WORDS = 6; // words searched per query (a long question keeps its first six)
const MAX_SPELLINGS = 4; // spellings searched per word
const MAX_CACHED = 300; // Pagefind answers kept while typing
const RARE = 2; // a word on this many pages or fewer may be a typo: a correction is tried too
// How a kind of page ranks against a guide that matches as well (data: scripts/search_data.py).
const KIND_WEIGHT = { guide: 1, page: 0.8, qa: 0.8, news: 0.5, overview: 0.5 };
const TITLE_BREAKS = /[\s、，,。：:；;（）()「」『』／/・與及和或]+/u;
const SEPARATORS = /[\s\p{P}\p{S}]/u;
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;

/** The index language of this page: Chinese pages search Chinese pages, English ones English. */
export function pageLanguage() {
  return document.documentElement.lang.toLowerCase().startsWith("zh") ? "zh-hant-tw" : "en";
}

/** The query as typed, tidied: compatibility forms folded (ＡＢＣ → ABC), spaces trimmed. */
export function tidy(query) {
  return (query || "").normalize("NFKC").replace(/\s+/g, " ").trim().slice(0, MAX_QUERY_LENGTH);
}

/** Simplified → Traditional with the build's OpenCC table: site words first, then characters. */
export function toTraditional(text, table) {
  if (!table) return text;
  const phrases = table.phrases || {};
  const longest = Math.max(0, ...Object.keys(phrases).map((p) => p.length));
  let out = "";
  for (let i = 0; i < text.length; ) {
    let matched = false;
    for (let n = Math.min(longest, text.length - i); n >= 2; n--) {
      const phrase = phrases[text.slice(i, i + n)];
      if (phrase) {
        out += phrase;
        i += n;
        matched = true;
        break;
      }
    }
    if (!matched) {
      out += table.chars[text[i]] || text[i];
      i += 1;
    }
  }
  return out;
}

/** ``text`` cut into parts, each with its interchangeable spellings (the variant groups). */
function variantParts(text, groups) {
  const alternatives = new Map();
  for (const group of groups) for (const spelling of group) alternatives.set(spelling, group);
  const spellings = [...alternatives.keys()].sort((a, b) => b.length - a.length);
  const parts = [];
  let literal = "";
  for (let i = 0; i < text.length; ) {
    const match = spellings.find((s) => text.startsWith(s, i));
    if (match) {
      if (literal) parts.push([literal]);
      literal = "";
      const group = alternatives.get(match);
      parts.push([group[0], ...group.slice(1)]);
      i += match.length;
    } else {
      literal += text[i];
      i += 1;
    }
  }
  if (literal) parts.push([literal]);
  return parts;
}

/** ``text`` in the official spellings (身份證 → 身分證, 台中 → 臺中). */
export function officialSpelling(text, groups) {
  return variantParts(text, groups)
    .map((options) => options[0])
    .join("");
}

/** Every spelling of ``text`` under the variant groups, the text itself first (at most ``max``). */
export function expandQuery(text, groups, max = 8) {
  const parts = variantParts(text, groups);
  const results = [text, officialSpelling(text, groups)];
  const walk = (index, prefix) => {
    if (results.length >= max * 2) return;
    if (index === parts.length) {
      results.push(prefix);
      return;
    }
    for (const option of parts[index]) walk(index + 1, prefix + option);
  };
  walk(0, "");
  return [...new Set(results)].slice(0, max);
}

/** Longest-first lookup of the vocabulary: spoken words, terms and filler words. */
function lexicon(data, lang) {
  const entries = new Map();
  for (const word of data.drop || []) entries.set(word, { kind: "drop" });
  // Variant spellings stay whole (補辦 is not 補 + the filler 辦).
  for (const group of data.variants || []) {
    for (const spelling of group) if (spelling.length > 1) entries.set(spelling, { kind: "spelling" });
  }
  for (const term of new Set(Object.values(data.words || {}))) entries.set(term, { kind: "term", term });
  for (const [said, term] of Object.entries(data.words || {})) entries.set(said, { kind: "say", term });
  const keys = [...entries.keys()].sort((a, b) => b.length - a.length);
  return { entries, keys, drop: new Set(data.drop || []), lang };
}

/** Chinese: longest vocabulary matches; the rest cut into words by the browser's segmenter. */
function chineseWords(text, lex, segment) {
  const words = [];
  const dropped = [];
  // ``kept`` marks characters of variant spellings, which a filler word may not split.
  const literal = (run, kept) => {
    let at = 0;
    const pieces = [];
    for (const piece of segment(run)) {
      const start = at;
      at += piece.length;
      if (lex.drop.has(piece) && !kept.slice(start, at).includes(true)) {
        dropped.push(piece);
        pieces.push(" "); // a dropped word ends the word before it
      } else pieces.push(piece);
    }
    for (const word of wordsOf(pieces)) if (word !== " ") words.push({ text: word });
  };
  let run = "";
  let kept = [];
  const flush = () => {
    if (run) literal(run, kept);
    run = "";
    kept = [];
  };
  for (let i = 0; i < text.length; ) {
    if (SEPARATORS.test(text[i])) {
      flush();
      i += 1;
      continue;
    }
    // One-character filler words are left to the segmenter (要 in 重要 stays).
    const key = lex.keys.find(
      (k) => (k.length > 1 || lex.entries.get(k).kind !== "drop") && text.startsWith(k, i),
    );
    const entry = key && lex.entries.get(key);
    if (!key || entry.kind === "spelling") {
      const length = key ? key.length : 1;
      run += text.slice(i, i + length);
      kept.push(...Array(length).fill(Boolean(key)));
      i += length;
      continue;
    }
    flush();
    if (entry.kind === "drop") dropped.push(key);
    else words.push({ text: entry.term, said: entry.kind === "say" ? key : undefined, known: true });
    i += key.length;
  }
  flush();
  return { words, dropped };
}

/** English: words in lower case; longest vocabulary phrases first; filler words dropped. */
function englishWords(text, lex) {
  const tokens = text.toLowerCase().split(/[^\p{L}\p{N}'-]+/u).map((t) => t.replace(/^['-]+|['-]+$/g, "")).filter(Boolean);
  const words = [];
  const dropped = [];
  for (let i = 0; i < tokens.length; ) {
    let matched = null;
    for (let n = Math.min(6, tokens.length - i); n >= 1 && !matched; n--) {
      const phrase = tokens.slice(i, i + n).join(" ");
      if (lex.entries.has(phrase)) matched = { phrase, n };
    }
    if (!matched) {
      words.push({ text: tokens[i] });
      i += 1;
      continue;
    }
    const entry = lex.entries.get(matched.phrase);
    if (entry.kind === "drop") dropped.push(matched.phrase);
    else if (entry.kind === "spelling") words.push({ text: matched.phrase });
    else words.push({ text: entry.term, said: entry.kind === "say" ? matched.phrase : undefined, known: true });
    i += matched.n;
  }
  return { words, dropped };
}

/** The browser's word segmenter for Chinese (without one, each run stays whole). */
function chineseSegmenter() {
  if (typeof Intl === "undefined" || !Intl.Segmenter) return (text) => [text];
  const segmenter = new Intl.Segmenter("zh-Hant-TW", { granularity: "word" });
  return (text) => [...segmenter.segment(text)].map((s) => s.segment);
}

/** What the engine will search for a query: its words, each with its spellings. */
export function analyse(query, data, lang, segment = chineseSegmenter()) {
  const tidied = tidy(query);
  const zh = lang.startsWith("zh");
  // Simplified to Traditional, then every variant in its official spelling (户 → 戶 → 戶), so the
  // vocabulary recognises 印鑑証明 as 印鑑證明; each word is searched in every spelling later.
  const text = officialSpelling(zh ? toTraditional(tidied, data.s2t) : tidied, data.variants || []);
  const lex = lexicon(data, lang);
  const { words, dropped } = zh ? chineseWords(text, lex, segment) : englishWords(text, lex);
  const seen = new Set();
  const unique = words.filter((w) => !seen.has(w.text) && seen.add(w.text)).slice(0, MAX_WORDS);
  for (const word of unique) word.spellings = expandQuery(word.text, data.variants || [], MAX_SPELLINGS);
  const traditional = zh && toTraditional(tidied, data.s2t) !== tidied;
  return { query: tidied, text, words: unique, dropped, traditional };
}

/** Words from the segmenter's pieces; characters it leaves alone are one unknown word
    (印監 in 印監證明: a word no dictionary knows, which must not match 印 and 監 anywhere). */
function wordsOf(pieces) {
  const words = [];
  let single = "";
  for (const piece of pieces) {
    if (piece.length === 1 && CJK.test(piece)) {
      single += piece;
      continue;
    }
    if (single) words.push(single);
    single = "";
    words.push(piece);
  }
  if (single) words.push(single);
  return words;
}

/** A long Chinese word as words of two characters (the last one may have three). */
function parts(text) {
  const pieces = [];
  let i = 0;
  for (; text.length - i >= 4; i += 2) pieces.push(text.slice(i, i + 2));
  pieces.push(text.slice(i));
  return pieces.join(" ");
}

function titleParts(title) {
  return (title || "").toLowerCase().split(TITLE_BREAKS).filter(Boolean);
}

/** One search engine per language, with Pagefind and the search data loaded once. */
export class Engine {
  constructor(pagefind, data, lang) {
    this.pagefind = pagefind;
    this.data = data;
    this.lang = lang;
    this.cache = new Map();
    this.typo = null;
    this.segment = chineseSegmenter();
  }

  /** Pagefind's answer for one spelling (kept while the visitor types). */
  async lookup(spelling) {
    if (!this.cache.has(spelling)) {
      if (this.cache.size >= MAX_CACHED) this.cache.clear();
      this.cache.set(spelling, this.pagefind.search(spelling).then((r) => r.results));
    }
    return this.cache.get(spelling);
  }

  /** Whether Pagefind really found ``spelling``, not just a character of it (Chinese). */
  async found(spelling, results) {
    if (!results.length) return false;
    if (!CJK.test(spelling)) return this.foundEnglish(spelling, results);
    const pieces = wordsOf(this.segment(spelling)).filter((p) => p.length > 1);
    if (!pieces.length) return true;
    const data = await results[0].data();
    const content = (data.content || "").replace(/\u200b/g, "") + (data.meta?.title || "");
    return pieces.every((piece) => content.includes(piece));
  }

  async foundEnglish(spelling, results) {
    const stems = spelling.split(" ").filter((w) => w.length > 4).map((w) => w.slice(0, Math.max(4, w.length - 3)));
    if (!stems.length) return true;
    const data = await results[0].data();
    const content = `${data.content || ""} ${data.meta?.title || ""}`.toLowerCase();
    return stems.every((stem) => content.includes(stem));
  }

  /** Pages for one word: the best score of each page over the word's spellings. The word is
      searched in its official spelling; the other spellings (a page may write 台中) and, for a
      long Chinese word, its two-character parts (the index may cut it differently) only when
      that finds one or two pages: each may cost another index chunk (about 4 KB).
      ``primary`` counts the pages of the official spelling (a typo is rare). */
  async pagesFor(word) {
    const pages = new Map();
    let known = false;
    let primary = 0;
    const [official, ...others] = word.spellings;
    if (this.lang.startsWith("zh") && official.length >= 4 && CJK.test(official)) others.push(parts(official));
    for (const spelling of [official, ...others]) {
      if (spelling !== official && primary > RARE) break;
      const results = await this.lookup(spelling);
      if (!word.known && !this.inTitles(spelling) && !(await this.found(spelling, results))) continue;
      known = known || results.length > 0;
      if (spelling === official) primary = results.length;
      for (const result of results) {
        const seen = pages.get(result.id);
        if (!seen || result.score > seen.score) pages.set(result.id, result);
      }
    }
    return { pages, known, primary };
  }

  /** Whether a page title has the word (the titles are the site's own vocabulary). */
  inTitles(spelling) {
    if (!this.titles) {
      this.titles = Object.values(this.data.pages || {}).map((page) => (page[1] || "").toLowerCase()).join("\n");
    }
    return spelling.length > 1 && this.titles.includes(spelling.toLowerCase());
  }

  /** Search ``query``; ``limit`` results, ranked (see the top of this file). Without
      ``correct``, a doubtful word is not corrected (the typo data is not loaded): the answer
      says ``uncorrected`` and the caller may ask again once the visitor stops typing. */
  async search(query, { limit = 20, correct = true } = {}) {
    let plan = analyse(query, this.data, this.lang, this.segment);
    const answer = { ...plan, results: [], total: 0, suggestion: null, rewrites: [] };
    if (!plan.words.length) return answer;
    let found = await Promise.all(plan.words.map((word) => this.pagesFor(word)));
    answer.uncorrected = !correct && found.some((f, i) => doubtful(plan.words[i], f));
    if (correct && found.some((f, i) => doubtful(plan.words[i], f))) {
      const corrected = await this.correct(plan.words, found);
      if (corrected) {
        const retry = analyse(corrected, this.data, this.lang, this.segment);
        const retried = await Promise.all(retry.words.map((word) => this.pagesFor(word)));
        if (retried.some((f) => f.known)) {
          answer.suggestion = corrected;
          plan = retry;
          found = retried;
        }
      }
    }
    answer.words = plan.words;
    answer.rewrites = [...new Set(plan.words.filter((w) => w.said).map((w) => w.text))];
    if (plan.traditional && !answer.rewrites.length) answer.rewrites = [plan.text];
    const ranked = this.rank(plan.words, found);
    const known = found.filter((f) => f.known).length;
    answer.total = ranked.length;
    answer.results = ranked.slice(0, limit);
    answer.matchedAll = ranked.length > 0 && ranked[0].matched === known;
    return answer;
  }

  rank(words, found) {
    const known = Math.max(1, found.filter((f) => f.known).length);
    const pages = new Map();
    found.forEach(({ pages: byId }, index) => {
      for (const [id, result] of byId) {
        const page = pages.get(id) || { id, matched: 0, score: 0, best: result, words: [] };
        page.matched += 1;
        page.score += result.score;
        page.words.push(words[index]);
        if (result.score > page.best.score) page.best = result;
        pages.set(id, page);
      }
    });
    const wanted = words.map((w) => w.text.toLowerCase()).join(this.lang.startsWith("zh") ? "" : " ");
    const ranked = [];
    for (const page of pages.values()) {
      const [url, title, kind, guide] = this.data.pages?.[page.id] || [page.best.id, "", "page"];
      const parts = titleParts(title);
      const inTitle = page.words.filter((w) => w.spellings.some((s) => (title || "").toLowerCase().includes(s.toLowerCase()))).length;
      let weight = (KIND_WEIGHT[kind] ?? 1) * (1 + inTitle / words.length);
      if (parts.includes(wanted) || (title || "").toLowerCase() === wanted) weight *= 3;
      // Pages with fewer of the words rank lower (the best subset of the words still ranks).
      const share = page.matched / known;
      ranked.push({ ...page, url, title, kind, guide, rank: page.score * weight * share * share, result: page.best });
    }
    // A question never outranks the guide its answer points to, when both are found.
    const byUrl = new Map(ranked.map((page) => [page.url, page]));
    for (const page of ranked) {
      const guide = page.guide && byUrl.get(page.guide);
      if (guide && page.matched <= guide.matched) page.rank = Math.min(page.rank, guide.rank * 0.99);
    }
    ranked.sort((a, b) => b.rank - a.rank);
    return ranked;
  }

  /** The query with its doubtful words corrected against the site's own vocabulary (Chinese
      near-homophones, English misspellings), or null. */
  async correct(words, found) {
    const typo = await this.typoData();
    if (!typo) return null;
    const joined = words.map((w) => w.text).join(this.lang.startsWith("zh") ? "" : " ");
    let text;
    if (this.lang.startsWith("zh")) {
      const spans = [];
      let at = 0;
      words.forEach((word, i) => {
        if (doubtful(word, found[i])) spans.push([at, at + word.text.length]);
        at += word.text.length;
      });
      text = fixChinese(joined, typo, spans);
    } else {
      text = words.map((w, i) => (doubtful(w, found[i]) ? fixEnglish(w.text, typo) : w.text)).join(" ");
    }
    return text && text !== joined ? text : null;
  }

  async typoData() {
    if (this.typo === null) {
      this.typo = fetchJson(new URL(`gov-typo.${this.lang}.json`, BUNDLE)).then((typo) => {
        if (typo?.sounds) {
          typo.soundsOf = new Map();
          for (const [sound, chars] of Object.entries(typo.sounds)) {
            for (const char of chars) {
              if (!typo.soundsOf.has(char)) typo.soundsOf.set(char, new Set());
              typo.soundsOf.get(char).add(sound);
            }
          }
        }
        return typo;
      });
    }
    return this.typo;
  }

  /** The fragment of a result: its excerpt, title, real address and sections. */
  async details(entry) {
    const data = await entry.result.data();
    return { ...data, url: data.meta?.url || data.url, title: data.meta?.title || entry.title };
  }
}

/** A typed word that no page has, or only one or two pages (the site's own typos, say). */
function doubtful(word, found) {
  return !word.known && (!found.known || found.primary <= RARE);
}

function sameSound(a, b, soundsOf) {
  const x = soundsOf.get(a);
  const y = soundsOf.get(b);
  if (!x || !y) return false;
  for (const sound of x) if (y.has(sound)) return true;
  return false;
}

/** ``text`` with a site term put where it was most likely misspelt (near-homophones), inside
    one of ``spans`` (the doubtful words; all of the text when not given), or null. */
export function fixChinese(text, typo, spans = [[0, text.length]]) {
  let best = null;
  for (const [priority, term] of typo.terms.entries()) {
    if (term.length < 2 || term.length > text.length) continue;
    const allowed = term.length >= 4 ? 2 : 1;
    for (let start = 0; start + term.length <= text.length; start++) {
      const end = start + term.length;
      if (!spans.some(([from, to]) => start < to && end > from)) continue;
      let differences = 0;
      for (let i = 0; i < term.length && differences <= allowed; i++) {
        const typed = text[start + i];
        if (typed === term[i]) continue;
        differences += sameSound(typed, term[i], typo.soundsOf) ? 1 : allowed + 1;
      }
      if (differences === 0 || differences > allowed) continue;
      const candidate = { differences, length: term.length, priority, start, term };
      if (
        !best ||
        candidate.length > best.length ||
        (candidate.length === best.length && candidate.differences < best.differences)
      ) {
        best = candidate;
      }
    }
  }
  if (!best) return null;
  return text.slice(0, best.start) + best.term + text.slice(best.start + best.length);
}

/** Damerau–Levenshtein distance, stopping early past ``limit``. */
function distance(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    let smallest = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, rows[i - 2][j - 2] + 1);
      }
      rows[i][j] = value;
      smallest = Math.min(smallest, value);
    }
    if (smallest > limit) return limit + 1;
  }
  return rows[a.length][b.length];
}

/** The commonest site word within one or two typing mistakes of each word of ``text``. */
export function fixEnglish(text, typo) {
  const words = text.split(" ").map((word) => {
    if (word.length < 4 || typo.terms.includes(word)) return word;
    const limit = word.length <= 5 ? 1 : 2;
    let best = null;
    let bestDistance = limit + 1;
    for (const term of typo.terms) {
      const d = distance(word, term, Math.min(limit, bestDistance - 1));
      if (d < bestDistance) {
        best = term;
        bestDistance = d;
        if (d === 1) break;
      }
    }
    return best || word;
  });
  return words.join(" ");
}

async function fetchJson(url) {
  try {
    const response = await fetch(url);
    return response.ok ? await response.json() : null;
  } catch {
    return null;
  }
}

let opening = null;

/** The engine of this page's language; Pagefind and the search data load on first use. */
export function openSearch() {
  if (!opening) {
    const lang = pageLanguage();
    opening = (async () => {
      const [pagefind, data] = await Promise.all([
        import(new URL("pagefind.js", BUNDLE).href),
        fetchJson(new URL(`gov-search.${lang}.json`, BUNDLE)),
      ]);
      await pagefind.options({ excerptLength: 40, ranking: RANKING, noWorker: true });
      await pagefind.init();
      await pagefind.search(""); // returns once the index's entry, metadata and engine are loaded
      return new Engine(pagefind, data || { variants: [], pages: {} }, lang);
    })();
    opening.catch(() => {
      opening = null; // a failed load may be retried
    });
  }
  return opening;
}

/** Where to go when nothing is found: the guides, the Q&A and the contact page (paths). */
export function helpLinks() {
  const root = new URL("../../", import.meta.url);
  const prefix = pageLanguage() === "en" ? "en/" : "";
  return ["guides/", "qa/", "about/contact/"].map((path) => new URL(prefix + path, root).pathname);
}
