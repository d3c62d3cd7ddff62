/* The intranet's own script, a file of the site like the theme's (its
   Content-Security-Policy runs no inline script). It fills in the links that write from
   the site. A "Reply" or "Write a post" link to the forge's new-file editor holds
   placeholders a static page cannot fill in (see intranet/site/write.py): YOUR-HANDLE,
   YYYYMMDD-HHMM, YYYY-MM-DD and HH:MM. Here the reader says once who they are, from
   everyone in org.yml (assets/intranet/people.json); the choice stays in this browser
   (localStorage), and each link gets their handle and the current time whenever it is
   about to be followed. Without this script the links still work: the editor opens with
   the placeholders, and the page says what to replace them with. */
(() => {
  "use strict";
  const links = [...document.querySelectorAll("a[data-intranet-write]")];
  const script = document.currentScript;
  if (links.length === 0 || !script) {
    return;
  }
  const root = new URL("../../", script.src); // the script is assets/javascripts/
  const key = `intranet.author:${root.pathname}`; // one choice per site
  const HANDLE = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
  const templates = new Map(links.map((link) => [link, link.getAttribute("href")]));
  const hints = [...document.querySelectorAll(".intranet-write__hint")];
  const choosers = [];
  let chosen = "";

  const two = (n) => String(n).padStart(2, "0");

  // The forge reads the query as it was encoded (intranet/site/write.py): ":" is %3A.
  const fill = (template, handle, now) => {
    const day = `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
    const time = `${two(now.getHours())}:${two(now.getMinutes())}`;
    return template
      .split("YYYYMMDD-HHMM").join(`${day.replaceAll("-", "")}-${time.replace(":", "")}`)
      .split("YOUR-HANDLE").join(encodeURIComponent(handle))
      .split("YYYY-MM-DD").join(day)
      .split("HH%3AMM").join(encodeURIComponent(time));
  };

  const update = () => {
    const now = new Date();
    for (const [link, template] of templates) {
      link.href = chosen ? fill(template, chosen, now) : template;
    }
    for (const hint of hints) {
      hint.hidden = Boolean(chosen);
    }
    for (const select of choosers) {
      select.value = chosen;
    }
  };

  const remember = (handle) => {
    chosen = handle;
    try {
      if (handle) {
        localStorage.setItem(key, handle);
      } else {
        localStorage.removeItem(key);
      }
    } catch {
      // Storage may be off: the choice then holds for this page only.
    }
    update();
  };

  const chooser = (people) => {
    const label = document.createElement("label");
    label.className = "intranet-who";
    label.append("Writing as ");
    const select = document.createElement("select");
    select.append(new Option("Choose who you are", ""));
    for (const person of people) {
      select.append(new Option(`${person.name} (${person.handle})`, person.handle));
    }
    select.addEventListener("change", () => remember(select.value));
    label.append(select);
    choosers.push(select);
    return label;
  };

  // The time is the time of writing: taken again whenever a link is about to be used.
  for (const link of links) {
    for (const event of ["pointerdown", "focus", "click"]) {
      link.addEventListener(event, update);
    }
  }

  fetch(new URL("assets/intranet/people.json", root))
    .then((response) => (response.ok ? response.json() : []))
    .then((found) => {
      const people = (Array.isArray(found) ? found : []).filter(
        (person) => typeof person.name === "string" && HANDLE.test(person.handle));
      let stored = "";
      try {
        stored = localStorage.getItem(key) || "";
      } catch {
        stored = "";
      }
      // Someone who left the org chart can no longer write: choose again.
      chosen = people.some((person) => person.handle === stored) ? stored : "";
      for (const place of document.querySelectorAll("p.intranet-write")) {
        place.prepend(chooser(people));
      }
      update();
    })
    .catch(() => {
      // No list of people: the links keep their placeholders, as without script.
    });
})();
