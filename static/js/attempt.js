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

  // --- Autosave: one small POST per change of answer; retry with back-off while the network is down.
  // A multiple-response page posts its whole set of ticks ("multiple=1" and one "choices" per tick) each time.
  // Only one save is in flight at a time: a change made meanwhile is sent after it, with the new sequence
  // number, so two quick ticks never race each other into a stale-answer refusal.
  const multiple = form.querySelector("input[name=multiple]") !== null;
  let pending = null;
  let sending = false;
  let retryTimer = null;
  let delay = 1000;

  function currentAnswer() {
    if (multiple) {
      return Array.from(form.querySelectorAll("input[name=choices]:checked")).map(function (box) {
        return box.value;
      });
    }
    const radio = form.querySelector("input[name=choice]:checked");
    return radio ? radio.value : null;
  }

  function retryLater() {
    say("Not saved — retrying", "retrying");
    retryTimer = setTimeout(save, delay);
    delay = Math.min(delay * 2, 30000);
  }

  async function save() {
    if (pending === null || sending) return;
    const sent = pending;
    const body = new FormData();
    body.append("csrfmiddlewaretoken", token);
    if (multiple) {
      body.append("multiple", "1");
      sent.forEach(function (id) { body.append("choices", id); });
    } else {
      body.append("choice", sent);
    }
    body.append("sequence", sequenceInput.value);
    say("Saving…", "saving");
    sending = true;
    let response;
    try {
      response = await fetch(form.dataset.saveUrl, {
        method: "POST",
        body: body,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
    } catch (err) {
      sending = false;
      retryLater();
      return;
    }
    let data = {};
    try { data = await response.json(); } catch (err) { data = {}; }
    sending = false;
    if (response.ok && data.saved) {
      sequenceInput.value = data.sequence;
      delay = 1000;
      if (pending !== sent) { save(); return; }  // changed again while this one was on its way
      pending = null;
      if (multiple) {
        say(sent.length ? "Saved: " + sent.length + " ticked" : "Saved: nothing ticked", "saved");
      } else {
        say("Saved", "saved");
      }
    } else if (response.status >= 500) {
      retryLater();
    } else {
      pending = null;
      say((data.message || "Not saved.") + " Reloading…", "refused");
      setTimeout(function () { window.location.reload(); }, 2500);
    }
  }

  if (form.dataset.autosave === "on") {
    form.addEventListener("change", function (event) {
      if (event.target.name !== "choice" && event.target.name !== "choices") return;
      pending = currentAnswer();
      clearTimeout(retryTimer);
      delay = 1000;
      save();
    });
    window.addEventListener("online", function () { if (pending !== null) save(); });
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

  // --- Keyboard shortcuts: 1-9 / A-D choose (or tick and clear a box), N next, P previous, F flag.
  // Never while typing.
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target && (target.tagName === "INPUT" && target.type === "text" || target.tagName === "TEXTAREA")) return;
    const key = event.key.toLowerCase();
    const inputs = form.querySelectorAll("input[name=choice]:not(:disabled), input[name=choices]:not(:disabled)");
    let index = -1;
    if (key.length === 1 && key >= "1" && key <= "9") index = Number(key) - 1;
    else if (key.length === 1 && key >= "a" && key <= "d") index = key.charCodeAt(0) - 97;
    if (index >= 0 && index < inputs.length) {
      const input = inputs[index];
      input.checked = input.type === "checkbox" ? !input.checked : true;
      input.focus();
      input.dispatchEvent(new Event("change", { bubbles: true }));
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
