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

  // --- Flag: a fetch that leaves the page (and the choice made, and the focus) as it is. Without this
  // script the button submits the question form to the flag address, which sends the choice back.
  const flagButton = document.getElementById("flag-button");
  const flagStatus = document.getElementById("flag-status");
  let flagging = false;
  if (flagButton) {
    flagButton.addEventListener("click", async function (event) {
      event.preventDefault();
      if (flagging) return;
      flagging = true;
      const wanted = flagButton.value === "1";
      const body = new FormData();
      body.append("csrfmiddlewaretoken", token);
      body.append("flagged", wanted ? "1" : "0");
      let response = null;
      let data = {};
      try {
        response = await fetch(flagButton.getAttribute("formaction"), {
          method: "POST",
          body: body,
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        data = await response.json();
      } catch (err) {
        data = {};
      }
      flagging = false;
      if (!response || !response.ok || !data.saved) {
        flagStatus.textContent = data.message || "The flag could not be saved. Check your connection and try again.";
        return;
      }
      flagButton.value = data.flagged ? "0" : "1";
      flagButton.setAttribute("aria-pressed", data.flagged ? "true" : "false");
      flagButton.textContent = data.flagged ? "Remove flag" : "Flag this question to come back to";
      flagStatus.textContent = data.flagged ? "Flagged" : "Flag removed";
      const current = document.querySelector(".question-nav [aria-current=step]");
      if (current) {
        const mark = current.querySelector("[aria-hidden=true]");
        const spoken = current.querySelector(".visually-hidden");
        if (data.flagged && !mark) {
          const sign = document.createElement("span");
          sign.setAttribute("aria-hidden", "true");
          sign.textContent = " \u2691";
          current.insertBefore(sign, spoken);
        } else if (!data.flagged && mark) {
          mark.remove();
        }
        spoken.textContent = spoken.textContent.replace(/, flagged$/, "") + (data.flagged ? ", flagged" : "");
      }
    });
  }

  // --- Keyboard shortcuts: 1-9 / A-D choose (or tick and clear a box), N next, P previous, F flag.
  // WCAG 2.1.4: the candidate can turn them off (remembered in this browser); never with Ctrl, Alt or Meta
  // held, and never while typing in a text field, a list box or an editable area.
  const shortcutsKey = "cpsprep-shortcuts";
  const shortcutsBox = document.getElementById("shortcuts");
  const shortcutsOn = document.getElementById("shortcuts-on");
  const shortcutHint = document.getElementById("shortcut-hint");
  let shortcuts = true;
  try { shortcuts = localStorage.getItem(shortcutsKey) !== "off"; } catch (err) { shortcuts = true; }

  function showShortcuts() {
    shortcutsOn.checked = shortcuts;
    shortcutHint.hidden = !shortcuts;
  }
  if (shortcutsBox) {
    shortcutsBox.hidden = false;
    showShortcuts();
    shortcutsOn.addEventListener("change", function () {
      shortcuts = shortcutsOn.checked;
      try { localStorage.setItem(shortcutsKey, shortcuts ? "on" : "off"); } catch (err) { /* private mode */ }
      showShortcuts();
    });
  }

  const NOT_TEXT = ["radio", "checkbox", "button", "submit", "reset"];
  function typing(target) {
    if (!target || !target.tagName) return false;
    if (target.isContentEditable) return true;
    if (target.tagName === "TEXTAREA" || target.tagName === "SELECT") return true;
    return target.tagName === "INPUT" && NOT_TEXT.indexOf(target.type) === -1;
  }

  document.addEventListener("keydown", function (event) {
    if (!shortcuts || !shortcutsBox) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target)) return;
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
