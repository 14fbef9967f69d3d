// lhs customer portal: small enhancements. Every page works without this file.
(function () {
  "use strict";

  // A code from the mail's link (/password/nuova#codice=…): into the form, and out of the
  // address bar and the history. The fragment never reaches a server.
  var m = /^#codice=([A-Za-z0-9_-]{8,200})$/.exec(window.location.hash);
  var code = document.getElementById("code");
  if (m && code && !code.value) {
    code.value = m[1];
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
    var next = document.getElementById("new_password");
    if (next) next.focus();
  }

  // The error summary takes the focus, so a screen reader says what went wrong first.
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
