// lhs customer portal: small enhancements. Every page works without this file; each part
// below only improves a page that already does its job with plain forms and links.
(function () {
  "use strict";
  var doc = document;
  doc.documentElement.classList.add("js");

  function byId(id) { return doc.getElementById(id); }

  function later(fn, ms) {
    var timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
  }

  // The parsed page at `url`, or null.
  function fetchPage(url, done) {
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.ok || r.status === 422 ? r.text() : null; })
      .then(function (html) {
        done(html === null ? null : new DOMParser().parseFromString(html, "text/html"));
      })
      .catch(function () { done(null); });
  }

  // A code from the mail's link (/password/nuova#codice=…): into the form, and out of the
  // address bar and the history. The fragment never reaches a server.
  var m = /^#codice=([A-Za-z0-9_-]{8,200})$/.exec(window.location.hash);
  var code = byId("code");
  if (m && code && !code.value) {
    code.value = m[1];
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
    var next = byId("new_password");
    if (next) next.focus();
  }

  // The error summary takes the focus, so a screen reader says what went wrong first.
  var summary = byId("error-summary");
  if (summary) summary.focus();

  // Filters that apply as they are typed: the list below is fetched and replaced, the
  // address keeps the filters (Back and bookmarks still work).
  Array.prototype.forEach.call(doc.querySelectorAll("form[data-live]"), function (form) {
    var target = byId(form.getAttribute("data-live"));
    if (!target) return;
    var apply = later(function () {
      var params = new URLSearchParams(new FormData(form));
      var url = form.getAttribute("action") + (params.toString() ? "?" + params : "");
      fetchPage(url, function (page) {
        var fresh = page && page.getElementById(target.id);
        if (!fresh) return;
        target.replaceChildren.apply(target, Array.prototype.slice.call(fresh.childNodes));
        window.history.replaceState(null, "", url);
      });
    }, 350);
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
  });

  // Macro area → Area → Sezione: three lists built from the one grouped list (which stays
  // the form's field), each refreshed by the one before; the chosen path's notices only.
  var section = byId("section");
  if (section && section.tagName === "SELECT") {
    var tree = [];
    Array.prototype.forEach.call(section.querySelectorAll("option[value]"), function (o) {
      var at = o.value.split(".");
      if (at.length !== 3) return;
      var names = o.parentNode.getAttribute("label").split(" › ");
      var mi = +at[0], ai = +at[1];
      tree[mi] = tree[mi] || { name: names[0], areas: [] };
      var areas = tree[mi].areas;
      areas[ai] = areas[ai] || { name: names.slice(1).join(" › "), sections: [] };
      areas[ai].sections.push({ value: o.value, name: o.textContent });
    });
    var holder = section.parentNode;
    var choose = section.querySelector("option[value='']").textContent;
    function list(id, label) {
      var wrap = doc.createElement("div");
      wrap.className = "field cascade";
      var l = doc.createElement("label");
      l.htmlFor = id;
      l.textContent = label;
      var s = doc.createElement("select");
      s.id = id;
      wrap.appendChild(l);
      wrap.appendChild(s);
      holder.appendChild(wrap);
      return s;
    }
    function fill(select, items) {
      select.replaceChildren();
      var first = doc.createElement("option");
      first.value = "";
      first.textContent = choose;
      select.appendChild(first);
      items.forEach(function (it, i) {
        if (!it) return;
        var o = doc.createElement("option");
        o.value = it.value || String(i);
        o.textContent = it.name;
        select.appendChild(o);
      });
      select.disabled = items.length === 0;
    }
    var macro = list("cascade-macro", section.getAttribute("data-macro"));
    var area = list("cascade-area", section.getAttribute("data-area"));
    var leaf = list("cascade-section", section.getAttribute("data-section"));
    section.hidden = true;
    Array.prototype.forEach.call(section.labels || [], function (l) { l.hidden = true; });
    var notices = doc.querySelectorAll("#notices li[data-node]");
    function showNotices() {
      var path = section.value.split(".");
      var shown = 0;
      Array.prototype.forEach.call(notices, function (li) {
        var node = li.getAttribute("data-node").split(".");
        var on = node.every(function (p, i) { return path[i] === p; }) && macro.value !== "";
        li.hidden = !on;
        if (on) shown += 1;
      });
      var box = byId("notices");
      if (box) box.hidden = shown === 0;
    }
    function macroChanged() {
      var t = tree[+macro.value];
      fill(area, macro.value === "" || !t ? [] : t.areas);
      areaChanged();
    }
    function areaChanged() {
      var t = tree[+macro.value];
      var a = t && area.value !== "" ? t.areas[+area.value] : null;
      fill(leaf, a ? a.sections : []);
      // A single choice is made for the user.
      if (a && a.sections.length === 1) leaf.value = a.sections[0].value;
      leafChanged();
    }
    function leafChanged() {
      section.value = leaf.value;
      showNotices();
    }
    fill(macro, tree);
    macro.addEventListener("change", macroChanged);
    area.addEventListener("change", areaChanged);
    leaf.addEventListener("change", leafChanged);
    // Coming back with an error: the three lists show the section chosen before.
    if (section.value) {
      var at = section.value.split(".");
      macro.value = at[0];
      macroChanged();
      area.value = at[1];
      areaChanged();
      leaf.value = section.value;
      leafChanged();
    } else {
      macroChanged();
    }
  }

  // Files dropped anywhere on the field's box join the file input (its own button stays).
  Array.prototype.forEach.call(doc.querySelectorAll("input[type=file][data-drop]"), function (input) {
    var box = input.closest(".field");
    if (!box || typeof DataTransfer === "undefined") return;
    box.classList.add("drop");
    var say = doc.createElement("p");
    say.className = "hint";
    say.textContent = input.getAttribute("data-drop");
    box.insertBefore(say, input);
    box.addEventListener("dragover", function (e) {
      e.preventDefault();
      box.classList.add("over");
    });
    box.addEventListener("dragleave", function () { box.classList.remove("over"); });
    box.addEventListener("drop", function (e) {
      e.preventDefault();
      box.classList.remove("over");
      var all = new DataTransfer();
      Array.prototype.forEach.call(input.files, function (f) { all.items.add(f); });
      Array.prototype.forEach.call(e.dataTransfer.files, function (f) { all.items.add(f); });
      input.files = all.files;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
  });

  // "Prima di inviare": what the FAQ and documents say about the subject and description,
  // fetched as they are typed.
  var place = byId("suggestions");
  var subject = byId("subject"), description = byId("description");
  if (place && subject && description) {
    var last = "";
    var ask = later(function () {
      var text = (subject.value + "\n" + description.value).trim().slice(0, 1500);
      if (text.length < 8 || text === last) return;
      last = text;
      fetch("/ticket/nuovo/suggerimenti?q=" + encodeURIComponent(text), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (html === null) return;
          var part = new DOMParser().parseFromString(html, "text/html").body;
          place.replaceChildren.apply(place, Array.prototype.slice.call(part.childNodes));
        })
        .catch(function () {});
    }, 500);
    subject.addEventListener("input", ask);
    description.addEventListener("input", ask);
  }

  // A ticket's page follows the ticket: every second (while the page is shown) it asks
  // for the ticket's version; when it moved (the desk answered, another technician took it)
  // the page is fetched again and put in place — unless something is being typed, then it
  // says so instead of throwing the text away.
  var live = byId("live");
  if (live && live.getAttribute("data-version-url")) {
    var told = false;
    var typing = function () {
      return Array.prototype.some.call(live.querySelectorAll("textarea, input[type=text], input[type=number]"),
        function (el) { return el.value.trim() !== ""; });
    };
    var check = function () {
      if (doc.visibilityState !== "visible") return;
      fetch(live.getAttribute("data-version-url"), { credentials: "same-origin", cache: "no-store" })
        .then(function (r) {
          // Signed out meanwhile (the session ended, the company was suspended): the page
          // locks at once — loading it again shows the sign-in page and why.
          if (r.status === 401) { window.location.reload(); return null; }
          return r.ok ? r.text() : null;
        })
        .then(function (version) {
          if (version === null || version === live.getAttribute("data-version")) return;
          if (typing()) {
            if (told) return;
            told = true;
            var say = doc.createElement("p");
            say.className = "notice";
            say.setAttribute("role", "status");
            say.textContent = live.getAttribute("data-changed");
            live.insertBefore(say, live.firstChild);
            return;
          }
          fetchPage(window.location.pathname, function (page) {
            var fresh = page && page.getElementById("live");
            if (!fresh) return;
            live.replaceChildren.apply(live, Array.prototype.slice.call(fresh.childNodes));
            live.setAttribute("data-version", fresh.getAttribute("data-version"));
          });
        })
        .catch(function () {});
    };
    setInterval(check, 1000);
  }

  // A list that refreshes itself (the desk's queue): every 1.5 seconds while shown and not
  // being filtered, the page is asked for again with its ETag; a 304 costs nothing, a new
  // page replaces the list.
  var auto = doc.querySelector("[data-refresh]");
  if (auto) {
    var etag = null;
    setInterval(function () {
      if (doc.visibilityState !== "visible") return;
      var active = doc.activeElement;
      if (active && active.form && active.form.hasAttribute("data-live")) return;
      fetch(window.location.href, {
        credentials: "same-origin",
        cache: "no-store",
        headers: etag ? { "If-None-Match": etag } : {}
      })
        .then(function (r) {
          if (r.redirected) { window.location.reload(); return null; }
          if (!r.ok) return null;
          etag = r.headers.get("ETag");
          return r.text();
        })
        .then(function (html) {
          if (!html) return;
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(auto.id);
          if (fresh) auto.replaceChildren.apply(auto, Array.prototype.slice.call(fresh.childNodes));
        })
        .catch(function () {});
    }, +auto.getAttribute("data-refresh") || 2000);
  }

  // A large upload (the desk's software updates) shows its progress: the same form is sent
  // with XMLHttpRequest, whose upload reports the bytes sent. The answer replaces the page:
  // the list it redirected to, or the form back with its errors.
  Array.prototype.forEach.call(doc.querySelectorAll("form[data-progress]"), function (form) {
    var bar = byId(form.getAttribute("data-progress"));
    if (!bar || !window.XMLHttpRequest || !window.FormData) return;
    var text = byId(bar.id + "-text");
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var xhr = new XMLHttpRequest();
      var button = form.querySelector("button[type=submit]");
      if (button) button.disabled = true;
      bar.parentNode.hidden = false;
      xhr.upload.addEventListener("progress", function (p) {
        if (!p.lengthComputable) return;
        var pct = Math.floor(p.loaded * 100 / p.total);
        bar.value = pct;
        if (text) text.textContent = pct + "%";
      });
      xhr.addEventListener("load", function () {
        var page = new DOMParser().parseFromString(xhr.responseText, "text/html");
        if (xhr.status >= 200 && xhr.status < 300 && xhr.responseURL) {
          window.location.assign(xhr.responseURL);
          return;
        }
        var main = page.querySelector("main");
        var here = doc.querySelector("main");
        if (main && here) {
          here.replaceChildren.apply(here, Array.prototype.slice.call(main.childNodes));
          var summary = byId("error-summary");
          if (summary) summary.focus();
        } else {
          window.location.reload();
        }
      });
      xhr.addEventListener("error", function () {
        if (button) button.disabled = false;
        if (text) text.textContent = "";
        bar.parentNode.hidden = true;
      });
      xhr.open("POST", form.action);
      xhr.send(new FormData(form));
    });
  });
})();
