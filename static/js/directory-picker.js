// The care-team form's directory picker: choosing a result links the provider to that
// directory entry (the hidden directory_organization_id, checked again on save) and fills
// the organisation and phone when they are empty. The results come from htmx.
(function () {
  "use strict";
  function parts(box) {
    var form = box.closest("form");
    return {
      form: form,
      id: form.querySelector("input[name=directory_organization_id]"),
      linked: box.querySelector("[data-directory-linked]"),
      link: box.querySelector("[data-directory-link]"),
      inactive: box.querySelector("[data-directory-inactive]"),
      search: box.querySelector("input[type=search]"),
      results: box.querySelector("#directory-picker-results"),
    };
  }
  function fillEmpty(form, name, value) {
    var input = form.querySelector("[name=" + name + "]");
    if (input && !input.value.trim() && value) input.value = value;
  }
  document.addEventListener("click", function (event) {
    var box = event.target.closest("[data-directory-picker]");
    if (!box) return;
    var p = parts(box);
    var pick = event.target.closest("[data-directory-pick]");
    if (pick) {
      p.id.value = pick.dataset.id;
      fillEmpty(p.form, "organization_name", pick.dataset.name);
      fillEmpty(p.form, "phone", pick.dataset.phone);
      p.link.textContent = pick.dataset.name;
      p.link.href = pick.dataset.url;
      p.inactive.hidden = true;
      p.linked.hidden = false;
      p.results.innerHTML = "";
      p.search.value = "";
      p.search.classList.remove("is-invalid");
      p.link.focus();
      return;
    }
    if (event.target.closest("[data-directory-unlink]")) {
      p.id.value = "";
      p.linked.hidden = true;
      p.search.focus();
    }
  });
  // Enter in the search box searches; it must not save the form half-filled.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches("[data-directory-picker] input[type=search]")) {
      event.preventDefault();
    }
  });
})();
