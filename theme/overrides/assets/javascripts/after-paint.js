/* Loads the page's scripts after its first contentful paint: partials/after-paint.html says why. */
(function () {
  "use strict";
  // The browser's own DOMContentLoaded, heard here because this runs while the page is parsed
  // (readyState turns "interactive" before deferred and module scripts have run, too early).
  var parsed = false;
  var wanted = false;
  document.addEventListener(
    "DOMContentLoaded",
    function () {
      parsed = true;
      if (wanted) load();
    },
    { once: true }
  );

  function start() {
    if (wanted) return;
    wanted = true;
    if (parsed) load();
  }

  function load() {
    var root = document.documentElement;
    var placeholders = document.querySelectorAll("script[data-after-paint]");
    var classic = 0;
    var all = placeholders.length;
    function ran(event) {
      if (event.target.type !== "module" && --classic === 0) {
        document.dispatchEvent(new Event("DOMContentLoaded", { bubbles: true }));
      }
      if (--all === 0) root.setAttribute("data-scripts", "ready");
    }
    root.setAttribute("data-scripts", all ? "loading" : "ready");
    Array.prototype.forEach.call(placeholders, function (placeholder) {
      var script = document.createElement("script");
      if (placeholder.hasAttribute("data-module")) {
        script.type = "module";
      } else {
        script.async = false;
        classic += 1;
      }
      script.addEventListener("load", ran);
      script.addEventListener("error", ran);
      script.src = placeholder.getAttribute("data-src");
      placeholder.replaceWith(script);
    });
  }

  var types = window.PerformanceObserver && PerformanceObserver.supportedEntryTypes;
  if (types && types.indexOf("paint") >= 0) {
    new PerformanceObserver(function (list, observer) {
      if (list.getEntriesByName("first-contentful-paint").length) {
        observer.disconnect();
        start();
      }
    }).observe({ type: "paint", buffered: true });
  } else {
    requestAnimationFrame(function () {
      setTimeout(start, 0);
    });
  }
  setTimeout(start, 3000);
})();
