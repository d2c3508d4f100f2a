// A draft form that autosaves through htmx also carries a version for its own submit buttons
// (Save draft, Sign). A submit sent while an autosave is in flight would carry the version that
// save is about to replace, and be refused as "saved elsewhere" though nothing else saved it.
// Hold such a submit until the autosave answers (it puts the new version in the form), then
// send it with the same button.
(function () {
  "use strict";
  document.addEventListener(
    "submit",
    function (event) {
      const form = event.target;
      if (!form.hasAttribute("hx-post") || !form.classList.contains("htmx-request")) return;
      event.preventDefault();
      const submitter = event.submitter;
      form.addEventListener(
        "htmx:afterRequest",
        function () {
          // After this request's swap, so the version field is the new one.
          setTimeout(function () {
            form.requestSubmit(submitter || undefined);
          }, 0);
        },
        { once: true }
      );
    },
    true
  );
})();
