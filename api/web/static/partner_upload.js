/* Upload progress for the partner's program file: bytes sent, then on to the upload's job page. */
(function () {
  "use strict";
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.target;
    if (!form || form.id !== "upload-form") {
      return;
    }
    var box = document.getElementById("upload-progress");
    var bar = document.getElementById("upload-bar");
    var status = document.getElementById("upload-status");
    box.hidden = false;
    bar.value = 0;
    status.textContent = "Sending the file…";
  });
  document.addEventListener("htmx:xhr:progress", function (event) {
    var bar = document.getElementById("upload-bar");
    var status = document.getElementById("upload-status");
    if (!bar || !event.detail.lengthComputable) {
      return;
    }
    var percent = Math.round((event.detail.loaded / event.detail.total) * 100);
    bar.value = percent;
    if (percent >= 100) {
      bar.removeAttribute("value"); /* indeterminate until the job page opens */
      status.textContent = "File sent. Opening its progress page…";
    } else {
      status.textContent = "Sending the file… " + percent + "%";
    }
  });
  /* htmx reports the upload's and the response's progress alike, and Chromium may send no upload
     progress at all for a small file: the answer arriving is the sure sign the file was sent. */
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target;
    var status = document.getElementById("upload-status");
    if (!form || form.id !== "upload-form" || !status || !event.detail.successful) {
      return;
    }
    var bar = document.getElementById("upload-bar");
    if (bar) {
      bar.removeAttribute("value");
    }
    status.textContent = "File sent. Opening its progress page…";
  });
})();
