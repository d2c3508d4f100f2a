// Instrument entry: show only the items the skip logic asks now. The server decides (the
// instrument's definition): the live result it returns carries the asked item codes in
// data-asked; this script hides the other items. Without JavaScript every item shows and
// the server ignores answers to items it did not ask.
(function () {
  "use strict";

  function apply() {
    const result = document.getElementById("live-result");
    if (!result || !result.dataset.asked) return;
    const asked = new Set(result.dataset.asked.split(" "));
    for (const item of document.querySelectorAll(".instrument-item[data-item]")) {
      item.hidden = !asked.has(item.dataset.item);
    }
  }

  document.addEventListener("DOMContentLoaded", apply);
  document.addEventListener("htmx:afterSettle", apply);
})();
