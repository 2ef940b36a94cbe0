/* Text size control (字級): small / medium / large, remembered in localStorage (no cookie).
   Started after the first paint (partials/after-paint.html): a small inline script in <head>
   (theme/overrides/main.html) applies the stored size and shows the buttons before the first
   paint; this one wires the buttons. */
(function () {
  "use strict";
  var KEY = "gov-font-size";
  var SIZES = ["small", "medium", "large"];
  var root = document.documentElement;

  function stored() {
    try {
      var value = window.localStorage.getItem(KEY);
      return SIZES.indexOf(value) >= 0 ? value : "medium";
    } catch (e) {
      return "medium";
    }
  }

  function apply(size) {
    SIZES.forEach(function (name) {
      root.classList.toggle("gov-font-" + name, name === size && name !== "medium");
    });
    var buttons = document.querySelectorAll("[data-font-size]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-font-size") === size));
    });
  }

  var group = document.querySelector(".gov-fontsize");
  if (!group) return;
  group.hidden = false;
  apply(stored());
  group.addEventListener("click", function (event) {
    var button = event.target.closest("[data-font-size]");
    if (!button) return;
    var size = button.getAttribute("data-font-size");
    try {
      window.localStorage.setItem(KEY, size);
    } catch (e) {
      /* private mode: the size still applies to this page */
    }
    apply(size);
  });
})();
