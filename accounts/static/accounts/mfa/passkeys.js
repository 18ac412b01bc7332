// After django-otp-webauthn's script has registered a passkey, show the
// updated list of devices (the element names where to go).
(function () {
  "use strict";
  document.addEventListener("otp_webauthn.register_complete", function () {
    var box = document.getElementById("passkey-register");
    var url = (box && box.getAttribute("data-reload-url")) || window.location.href;
    window.setTimeout(function () {
      window.location.assign(url);
    }, 600);
  });
})();
