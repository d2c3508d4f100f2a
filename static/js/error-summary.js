// The error summary (templates/casework/_error_summary.html): after a refused submit, the
// first field in error is scrolled to and focused, and each line of the summary focuses its
// field. Scrolling centres the field so a sticky action bar never covers it.
(function () {
  "use strict";

  function focusField(id) {
    var field = document.getElementById(id);
    if (!field) return false;
    field.scrollIntoView({ block: "center" });
    field.focus({ preventScroll: true });
    return true;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("[data-error-target]");
      if (link && focusField(link.getAttribute("data-error-target"))) event.preventDefault();
    });
    var first = summary.querySelector("[data-error-target]");
    if (first) focusField(first.getAttribute("data-error-target"));
    else summary.focus();
  });
})();
