// nianbao serve: reloads the page when the site is rebuilt. Served by `nianbao serve` only;
// never part of a build. It asks the server for the site's version and the server answers
// as soon as the version differs from the one this page was served with (or after a while,
// when the question is asked again).
(function () {
  "use strict";
  var script = document.currentScript;
  var version = script && script.getAttribute("data-version");
  if (!version || !window.fetch) {
    return;
  }
  function ask(delay) {
    window.setTimeout(function () {
      fetch("/__nianbao/version?since=" + encodeURIComponent(version), { cache: "no-store" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.text();
        })
        .then(function (current) {
          if (current.trim() !== version) {
            window.location.reload();
          } else {
            ask(0);
          }
        })
        .catch(function () {
          // The server is stopped or restarting: ask again in a moment.
          ask(1000);
        });
    }, delay);
  }
  ask(0);
})();
