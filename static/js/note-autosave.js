// Quick entry of a contact note: show the chosen format's sections, move the default
// next-due date with the contact date, and never lose typed text. htmx posts the draft while
// the author types (hx-trigger on the form); this script keeps a copy in localStorage until
// the server confirms a save, says so when a save fails (offline, signed out, refused), and
// puts a newer device copy back into the form on the next load. A form with no hx-post is
// only kept on the device until it is submitted.
(function () {
  "use strict";

  // The visit form, or another draft form that follows the same contract (data-autosave-key,
  // data-server-saved, hx-post answering with the X-Casework-Autosave header).
  const form =
    document.getElementById("visit-form") || document.querySelector("form[data-autosave-key]");
  if (!form) return;

  const key = form.dataset.autosaveKey;
  const serverSavedMs = Number(form.dataset.serverSaved || 0) * 1000;
  const localStatus = document.getElementById("local-status");
  const SKIP = new Set(["csrfmiddlewaretoken", "version"]);
  let lastInputAt = 0;
  let requestStartedAt = 0;

  function say(text) {
    if (!localStatus) return;
    localStatus.textContent = text;
    localStatus.hidden = !text;
  }

  function snapshot() {
    const fields = {};
    for (const el of form.elements) {
      if (!el.name || SKIP.has(el.name)) continue;
      if (el.type === "checkbox" || el.type === "radio") {
        fields[el.name] = fields[el.name] || [];
        if (el.checked) fields[el.name].push(el.value);
      } else if (el.type !== "submit" && el.type !== "button") {
        fields[el.name] = el.value;
      }
    }
    return fields;
  }

  function apply(fields) {
    for (const el of form.elements) {
      if (!el.name || !(el.name in fields)) continue;
      const value = fields[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = Array.isArray(value) && value.includes(el.value);
      } else if (typeof value === "string") {
        el.value = value;
      }
    }
  }

  function read(k) {
    try {
      return JSON.parse(localStorage.getItem(k) || "null");
    } catch (e) {
      return null;
    }
  }

  function keep() {
    lastInputAt = Date.now();
    try {
      localStorage.setItem(key, JSON.stringify({ at: lastInputAt, fields: snapshot() }));
    } catch (e) {
      // Storage full or disabled (private mode): the server copy is all there is.
    }
  }

  function forget(k) {
    try {
      localStorage.removeItem(k);
    } catch (e) {
      // Nothing to clear.
    }
  }

  // --- The chosen format's sections ------------------------------------------------------
  const format = form.querySelector("[data-note-format]");
  function showSections() {
    for (const section of form.querySelectorAll("[data-formats]")) {
      section.classList.toggle("d-none", !section.dataset.formats.split(" ").includes(format.value));
    }
  }
  if (format) format.addEventListener("change", showSections);

  // --- Next contact due follows the contact date until the author picks a date -------------
  const due = form.querySelector("[data-standard-days]");
  const when = form.querySelector("input[name=contact_at]");
  let dueTouched = false;
  if (due && when) {
    due.addEventListener("input", function () {
      dueTouched = true;
    });
    when.addEventListener("change", function () {
      const days = Number(due.dataset.standardDays);
      if (dueTouched || !when.value || !days) return;
      const day = new Date(when.value.slice(0, 10) + "T00:00:00Z");
      day.setUTCDate(day.getUTCDate() + days);
      due.value = day.toISOString().slice(0, 10);
    });
  }

  // --- Restore a newer copy kept on this device ---------------------------------------------
  const newKey = form.dataset.newKey;
  if (newKey) {
    // The quick-entry copy became this draft when it was first saved.
    const first = read(newKey);
    if (first && first.at <= serverSavedMs) forget(newKey);
  }
  const stored = read(key);
  if (stored && stored.fields) {
    const differs = JSON.stringify(stored.fields) !== JSON.stringify(snapshot());
    if (stored.at > serverSavedMs && differs) {
      apply(stored.fields);
      // The agency's TIME_FORMAT ("H:i", casework/formats): a 24-hour clock whatever the
      // browser's own locale would say ("03:30 PM").
      const at = new Date(stored.at).toLocaleTimeString([], {
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
      });
      say("Restored text kept on this device at " + at + ", newer than the saved copy. Check it.");
      if (form.hasAttribute("hx-post")) {
        // Save it once htmx has wired the form up (it does so on DOMContentLoaded).
        document.addEventListener("DOMContentLoaded", function () {
          setTimeout(function () {
            form.dispatchEvent(new Event("input", { bubbles: true }));
          }, 0);
        });
      }
    } else {
      forget(key);
    }
  }
  showSections();

  form.addEventListener("input", keep);
  form.addEventListener("change", keep);
  if (!form.hasAttribute("hx-post")) {
    // A form only kept on the device (a new goal): once sent, the server has it, or answers
    // with the form again holding what was typed.
    form.addEventListener("submit", function () {
      forget(key);
    });
  }

  // --- What happened to each autosave ------------------------------------------------------
  const KEPT = " Your text is kept on this device.";
  form.addEventListener("htmx:beforeRequest", function () {
    requestStartedAt = Date.now();
  });
  form.addEventListener("htmx:beforeSwap", function (event) {
    const answer = event.detail.xhr.getResponseHeader("X-Casework-Autosave");
    if (!answer) {
      // Not our answer: the session ended and this is the sign-in page, or a proxy spoke.
      event.detail.shouldSwap = false;
      say("Not saved — signed out." + KEPT + " Sign in again in a new tab, then keep typing here.");
    }
  });
  form.addEventListener("htmx:afterRequest", function (event) {
    const xhr = event.detail.xhr;
    const answer = xhr && xhr.getResponseHeader("X-Casework-Autosave");
    if (answer === "saved") {
      say("");
      // Typing since the request began is not in the server copy yet: keep it.
      if (lastInputAt <= requestStartedAt) forget(key);
    } else if (answer === "refused") {
      say("");
    }
  });
  form.addEventListener("htmx:sendError", function () {
    say("Not saved — offline." + KEPT + " It saves when the connection is back and you type.");
  });
  form.addEventListener("htmx:responseError", function (event) {
    say("Not saved — the server answered " + event.detail.xhr.status + "." + KEPT);
  });
})();
