/* Autosave and countdown for the attempt page. Progressive enhancement: the
   form works without it; nothing here can extend the server's deadline. */
(function () {
  "use strict";
  var form = document.querySelector("form.quiz-attempt");
  if (!form || !window.fetch || !window.URLSearchParams) return;
  var token = form.querySelector("[name=csrfmiddlewaretoken]");

  function status(section, text, bad) {
    var el = section.querySelector(".quiz-status");
    if (!el) return;
    el.textContent = text;
    el.classList.toggle("bad", !!bad);
  }

  // One save at a time, in order. A second change sent while the first was on
  // its way would carry the old sequence and be refused as if another tab had
  // answered; it waits, and goes with the sequence the first one returns. On
  // a slow link, one request at a time is also the fastest.
  var queue = [];
  var busy = false;
  var submitter = null;

  function enqueue(section) {
    if (queue.indexOf(section) < 0) queue.push(section);
    status(section, form.dataset.saving || "…");
    pump();
  }

  function pump() {
    if (busy) return;
    if (submitter) {
      // The form is being sent: it carries every answer, with the sequences
      // the saves just returned.
      var button = submitter;
      submitter = null;
      queue = [];
      if (button === form) form.requestSubmit(); else form.requestSubmit(button);
      return;
    }
    var section = queue.shift();
    if (!section) return;
    busy = true;
    send(section).then(function () {
      busy = false;
      pump();
    });
  }

  function send(section) {
    var prefix = section.id + "-";
    var body = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (name.indexOf(prefix) === 0) body.append(name, value);
    });
    var seq = form.elements[prefix + "sequence"];
    return fetch(section.dataset.autosave, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "", "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (data) {
        if (response.ok) {
          if (seq) seq.value = data.sequence;
          // A newer change is queued: its own status follows.
          if (queue.indexOf(section) < 0) status(section, form.dataset.saved);
          return;
        }
        var errors = data.errors || {};
        var message = Object.keys(errors).map(function (k) { return errors[k]; }).join(" ");
        status(section, form.dataset.notSaved + " " + message, true);
        if (data.result_url) window.location.href = data.result_url;
      }, function () {
        // Not JSON: an error page from the server or a proxy.
        status(section, form.dataset.notSaved + " " + response.status, true);
      });
    }).catch(function () {
      status(section, form.dataset.offline, true);
    });
  }

  form.addEventListener("change", function (event) {
    var section = event.target.closest("section.quiz-question[data-autosave]");
    if (section && event.target.name && event.target.name.indexOf(section.id + "-") === 0) {
      enqueue(section);
    }
  });

  // Save, Submit or Enter while a save is on its way: wait for it, so that the
  // form is sent with the sequence it returns (not refused as stale).
  form.addEventListener("submit", function (event) {
    if (!busy || !form.requestSubmit) {
      queue = [];
      return;
    }
    event.preventDefault();
    submitter = event.submitter || form;
  });

  var timer = document.getElementById("quiz-timer");
  if (timer) {
    var value = timer.querySelector(".quiz-timer-value");
    // The server rounds the seconds left down and the page took time to
    // arrive: reloading a second after zero lands after the real deadline,
    // so the reload shows the result instead of the attempt again.
    var end = Date.now() + parseInt(timer.dataset.remaining, 10) * 1000;
    var tick = function () {
      var left = Math.max(0, Math.ceil((end - Date.now()) / 1000));
      var m = Math.floor(left / 60), s = left % 60;
      value.textContent = m + ":" + (s < 10 ? "0" : "") + s;
      if (left === 0) {
        setTimeout(function () { window.location.reload(); }, 1000);
        return;
      }
      setTimeout(tick, Math.min(1000, end - Date.now()));
    };
    tick();
  }
})();
