/* Handouts print the address they were opened from (tools/training_pages.py writes the footer). */
(function () {
  "use strict";
  var address = location.href.split("#")[0];
  Array.prototype.forEach.call(document.querySelectorAll("[data-page-address]"), function (element) {
    element.textContent = address;
  });
})();
