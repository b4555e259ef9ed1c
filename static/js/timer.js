// The countdown shown on attempt pages. It only displays the deadline the server set; the server enforces it.
// The candidate may hide the countdown (kept hidden on every page of this tab); the 5-minute and 1-minute
// warnings still appear. A warning is announced (one polite live region, so it never cuts into what a screen
// reader is reading) only when its threshold is crossed while the page is open: a page that opens already
// under five minutes shows the warning but does not announce it again on every question.
(function () {
  "use strict";

  const timer = document.getElementById("timer");
  if (!timer) return;
  const deadline = Date.parse(timer.dataset.deadline);
  const skew = Date.parse(timer.dataset.now) - Date.now();
  const text = document.getElementById("timer-text");
  const warning = document.getElementById("timer-warning");
  const announce = document.getElementById("timer-announce");
  const toggle = document.getElementById("timer-toggle");
  const hiddenKey = "cpsprep-timer-hidden";
  const warned = {};

  function setHidden(hide) {
    text.hidden = hide;
    toggle.setAttribute("aria-expanded", hide ? "false" : "true");
    toggle.textContent = hide ? "Show timer" : "Hide timer";
  }

  let startHidden = false;
  try { startHidden = sessionStorage.getItem(hiddenKey) === "1"; } catch (err) { startHidden = false; }
  toggle.hidden = false;
  setHidden(startHidden);
  toggle.addEventListener("click", function () {
    const hide = toggle.getAttribute("aria-expanded") === "true";
    setHidden(hide);
    try { sessionStorage.setItem(hiddenKey, hide ? "1" : "0"); } catch (err) { /* private mode */ }
  });

  let interval = null;
  let first = true; // the first tick runs on load: thresholds already passed are shown, not announced
  function tick() {
    const left = Math.max(0, Math.round((deadline - (Date.now() + skew)) / 1000));
    const minutes = Math.floor(left / 60);
    const seconds = left % 60;
    text.textContent = minutes + ":" + String(seconds).padStart(2, "0") + " left";
    [[300, "5 minutes left."], [60, "1 minute left."]].forEach(function (mark) {
      if (left <= mark[0] && left > 0 && !warned[mark[0]]) {
        warned[mark[0]] = true;
        warning.textContent = mark[1];
        timer.classList.add("timer-warning");
        if (!first) announce.textContent = mark[1];
      }
    });
    first = false;
    if (left === 0) {
      warning.textContent = "Time is up. Your saved answers are being submitted.";
      announce.textContent = warning.textContent;
      clearInterval(interval);
      setTimeout(function () { window.location.reload(); }, 3000);
    }
  }
  interval = setInterval(tick, 1000);
  tick();
})();
