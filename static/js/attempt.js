// Question page: autosave of each answer, the timer, and keyboard shortcuts.
// The page works without this script: every button is a normal form submission.
(function () {
  "use strict";

  const form = document.getElementById("question-form");
  if (!form) return;
  const status = document.getElementById("save-status");
  const sequenceInput = form.querySelector("input[name=sequence]");
  const token = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  function say(text, kind) {
    status.textContent = text;
    status.dataset.state = kind;
  }

  // --- Autosave: one small POST per chosen answer; retry with back-off while the network is down.
  let pending = null;
  let retryTimer = null;
  let delay = 1000;

  async function save() {
    if (!pending) return;
    const body = new FormData();
    body.append("csrfmiddlewaretoken", token);
    body.append("choice", pending);
    body.append("sequence", sequenceInput.value);
    say("Saving…", "saving");
    let response;
    try {
      response = await fetch(form.dataset.saveUrl, {
        method: "POST",
        body: body,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
    } catch (err) {
      say("Not saved — retrying", "retrying");
      retryTimer = setTimeout(save, delay);
      delay = Math.min(delay * 2, 30000);
      return;
    }
    let data = {};
    try { data = await response.json(); } catch (err) { data = {}; }
    if (response.ok && data.saved) {
      sequenceInput.value = data.sequence;
      pending = null;
      delay = 1000;
      say("Saved", "saved");
    } else if (response.status >= 500) {
      say("Not saved — retrying", "retrying");
      retryTimer = setTimeout(save, delay);
      delay = Math.min(delay * 2, 30000);
    } else {
      pending = null;
      say((data.message || "Not saved.") + " Reloading…", "refused");
      setTimeout(function () { window.location.reload(); }, 2500);
    }
  }

  if (form.dataset.autosave === "on") {
    form.addEventListener("change", function (event) {
      if (event.target.name !== "choice") return;
      pending = event.target.value;
      clearTimeout(retryTimer);
      delay = 1000;
      save();
    });
    window.addEventListener("online", function () { if (pending) save(); });
  }

  // --- Strike-out: cross out options you have ruled out. Kept in this tab only; it never changes an answer.
  const strikeKey = "cpsprep-struck-" + form.dataset.slot;
  let struck = [];
  try { struck = JSON.parse(sessionStorage.getItem(strikeKey) || "[]"); } catch (err) { struck = []; }
  form.querySelectorAll(".strike-toggle").forEach(function (button) {
    const choice = button.closest(".choice");
    function show(on) {
      choice.classList.toggle("struck", on);
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.firstChild.textContent = on ? "Undo strike-out" : "Strike out";
    }
    button.hidden = false;
    show(struck.indexOf(button.dataset.choice) !== -1);
    button.addEventListener("click", function () {
      const on = !choice.classList.contains("struck");
      struck = struck.filter(function (id) { return id !== button.dataset.choice; });
      if (on) struck.push(button.dataset.choice);
      try { sessionStorage.setItem(strikeKey, JSON.stringify(struck)); } catch (err) { /* private mode */ }
      show(on);
    });
  });

  // --- Keyboard shortcuts: 1-4 / A-D choose, N next, P previous, F flag. Never while typing.
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target && (target.tagName === "INPUT" && target.type === "text" || target.tagName === "TEXTAREA")) return;
    const key = event.key.toLowerCase();
    const radios = form.querySelectorAll("input[name=choice]:not(:disabled)");
    let index = -1;
    if (key >= "1" && key <= "9") index = Number(key) - 1;
    else if (key.length === 1 && key >= "a" && key <= "d") index = key.charCodeAt(0) - 97;
    if (index >= 0 && index < radios.length) {
      radios[index].checked = true;
      radios[index].focus();
      radios[index].dispatchEvent(new Event("change", { bubbles: true }));
      event.preventDefault();
      return;
    }
    const shortcut = { n: "next", p: "prev", f: "flag" }[key];
    if (shortcut) {
      const button = document.querySelector("[data-shortcut=" + shortcut + "]");
      if (button) { event.preventDefault(); button.click(); }
    }
  });

})();
