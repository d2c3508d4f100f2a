// The offline page (issue #26): today's clients, the visit form and the sync panel. Works
// with no signal once the page is open; all client information is decrypted in memory by
// store.js and written into the page with textContent only.
(function () {
  "use strict";
  const Offline = window.CaseworkOffline;
  const app = document.getElementById("offline-app");
  if (!Offline || !app) return;

  const $ = (id) => document.getElementById(id);
  const form = $("offline-visit-form");
  const entry = $("visit-entry");
  let clients = [];
  let chosen = null;

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function localInput(date) {
    const pad = (n) => String(n).padStart(2, "0");
    return (
      date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()) +
      "T" + pad(date.getHours()) + ":" + pad(date.getMinutes())
    );
  }

  // Dates read as the server writes them (casework/formats/en: "7 Dec 2026, 15:30"), not in
  // the browser's locale ("Dec 7, 2026"), so one page never shows two formats.
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function day(date) {
    return date.getDate() + " " + MONTHS[date.getMonth()] + " " + date.getFullYear();
  }

  function when(iso) {
    const date = new Date(iso);
    const pad = (n) => String(n).padStart(2, "0");
    return day(date) + ", " + pad(date.getHours()) + ":" + pad(date.getMinutes());
  }

  function onDay(isoDate) {
    // "2026-12-07" is a day in the agency's calendar, not an instant: read it as local.
    const [year, month, date] = isoDate.split("-").map(Number);
    return day(new Date(year, month - 1, date));
  }

  // --- Signal ---------------------------------------------------------------------------
  function showSignal() {
    const badge = $("signal");
    const online = navigator.onLine;
    badge.textContent = online ? badge.dataset.online : badge.dataset.offline;
    badge.className = "badge " + (online ? "text-bg-success" : "text-bg-warning");
    $("take-today").disabled = !online;
    $("send-now").disabled = !online;
  }

  // --- Today's list ---------------------------------------------------------------------
  function details(client) {
    const box = document.createDocumentFragment();
    const section = (title, lines) => {
      box.append(el("p", title, "fw-semibold mb-1"));
      if (!lines.length) box.append(el("p", "None on record.", "text-body-secondary"));
      for (const line of lines) box.append(el("p", line, "mb-1"));
    };
    section(
      "Crisis plan",
      (client.crisis_plan || []).map((part) => part.label + ": " + part.text)
    );
    section(
      "Care team",
      (client.care_team || []).map((person) => person.name + " · " + person.phone)
    );
    section("Plan from the last signed note", client.last_plan ? [client.last_plan] : []);
    return box;
  }

  async function showToday() {
    const list = $("today-list");
    const status = $("today-status");
    const today = await Offline.readToday();
    list.replaceChildren();
    $("wipe-today").hidden = !today;
    if (!today) {
      clients = [];
      status.textContent = "Nothing taken offline on this device.";
      return;
    }
    if (today.locked) {
      clients = [];
      status.textContent =
        "Today's list is on this device but locked: it opens when this page can reach Casework.";
      return;
    }
    clients = today.clients;
    status.textContent =
      clients.length + " client" + (clients.length === 1 ? "" : "s") +
      " taken " + when(today.taken_at) + "; removed from this device by " + when(today.expires_at) + ".";
    const template = $("client-card");
    for (const client of clients) {
      const card = template.content.firstElementChild.cloneNode(true);
      const field = (name) => card.querySelector('[data-field="' + name + '"]');
      card.dataset.clientId = client.id;
      field("name").textContent = client.name;
      field("due").textContent = client.next_due ? "Due " + onDay(client.next_due) : "No contact yet";
      field("address").textContent = client.address || "No address on record";
      const phone = field("phone");
      phone.textContent = client.phone || "No phone on record";
      if (client.phone) phone.href = "tel:" + client.phone.replace(/[^0-9+]/g, "");
      field("details").append(details(client));
      card.querySelector('[data-action="log"]').addEventListener("click", () => openForm(client));
      list.append(card);
    }
  }

  $("take-today").addEventListener("click", async function () {
    const button = this;
    button.disabled = true;
    $("today-status").textContent = "Taking today's clients…";
    try {
      if (!Offline.hasKeys()) await Offline.loadKeys();
      await Offline.takeToday(app.dataset.takeUrl);
    } catch (e) {
      $("today-status").textContent = "Could not take today offline. Try again with signal.";
    }
    button.disabled = !navigator.onLine;
    await showToday();
  });

  $("wipe-today").addEventListener("click", async function () {
    await Offline.wipeToday();
    await showToday();
  });

  // --- The visit form -------------------------------------------------------------------
  const format = form.querySelector("[data-note-format]");
  function showSections() {
    for (const section of form.querySelectorAll("[data-formats]")) {
      section.classList.toggle("d-none", !section.dataset.formats.split(" ").includes(format.value));
    }
  }
  format.addEventListener("change", showSections);

  function openForm(client) {
    chosen = client;
    form.reset();
    $("visit-client").textContent = client.name;
    $("offline-form-error").hidden = true;
    const start = new Date(Date.now() - 60 * 60 * 1000);
    form.elements.contact_at.value = localInput(start);
    form.elements.contact_at.removeAttribute("max");
    form.elements.duration_minutes.value = "60";
    showSections();
    entry.hidden = false;
    entry.scrollIntoView({ block: "start" });
    form.elements.contact_at.focus();
  }

  $("visit-cancel").addEventListener("click", () => {
    entry.hidden = true;
    chosen = null;
  });

  function collect(sign) {
    const get = (name) => form.elements[name];
    const note = {};
    for (const section of form.querySelectorAll("[data-formats]")) {
      const area = section.querySelector("textarea");
      const key = area.name.replace(/^note_/, "");
      if (!section.classList.contains("d-none")) note[key] = area.value;
    }
    return {
      client: chosen.id,
      team: chosen.team,
      contact_at: get("contact_at").value,
      duration_minutes: Number(get("duration_minutes").value),
      mode: get("mode").value,
      place: get("place").value,
      services: Array.from(form.querySelectorAll('input[name="services"]:checked')).map((b) => b.value),
      is_crisis: get("is_crisis").checked,
      note_format: format.value,
      note: note,
      next_contact_due: get("next_contact_due").value || null,
      sign: sign,
      signed_on_device_at: sign ? new Date().toISOString() : null,
    };
  }

  function problem(visit) {
    if (!visit.contact_at) return "Give the date and time of the contact.";
    if (!Number.isInteger(visit.duration_minutes) || visit.duration_minutes < 0) {
      return "Give the duration in minutes.";
    }
    if (visit.sign) {
      for (const [key, text] of Object.entries(visit.note)) {
        if (!text.trim()) {
          const label = form.querySelector('label[for="id_note_' + key + '"]');
          return "Write the " + (label ? label.textContent.trim() : key) + " section before signing.";
        }
      }
    }
    return "";
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    const sign = event.submitter && event.submitter.value === "sign";
    const visit = collect(sign);
    const error = problem(visit);
    const shown = $("offline-form-error");
    if (error) {
      shown.textContent = error;
      shown.hidden = false;
      return;
    }
    if (sign && !window.confirm("Sign this note? Once it reaches the record it cannot be changed; later additions are addenda.")) {
      return;
    }
    try {
      await Offline.enqueue(visit, { name: chosen.name, contact_at: visit.contact_at, signed: sign });
    } catch (e) {
      shown.textContent = "This page has no key yet: open it once with signal, then log the visit.";
      shown.hidden = false;
      return;
    }
    entry.hidden = true;
    chosen = null;
    $("sync-panel").scrollIntoView({ block: "start" });
  });

  // --- The sync panel -------------------------------------------------------------------
  function label(row) {
    if (!row.content || !row.content.label) return "A visit (sign in to read it)";
    const l = row.content.label;
    return l.name + " · " + when(l.contact_at) + (l.signed ? " · signed" : " · draft");
  }

  function decisionControls(row) {
    const box = el("div", "", "d-flex flex-wrap gap-2 mt-2");
    const choices = (row.result && row.result.choices) || ["discard"];
    if (choices.includes("late_entry")) {
      const keep = el("button", "Keep as a late entry", "btn btn-sm btn-primary");
      keep.type = "button";
      keep.addEventListener("click", () => Offline.resolve(row.device_id, "late_entry"));
      box.append(keep);
    }
    if (choices.includes("handoff")) {
      const send = el("button", "Send to the new case manager", "btn btn-sm btn-primary");
      send.type = "button";
      send.addEventListener("click", () => Offline.resolve(row.device_id, "handoff"));
      box.append(send);
    }
    const discardForm = el("form", "", "d-flex flex-wrap gap-2 align-items-center w-100");
    const input = el("input", "", "form-control form-control-sm offline-reason");
    input.name = "reason";
    input.placeholder = "Why discard it?";
    input.required = true;
    input.setAttribute("aria-label", "Reason for discarding");
    const discard = el("button", "Discard", "btn btn-sm btn-outline-danger");
    discard.type = "submit";
    discardForm.append(input, discard);
    discardForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!input.value.trim()) {
        input.focus();
        return;
      }
      const answer = await Offline.discard(row.device_id, input.value);
      if (answer && answer.status !== "discarded") $("sync-status").textContent = answer.message;
    });
    box.append(discardForm);
    return box;
  }

  function noteText(row) {
    const payload = row.content && row.content.payload;
    if (!payload) return null;
    const box = el("div", "", "small border-start ps-2 mt-2");
    for (const [key, text] of Object.entries(payload.note || {})) {
      const line = el("p", "", "mb-1");
      line.append(el("span", key.charAt(0).toUpperCase() + key.slice(1) + ": ", "fw-semibold"));
      line.append(document.createTextNode(text));
      box.append(line);
    }
    return box;
  }

  async function showQueue() {
    const rows = await Offline.readQueue();
    const lists = { decide: [], waiting: [], synced: [] };
    for (const row of rows) {
      const item = el("li", "", "card mb-2");
      item.dataset.deviceId = row.device_id;
      item.dataset.state = row.state;
      const card = el("div", "", "card-body py-2");
      card.append(el("p", label(row), "mb-1 fw-semibold"));
      if (row.state === "synced") {
        if (row.result.url) {
          const link = el("a", row.result.status === "already_synced" ? "On the record (sent before)" : "On the record");
          link.href = row.result.url;
          card.append(link);
        } else {
          card.append(el("p", row.result.message || "Sent.", "small mb-0"));
        }
        lists.synced.push(item);
      } else if (row.state === "waiting") {
        card.append(el("p", "Queued " + when(row.queued_at), "small text-body-secondary mb-0"));
        lists.waiting.push(item);
      } else {
        card.append(el("p", (row.result && row.result.message) || "Refused.", "text-danger mb-1"));
        const text = noteText(row);
        if (text) card.append(text);
        if (row.content) card.append(decisionControls(row));
        lists.decide.push(item);
      }
      item.append(card);
    }
    // A redraw (another visit sent, a decision taken) must not lose a reason being typed.
    const typed = {};
    let focused = null;
    for (const input of document.querySelectorAll("#sync-decide .offline-reason")) {
      const id = input.closest("li").dataset.deviceId;
      typed[id] = input.value;
      if (document.activeElement === input) focused = id;
    }
    for (const [name, items] of Object.entries(lists)) {
      $("sync-" + name).replaceChildren(...items);
      $("count-" + name).textContent = String(items.length);
    }
    for (const input of document.querySelectorAll("#sync-decide .offline-reason")) {
      const id = input.closest("li").dataset.deviceId;
      if (typed[id]) input.value = typed[id];
      if (focused === id) input.focus();
    }
    $("clear-synced").hidden = !lists.synced.length;
    const waiting = lists.waiting.length;
    const decide = lists.decide.length;
    const parts = [];
    if (waiting) {
      parts.push(
        waiting + " waiting" + (navigator.onLine ? ", sending…" : "; sent when the signal returns.")
      );
    }
    if (decide) parts.push(decide + " need" + (decide === 1 ? "s" : "") + " your decision.");
    if (!parts.length && lists.synced.length) parts.push("Everything logged here has been sent.");
    $("sync-status").textContent = parts.join(" ");
  }

  $("send-now").addEventListener("click", () => Offline.sendQueue());
  $("clear-synced").addEventListener("click", () => Offline.clearSynced());

  let pending = null;
  Offline.onChange(function () {
    // Coalesce bursts of changes into one redraw.
    if (pending) return;
    pending = setTimeout(async () => {
      pending = null;
      await showToday();
      await showQueue();
    }, 50);
  });
  window.addEventListener("online", showSignal);
  window.addEventListener("offline", showSignal);
  showSignal();
  (async function start() {
    Offline.installWorker();
    if (navigator.onLine) await Offline.loadKeys();
    await showToday();
    await showQueue();
    Offline.sendQueue();
  })();
})();
