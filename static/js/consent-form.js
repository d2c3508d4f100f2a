// The release and disclosure forms: show only the fields that apply to the chosen recipient
// and signer. Without JavaScript every field shows and the server checks the same rules.
(function () {
  function wrapper(name) {
    return document.getElementById("div_id_" + name);
  }

  function toggle(names, visible) {
    names.forEach(function (name) {
      var el = wrapper(name);
      if (el) el.hidden = !visible;
    });
  }

  function checked(name) {
    var input = document.querySelector('input[name="' + name + '"]:checked');
    return input ? input.value : "";
  }

  function update() {
    var kind = checked("recipient_kind");
    if (kind) {
      toggle(["related_person"], kind === "related_person");
      toggle(["recipient_name", "recipient_details", "recipient_is_intermediary"],
        kind !== "related_person");
    }
    var signer = document.getElementById("id_signer_kind");
    if (signer) {
      toggle(["representative_name", "representative_authority"], signer.value !== "client");
    }
  }

  document.addEventListener("change", function (event) {
    if (event.target.name === "recipient_kind" || event.target.name === "signer_kind") update();
  });
  document.addEventListener("DOMContentLoaded", update);
})();
