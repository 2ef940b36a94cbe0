/* The live queue board (theme/sitekit/queue.py renders it; forms_lambda/api/queue_html.py has
   its words). Fills the board's cells in from /api/queue every data-refresh seconds while the
   page is visible, and stops while it is hidden. Only the text of existing cells changes, so
   nothing on the page moves; a changed number is read out politely (aria-live). */
(function () {
  "use strict";
  var boards = Array.prototype.map.call(document.querySelectorAll(".hro-queue[data-queue]"), function (el) {
    return { el: el, w: JSON.parse(el.getAttribute("data-words")), lang: el.getAttribute("data-lang") };
  });
  if (!boards.length || !window.fetch) return;
  var url = boards[0].el.getAttribute("data-queue");
  var period = (Number(boards[0].el.getAttribute("data-refresh")) || 15) * 1000;
  var timer = 0;
  var loading = false;
  var shown = null; // counter id -> number, as last shown

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }
  function set(node, text) {
    if (node && node.textContent !== text) node.textContent = text;
  }
  function q(scope, name) {
    return scope.querySelector('[data-q="' + name + '"]');
  }
  function when(w, iso) {
    var m = Number(iso.slice(5, 7));
    var d = Number(iso.slice(8, 10));
    var names = w.weekdays.indexOf(" ") < 0 ? w.weekdays.split("") : w.weekdays.split(" ");
    var day = new Date(Date.UTC(Number(iso.slice(0, 4)), m - 1, d)).getUTCDay();
    return fill(w.when, { m: m, d: d, date: iso.slice(0, 10), wd: names[day], hm: iso.slice(11, 16) });
  }
  function stateText(w, doc) {
    if (!doc) return w.failed;
    if (doc.state === "closed" && doc.next_open) return fill(w.closed_next, { when: when(w, doc.next_open) });
    return w[doc.state] || "";
  }

  function rows(board, kind, items) {
    var byId = {};
    items.forEach(function (item) { byId[item.id] = item; });
    return Array.prototype.map.call(board.el.querySelectorAll("tr[data-" + kind + "]"), function (row) {
      return { row: row, item: byId[row.getAttribute("data-" + kind)] };
    });
  }

  function show(board, doc, seen, changes) {
    var w = board.w;
    var names = {};
    set(q(board.el, "state"), stateText(w, doc));
    set(q(board.el, "updated"), doc && doc.updated_at ? fill(w.updated, { time: doc.updated_at.slice(11, 19) }) : "");
    (doc ? doc.services : []).forEach(function (s) { names[s.id] = s.name[board.lang]; });
    rows(board, "service", doc ? doc.services : []).forEach(function (pair) {
      var s = pair.item || { waiting: null, estimate_minutes: null }; // unknown after a failure
      var minutes = s.estimate_minutes;
      set(q(pair.row, "waiting"), s.waiting === null ? w.dash : fill(w.people, { n: s.waiting }));
      set(q(pair.row, "estimate"), minutes === null ? w.dash : minutes === 0 ? w.no_wait : fill(w.minutes, { n: minutes }));
    });
    rows(board, "counter", doc ? doc.counters : []).forEach(function (pair) {
      var row = pair.row;
      var c = pair.item;
      var number = c && c.number !== null ? String(c.number) : null;
      set(q(row, "number"), number || w.dash);
      if (c) {
        set(q(row, "service"), number ? names[c.service] : c.services.map(function (s) { return names[s]; }).join(w.list_sep));
      }
      if (number && seen[c.id] !== number) {
        seen[c.id] = number;
        changes.push(fill(w.announce, { counter: c.name[board.lang], number: number }));
      }
    });
  }

  function update(doc) {
    var seen = {};
    var changes = [];
    if (shown) Object.keys(shown).forEach(function (id) { seen[id] = shown[id]; });
    show(boards[0], doc, seen, changes);
    boards.slice(1).forEach(function (board) { show(board, doc, {}, []); });
    // Read out what changed since the last poll (not the whole board when the page opens).
    if (shown && changes.length) set(q(boards[0].el, "announce"), changes.join(boards[0].w.list_sep));
    if (doc) shown = seen;
  }

  function schedule() {
    clearTimeout(timer);
    timer = document.hidden ? 0 : setTimeout(load, period);
  }
  function load() {
    timer = 0;
    if (loading || document.hidden) return;
    loading = true;
    fetch(url, { cache: "no-cache", credentials: "omit", headers: { Accept: "application/json" } })
      .then(function (answer) {
        if (!answer.ok) throw new Error(String(answer.status));
        return answer.json();
      })
      .then(update, function () { update(null); })
      .then(function () {
        loading = false;
        schedule();
      });
  }

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) {
      clearTimeout(timer);
      timer = 0;
    } else if (!loading && !timer) {
      load();
    }
  });
  boards.forEach(function (board) { set(q(board.el, "state"), board.w.loading); });
  load();
})();
