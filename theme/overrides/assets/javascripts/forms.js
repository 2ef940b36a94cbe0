/* Booking and feedback forms: progressive enhancement of the plain forms that
   theme/sitekit/formpages.py renders. Without this script every form still works (a POST or GET
   to /api and the backend's result page). With it: JSON posts with an Idempotency-Key, a slot
   picker filled from /api/slots (full slots shown, disabled), the GOV.UK error summary with
   focus, inline results, no double submits. Every text comes from the form's data-strings.
   Self-hosted, no dependencies, no third-party requests. */
(function () {
  "use strict";

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  // Focus without the browser's own scroll (which ignores scroll-margin and may leave the box
  // under Material's sticky header), then scroll it to the top less its scroll-margin (forms.css).
  function showAndFocus(box) {
    box.focus({ preventScroll: true });
    box.scrollIntoView({ block: "start" });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function fmt(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, key) { return String(values[key]); });
  }

  function weekday(S, isoDate) {
    var names = S.weekday_names.indexOf(",") >= 0 ? S.weekday_names.split(",") : S.weekday_names.split("");
    var parts = isoDate.split("-").map(Number);
    var day = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2])).getUTCDay(); // 0 = Sunday
    return S.weekday_prefix + names[(day + 6) % 7];
  }

  function dateLabel(S, isoDate) {
    return isoDate + (S.weekday_prefix ? "（" + weekday(S, isoDate) + "）" : " (" + weekday(S, isoDate) + ")");
  }

  function request(method, url, body, key) {
    var headers = { Accept: "application/json" };
    if (body) headers["Content-Type"] = "application/json";
    if (key) headers["Idempotency-Key"] = key;
    return fetch(url, {
      method: method,
      headers: headers,
      body: body ? JSON.stringify(body) : undefined,
      credentials: "same-origin",
      cache: "no-store",
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, data: data };
      });
    });
  }

  function Form(form) {
    this.form = form;
    this.id = form.getAttribute("data-hro-id"); // the prefix of every id in this form
    this.kind = form.getAttribute("data-hro-form");
    this.lang = form.getAttribute("data-lang");
    this.S = JSON.parse(form.getAttribute("data-strings"));
    this.summary = document.getElementById(this.id + "-errors");
    this.result = document.getElementById(this.id + "-result");
    this.button = form.querySelector(".hro-submit");
    this.busyText = form.querySelector(".hro-busy");
    this.key = newKey();
    this.busy = false;
    form.noValidate = true; // our own messages, in the page's language (GOV.UK pattern)
    var self = this;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.submit();
    });
    this.summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-target]");
      if (!link) return;
      event.preventDefault();
      var target = document.getElementById(link.getAttribute("data-target"));
      if (target) {
        target.focus({ preventScroll: true });
        (target.closest(".hro-field") || target).scrollIntoView({ block: "start" });
      }
    });
    if (this.kind === "booking") this.setUpPicker();
    if (this.kind === "status" || this.kind === "cancel") this.prefill();
  }

  // --- values and errors ----------------------------------------------------------------
  Form.prototype.values = function () {
    var data = {};
    new FormData(this.form).forEach(function (value, name) { data[name] = value; });
    return data;
  };

  // Survey radios are named rating_<question>; the JSON API takes them as {"ratings": {...}}.
  function ratingsNested(data) {
    var body = {};
    Object.keys(data).forEach(function (name) {
      var match = /^rating_([a-z][a-z0-9_]*)$/.exec(name);
      if (!match) { body[name] = data[name]; return; }
      body.ratings = body.ratings || {};
      body.ratings[match[1]] = Number(data[name]);
    });
    return body;
  }

  Form.prototype.container = function (name) {
    if (name === "slot" && this.picker && !this.picker.hidden) {
      var times = this.form.querySelector('[data-field="slot-picker"]');
      // No time to choose yet: the message goes beside the date.
      return times.querySelector("input:not([disabled])") ? times : this.form.querySelector('[data-field="date"]');
    }
    return this.form.querySelector('[data-field="' + name + '"]');
  };

  Form.prototype.clearErrors = function () {
    this.summary.hidden = true;
    this.summary.querySelector("ul").textContent = "";
    this.form.querySelectorAll(".hro-field--error").forEach(function (box) {
      box.classList.remove("hro-field--error");
    });
    this.form.querySelectorAll(".hro-field-error").forEach(function (p) {
      p.hidden = true;
      p.textContent = "";
    });
    this.form.querySelectorAll("[aria-invalid]").forEach(function (input) {
      input.removeAttribute("aria-invalid");
      var ids = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
        return id && !/-error$/.test(id);
      });
      if (ids.length) input.setAttribute("aria-describedby", ids.join(" "));
      else input.removeAttribute("aria-describedby");
    });
  };

  // errors: [{field: name or null, message: text}]
  Form.prototype.showErrors = function (errors) {
    this.clearErrors();
    var list = this.summary.querySelector("ul");
    var self = this;
    errors.forEach(function (error) {
      var box = error.field ? self.container(error.field) : null;
      var input = box && box.querySelector("input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea");
      if (!box || !input) {
        list.appendChild(el("li", { text: error.message }));
        return;
      }
      var labelNode = box.querySelector("legend, label");
      var label = labelNode ? labelNode.cloneNode(true) : null;
      if (label) label.querySelectorAll(".hro-req").forEach(function (n) { n.remove(); });
      var text = (label ? label.textContent.trim().replace(/^\d+\.\s*/, "") + (self.lang === "en" ? ": " : "：") : "") + error.message;
      if (!input.id) input.id = self.id + "-" + error.field + "-input";
      list.appendChild(el("li", {}, [el("a", { href: "#" + input.id, "data-target": input.id, text: text })]));
      box.classList.add("hro-field--error");
      var slot = box.querySelector(".hro-field-error");
      if (slot) {
        slot.textContent = error.message;
        slot.hidden = false;
        box.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (control) {
          control.setAttribute("aria-invalid", "true");
          var ids = (control.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
          if (ids.indexOf(slot.id) < 0) ids.unshift(slot.id);
          control.setAttribute("aria-describedby", ids.join(" "));
        });
      }
    });
    this.summary.hidden = false;
    showAndFocus(this.summary);
  };

  Form.prototype.fieldErrors = function (data) {
    var S = this.S;
    var fields = (data && data.fields) || {};
    var order = Array.prototype.map.call(this.form.querySelectorAll("[data-field]"), function (box) {
      return box.getAttribute("data-field") === "slot-picker" ? "slot" : box.getAttribute("data-field");
    });
    var names = Object.keys(fields).sort(function (a, b) {
      var ia = order.indexOf(a), ib = order.indexOf(b);
      return (ia < 0 ? 999 : ia) - (ib < 0 ? 999 : ib);
    });
    return names.map(function (name) {
      return { field: name, message: fields[name] || S.messages.invalid };
    });
  };

  Form.prototype.problem = function (answer) {
    var code = answer.data && answer.data.error;
    if (code === "invalid") return this.showErrors(this.fieldErrors(answer.data));
    var message = (code && this.S.messages[code]) || this.S.messages.internal;
    this.showErrors([{ field: code === "slot_full" ? "slot" : null, message: message }]);
  };

  // --- submitting ---------------------------------------------------------------------------
  Form.prototype.setBusy = function (busy) {
    this.busy = busy;
    if (this.button) {
      this.button.disabled = busy;
      this.button.setAttribute("aria-disabled", busy ? "true" : "false");
    }
    if (this.busyText) this.busyText.textContent = busy ? this.S.sending : "";
  };

  Form.prototype.submit = function () {
    if (this.busy) return; // no double submits
    var self = this;
    var run = { booking: this.book, feedback: this.sendFeedback, status: this.lookUpCase, cancel: this.lookUpBooking }[this.kind];
    this.setBusy(true);
    Promise.resolve()
      .then(function () { return run.call(self); })
      .catch(function () {
        self.showErrors([{ field: null, message: self.S.retry }]);
      })
      .then(function () { self.setBusy(false); });
  };

  Form.prototype.showResult = function (title, rows, extra, problem) {
    var result = this.result;
    result.textContent = "";
    result.classList.toggle("hro-result--problem", !!problem);
    result.appendChild(el("h2", { id: result.id + "-title", text: title }));
    var dl = el("dl");
    rows.forEach(function (row) {
      if (row[1] === undefined || row[1] === null || row[1] === "") return;
      dl.appendChild(el("dt", { text: row[0] }));
      dl.appendChild(el("dd", row[2] ? { class: row[2], text: row[1] } : { text: row[1] }));
    });
    result.appendChild(dl);
    (extra || []).forEach(function (node) { result.appendChild(node); });
    result.hidden = false;
    showAndFocus(result);
  };

  // --- booking ------------------------------------------------------------------------------
  Form.prototype.book = function () {
    var self = this;
    var S = this.S;
    var body = this.values();
    return request("POST", "/api/bookings", body, this.key).then(function (answer) {
      if (answer.status !== 201) {
        self.problem(answer);
        if (answer.data && answer.data.error === "slot_full") self.loadSlots();
        return;
      }
      var made = answer.data;
      self.key = newKey(); // a further booking is a new request
      var query = "?token=" + encodeURIComponent(made.token);
      var base = "/api/bookings/" + encodeURIComponent(made.reference);
      return request("GET", base + query).then(function (details) {
        var info = details.status === 200 ? details.data : {};
        var service = (info.service_name && info.service_name[self.lang]) || made.service;
        var bring = info.bring && info.bring[self.lang];
        var slot = String(made.slot || "");
        self.clearErrors();
        self.form.hidden = true;
        var links = el("p", { class: "hro-links" }, [
          el("a", { href: base + "/calendar.ics" + query, download: made.reference + ".ics", text: S.ics }),
        ]);
        var cancel = el("p", { class: "hro-links" }, [el("a", { href: made.cancel_url, text: S.cancel_link })]);
        self.showResult(S.done_booking, [
          [S.reference, made.reference, "hro-token"],
          [S.pin, made.pin, "hro-token"],
          [S.service, service],
          [S.date, dateLabel(S, slot.slice(0, 10))],
          [S.time, slot.slice(11, 16)],
          [S.bring.replace(/[:：]\s*$/, ""), bring],
        ], [links, cancel, el("p", { text: S.cancel_keep })]);
      });
    });
  };

  Form.prototype.setUpPicker = function () {
    var form = this.form;
    var self = this;
    var plain = form.querySelector(".hro-nojs-slot");
    var typed = plain.querySelector("input");
    // Scripts start after the first paint: a citizen may already be in the plain date and time
    // field. Keep what they typed and where they are; the plain field books as well.
    if (typed.value || document.activeElement === typed) return;
    this.picker = form.querySelector(".hro-picker");
    this.dateSelect = form.querySelector("#" + this.id + "-date");
    this.slotBox = form.querySelector(".hro-slots");
    this.slotStatus = form.querySelector(".hro-times__status");
    plain.hidden = true;
    typed.disabled = true; // the picker's radios carry "slot" now
    this.picker.hidden = false;
    this.services = null;
    form.querySelectorAll('input[name="service"]').forEach(function (radio) {
      radio.addEventListener("change", function () { self.serviceChosen(); });
    });
    this.dateSelect.addEventListener("change", function () { self.loadSlots(); });
    var params = new URLSearchParams(location.search);
    var wanted = params.get("service");
    var radio = wanted && form.querySelector('input[name="service"][value="' + CSS.escape(wanted) + '"]');
    if (radio) {
      radio.checked = true;
      this.serviceChosen(params.get("date"));
    } else if (form.querySelector('input[name="service"]:checked')) {
      this.serviceChosen(); // the browser restored a choice (back button)
    }
  };

  Form.prototype.loadServices = function () {
    if (this.services) return Promise.resolve(this.services);
    var self = this;
    return request("GET", "/api/services").then(function (answer) {
      if (answer.status !== 200) throw new Error("services");
      self.services = {};
      answer.data.forEach(function (service) { self.services[service.id] = service; });
      return self.services;
    });
  };

  Form.prototype.serviceChosen = function (preferredDate) {
    var self = this;
    var S = this.S;
    var chosen = this.form.querySelector('input[name="service"]:checked');
    if (!chosen) return;
    var select = this.dateSelect;
    select.disabled = true;
    this.slotBox.textContent = "";
    this.slotStatus.textContent = S.loading;
    return this.loadServices().then(function (services) {
      var service = services[chosen.value];
      var dates = (service && service.bookable_dates) || [];
      select.textContent = "";
      if (!dates.length) {
        select.appendChild(el("option", { value: "", text: S.no_dates }));
        self.slotStatus.textContent = S.no_dates;
        return;
      }
      select.appendChild(el("option", { value: "", text: S.choose_date }));
      dates.forEach(function (day) {
        select.appendChild(el("option", { value: day, text: dateLabel(S, day) }));
      });
      select.disabled = false;
      self.slotStatus.textContent = "";
      if (preferredDate && dates.indexOf(preferredDate) >= 0) {
        select.value = preferredDate;
        return self.loadSlots();
      }
    }).catch(function () {
      self.slotStatus.textContent = S.load_failed;
    });
  };

  Form.prototype.loadSlots = function () {
    var self = this;
    var S = this.S;
    var chosen = this.form.querySelector('input[name="service"]:checked');
    var day = this.dateSelect.value;
    var previous = this.form.querySelector('input[name="slot"]:checked');
    var keep = previous ? previous.value : null;
    this.slotBox.textContent = "";
    if (!chosen || !day) {
      this.slotStatus.textContent = "";
      return Promise.resolve();
    }
    this.slotStatus.textContent = S.loading;
    var url = "/api/slots?service=" + encodeURIComponent(chosen.value) + "&date=" + encodeURIComponent(day);
    return request("GET", url).then(function (answer) {
      if (answer.status !== 200) throw new Error("slots");
      var free = 0;
      answer.data.forEach(function (slot, index) {
        var id = self.id + "-slot-" + index;
        var full = slot.remaining <= 0;
        if (!full) free += 1;
        var time = slot.start.slice(11, 16);
        var input = el("input", { type: "radio", id: id, name: "slot", value: slot.start });
        if (full) input.disabled = true;
        if (!full && slot.start === keep) input.checked = true;
        var text = time + (self.lang === "en" ? " (" : "（") +
          (full ? S.full : fmt(S.left, { n: slot.remaining })) + (self.lang === "en" ? ")" : "）");
        self.slotBox.appendChild(el("div", { class: "hro-radio" }, [input, el("label", { for: id, text: text })]));
      });
      self.slotStatus.textContent = answer.data.length && free ? "" : S.no_slots;
    }).catch(function () {
      self.slotStatus.textContent = S.load_failed;
    });
  };

  // --- feedback ----------------------------------------------------------------------------
  Form.prototype.sendFeedback = function () {
    var self = this;
    var S = this.S;
    return request("POST", "/api/feedback", ratingsNested(this.values()), this.key).then(function (answer) {
      if (answer.status !== 201) return self.problem(answer);
      var made = answer.data;
      self.key = newKey();
      self.clearErrors();
      self.form.hidden = true;
      var statusUrl = new URL("../status/", location.href);
      statusUrl.search = "?case_number=" + encodeURIComponent(made.case_number) + "&token=" + encodeURIComponent(made.token);
      var extra = [el("p", { text: S.token_hint })];
      if (made.status === "awaiting_confirmation") extra.unshift(el("p", { text: S.confirm_email }));
      extra.push(el("p", { class: "hro-links" }, [el("a", { href: statusUrl.pathname + statusUrl.search, text: S.status_link })]));
      self.showResult(S.done_feedback, [
        [S.case_number, made.case_number, "hro-token"],
        [S.pin, made.pin, "hro-token"],
        [S.status, S["status_" + made.status] || made.status],
        [S.due_date, made.due_date],
      ], extra);
    });
  };

  // --- lookups: case status and booking cancel -------------------------------------------
  Form.prototype.prefill = function () {
    var params = new URLSearchParams(location.search);
    var filled = 0;
    var inputs = this.form.querySelectorAll("input[type=text]");
    inputs.forEach(function (input) {
      var value = params.get(input.name);
      if (value) { input.value = value; filled += 1; }
    });
    if (filled && filled === inputs.length) this.submit();
  };

  Form.prototype.required = function () {
    var S = this.S;
    var missing = [];
    this.form.querySelectorAll("input[type=text]").forEach(function (input) {
      if (!input.value.trim()) missing.push({ field: input.name, message: S.messages.required });
    });
    if (missing.length) this.showErrors(missing);
    return missing.length === 0;
  };

  Form.prototype.notFound = function (answer) {
    var code = answer.data && answer.data.error;
    var first = this.form.querySelector("input[type=text]").name;
    this.result.hidden = true;
    this.showErrors([{ field: code === "not_found" ? first : null, message: this.S.messages[code] || this.S.messages.internal }]);
  };

  Form.prototype.lookUpCase = function () {
    if (!this.required()) return;
    var self = this;
    var S = this.S;
    var data = this.values();
    var url = "/api/feedback/" + encodeURIComponent(data.case_number.trim()) + "?token=" + encodeURIComponent(data.token.trim());
    return request("GET", url).then(function (answer) {
      if (answer.status !== 200) return self.notFound(answer);
      var found = answer.data;
      self.clearErrors();
      self.showResult(S.status_heading, [
        [S.case_number, found.case_number],
        [S.status, S["status_" + found.status] || found.status],
        [S.due_date, found.due_date],
      ], [el("h3", { id: self.result.id + "-reply", text: S.reply }), el("p", { class: "hro-reply", text: found.reply || S.no_reply })]);
    });
  };

  Form.prototype.lookUpBooking = function () {
    if (!this.required()) return;
    var self = this;
    var S = this.S;
    var data = this.values();
    var reference = data.reference.trim();
    var token = data.token.trim();
    var base = "/api/bookings/" + encodeURIComponent(reference);
    return request("GET", base + "?token=" + encodeURIComponent(token)).then(function (answer) {
      if (answer.status !== 200) return self.notFound(answer);
      var found = answer.data;
      var slot = String(found.slot || "");
      self.clearErrors();
      var extra = [];
      if (found.status === "confirmed") {
        var button = el("button", { type: "button", class: "md-button md-button--primary hro-submit", text: S.cancel_button });
        button.addEventListener("click", function () { self.cancel(base, token, button); });
        extra.push(el("p", {}, [button]));
      }
      self.showResult(S.booking_heading, [
        [S.reference, found.reference, "hro-token"],
        [S.service, (found.service_name && found.service_name[self.lang]) || found.service],
        [S.date, slot ? dateLabel(S, slot.slice(0, 10)) : ""],
        [S.time, slot.slice(11, 16)],
        [S.status, S["status_" + found.status] || found.status],
      ], extra);
    });
  };

  Form.prototype.cancel = function (base, token, button) {
    var self = this;
    var S = this.S;
    if (button.disabled) return;
    button.disabled = true;
    request("POST", base + "/cancel", { token: token, lang: this.lang }).then(function (answer) {
      var ok = answer.status === 200;
      var message = ok ? S.cancelled : (S.messages[answer.data && answer.data.error] || S.messages.internal);
      self.form.hidden = ok;
      self.showResult(ok ? S.status_cancelled : S.summary_title, [], [el("p", { text: message })], !ok);
    }).catch(function () {
      button.disabled = false;
      self.showErrors([{ field: null, message: S.retry }]);
    });
  };

  document.querySelectorAll("form[data-hro-form]").forEach(function (form) {
    try {
      new Form(form);
    } catch (error) {
      // Leave the plain form working if anything here fails.
    }
  });
})();
