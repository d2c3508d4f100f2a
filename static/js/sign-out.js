// Signing out leaves no client information on the device: drop the note copies that
// note-autosave.js keeps in localStorage while a save is pending (security.md (d)(7)).
(function () {
  "use strict";
  const form = document.getElementById("sign-out-form");
  if (!form) return;
  form.addEventListener("submit", function () {
    try {
      for (const key of Object.keys(localStorage)) {
        if (key.startsWith("casework:")) localStorage.removeItem(key);
      }
    } catch (e) {
      // Storage disabled: nothing was kept.
    }
  });
})();
