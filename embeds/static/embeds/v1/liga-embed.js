/*! LIGA content hub embeds v1: <liga-positions>, <liga-topic>, <liga-contacts>.
 * One classic script, no dependencies, no build step. It talks only to the origin it was
 * loaded from (the hub's API), sends no cookies and no referrer, and requests nothing else.
 * Documentation: "Embeds and feeds" in the hub's README. */
(function () {
  "use strict";
  if (!window.customElements || customElements.get("liga-positions")) return;

  // The API is the origin this file came from, never the host page's.
  var script =
    document.currentScript || document.querySelector('script[src*="/embed/v1/liga-embed."]');
  var API = new URL(script.src, location.href).origin;

  // Right-to-left content languages. A fixed list rather than a request to /api/v1/locales/
  // on every page view; a test keeps it in step with the locales the API declares "rtl".
  var RTL = ["ar", "fa", "he", "ur"];

  // The stylesheet of the widgets and of the server-rendered /embed/v1/ pages (which read it
  // from this file between the markers, so both always look the same).
  var CSS = /* liga-embed-css */ `
:host{display:block;min-height:var(--liga-min-height,12rem)}
:host([hidden]){display:none}
body{margin:0;padding:4px}
.liga{font-family:var(--liga-font-family,system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic",sans-serif);font-size:var(--liga-font-size,1rem);line-height:1.5;color:var(--liga-color-text,#1a1a1a);background:var(--liga-color-background,transparent);overflow-wrap:break-word}
.liga *{box-sizing:border-box}
.list{list-style:none;margin:0;padding:0;display:grid;gap:var(--liga-spacing,1rem)}
.item{margin:0;padding:var(--liga-spacing,1rem);border:1px solid var(--liga-color-border,#c8ccd2);border-radius:var(--liga-radius,.25rem);background:var(--liga-color-surface,#fff)}
.title{margin:0 0 .25em;font-size:var(--liga-title-size,1.15em);line-height:1.3}
.heading{margin:var(--liga-spacing,1rem) 0 .5em;font-size:1.25em;line-height:1.3}
.topic>.title{font-size:1.5em}
.meta,.role,.org,.channel{margin:0 0 .25em;color:var(--liga-color-muted,#4a4a4a);font-size:.95em}
.teaser,.intro p{margin:0 0 .5em}
.intro{margin-block-end:var(--liga-spacing,1rem)}
.document{margin:.5em 0 0}
a{color:var(--liga-color-link,#0b5394);text-decoration:underline;text-underline-offset:.15em}
a:hover{text-decoration-thickness:2px}
a:focus-visible{outline:3px solid var(--liga-color-focus,#b35900);outline-offset:2px;border-radius:2px}
.status{margin:0;padding:var(--liga-spacing,1rem);color:var(--liga-color-muted,#4a4a4a)}
.status:empty{display:none}
.error{border-inline-start:4px solid var(--liga-color-error,#a4262c);color:var(--liga-color-text,#1a1a1a)}
.vh{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
` /* /liga-embed-css */;

  var LABELS = {
    de: {
      loading: "Wird geladen …",
      error: "Die Inhalte konnten gerade nicht geladen werden.",
      visit: "Zur Website der LIGA",
      notFound: "Diese Inhalte gibt es nicht (mehr).",
      bad: "Ungültige Einstellung: ",
      noPositions: "Keine Positionen gefunden.",
      noContacts: "Keine Ansprechpersonen gefunden.",
      positions: "Positionen",
      contacts: "Ansprechpersonen",
      pdf: "PDF herunterladen",
      email: "E-Mail",
      phone: "Telefon",
      kinds: { position_paper: "Positionspapier", statement: "Stellungnahme",
               press_release: "Pressemitteilung", open_letter: "Offener Brief" },
    },
    en: {
      loading: "Loading …",
      error: "The content could not be loaded just now.",
      visit: "Go to the LIGA website",
      notFound: "This content does not exist (any more).",
      bad: "Invalid setting: ",
      noPositions: "No positions found.",
      noContacts: "No contact people found.",
      positions: "Positions",
      contacts: "Contact people",
      pdf: "Download PDF",
      email: "E-mail",
      phone: "Phone",
      kinds: { position_paper: "Position paper", statement: "Statement",
               press_release: "Press release", open_letter: "Open letter" },
    },
  };

  function language(code) {
    return String(code || "de").toLowerCase().split("-")[0];
  }
  function direction(code) {
    return RTL.indexOf(language(code)) >= 0 ? "rtl" : "ltr";
  }
  // Intl knows no "de-ls" (Easy German): format it as German.
  function intlLocale(code) {
    return language(code) === "de" ? "de" : code || "de";
  }

  // --- DOM helpers: text only ever enters as text nodes, never as markup ---------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (attrs[name] != null && attrs[name] !== "") node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {
      if (child != null) node.append(child);
    });
    return node;
  }

  function safeUrl(href) {
    try {
      var url = new URL(href, API);
      return /^(https?|mailto|tel):$/.test(url.protocol) ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function link(href, content, attrs) {
    var url = safeUrl(href);
    var children = [].concat(content);
    return url ? el("a", Object.assign({ href: url }, attrs), children) : el("span", {}, children);
  }

  // The topic intro is the API's sanitised rich text. It is parsed into an inert document
  // (DOMParser never runs scripts or loads anything) and copied element by element through an
  // allowlist, so even a manipulated response cannot bring a script, handler or style along.
  var RICH = { P: 1, BR: 1, UL: 1, OL: 1, LI: 1, STRONG: 1, EM: 1, B: 1, I: 1, BLOCKQUOTE: 1 };

  function richText(html) {
    var box = el("div", { class: "intro", part: "intro" });
    copyAllowed(new DOMParser().parseFromString(String(html || ""), "text/html").body, box);
    return box;
  }

  function copyAllowed(from, to) {
    from.childNodes.forEach(function (node) {
      if (node.nodeType === 3) return to.append(node.data);
      if (node.nodeType !== 1 || /^(SCRIPT|STYLE|TEMPLATE|NOSCRIPT)$/.test(node.tagName)) return;
      var tag = node.tagName;
      var inner = null; // where the node's children go
      var outer = null; // what is appended here
      if (RICH[tag]) {
        outer = inner = el(tag);
      } else if (tag === "A") {
        var href = safeUrl(node.getAttribute("href"));
        outer = inner = href ? el("a", { href: href }) : el("span");
      } else if (/^H[1-6]$/.test(tag)) {
        // Headings inside the intro would break the host page's outline: bold paragraphs.
        inner = el("strong");
        outer = el("p", {}, [inner]);
      }
      if (outer) to.append(outer);
      copyAllowed(node, inner || to);
    });
  }

  // --- formatting ------------------------------------------------------------------------

  function formatDate(iso, code) {
    var date = new Date(iso + "T00:00:00Z");
    var format = { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" };
    return new Intl.DateTimeFormat(intlLocale(code), format).format(date);
  }

  // Like the hub's pages (Django's filesizeformat): 1024 steps, "4,2 KB" in German.
  function formatSize(bytes, code) {
    var units = ["Bytes", "KB", "MB", "GB"];
    var i = 0;
    while (bytes >= 1024 && i < units.length - 1) {
      bytes /= 1024;
      i++;
    }
    var number = new Intl.NumberFormat(intlLocale(code), { maximumFractionDigits: i ? 1 : 0 });
    return number.format(bytes) + "\u00a0" + units[i];
  }

  // --- the API ---------------------------------------------------------------------------

  var responses = {};

  // One request per distinct URL and page view, shared by every element that needs it.
  function getJSON(path, params) {
    var url = new URL("/api/v1/" + path, API);
    Object.keys(params).forEach(function (name) {
      if (params[name] != null && params[name] !== "") url.searchParams.set(name, params[name]);
    });
    var key = url.href;
    if (!responses[key]) {
      responses[key] = fetch(key, { credentials: "omit", referrerPolicy: "no-referrer" })
        .then((response) =>
          response.json().then(
            (body) => (response.ok ? body : Promise.reject({ status: response.status, body: body })),
            () => Promise.reject({ status: response.status }),
          ),
        )
        .catch((problem) => {
          delete responses[key]; // a later render may try again
          throw problem;
        });
    }
    return responses[key];
  }

  // --- rendering -------------------------------------------------------------------------

  function headingLevel(value) {
    if (value == null || value === "") return 2;
    return /^[1-6]$/.test(value) ? Number(value) : null;
  }

  function heading(level, attrs, children) {
    return el("h" + Math.min(level, 6), attrs, children);
  }

  function positionList(items, level, ui) {
    return el(
      "ul",
      { class: "list", part: "list" },
      items.map(function (item) {
        var doc = item.document;
        var meta = el("p", { class: "meta", part: "meta" }, [
          el("span", { lang: ui.code }, [ui.kinds[item.kind] || ""]),
          " · ",
          el("time", { datetime: item.published }, [formatDate(item.published, item.locale)]),
        ]);
        var pdf =
          doc &&
          el("p", { class: "document", lang: ui.code }, [
            link(doc.url, [ui.pdf, el("span", { class: "vh" }, [": " + item.title])], {
              part: "document",
              type: "application/pdf",
            }),
            doc.size_bytes ? " (PDF, " + formatSize(doc.size_bytes, ui.code) + ")" : " (PDF)",
          ]);
        return el(
          "li",
          { class: "item", part: "item", lang: item.locale, dir: direction(item.locale) },
          [
            heading(level, { class: "title", part: "title" }, [link(item.url, item.title)]),
            meta,
            item.teaser && el("p", { class: "teaser", part: "teaser" }, [item.teaser]),
            pdf,
          ],
        );
      }),
    );
  }

  function contactList(items, level, ui) {
    return el(
      "ul",
      { class: "list", part: "list" },
      items.map(function (item) {
        var channel = function (label, href, text, part) {
          return el("p", { class: "channel" }, [
            el("span", { lang: ui.code }, [label + ": "]),
            href ? link(href, text, { part: part, dir: "ltr" }) : el("span", { dir: "ltr" }, [text]),
          ]);
        };
        return el(
          "li",
          { class: "item contact", part: "item", lang: item.locale, dir: direction(item.locale) },
          [
            heading(level, { class: "title", part: "name" }, [item.name]),
            item.role && el("p", { class: "role", part: "role" }, [item.role]),
            item.organisation &&
              el("p", { class: "org", part: "organisation" }, [item.organisation.name]),
            item.email && channel(ui.email, "mailto:" + item.email, item.email, "email"),
            item.phone &&
              channel(ui.phone, item.phone_e164 && "tel:" + item.phone_e164, item.phone, "phone"),
          ],
        );
      }),
    );
  }

  function emptyOr(items, make, text) {
    return items.length ? make() : el("p", { class: "status", part: "empty" }, [text]);
  }

  class LigaElement extends HTMLElement {
    connectedCallback() {
      this.render();
    }

    attributeChangedCallback() {
      var self = this;
      if (!this.shadowRoot || this._pending) return; // the first render is connectedCallback's
      this._pending = true;
      queueMicrotask(function () {
        self._pending = false;
        if (self.isConnected) self.render();
      });
    }

    render() {
      var root = this.shadowRoot || this.attachShadow({ mode: "open" });
      var locale = this.getAttribute("locale") || "de";
      // The widget's own words are German for German (and Easy German), else English.
      var code = language(locale) === "de" ? "de" : "en";
      var ui = Object.assign({ code: code }, LABELS[code]);
      var status = el("p", { class: "status", part: "status", role: "status" }, [ui.loading]);
      var box = el("div", { class: "liga", part: "root", lang: ui.code, "aria-busy": "true" }, [
        status,
      ]);
      box.dir = direction(locale);
      root.replaceChildren(el("style", {}, [CSS]), box);
      var level = headingLevel(this.getAttribute("heading-level"));
      var token = (this._token = {});
      var self = this;
      var params = { locale: this.getAttribute("locale") };
      if (this.hasAttribute("fallback")) params.fallback = "true";
      var loaded =
        level === null
          ? Promise.reject({ status: 400, body: { errors: { "heading-level": [] } } })
          : this.load(params);
      loaded
        .then(function (data) {
          if (self._token !== token) return; // attributes changed meanwhile
          box.append(self.view(data, level, ui));
          status.textContent = "";
        })
        .catch(function (problem) {
          if (self._token !== token) return;
          var errors = problem && problem.body && problem.body.errors;
          status.classList.add("error");
          status.textContent =
            problem && problem.status === 404
              ? ui.notFound
              : errors
                ? ui.bad + Object.keys(errors).join(", ")
                : ui.error + " ";
          if (!errors && !(problem && problem.status === 404)) {
            status.append(link(API + "/", ui.visit, { part: "link" }));
          }
        })
        .then(function () {
          box.removeAttribute("aria-busy");
        });
    }

    // A list endpoint, filtered by the attributes ``names`` of the same name.
    results(path, names, params) {
      names.forEach(function (name) {
        params[name] = this.getAttribute(name);
      }, this);
      return getJSON(path, params).then((page) => page.results);
    }
  }

  class LigaPositions extends LigaElement {
    static get observedAttributes() {
      var filters = ["topic", "kind", "organisation", "limit", "slug"];
      return filters.concat(["locale", "fallback", "heading-level"]);
    }
    load(params) {
      var slug = this.getAttribute("slug");
      if (slug) {
        return getJSON("positions/" + encodeURIComponent(slug) + "/", params).then((item) => [item]);
      }
      return this.results("positions/", ["topic", "kind", "organisation", "limit"], params);
    }
    view(items, level, ui) {
      return emptyOr(items, () => positionList(items, level, ui), ui.noPositions);
    }
  }

  class LigaContacts extends LigaElement {
    static get observedAttributes() {
      return ["topic", "organisation", "limit", "locale", "fallback", "heading-level"];
    }
    load(params) {
      return this.results("contacts/", ["topic", "organisation", "limit"], params);
    }
    view(items, level, ui) {
      return emptyOr(items, () => contactList(items, level, ui), ui.noContacts);
    }
  }

  class LigaTopic extends LigaElement {
    static get observedAttributes() {
      return ["slug", "locale", "fallback", "heading-level"];
    }
    load(params) {
      return getJSON("topics/" + encodeURIComponent(this.getAttribute("slug") || "") + "/", params);
    }
    view(topic, level, ui) {
      var sub = level + 1;
      var section = function (title, items, list) {
        if (!items.length) return null;
        var attrs = { class: "heading", part: "heading", lang: ui.code };
        return [heading(sub, attrs, [title]), list(items, sub + 1, ui)];
      };
      var attrs = { class: "topic", part: "topic", lang: topic.locale, dir: direction(topic.locale) };
      return el(
        "article",
        attrs,
        [
          heading(level, { class: "title", part: "title" }, [link(topic.url, topic.title)]),
          richText(topic.intro),
        ].concat(
          section(ui.positions, topic.positions, positionList),
          section(ui.contacts, topic.contacts, contactList),
        ),
      );
    }
  }

  customElements.define("liga-positions", LigaPositions);
  customElements.define("liga-topic", LigaTopic);
  customElements.define("liga-contacts", LigaContacts);
})();
