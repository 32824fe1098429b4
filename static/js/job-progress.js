/* Follows the jobs shown on a page (elements with data-job-url, see
   templates/jobs/_job.html): polls each job's JSON (/jobs/<id>/) every two seconds,
   moves its progress bar and state, and reloads the page when the job is done or has
   failed, so that the server shows the result or the error and the retry button. */
(function () {
  "use strict";
  var FINISHED = { done: true, failed: true };
  function follow(box) {
    var bar = box.querySelector("progress");
    var label = box.querySelector("[data-job-label]");
    function poll() {
      fetch(box.getAttribute("data-job-url"), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (job) {
          if (bar) { bar.value = job.percent; bar.textContent = job.percent + " %"; }
          if (label) label.textContent = job.state_label + " (" + job.percent + " %)";
          if (FINISHED[job.state] || job.retryable) { location.reload(); return; }
          setTimeout(poll, 2000);
        })
        .catch(function () { setTimeout(poll, 5000); });
    }
    setTimeout(poll, 1000);
  }
  document.querySelectorAll("[data-job-url]").forEach(function (box) {
    if (!FINISHED[box.getAttribute("data-job-state")] && box.getAttribute("data-job-retryable") !== "1") {
      follow(box);
    }
  });
})();
