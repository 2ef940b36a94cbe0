/* Suggestions as you type under the top bar's search box (the ARIA combobox pattern).

   Each keystroke searches with the same engine as the search page (search-core.js) and lists up
   to six pages by title (from the search data: no page fragment is downloaded), then a last
   option that opens every result. Up and down arrows move through the options
   (aria-activedescendant), Enter opens the chosen one, or the search page when none is chosen,
   and Escape closes the list. A polite live region says how many suggestions there are. When
   nothing matches, the guides, the Q&A and the contact page are offered instead. */

import { helpLinks, openSearch, tidy } from "./search-core.js";
import { element, pageWords, rewriteNodes } from "./search-ui.js";

const SHOWN = 6;
// A word no page has is corrected once typing pauses this long: a half-typed word is not a typo,
// and the typo data (up to 23 KB) loads only for a query the visitor stopped at.
const CORRECT_AFTER_MS = 400;

export function attach(input, list) {
  const style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = new URL("../stylesheets/search-suggest.css", import.meta.url).href;
  document.head.append(style);
  const words = pageWords();
  const form = input.form;
  const status = element("p", "gov-suggest__status");
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  const popup = list.parentElement;
  const note = element("p", "gov-suggest__note");
  note.hidden = true;
  list.setAttribute("aria-label", words.suggestions);
  list.before(note);
  form.append(status);
  let latest = 0;
  let active = -1;

  const options = () => [...list.querySelectorAll("[role=option]")];

  function close() {
    popup.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function choose(index) {
    const all = options();
    if (!all.length) return;
    active = (index + all.length) % all.length;
    all.forEach((option, i) => option.setAttribute("aria-selected", String(i === active)));
    input.setAttribute("aria-activedescendant", all[active].id);
    all[active].scrollIntoView?.({ block: "nearest" });
  }

  // Options are text, not links (a link inside an option is a control inside a control); a
  // click or Enter opens the option's page.
  function option(href, text, kind) {
    const item = element("li", "gov-suggest__option", element("span", "gov-suggest__title", text));
    item.id = `gov-suggest-${list.children.length}`;
    item.dataset.href = href;
    item.setAttribute("role", "option");
    item.setAttribute("aria-selected", "false");
    if (kind) item.append(" ", element("span", "gov-suggest__kind", kind));
    list.append(item);
  }

  function searchPage(query) {
    const url = new URL(form.action, window.location.href);
    url.searchParams.set("q", query);
    return url.pathname + url.search;
  }

  async function update(correct = false) {
    const query = tidy(input.value);
    const ticket = ++latest;
    if (!query) {
      close();
      list.replaceChildren();
      list.dataset.query = "";
      return;
    }
    let answer;
    try {
      answer = await (await openSearch()).search(query, { limit: SHOWN, correct });
    } catch {
      return; // no index (live preview): the form still opens the search page
    }
    if (ticket !== latest) return;
    list.replaceChildren();
    active = -1;
    input.removeAttribute("aria-activedescendant");
    for (const result of answer.results) option(result.url, result.title, result.kind === "qa" ? words.qa : "");
    if (!answer.results.length) {
      helpLinks().forEach((href, i) => option(href, words.help[i]));
    }
    option(searchPage(query), words.all(query));
    note.replaceChildren(...(answer.results.length ? [] : [words.noSuggestion + " "]), ...rewriteNodes(answer, words, new URL(form.action, window.location.href).href));
    note.hidden = !note.childNodes.length;
    popup.hidden = false;
    input.setAttribute("aria-expanded", "true");
    // Said once: not for a list about to be replaced by the corrected query's.
    if (answer.results.length || !answer.uncorrected) {
      status.textContent = answer.results.length
        ? words.suggested(answer.results.length) + (note.hidden ? "" : ` ${note.textContent}`)
        : note.textContent;
    }
    list.dataset.query = query; // tells tests and the benchmark which query the list shows
    if (answer.uncorrected) {
      setTimeout(() => {
        if (ticket === latest) update(true);
      }, CORRECT_AFTER_MS);
    }
  }

  input.addEventListener("input", () => update());
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (popup.hidden) {
        if (list.children.length) {
          popup.hidden = false;
          input.setAttribute("aria-expanded", "true");
        } else return;
      }
      event.preventDefault();
      choose(active + (event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Enter" && active >= 0 && !popup.hidden) {
      event.preventDefault();
      window.location.href = options()[active].dataset.href;
    } else if (event.key === "Escape") {
      if (popup.hidden) input.value = "";
      close();
    }
  });
  input.addEventListener("blur", () => setTimeout(() => {
    if (!form.contains(document.activeElement)) close();
  }, 150));
  popup.addEventListener("mousedown", (event) => event.preventDefault()); // keep the focus
  list.addEventListener("click", (event) => {
    const chosen = event.target.closest("[role=option]");
    if (chosen) window.location.href = chosen.dataset.href;
  });
  if (input.value) update();
}
