{% autoescape off %}// Casework's service worker (issue #26), built on Workbox from npm. It keeps Casework's own
// static files and the offline page (which holds no client information: its list arrives
// encrypted and is read in memory) so the page opens without signal. Record pages are never
// cached: they go to the network, and without signal the offline page answers instead.
"use strict";
const MODULES = {{ modules_json }};
importScripts({{ workbox_sw_json }});
workbox.setConfig({ debug: false, modulePathCb: (name) => MODULES[name] });

const VERSION = {{ version_json }};
const STATIC_PREFIX = {{ static_prefix_json }};
const SHELL = {{ shell_url_json }};
const STATIC_CACHE = "casework-static-" + VERSION;
const SHELL_CACHE = "casework-shell";

// The static files a page names in its src and href attributes.
const staticFilesOf = (html) =>
  [...html.matchAll(/(?:src|href)="([^"]+)"/g)]
    .map((match) => match[1])
    .filter((url) => url.startsWith(STATIC_PREFIX));

// Keep the offline page from the start (only a signed-in fetch answers it; a sign-in page
// redirect is not kept), and the static files it needs: the page that installs this worker
// fetched them before the worker was in charge, so they would not be kept otherwise, and
// without signal the page would open with no script to read the day's list.
self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      try {
        const response = await fetch(SHELL, { credentials: "same-origin", redirect: "manual" });
        if (response.ok) {
          const files = staticFilesOf(await response.clone().text());
          await (await caches.open(SHELL_CACHE)).put(SHELL, response);
          const cache = await caches.open(STATIC_CACHE);
          await Promise.all(files.map((url) => cache.add(url).catch(() => null)));
        }
      } catch (error) {
        // No signal at install: the page is kept the next time it is opened.
      }
      await self.skipWaiting();
    })()
  );
});
self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("casework-static-") && name !== STATIC_CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })()
  );
});

const sameOrigin = (url) => url.origin === self.location.origin;

workbox.routing.registerRoute(
  ({ url, request }) =>
    sameOrigin(url) && request.method === "GET" && url.pathname.startsWith(STATIC_PREFIX),
  new workbox.strategies.StaleWhileRevalidate({ cacheName: STATIC_CACHE })
);

workbox.routing.registerRoute(
  ({ url, request }) => sameOrigin(url) && request.mode === "navigate" && url.pathname === SHELL,
  new workbox.strategies.NetworkFirst({ cacheName: SHELL_CACHE, networkTimeoutSeconds: 5 })
);

// Without signal, any other page of Casework opens the offline page instead of an error.
workbox.routing.registerRoute(
  ({ url, request }) => sameOrigin(url) && request.mode === "navigate",
  async ({ request }) => {
    try {
      return await fetch(request);
    } catch (error) {
      const shell = await caches.match(SHELL, { cacheName: SHELL_CACHE, ignoreSearch: true });
      if (shell) return shell;
      throw error;
    }
  }
);

// Sign-out: forget the offline page too (it names the person signed in).
self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "casework:wipe") {
    event.waitUntil(caches.delete(SHELL_CACHE));
  }
});
{% endautoescape %}
