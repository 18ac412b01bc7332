/* Follows an officer import on its page (portal/imports/job.html).
 *
 * Without scripts the page shows the progress when it was loaded and a
 * "Refresh" link. With them, this asks the job's status URL every second,
 * moves the bar and the "N of M rows" text, and reloads the page once the
 * check or the import is over (the page then lists the changes or the rows
 * to correct). Every text comes translated from the server.
 */
(function () {
  "use strict";

  var INTERVAL = 1000;
  var MAX_INTERVAL = 15000;
  var box = document.querySelector("[data-import-status-url]");
  if (!box) {
    return;
  }
  var url = box.getAttribute("data-import-status-url");
  var bar = box.querySelector("progress");
  var words = box.querySelector("[data-import-progress-text]");
  var status = box.querySelector("[data-import-status]");
  var delay = INTERVAL;

  function setText(element, text) {
    if (element && element.textContent !== text) {
      element.textContent = text;
    }
  }

  function show(job) {
    if (job.total > 0) {
      bar.max = job.total;
      bar.value = Math.min(job.done, job.total);
    }
    setText(bar, job.percent + "%");
    setText(words, job.progress_text || "");
    setText(status, job.status_label);
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
      if (job.status !== "queued" && job.status !== "running") {
        window.location.reload();
        return;
      }
      show(job);
      window.setTimeout(poll, delay);
    }).catch(function () {
      // A slow or broken link: ask again, less often; "Refresh" still works.
      delay = Math.min(delay * 2, MAX_INTERVAL);
      window.setTimeout(poll, delay);
    });
  }

  window.setTimeout(poll, INTERVAL);
}());
