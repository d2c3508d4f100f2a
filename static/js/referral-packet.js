// The packet page opens the print dialog once the print has been logged as a disclosure
// (the page after the POST carries data-autoprint); inline handlers are refused by the CSP.
if (document.querySelector("[data-autoprint]")) {
  window.addEventListener("load", () => window.print());
}
