/* The search page (搜尋): runs the query of the address (search/?q=…) and lists the results.

   The engine (search-core.js) turns how citizens ask into the pages' words; this file only
   shows what it found: a polite live region with the count, the rewrite it searched ("也搜尋了：
   出生登記"), a suggestion for a misspelt word, and the results as headed links with Pagefind's
   excerpt. Ten results at first, ten more on request (each result's excerpt is a download). When
   nothing is found, the guides, the Q&A and the contact page are offered instead. */

import { MAX_QUERY_LENGTH, openSearch, tidy } from "./search-core.js";
import { element, excerptNodes, helpList, link, pageWords, rewriteNodes } from "./search-ui.js";

const PAGE_SIZE = 10;
const MAX_RESULTS = 30;

/** The heading section (with an #id) that holds most of the matches, if any. */
function bestSection(data) {
  const sections = (data.sub_results || []).filter((sub) => sub.url.includes("#"));
  sections.sort((a, b) => (b.locations || []).length - (a.locations || []).length);
  return sections[0];
}

function resultItem(data, entry, words) {
  const title = link(data.url, data.title || data.url);
  const heading = element("h2", "gov-search__title", title);
  const item = element("li", "gov-search__result", heading);
  if (entry.kind === "qa") heading.prepend(element("span", "gov-search__kind", words.qa), " ");
  item.append(element("p", "gov-search__excerpt", ...excerptNodes(data.excerpt || "")));
  const section = entry.kind === "qa" ? null : bestSection(data);
  if (section && section.title && section.title !== title.textContent) {
    item.append(element("p", "gov-search__section", words.section, link(section.url, section.title)));
  }
  return item;
}


async function start(form) {
  const words = pageWords();
  const input = form.querySelector("input[name=q]");
  const status = document.getElementById("gov-search-status");
  const note = document.getElementById("gov-search-rewrite");
  const list = document.getElementById("gov-search-results");
  let latest = 0;

  async function run(query) {
    const ticket = ++latest;
    list.replaceChildren();
    note.replaceChildren();
    document.getElementById("gov-search-more")?.remove();
    document.getElementById("gov-search-help")?.remove();
    if (!query) {
      status.textContent = words.empty;
      list.dataset.query = "";
      return;
    }
    status.textContent = words.searching;
    form.setAttribute("aria-busy", "true");
    try {
      const engine = await openSearch();
      const answer = await engine.search(query, { limit: MAX_RESULTS });
      if (ticket !== latest) return; // a newer search replaced this one
      note.append(...rewriteNodes(answer, words, window.location.href));
      if (!answer.results.length) {
        status.textContent = words.none(query);
        list.after(Object.assign(helpList(words, "gov-search__help"), { id: "gov-search-help" }));
        return;
      }
      status.textContent =
        words.found(query, answer.total) + (answer.matchedAll ? "" : ` ${words.partial}`);
      await showMore(engine, answer.results, ticket);
    } catch (error) {
      if (ticket === latest) status.textContent = words.unavailable;
    } finally {
      if (ticket === latest) {
        form.removeAttribute("aria-busy");
        list.dataset.query = query; // tells tests (and styles) which query the list shows
      }
    }
  }

  async function showMore(engine, results, ticket) {
    const shown = list.children.length;
    const next = results.slice(shown, shown + PAGE_SIZE);
    const details = await Promise.all(next.map((entry) => engine.details(entry)));
    if (ticket !== latest) return;
    const items = details.map((data, i) => resultItem(data, next[i], words));
    list.append(...items);
    document.getElementById("gov-search-more")?.remove();
    if (list.children.length < results.length) {
      const button = element("button", "gov-search__more", words.more);
      button.type = "button";
      button.id = "gov-search-more";
      button.addEventListener("click", async () => {
        await showMore(engine, results, ticket);
        list.children[shown + PAGE_SIZE]?.querySelector("a")?.focus();
      });
      list.after(button);
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const query = tidy(input.value).slice(0, MAX_QUERY_LENGTH);
    const url = new URL(window.location.href);
    url.searchParams.set("q", query);
    window.history.replaceState(null, "", url);
    run(query);
  });

  const initial = tidy(new URLSearchParams(window.location.search).get("q"));
  if (initial) {
    input.value = initial;
    await run(initial);
  }
  form.dataset.ready = "true"; // tests wait for this
}

const form = document.querySelector("form[data-gov-search]");
if (form) start(form);
