// The visit form without signal (issue #26): a new contact saved or signed while the phone
// has no signal goes into the device's encrypted queue (store.js) instead of failing, and
// uploads, once, when the signal returns. Drafts already on the server keep their autosave.
(function () {
  "use strict";
  const Offline = window.CaseworkOffline;
  const form = document.getElementById("visit-form");
  if (!Offline || !form || !form.dataset.offlineClient) return;

  // The keys are fetched while there is signal, so the form can seal a visit without it.
  if (navigator.onLine) Offline.loadKeys();

  function visit(sign) {
    const value = (name) => (form.elements[name] ? form.elements[name].value : "");
    const format = value("note_format");
    const note = {};
    for (const section of form.querySelectorAll("[data-formats]")) {
      if (!section.dataset.formats.split(" ").includes(format)) continue;
      const area = section.querySelector("textarea");
      note[area.name.replace(/^note_/, "")] = area.value;
    }
    return {
      client: Number(form.dataset.offlineClient),
      team: Number(form.dataset.offlineTeam),
      contact_at: value("contact_at"),
      duration_minutes: Number(value("duration_minutes")),
      mode: value("mode"),
      place: value("place"),
      services: Array.from(form.querySelectorAll('input[name="services"]:checked')).map((b) => b.value),
      is_crisis: Boolean(form.elements.is_crisis && form.elements.is_crisis.checked),
      note_format: format,
      note: note,
      next_contact_due: value("next_contact_due") || null,
      sign: sign,
      signed_on_device_at: sign ? new Date().toISOString() : null,
    };
  }

  form.addEventListener("submit", async function (event) {
    if (navigator.onLine || !Offline.hasKeys()) return; // the server takes it as usual
    event.preventDefault();
    const sign = Boolean(event.submitter && event.submitter.getAttribute("formaction"));
    const queued = visit(sign);
    await Offline.enqueue(queued, {
      name: form.dataset.offlineName,
      contact_at: queued.contact_at,
      signed: sign,
    });
    // The sealed copy replaces the autosave's copy in clear.
    try {
      localStorage.removeItem(form.dataset.autosaveKey);
    } catch (e) {
      // Nothing kept.
    }
    const modal = document.getElementById("sign-modal");
    if (modal && window.bootstrap) window.bootstrap.Modal.getOrCreateInstance(modal).hide();
    const done = document.getElementById("offline-queued");
    form.hidden = true;
    done.hidden = false;
    done.focus();
  });
})();
