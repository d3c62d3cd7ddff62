/* The People page's filter box (the page is intranet/site/directory.py): it narrows the
   list as you type, by name, title, handle or department, hiding departments left with
   nobody, and says how many match, or that none does and what to try. Without this
   script the page lists everyone, as it is written: the box exists only where it works.
   A file of the site: the Content-Security-Policy runs no inline script. */
(() => {
  "use strict";
  const directory = document.querySelector(".intranet-directory");
  if (!directory) {
    return;
  }
  // "Zoë" is found by "zoe", "ZOE" and "zo": case and accents do not count.
  const fold = (text) =>
    text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ");
  // A heading's text, without its permalink's pilcrow.
  const named = (heading) =>
    heading ? [...heading.childNodes].filter((n) => !n.classList?.contains("headerlink"))
      .map((n) => n.textContent).join("").trim() : "";

  const groups = [...directory.querySelectorAll(".intranet-directory__group")].map((group) => {
    const department = named(group.querySelector("h2"));
    return {
      element: group,
      people: [...group.querySelectorAll("li")].map((item) => ({
        element: item,
        text: fold(`${item.textContent} ${department}`),
      })),
    };
  });
  const total = groups.reduce((sum, group) => sum + group.people.length, 0);

  const box = document.createElement("div");
  box.className = "intranet-filter";
  const label = document.createElement("label");
  label.htmlFor = "intranet-filter";
  label.textContent = "Filter people";
  const input = document.createElement("input");
  input.type = "search";
  input.id = "intranet-filter";
  input.placeholder = "Name, title or department";
  input.autocomplete = "off";
  input.spellcheck = false;
  const status = document.createElement("p");
  status.className = "intranet-filter__status";
  status.setAttribute("role", "status");
  box.append(label, input, status);

  const people = (n) => `${n} ${n === 1 ? "person" : "people"}`;

  const apply = () => {
    const words = fold(input.value).trim().split(" ").filter(Boolean);
    let shown = 0;
    for (const group of groups) {
      let here = 0;
      for (const person of group.people) {
        const match = words.every((word) => person.text.includes(word));
        person.element.hidden = !match;
        here += match ? 1 : 0;
      }
      group.element.hidden = here === 0;
      shown += here;
    }
    if (words.length === 0) {
      status.textContent = "";
    } else if (shown === 0) {
      status.textContent = `No one matches “${input.value.trim()}”. Try part of a name, ` +
        "a job title or a department, or clear the box to see everyone.";
    } else {
      const verb = shown === 1 ? "matches" : "match";
      status.textContent = `${shown} of ${people(total)} ${verb} “${input.value.trim()}”.`;
    }
  };

  input.addEventListener("input", apply);
  directory.before(box);
  if (input.value) {
    apply(); // the browser restored what was typed before going back to the page
  }
})();
