/* Text size control (字級): small / medium / large, remembered in localStorage (no cookie).
   Loaded in <head> so the chosen size applies before the first paint. */
(function () {
  "use strict";
  var KEY = "gov-font-size";
  var SIZES = ["small", "medium", "large"];
  var root = document.documentElement;
  // Shows the buttons from the first paint (gov.css), not at DOMContentLoaded: appearing late,
  // they pushed the whole page down (a layout shift Lighthouse counts against the page).
  root.classList.add("gov-fontsize-on");

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

  apply(stored());

  document.addEventListener("DOMContentLoaded", function () {
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
  });
})();
