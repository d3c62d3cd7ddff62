/* "3 days ago" for every date the site writes (intranet/site/entry.py):
   <time class="intranet-when" datetime="2026-11-24">24 November 2026</time>
   becomes "5 days ago", with the date in full kept in its title (shown on hover) and in
   its datetime. Only the reader's browser knows what day it is where they are: the page
   is built once and read for weeks. A date this browser thinks is still to come (its
   clock is wrong, or the page was built ahead) keeps its full date; so does every date
   without script, or where the browser cannot phrase it. A file of the site, like the
   theme's scripts: the Content-Security-Policy runs no inline script. */
(() => {
  "use strict";
  if (typeof Intl === "undefined" || !Intl.RelativeTimeFormat) {
    return;
  }
  const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
  const lang = document.documentElement.lang || "en";
  const days = new Intl.RelativeTimeFormat(lang, { numeric: "auto" }); // today, yesterday
  const counted = new Intl.RelativeTimeFormat(lang, { numeric: "always" }); // 1 week ago

  // Whole calendar days between two local midnights (Math.round absorbs a DST hour).
  const between = (from, to) => Math.round((to - from) / 86400000);

  // Whole calendar months from `from` to `to`, counting a month once its day has come.
  const months = (from, to) => {
    const count = (to.getFullYear() - from.getFullYear()) * 12 + to.getMonth() - from.getMonth();
    return to.getDate() < from.getDate() ? count - 1 : count;
  };

  const phrase = (then, today) => {
    const ago = between(then, today);
    if (ago < 7) {
      return days.format(-ago, "day");
    }
    if (ago < 30) {
      return counted.format(-Math.floor(ago / 7), "week");
    }
    const passed = Math.max(1, months(then, today));
    if (passed < 12) {
      return counted.format(-passed, "month");
    }
    return counted.format(-Math.floor(passed / 12), "year");
  };

  const now = new Date();
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  for (const time of document.querySelectorAll("time.intranet-when[datetime]")) {
    const parts = DATE.exec(time.getAttribute("datetime"));
    if (!parts) {
      continue;
    }
    const then = new Date(Number(parts[1]), Number(parts[2]) - 1, Number(parts[3]));
    if (Number.isNaN(then.getTime()) || then > today) {
      continue;
    }
    time.title = time.textContent;
    time.textContent = phrase(then, today);
  }
})();
