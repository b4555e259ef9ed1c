// Moves focus to the element marked data-focus-on-load (a verdict, a confirmation) when a page opens after a
// form post, so a screen reader reads it first and a phone scrolls to it. The element has tabindex="-1".
(function () {
  "use strict";
  const target = document.querySelector("[data-focus-on-load]");
  if (target) target.focus();
})();
