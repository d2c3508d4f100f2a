// Intake: show whether the client is a minor as soon as the date of birth is typed. The
// flag is derived, never stored from input; the server derives it the same way.
(function () {
  "use strict";
  function update() {
    var input = document.querySelector("[data-minor-source]");
    var flag = document.getElementById("minor-flag");
    if (!input || !flag) return;
    var value = input.value;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) { flag.dataset.minor = "unknown"; return; }
    var parts = value.split("-").map(Number);
    var today = new Date();
    var age = today.getFullYear() - parts[0];
    if (today.getMonth() + 1 < parts[1] || (today.getMonth() + 1 === parts[1] && today.getDate() < parts[2])) age -= 1;
    flag.dataset.minor = age < 0 ? "unknown" : (age < 18 ? "yes" : "no");
  }
  document.addEventListener("DOMContentLoaded", function () {
    var input = document.querySelector("[data-minor-source]");
    if (input) { input.addEventListener("input", update); input.addEventListener("change", update); update(); }
  });
})();
