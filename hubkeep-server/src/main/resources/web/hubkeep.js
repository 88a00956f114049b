// Hubkeep's one script. Every page works without it; it only adds what needs a script.
// The Copy button next to a new token's value: shown only where copying works; an upload's progress.
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
  // An upload form: sent by XMLHttpRequest to show its progress; without a script it posts as any form.
  function size(bytes) {
    var units = ["B", "KB", "MB", "GB", "TB"];
    var unit = 0;
    while (bytes >= 1024 && unit < units.length - 1) {
      bytes /= 1024;
      unit++;
    }
    return (unit === 0 ? bytes : bytes.toFixed(1)) + " " + units[unit];
  }
  function progressive(root) {
    root.querySelectorAll("form[data-upload]").forEach(function (form) {
      var box = form.querySelector("[data-progress]");
      if (!box || !window.FormData || !window.XMLHttpRequest || !window.DOMParser || form.dataset.ready) {
        return;
      }
      form.dataset.ready = "1";
      var bar = box.querySelector("progress");
      var text = box.querySelector("[data-progress-text]");
      var button = form.querySelector("button[type=submit]");
      function fail(message) {
        text.textContent = message;
        text.setAttribute("role", "alert");
        button.disabled = false;
      }
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var xhr = new XMLHttpRequest();
        xhr.open("POST", form.action);
        xhr.setRequestHeader("Accept", "text/html");
        xhr.upload.addEventListener("progress", function (e) {
          if (e.lengthComputable) {
            bar.value = Math.floor(e.loaded * 100 / e.total);
            text.textContent = "Uploading: " + bar.value + "% (" + size(e.loaded) + " of " + size(e.total) + ")";
          }
        });
        xhr.upload.addEventListener("load", function () {
          bar.value = 100;
          text.textContent = "Uploaded; storing and committing…";
        });
        xhr.addEventListener("load", function () {
          if (xhr.status >= 200 && xhr.status < 300) {
            window.location.assign(xhr.responseURL);
            return;
          }
          // The hub answered with a page: show its reason (as text) here, the chosen files still chosen.
          var page = new DOMParser().parseFromString(xhr.responseText, "text/html");
          var reason = page.getElementById("form-error") || page.getElementById("message");
          fail(reason ? reason.textContent : "The upload failed (" + xhr.status + "); send it again.");
        });
        xhr.addEventListener("error", function () {
          fail("The upload was interrupted: check the connection and send it again.");
        });
        button.disabled = true;
        box.hidden = false;
        text.setAttribute("role", "status");
        text.textContent = "Starting the upload…";
        xhr.send(new FormData(form));
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { enhance(document); progressive(document); });
  document.addEventListener("htmx:load", function (event) { enhance(event.target); progressive(event.target); });
})();
