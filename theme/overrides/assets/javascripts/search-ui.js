/* Words and small pieces shared by the search page (search.js) and the search box's suggestions
   (search-suggest.js), in both languages. */

import { helpLinks } from "./search-core.js";

const WORDS = {
  zh: {
    searching: "搜尋中…",
    empty: "請輸入要搜尋的關鍵字。",
    found: (q, n) => `「${q}」找到 ${n} 筆結果。`,
    partial: "沒有網頁含有所有的字詞，以下列出含有最多字詞的網頁。",
    none: (q) => `「${q}」沒有找到結果。您可以從下列網頁找起，或改用其他關鍵字。`,
    also: "也搜尋了：",
    didYouMean: "您是不是要找：",
    section: "相關段落：",
    qa: "常見問答",
    more: "顯示更多結果",
    suggestions: "搜尋建議",
    suggested: (n) => `${n} 筆建議，可用上下鍵選擇。`,
    noSuggestion: "沒有符合的網頁，可改看下列網頁。",
    all: (q) => `搜尋「${q}」的所有結果`,
    help: ["申辦須知（所有業務）", "常見問答", "聯絡我們（電話、地址）"],
    unavailable:
      "搜尋索引無法載入（預覽模式不建立索引，或網路中斷）。請稍後再試，或從網站導覽尋找。",
  },
  en: {
    searching: "Searching…",
    empty: "Please type a word to search for.",
    found: (q, n) => `${n} ${n === 1 ? "result" : "results"} for “${q}”.`,
    partial: "No page has all the words; the pages with the most of them are listed.",
    none: (q) => `No results for “${q}”. Start from one of these pages, or try another word.`,
    also: "Also searched: ",
    didYouMean: "Did you mean: ",
    section: "Section: ",
    qa: "Q&A",
    more: "Show more results",
    suggestions: "Search suggestions",
    suggested: (n) => `${n} ${n === 1 ? "suggestion" : "suggestions"}; use the up and down arrow keys.`,
    noSuggestion: "No matching page; these pages may help.",
    all: (q) => `All results for “${q}”`,
    help: ["Application guides (every service)", "Q&A", "Contact us (phone, address)"],
    unavailable:
      "The search index could not be loaded (the live preview does not build it, or the " +
      "connection failed). Please try again later, or use the site map.",
  },
};

export function pageWords() {
  return document.documentElement.lang.toLowerCase().startsWith("zh") ? WORDS.zh : WORDS.en;
}

/** Pagefind's excerpt as DOM nodes: its text with <mark> kept, nothing else trusted. */
export function excerptNodes(html) {
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

export function element(name, className, ...children) {
  const node = document.createElement(name);
  if (className) node.className = className;
  node.append(...children);
  return node;
}

export function link(href, text) {
  const anchor = document.createElement("a");
  anchor.href = href;
  anchor.textContent = text;
  return anchor;
}

/** The guides, the Q&A and the contact page, so no search ends with nothing. */
export function helpList(words, className) {
  const paths = helpLinks();
  return element(
    "ul",
    className,
    ...paths.map((path, i) => element("li", "", link(path, words.help[i]))),
  );
}

/** "也搜尋了：出生登記" and "您是不是要找：戶籍謄本" (a link that searches it). */
export function rewriteNodes(answer, words, searchUrl) {
  const nodes = [];
  if (answer.suggestion) {
    const url = new URL(searchUrl);
    url.searchParams.set("q", answer.suggestion);
    nodes.push(element("span", "gov-search__suggestion", words.didYouMean, link(url.pathname + url.search, answer.suggestion)));
  }
  const rewrites = answer.rewrites.filter((r) => r !== answer.suggestion);
  if (rewrites.length) nodes.push(element("span", "gov-search__also", words.also + rewrites.join("、")));
  return nodes;
}

