// Working without signal (issue #26): the device's side of the keys, the encrypted stores
// and the upload queue, shared by every signed-in page (base.html) and the offline page.
//
// What is kept on the device, and how (clients/services/offline.py has the server's side):
// - IndexedDB "casework-offline": the today list and the queued visits, each encrypted with
//   AES-GCM. Nothing in clear but ids, states and times.
// - The keys come from the server (GET offline/keys/) and live only in this page's memory,
//   imported as non-extractable CryptoKeys: never in IndexedDB, localStorage or
//   sessionStorage. A page reopened without signal cannot read the list until the signal
//   returns; a queued visit waits, encrypted, and uploads once its author is signed in.
// - localStorage holds only two marks, no client information: "casework:offline-holds-data"
//   (this device holds a list or a queue, so sign-out waits for the wipe) and
//   "casework:signout-pending" (a sign-out made without signal, finished on the server at
//   the next page load with signal).
(function () {
  "use strict";

  const DB_NAME = "casework-offline";
  const SIGNOUT_PENDING = "casework:signout-pending";
  // Set once this device holds a list or a queue (no client information in it): sign-out
  // then waits for the wipe before it leaves the page.
  const HOLDS_DATA = "casework:offline-holds-data";
  const body = document.body;
  const urls = {
    keys: body.dataset.offlineKeys,
    wipe: body.dataset.offlineWipe,
    upload: body.dataset.syncUpload,
    discard: body.dataset.syncDiscard,
    serviceWorker: body.dataset.serviceWorker,
  };
  const memory = { user: null, queue: null, today: null, todayExpires: null, csrf: null };
  const listeners = new Set();
  let sending = false;

  // --- IndexedDB ------------------------------------------------------------------------
  function openDb() {
    return new Promise(function (resolve, reject) {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        const db = request.result;
        db.createObjectStore("today", { keyPath: "id" });
        db.createObjectStore("queue", { keyPath: "device_id" });
      };
      request.onsuccess = function () {
        resolve(request.result);
      };
      request.onerror = function () {
        reject(request.error);
      };
    });
  }

  async function tx(store, mode, work) {
    const db = await openDb();
    try {
      return await new Promise(function (resolve, reject) {
        const transaction = db.transaction(store, mode);
        const result = work(transaction.objectStore(store));
        transaction.oncomplete = function () {
          resolve(result && "result" in result ? result.result : undefined);
        };
        transaction.onerror = function () {
          reject(transaction.error);
        };
      });
    } finally {
      db.close();
    }
  }

  const put = (store, row) => tx(store, "readwrite", (s) => s.put(row));
  const remove = (store, key) => tx(store, "readwrite", (s) => s.delete(key));
  const get = (store, key) => tx(store, "readonly", (s) => s.get(key));
  const all = (store) => tx(store, "readonly", (s) => s.getAll());

  // --- Web Crypto -----------------------------------------------------------------------
  function bytes(b64) {
    return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  }

  function importKey(b64) {
    return crypto.subtle.importKey("raw", bytes(b64), "AES-GCM", false, ["encrypt", "decrypt"]);
  }

  // The person's id is bound into every ciphertext: a row cannot be moved to another user.
  function aad() {
    return new TextEncoder().encode("casework:" + memory.user);
  }

  async function seal(key, value) {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const plain = new TextEncoder().encode(JSON.stringify(value));
    const data = await crypto.subtle.encrypt({ name: "AES-GCM", iv: iv, additionalData: aad() }, key, plain);
    return { iv: iv, data: new Uint8Array(data) };
  }

  async function open(key, sealed) {
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: sealed.iv, additionalData: aad() },
      key,
      sealed.data
    );
    return JSON.parse(new TextDecoder().decode(plain));
  }

  // --- Keys -----------------------------------------------------------------------------
  // Fetches the keys; false when there is no signal or no signed-in session.
  async function loadKeys() {
    if (!urls.keys) return false; // a page for someone who logs no visits
    let response;
    try {
      response = await fetch(urls.keys, { credentials: "same-origin", cache: "no-store" });
    } catch (e) {
      return false;
    }
    const json = response.ok && (response.headers.get("Content-Type") || "").includes("json");
    if (!json) {
      // Signed out, or the session ended: what was taken for that session goes.
      await forgetToday();
      return false;
    }
    await useKeys(await response.json());
    return true;
  }

  async function useKeys(keys) {
    memory.user = keys.user;
    memory.csrf = keys.csrf_token;
    memory.queue = await importKey(keys.queue_key);
    if (keys.today) {
      memory.today = await importKey(keys.today.key);
      memory.todayExpires = Date.parse(keys.today.expires_at);
    } else {
      memory.today = null;
      memory.todayExpires = null;
      await forgetToday(); // the session's key is gone: the copy is unreadable, delete it
    }
    changed();
  }

  // --- Today's list ---------------------------------------------------------------------
  async function takeToday(takeUrl) {
    const response = await fetch(takeUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": memory.csrf || "" },
    });
    if (!response.ok) throw new Error("take failed: " + response.status);
    const answer = await response.json();
    await useKeys(answer);
    const sealed = await seal(memory.today, { taken_at: answer.taken_at, clients: answer.clients });
    markHoldsData();
    await put("today", {
      id: "today",
      user: memory.user,
      expires_at: answer.today.expires_at,
      iv: sealed.iv,
      data: sealed.data,
    });
    changed();
    return answer.clients;
  }

  async function readToday() {
    const row = await get("today", "today").catch(() => null);
    if (!row) return null;
    const otherUser = memory.user !== null && row.user !== memory.user;
    if (Date.now() >= Date.parse(row.expires_at) || otherUser) {
      await forgetToday();
      return null;
    }
    if (!memory.today) return { locked: true, expires_at: row.expires_at };
    try {
      return Object.assign({ expires_at: row.expires_at }, await open(memory.today, row));
    } catch (e) {
      await forgetToday(); // a key of another session: unreadable for good
      return null;
    }
  }

  async function forgetToday() {
    try {
      await remove("today", "today");
    } catch (e) {
      // No database yet: nothing to forget.
    }
    memory.today = null;
    memory.todayExpires = null;
  }

  async function wipeToday() {
    await forgetToday();
    if (navigator.onLine && memory.csrf) {
      fetch(urls.wipe, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": memory.csrf },
      }).catch(() => {});
    }
    changed();
  }

  // --- The queue ------------------------------------------------------------------------
  async function enqueue(visit, label) {
    if (!memory.queue) throw new Error("no key: open Casework with signal once first");
    const payload = Object.assign({ device_id: crypto.randomUUID() }, visit);
    const sealed = await seal(memory.queue, { payload: payload, label: label });
    markHoldsData();
    await put("queue", {
      device_id: payload.device_id,
      user: memory.user,
      seq: Date.now() * 1000 + Math.floor(Math.random() * 1000),
      state: "waiting",
      resolution: "",
      queued_at: new Date().toISOString(),
      result: null,
      iv: sealed.iv,
      data: sealed.data,
    });
    changed();
    sendQueue();
    return payload.device_id;
  }

  // The queue as the page shows it: decrypted in memory where the key allows.
  async function readQueue() {
    const rows = (await all("queue").catch(() => [])).sort((a, b) => a.seq - b.seq);
    const shown = [];
    for (const row of rows) {
      let content = null;
      if (memory.queue && row.user === memory.user) {
        content = await open(memory.queue, row).catch(() => null);
      }
      shown.push(Object.assign({}, row, { iv: undefined, data: undefined, content: content }));
    }
    return shown;
  }

  function stateFor(status) {
    if (status === 201 || status === 200) return "synced";
    if (status === 409) return "conflict";
    return "invalid";
  }

  // Uploads waiting visits one by one, oldest first; stops at the first sign of no signal or
  // no session, so later visits never overtake earlier ones.
  async function sendQueue() {
    if (sending || !navigator.onLine) return;
    sending = true;
    try {
      if (!memory.queue && !(await loadKeys())) return;
      const rows = (await all("queue")).sort((a, b) => a.seq - b.seq);
      for (const row of rows) {
        if (row.state !== "waiting" || row.user !== memory.user) continue;
        const content = await open(memory.queue, row);
        const upload = Object.assign({}, content.payload, { resolution: row.resolution || "" });
        let response;
        try {
          response = await fetch(urls.upload, {
            method: "POST",
            credentials: "same-origin",
            headers: { "Content-Type": "application/json", "X-CSRFToken": memory.csrf || "" },
            body: JSON.stringify(upload),
          });
        } catch (e) {
          break; // the signal went again
        }
        const isJson = (response.headers.get("Content-Type") || "").includes("json");
        if (!isJson || response.status === 403) {
          // A sign-in page or a refused token: sign in again, the visit keeps waiting.
          await loadKeys();
          break;
        }
        const answer = await response.json();
        row.state = stateFor(response.status);
        row.result = answer;
        row.updated_at = new Date().toISOString();
        if (row.state === "synced") {
          // The text is on the record now: keep only a sealed label for the list.
          const sealed = await seal(memory.queue, { label: content.label, payload: null });
          row.iv = sealed.iv;
          row.data = sealed.data;
        }
        await put("queue", row);
        changed();
      }
    } finally {
      sending = false;
      changed();
    }
  }

  async function resolve(deviceId, resolution) {
    const row = await get("queue", deviceId);
    if (!row) return;
    row.state = "waiting";
    row.resolution = resolution;
    await put("queue", row);
    changed();
    await sendQueue();
  }

  async function discard(deviceId, reason) {
    const row = await get("queue", deviceId);
    if (!row) return null;
    const content = await open(memory.queue, row);
    const response = await fetch(urls.discard, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": memory.csrf || "" },
      body: JSON.stringify({ device_id: deviceId, client: content.payload.client, reason: reason }),
    });
    const answer = await response.json();
    if (response.ok) {
      await remove("queue", deviceId);
      changed();
    }
    return answer;
  }

  async function clearSynced() {
    for (const row of await all("queue").catch(() => [])) {
      if (row.state === "synced") await remove("queue", row.device_id);
    }
    changed();
  }

  // --- Sign-out -------------------------------------------------------------------------
  // Leaves nothing readable: the today list is deleted, synced rows go, the keys leave
  // memory; visits not yet sent stay sealed for their author's next sign-in.
  async function wipeForSignOut() {
    await forgetToday();
    await clearSynced();
    memory.queue = null;
    memory.user = null;
    memory.csrf = null;
    try {
      for (const key of Object.keys(localStorage)) {
        if (key.startsWith("casework:")) localStorage.removeItem(key);
      }
      sessionStorage.clear();
    } catch (e) {
      // Storage disabled: nothing was kept there.
    }
    const left = await all("queue").catch(() => []);
    if (left.length) markHoldsData(); // sealed visits wait for their author's next sign-in
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({ type: "casework:wipe" });
    }
  }

  function holdsData() {
    try {
      return localStorage.getItem(HOLDS_DATA) === "1";
    } catch (e) {
      return true; // cannot tell: wipe to be sure
    }
  }

  function markHoldsData() {
    try {
      localStorage.setItem(HOLDS_DATA, "1");
    } catch (e) {
      // Without storage the sign-out always wipes (holdsData answers true).
    }
  }

  function onSignOut(form) {
    // On the document, capturing: this runs before sign-out.js clears localStorage (and with
    // it the mark this reads).
    document.addEventListener("submit", async function (event) {
      if (event.target !== form) return;
      // A device that never took anything offline signs out at once, as it always did.
      if (form.dataset.wiped || (navigator.onLine && !holdsData())) return;
      event.preventDefault();
      await wipeForSignOut();
      form.dataset.wiped = "1";
      if (navigator.onLine) {
        form.submit();
        return;
      }
      // No signal: the server cannot hear the sign-out now. Finish it at the next load with
      // signal, and take the client information off the screen meanwhile.
      try {
        localStorage.setItem(SIGNOUT_PENDING, "1");
      } catch (e) {
        // Without storage the session ends on the server by its own time limits.
      }
      const main = document.getElementById("main");
      if (main) {
        main.replaceChildren();
        const note = document.createElement("p");
        note.className = "alert alert-info";
        note.id = "signed-out-offline";
        note.textContent =
          "Signed out on this device. Casework finishes signing you out when the signal returns.";
        main.append(note);
      }
      document.querySelectorAll("header nav .navbar-collapse").forEach((el) => el.remove());
    }, true);
  }

  function finishPendingSignOut(form) {
    let pending = false;
    try {
      pending = localStorage.getItem(SIGNOUT_PENDING) === "1";
    } catch (e) {
      pending = false;
    }
    if (!pending || !navigator.onLine) return false;
    localStorage.removeItem(SIGNOUT_PENDING);
    form.dataset.wiped = "1";
    form.submit();
    return true;
  }

  // --- Wiring ---------------------------------------------------------------------------
  function changed() {
    for (const listener of listeners) listener();
  }

  async function expireToday() {
    const row = await get("today", "today").catch(() => null);
    if (row && Date.now() >= Date.parse(row.expires_at)) await wipeToday();
  }

  window.CaseworkOffline = {
    loadKeys: loadKeys,
    takeToday: takeToday,
    readToday: readToday,
    wipeToday: wipeToday,
    enqueue: enqueue,
    readQueue: readQueue,
    sendQueue: sendQueue,
    resolve: resolve,
    discard: discard,
    clearSynced: clearSynced,
    // The service worker is installed by the pages that work offline (the Offline page),
    // not by every page: people who never work offline never run one.
    installWorker: function () {
      if (!navigator.serviceWorker || !urls.serviceWorker) return Promise.resolve(null);
      return navigator.serviceWorker.register(urls.serviceWorker, { scope: "/" }).catch(() => null);
    },
    onChange: (listener) => listeners.add(listener),
    hasKeys: () => Boolean(memory.queue),
    memory: () => ({ user: memory.user, todayExpires: memory.todayExpires }),
  };

  const signOut = document.getElementById("sign-out-form");
  if (signOut) {
    if (finishPendingSignOut(signOut)) return;
    onSignOut(signOut);
  }
  window.addEventListener("online", () => sendQueue());
  setInterval(expireToday, 60 * 1000);
  expireToday();
  // Anything waiting from before (a page closed without signal) goes as soon as it can.
  // Only a page with something waiting asks for the keys; other pages cost nothing.
  if (navigator.onLine) {
    all("queue")
      .then((rows) => rows.some((row) => row.state === "waiting") && sendQueue())
      .catch(() => {});
  }
})();
