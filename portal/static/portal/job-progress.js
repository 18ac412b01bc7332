/* Follows a background job on its status page (portal/jobs/job.html).
 *
 * Without scripts the page shows the progress when it was loaded and a
 * "Refresh" link. With them, this asks the job's status URL every second and
 * updates the bar, the words next to it and the status line (an aria-live
 * region, changed only when the status itself changes), then shows the
 * download link or the error. Every text comes translated from the server.
 */
(function () {
  "use strict";

  var INTERVAL = 1000;
  var MAX_INTERVAL = 15000;
  var box = document.querySelector("[data-job-status-url]");
  if (!box || box.getAttribute("data-job-finished") === "true") {
    return;
  }
  var url = box.getAttribute("data-job-status-url");
  var bar = box.querySelector("progress");
  var words = box.querySelector("[data-job-progress-text]");
  var status = box.querySelector("[data-job-status]");
  var error = box.querySelector("[data-job-error]");
  var download = box.querySelector("[data-job-download]");
  var refresh = box.querySelector("[data-job-refresh]");
  var delay = INTERVAL;

  function setText(element, text) {
    if (element && element.textContent !== text) {
      element.textContent = text;
    }
  }

  function show(job) {
    if (job.total > 0) {
      var value = job.status === "done" ? job.total : Math.min(job.done, job.total);
      bar.max = job.total;
      bar.value = value;
    } else if (job.status === "done") {
      bar.max = 1;
      bar.value = 1;
    } else {
      bar.removeAttribute("value"); // indeterminate: not started yet
    }
    setText(bar, job.percent + "%");
    setText(words, job.progress_text || "");
    setText(status, job.status_label);
    if (job.error) {
      setText(error, job.error);
      error.hidden = false;
    }
    if (job.download_url) {
      download.querySelector("a").href = job.download_url;
      download.hidden = false;
    }
    if (job.finished && refresh) {
      refresh.hidden = true;
    }
  }

  function poll() {
    window.fetch(url, {
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "application/json" }
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    }).then(function (job) {
      delay = INTERVAL;
      show(job);
      if (!job.finished) {
        window.setTimeout(poll, delay);
      }
    }).catch(function () {
      // A slow or broken link: ask again, less often; "Refresh" still works.
      delay = Math.min(delay * 2, MAX_INTERVAL);
      window.setTimeout(poll, delay);
    });
  }

  window.setTimeout(poll, INTERVAL);
}());
