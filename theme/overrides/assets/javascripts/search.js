/* Site search (搜尋) on the search page, over Pagefind's own API (pagefind.js, self-hosted).

   Why a small script instead of Pagefind's UI: the query is expanded into every spelling in the
   variant table (身份證 → 身分證, 台中 → 臺中, content/data/search-variants.yml) and the results are
   merged; the markup is ours (a labelled form, a polite live region with the result count, a list
   of headings and excerpts) so it passes the Nu checker and axe. Pagefind picks the index from
   <html lang>, so Chinese pages search Chinese pages and English pages English ones.
   Nothing is sent anywhere: the index files come from this site. */

const BUNDLE = new URL("../../pagefind/", import.meta.url); // assets/javascripts/ → site root
const MAX_RESULTS = 20;
const MAX_SPELLINGS = 8;
const MAX_QUERY_LENGTH = 100;
// Pagefind's default (pageLength 0.75) favours short pages, so a three-line news item outranked
// the full guide it announces (護照, marriage, 自然人憑證); 0.5 keeps the guides first
// (docs/search.md has the measurement).
export const RANKING = { pageLength: 0.5 };

const WORDS = {
  zh: {
    searching: "搜尋中…",
    empty: "請輸入要搜尋的關鍵字。",
    found: (q, n) => `「${q}」找到 ${n} 筆結果。`,
    shown: (n) => `以下列出最相關的 ${n} 筆。`,
    none: (q) => `「${q}」沒有找到結果。請改用其他關鍵字，或從網站導覽尋找。`,
    variants: (list, more) =>
      `也搜尋了其他寫法：${list.join("、")}${more ? ` 等 ${list.length + more} 種` : ""}`,
    section: "相關段落：",
    unavailable:
      "搜尋索引無法載入（預覽模式不建立索引，或網路中斷）。請稍後再試，或從網站導覽尋找。",
  },
  en: {
    searching: "Searching…",
    empty: "Please type a word to search for.",
    found: (q, n) => `${n} ${n === 1 ? "result" : "results"} for “${q}”.`,
    shown: (n) => `The ${n} most relevant are listed.`,
    none: (q) => `No results for “${q}”. Try another word, or use the site map.`,
    variants: (list, more) => `Also searched: ${list.join(", ")}${more ? ` and ${more} more` : ""}`,
    section: "Section: ",
    unavailable:
      "The search index could not be loaded (the live preview does not build it, or the " +
      "connection failed). Please try again later, or use the site map.",
  },
};

/** Every spelling of the query under the variant groups, the query itself first. */
export function expandQuery(query, groups) {
  const alternatives = new Map();
  for (const group of groups) for (const spelling of group) alternatives.set(spelling, group);
  const spellings = [...alternatives.keys()].sort((a, b) => b.length - a.length);
  const parts = []; // each part: a list of interchangeable strings
  let literal = "";
  for (let i = 0; i < query.length; ) {
    const match = spellings.find((s) => query.startsWith(s, i));
    if (match) {
      if (literal) parts.push([literal]);
      literal = "";
      const group = alternatives.get(match);
      parts.push([match, ...group.filter((s) => s !== match)]);
      i += match.length;
    } else {
      literal += query[i];
      i += 1;
    }
  }
  if (literal) parts.push([literal]);
  const canonical = parts.map((p) => alternatives.get(p[0])?.[0] ?? p[0]).join("");
  const results = [query, canonical];
  const walk = (index, prefix) => {
    if (results.length >= MAX_SPELLINGS * 2) return;
    if (index === parts.length) {
      results.push(prefix);
      return;
    }
    for (const option of parts[index]) walk(index + 1, prefix + option);
  };
  walk(0, "");
  return [...new Set(results)].slice(0, MAX_SPELLINGS);
}

/** Search every spelling, keep each page once with its best score, best first. */
export async function searchAllSpellings(pagefind, spellings) {
  const best = new Map();
  for (const spelling of spellings) {
    const search = await pagefind.search(spelling);
    for (const result of search.results) {
      const seen = best.get(result.id);
      if (!seen || result.score > seen.score) best.set(result.id, result);
    }
  }
  return [...best.values()].sort((a, b) => b.score - a.score);
}

/** Pagefind's excerpt as DOM nodes: its text with <mark> kept, nothing else trusted. */
function excerptNodes(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  const nodes = [];
  for (const node of template.content.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      nodes.push(mark);
    } else {
      nodes.push(document.createTextNode(node.textContent));
    }
  }
  return nodes;
}

/** The heading section (with an #id) that holds most of the matches, if any. */
function bestSection(data) {
  const sections = (data.sub_results || []).filter((sub) => sub.url.includes("#"));
  sections.sort((a, b) => (b.locations || []).length - (a.locations || []).length);
  return sections[0];
}

function resultItem(data, words) {
  const item = document.createElement("li");
  item.className = "gov-search__result";
  const heading = document.createElement("h2");
  heading.className = "gov-search__title";
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta?.title || data.url;
  heading.append(link);
  item.append(heading);
  const excerpt = document.createElement("p");
  excerpt.className = "gov-search__excerpt";
  excerpt.append(...excerptNodes(data.excerpt || ""));
  item.append(excerpt);
  const section = bestSection(data);
  if (section && section.title && section.title !== link.textContent) {
    const where = document.createElement("p");
    where.className = "gov-search__section";
    const sectionLink = document.createElement("a");
    sectionLink.href = section.url;
    sectionLink.textContent = section.title;
    where.append(words.section, sectionLink);
    item.append(where);
  }
  return item;
}

function queryFromLocation() {
  const value = new URLSearchParams(window.location.search).get("q") || "";
  return value.normalize("NFKC").trim().slice(0, MAX_QUERY_LENGTH);
}

async function loadVariantGroups() {
  try {
    const response = await fetch(new URL("gov-variants.json", BUNDLE));
    return response.ok ? (await response.json()).groups || [] : [];
  } catch {
    return []; // search still works, only without variant folding
  }
}

async function start(form) {
  const words = document.documentElement.lang.startsWith("zh") ? WORDS.zh : WORDS.en;
  const input = form.querySelector("input[name=q]");
  const status = document.getElementById("gov-search-status");
  const variantsNote = document.getElementById("gov-search-variants");
  const list = document.getElementById("gov-search-results");
  let pagefind = null;
  let groups = [];
  let latest = 0;

  async function ready() {
    if (!pagefind) {
      pagefind = await import(new URL("pagefind.js", BUNDLE).href);
      await pagefind.options({ excerptLength: 40, ranking: RANKING });
      groups = await loadVariantGroups();
    }
    return pagefind;
  }

  async function run(query) {
    const ticket = ++latest;
    list.replaceChildren();
    variantsNote.textContent = "";
    if (!query) {
      status.textContent = words.empty;
      list.dataset.query = "";
      return;
    }
    status.textContent = words.searching;
    form.setAttribute("aria-busy", "true");
    try {
      const api = await ready();
      const spellings = expandQuery(query, groups);
      const ranked = await searchAllSpellings(api, spellings);
      const shown = await Promise.all(ranked.slice(0, MAX_RESULTS).map((r) => r.data()));
      if (ticket !== latest) return; // a newer search replaced this one
      list.replaceChildren(...shown.map((data) => resultItem(data, words)));
      const others = spellings.slice(1);
      if (others.length) {
        const more = Math.max(0, others.length - 3);
        variantsNote.textContent = words.variants(others.slice(0, 3), more);
      }
      status.textContent = ranked.length
        ? words.found(query, ranked.length) +
          (ranked.length > MAX_RESULTS ? " " + words.shown(MAX_RESULTS) : "")
        : words.none(query);
    } catch (error) {
      if (ticket === latest) status.textContent = words.unavailable;
    } finally {
      if (ticket === latest) {
        form.removeAttribute("aria-busy");
        list.dataset.query = query; // tells tests (and styles) which query the list shows
      }
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const query = input.value.normalize("NFKC").trim().slice(0, MAX_QUERY_LENGTH);
    const url = new URL(window.location.href);
    url.searchParams.set("q", query);
    window.history.replaceState(null, "", url);
    run(query);
  });

  const initial = queryFromLocation();
  if (initial) {
    input.value = initial;
    await run(initial);
  }
  form.dataset.ready = "true"; // tests wait for this
}

const form = document.querySelector("form[data-gov-search]");
if (form) start(form);
