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

  function save(section) {
    var prefix = section.id + "-";
    var body = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (name.indexOf(prefix) === 0) body.append(name, value);
    });
    var seq = form.elements[prefix + "sequence"];
    status(section, form.dataset.saving || "…");
    fetch(section.dataset.autosave, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "", "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (data) {
        if (response.ok) {
          if (seq) seq.value = data.sequence;
          status(section, form.dataset.saved);
          return;
        }
        var errors = data.errors || {};
        var message = Object.keys(errors).map(function (k) { return errors[k]; }).join(" ");
        status(section, form.dataset.notSaved + " " + message, true);
        if (data.result_url) window.location.href = data.result_url;
      });
    }).catch(function () {
      status(section, form.dataset.offline, true);
    });
  }

  form.addEventListener("change", function (event) {
    var section = event.target.closest("section.quiz-question[data-autosave]");
    if (section && event.target.name && event.target.name.indexOf(section.id + "-") === 0) {
      save(section);
    }
  });

  var timer = document.getElementById("quiz-timer");
  if (timer) {
    var value = timer.querySelector(".quiz-timer-value");
    var end = Date.now() + parseInt(timer.dataset.remaining, 10) * 1000;
    var tick = function () {
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      var m = Math.floor(left / 60), s = left % 60;
      value.textContent = m + ":" + (s < 10 ? "0" : "") + s;
      if (left === 0) { window.location.reload(); return; }
      setTimeout(tick, 1000);
    };
    tick();
  }
})();
