/* The search box, over Pagefind's index (intranet/site/search.py): Material's dialog and
   keys, but nothing is fetched until a reader opens the search, and then only Pagefind's
   engine, the chunks of the index their words need and the excerpts of the results they
   see. The dialog's words are the theme's (data-* of partials/search.html).

   Excerpts come from the index as HTML with <mark> around the words found; only their text
   and those marks are shown (parsed in an inert document, rebuilt here), so whatever a
   post says shows as text. A reply is told apart by its address (#reply-…), which no
   author can give a heading of their own (the sanitizer prefixes their ids). */
(() => {
  "use strict";
  const script = document.currentScript;
  const dialog = document.querySelector(".intranet-search");
  const toggle = document.getElementById("__search");
  if (!script || !dialog || !toggle) {
    return;
  }
  const root = new URL("../../", script.src); // the script is assets/javascripts/
  const input = dialog.querySelector(".md-search__input");
  const meta = dialog.querySelector(".md-search-result__meta");
  const list = dialog.querySelector(".md-search-result__list");
  const narrow = dialog.querySelector(".intranet-search__filters");
  const selects = [...dialog.querySelectorAll("select[data-intranet-filter]")];
  const words = dialog.dataset;
  const SHOWN = 10; // results shown at once; "More results" shows the next
  const SUBS = 3; // sections or replies shown under a result
  const WAIT = 80; // ms after the last key before searching
  const HIGHLIGHT = "h"; // a result's address carries the words, marked on its page
  let engine = null;
  let latest = 0;
  let timer = 0;

  // Started when the dialog opens, so that the engine is ready by the time the first
  // word is typed. A large site's index comes in several bundles (intranet/site/search.py),
  // merged here: they share the first one's engine.
  const load = () => {
    engine ??= import(new URL("pagefind/pagefind.js", root).href).then(async (pf) => {
      const options = { baseUrl: root.pathname, excerptLength: 24, highlightParam: HIGHLIGHT };
      const [, shards] = await Promise.all([pf.options(options),
        fetch(new URL("pagefind/shards.json", root)).then((r) => r.json())]);
      await pf.init();
      await Promise.all(shards.map((shard) => pf.mergeIndex(new URL(shard, root).pathname,
        options)));
      return pf;
    });
    return engine;
  };

  const make = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  };

  const marked = (into, excerpt) => {
    const parsed = new DOMParser().parseFromString(excerpt || "", "text/html");
    for (const node of parsed.body.childNodes) {
      into.append(node.nodeName === "MARK" ? make("mark", "", node.textContent)
        : node.textContent);
    }
    return into;
  };

  const counted = (n) => (n === 0 ? words.none : n === 1 ? words.one
    : words.other.replace("#", n.toLocaleString()));

  const article = (heading, title, excerpt, context) => {
    const body = make("article", "md-search-result__article md-typeset");
    if (heading === "h1") {
      body.append(make("div", "md-search-result__icon md-icon"));
    }
    body.append(make(heading, "", title));
    if (context) {
      body.append(make("p", "intranet-search__context", context));
    }
    body.append(marked(make("p", "md-search-result__teaser"), excerpt));
    return body;
  };

  const link = (url, child) => {
    const a = make("a", "md-search-result__link");
    a.href = url;
    a.tabIndex = -1;
    a.append(child);
    return a;
  };

  const item = (data) => {
    const li = make("li", "md-search-result__item");
    const title = data.meta.title || data.url;
    li.append(link(data.url, article("h1", title, data.excerpt, data.meta.context)));
    // Sections under the page's headings; what comes before the first <h2> is the page
    // under its title, which the result shows already.
    const subs = (data.sub_results || []).filter((sub) => sub.anchor
      && sub.anchor.element !== "h1");
    for (const sub of subs.slice(0, SUBS)) {
      const reply = new URL(sub.url, location.href).hash.startsWith("#reply-");
      const heading = reply ? `Reply by ${sub.title}` : sub.title;
      li.append(link(sub.url, article("h2", heading, sub.excerpt, "")));
    }
    return li;
  };

  const show = async (results, from, generation) => {
    list.querySelector(".intranet-search__more")?.remove();
    // Asked for all at once, shown in order as they come: the first shows first.
    for (const pending of results.slice(from, from + SHOWN).map((r) => r.data())) {
      const data = await pending;
      if (generation !== latest) {
        return;
      }
      list.append(item(data));
    }
    if (from + SHOWN < results.length) {
      const li = make("li", "md-search-result__item intranet-search__more");
      const more = make("button", "md-button", "More results");
      more.type = "button";
      more.addEventListener("click", () => show(results, from + SHOWN, generation));
      li.append(more);
      list.append(li);
    }
  };

  const chosen = () => Object.fromEntries(selects.filter((s) => s.value)
    .map((s) => [s.dataset.intranetFilter, s.value]));

  const run = async () => {
    const generation = ++latest;
    const term = input.value.trim();
    const filters = chosen();
    if (!term && Object.keys(filters).length === 0) {
      meta.textContent = words.placeholder;
      list.replaceChildren();
      return;
    }
    const pf = await load();
    const found = await pf.search(term || null, { filters });
    if (generation !== latest) {
      return;
    }
    meta.textContent = counted(found.results.length);
    list.replaceChildren();
    await show(found.results, 0, generation);
  };

  const fill = async () => {
    const pf = await load();
    const available = await pf.filters();
    for (const select of selects) {
      const counts = available[select.dataset.intranetFilter] || {};
      const names = Object.keys(counts).sort((a, b) => a.localeCompare(b));
      select.append(...names.map((name) => {
        const option = make("option", "", `${name} (${counts[name]})`);
        option.value = name;
        return option;
      }));
    }
  };

  const opened = () => {
    input.focus();
    load();
  };

  const open = (query) => {
    toggle.checked = true;
    if (query !== undefined) {
      input.value = query;
      run();
    }
    opened();
  };

  const close = () => {
    toggle.checked = false;
    input.blur();
  };

  const editable = (el) => el && (el.isContentEditable
    || ["INPUT", "SELECT", "TEXTAREA"].includes(el.tagName));

  const focusables = () => [input, ...list.querySelectorAll(
    ".md-search-result__link, .intranet-search__more button")];

  const move = (by) => {
    const all = focusables();
    const at = all.indexOf(document.activeElement);
    all[Math.max(0, Math.min(all.length - 1, at + by))].focus();
  };

  toggle.addEventListener("change", () => (toggle.checked ? opened() : input.blur()));
  input.addEventListener("focus", () => { // the box in the header, clicked: open the dialog
    toggle.checked = true;
    load();
  });
  let filled = null;
  narrow.addEventListener("toggle", () => {
    filled ??= narrow.open ? fill() : null;
  });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const term = input.value.trim();
    if (term) { // the chunks of the words are fetched while the reader still types
      load().then((pf) => pf.preload(term));
    }
    timer = setTimeout(run, WAIT);
  });
  for (const select of selects) {
    select.addEventListener("change", run);
  }
  dialog.querySelector("form").addEventListener("submit", (event) => {
    event.preventDefault(); // Enter opens the first result, as in Material
    list.querySelector(".md-search-result__link")?.click();
  });
  dialog.querySelector("form").addEventListener("reset", () => setTimeout(run));
  list.addEventListener("click", (event) => {
    if (event.target.closest(".md-search-result__link")) {
      close(); // a reply on this same page: the page shows it, not the dialog
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.metaKey || event.ctrlKey || event.altKey) {
      return;
    }
    if (!toggle.checked) {
      if (["/", "s", "f"].includes(event.key) && !editable(document.activeElement)) {
        event.preventDefault();
        open();
      }
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      move(event.key === "ArrowDown" ? 1 : -1);
    }
  });
  const params = new URLSearchParams(location.search);
  if (params.get("q") !== null) { // ?q=: the 404 page's "Search the intranet"
    open(params.get("q"));
  }
  if (params.get(HIGHLIGHT)) { // from a result: mark the words found, in the page's text
    import(new URL("pagefind/pagefind-highlight.js", root).href).then(() => {
      // Material's own look for <mark>; Pagefind's inline <style> the CSP would refuse.
      new window.PagefindHighlight({ highlightParam: HIGHLIGHT, addStyles: false });
    });
  }
})();
