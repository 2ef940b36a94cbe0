// The language menu and Material's alternate links.
//
// 1. Keep the section: switching language from /guides/birth/#fees opens the other language's
//    page at #fees too (both languages share heading ids, docs/webmaster.md).
// 2. No failed requests: Material's bundle (setupAlternate) fetches "sitemap.xml" beside every
//    <link rel="alternate"> once the document is loaded, expecting each to be a language's home
//    page. Ours are the page itself in each language (and the news feed), so each fetch was a
//    404. Material looks for them only in its DOMContentLoaded listener; this script runs right
//    after the bundle (both loaded in page order after the first paint, partials/after-paint.html,
//    whose loader then fires DOMContentLoaded), so its own listener runs after Material's: the
//    links are taken out of Material's sight until then and put back as they were, for browsers
//    and crawlers.
(function () {
  "use strict";
  var hidden = Array.prototype.slice.call(document.querySelectorAll('link[rel="alternate"]'));
  hidden.forEach(function (link) {
    link.removeAttribute("rel");
  });
  document.addEventListener(
    "DOMContentLoaded",
    function () {
      hidden.forEach(function (link) {
        link.setAttribute("rel", "alternate");
      });
    },
    { once: true }
  );

  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element && event.target.closest("a.md-select__link[hreflang]");
    if (link && location.hash && !link.hash) {
      link.hash = location.hash;
    }
  });
})();
