// A small improvement only: the questionnaire works fully without this file.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // Move focus to the error summary so a screen reader announces the problems first.
    var summary = document.getElementById("foutoverzicht");
    if (summary) {
      summary.focus();
    }
  });
}());
