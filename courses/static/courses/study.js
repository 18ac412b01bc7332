/* Study time on a lesson page: counts the seconds the page is visible while
   the officer is active, notices the end of the lesson coming into view, and
   reports both to the server, which decides completion (courses/study.py).

   Nothing is lost when the connection drops: each visit's cumulative total
   is kept in localStorage until the server has it, sent with keepalive (or
   sendBeacon) when the page is hidden, and sent again when the browser is
   back online or on the next lesson page. Reports carry the visit's
   cumulative total, so a repeated one counts once. */
(function () {
  "use strict";
  var box = document.querySelector("[data-study-url]");
  if (!box || !window.fetch || !window.URLSearchParams) return;

  var IDLE_MS = 2 * 60 * 1000; // no input for 2 minutes: stop counting
  var SEND_EVERY = 30; // seconds of study between reports
  var PREFIX = "lms-study:";
  var csrf = box.querySelector("[name=csrfmiddlewaretoken]");
  var statusEl = document.getElementById("study-status");
  var visit = {
    url: box.getAttribute("data-study-url"),
    token: box.getAttribute("data-study-visit"),
    seconds: 0,
    end: false,
  };
  var key = PREFIX + visit.token.slice(-24);
  var done = box.getAttribute("data-study-complete") === "1";
  // Seconds still needed when the page was served: report as soon as they are
  // reached, so "Done" shows without waiting for the next 30-second report.
  var remaining = parseInt(box.getAttribute("data-study-remaining") || "0", 10);
  var lastInput = Date.now();
  var sentSeconds = 0;
  var inFlight = {};

  function store() {
    try {
      localStorage.setItem(key, JSON.stringify(visit));
    } catch (e) {
      /* private mode or full: reports still go out while online */
    }
  }

  function pending() {
    var out = [];
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var k = localStorage.key(i);
        if (k && k.indexOf(PREFIX) === 0) {
          out.push([k, JSON.parse(localStorage.getItem(k))]);
        }
      }
    } catch (e) {
      /* unreadable storage: only this visit */
    }
    return out;
  }

  function body(v) {
    var data = new URLSearchParams();
    data.set("csrfmiddlewaretoken", csrf ? csrf.value : "");
    data.set("visit", v.token);
    data.set("seconds", String(Math.floor(v.seconds)));
    data.set("end", v.end ? "1" : "0");
    return data;
  }

  function forget(k, v) {
    // Drop the stored copy only if nothing was counted since it was sent.
    try {
      var now = JSON.parse(localStorage.getItem(k) || "null");
      if (now && now.seconds <= v.seconds && (!now.end || v.end)) {
        localStorage.removeItem(k);
      }
    } catch (e) {
      /* nothing to forget */
    }
  }

  function send(k, v) {
    if (inFlight[k]) return;
    inFlight[k] = true;
    var copy = { url: v.url, token: v.token, seconds: v.seconds, end: v.end };
    fetch(copy.url, {
      method: "POST",
      body: body(copy),
      credentials: "same-origin",
      keepalive: true,
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        inFlight[k] = false;
        // 4xx other than 429 will never succeed (a visit too old, signed
        // out): drop it rather than retry for ever. 5xx and 429: retry later.
        if (response.ok || (response.status < 500 && response.status !== 429)) {
          forget(k, copy);
        }
        if (k === key && response.ok) {
          return response.json().then(show);
        }
      })
      .catch(function () {
        inFlight[k] = false; // offline: kept in localStorage, retried later
      });
  }

  function show(status) {
    if (!status || !statusEl) return;
    if (statusEl.textContent !== status.message) statusEl.textContent = status.message;
    if (status.complete) {
      done = true;
      box.setAttribute("data-study-complete", "1");
    }
  }

  function flush() {
    store();
    sentSeconds = visit.seconds;
    pending().forEach(function (entry) {
      var v = entry[1];
      if (v && v.url && v.token && (v.seconds >= 1 || v.end)) send(entry[0], v);
    });
  }

  var leftAt = -1;
  function flushOnLeave() {
    store();
    // "hidden" and "pagehide" both fire when leaving: send once. After
    // completion, only a sizeable amount of new time is worth a request.
    if (leftAt === visit.seconds) return;
    if (done && visit.seconds - sentSeconds < SEND_EVERY) return;
    leftAt = visit.seconds;
    var data = body(visit);
    // keepalive fetch survives the page; sendBeacon where fetch cannot.
    try {
      fetch(visit.url, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        keepalive: true,
      }).then(function (response) {
        if (response.ok) forget(key, { seconds: visit.seconds, end: visit.end });
      }, function () {});
    } catch (e) {
      if (navigator.sendBeacon) navigator.sendBeacon(visit.url, data);
    }
  }

  // Counting: one tick a second while visible and active.
  ["mousemove", "keydown", "scroll", "touchstart", "pointerdown", "wheel"].forEach(
    function (name) {
      window.addEventListener(
        name,
        function () {
          lastInput = Date.now();
        },
        { passive: true }
      );
    }
  );
  var lastTick = Date.now();
  setInterval(function () {
    var now = Date.now();
    var step = Math.min((now - lastTick) / 1000, 2); // a frozen tab is not study
    lastTick = now;
    if (document.visibilityState !== "visible") return;
    if (now - lastInput > IDLE_MS) return;
    visit.seconds += step;
    if (Math.floor(visit.seconds) % 5 === 0) store();
    if (done) return;
    var due = sentSeconds < remaining && visit.seconds >= remaining;
    if (due || visit.seconds - sentSeconds >= SEND_EVERY) flush();
  }, 1000);

  // The end of the lesson: its marker scrolled into view.
  var marker = document.getElementById("lesson-end");
  if (marker && "IntersectionObserver" in window) {
    new IntersectionObserver(function (entries, observer) {
      if (entries.some(function (e) { return e.isIntersecting; })) {
        visit.end = true;
        observer.disconnect();
        flush();
      }
    }).observe(marker);
  } else {
    visit.end = true; // old browsers: the page is read as a whole
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") flushOnLeave();
    else lastInput = lastTick = Date.now();
  });
  window.addEventListener("pagehide", flushOnLeave);
  window.addEventListener("online", flush);

  store();
  flush(); // also sends what earlier visits left behind while offline
})();
