/* Results as you type in the top bar's search box. Only this part loads with every page: it makes
   the box a combobox and loads the rest (search-suggest.js, Pagefind) the first time the box is
   used. Without JavaScript the box is a plain form that opens the search page. */
const input = document.getElementById("gov-topbar-q");
if (input) {
  const popup = document.createElement("div");
  popup.className = "gov-suggest";
  popup.hidden = true;
  const list = document.createElement("ul");
  list.id = "gov-topbar-suggestions";
  list.className = "gov-suggest__list";
  list.setAttribute("role", "listbox");
  popup.append(list);
  input.form.append(popup);
  input.type = "text"; // HTML allows the combobox role on a text field, not on type=search
  Object.entries({
    role: "combobox",
    "aria-autocomplete": "list",
    "aria-expanded": "false",
    "aria-controls": list.id,
  }).forEach(([name, value]) => input.setAttribute(name, value));
  let loading = null;
  const load = () => {
    loading ||= import("./search-suggest.js").then((module) => module.attach(input, list));
  };
  input.addEventListener("focus", load, { once: true });
  input.addEventListener("input", load, { once: true });
  if (document.activeElement === input) load();
}
