// Hubkeep's one script. Every page works without it; it only adds what needs a script.
// The Copy button next to a new token's value: shown only where copying works.
(function () {
  "use strict";
  function enhance(root) {
    root.querySelectorAll("button[data-copy]").forEach(function (button) {
      var source = document.getElementById(button.getAttribute("data-copy"));
      if (!source || !navigator.clipboard || button.dataset.ready) {
        return;
      }
      button.dataset.ready = "1";
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(source.value !== undefined ? source.value : source.textContent).then(function () {
          button.textContent = "Copied";
        }, function () {
          button.textContent = "Select and copy it";
        });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:load", function (event) { enhance(event.target); });
})();
