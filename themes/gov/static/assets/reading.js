/* The text-size control (elder-friendly mode, 适老化): the chosen size is kept in
   localStorage and set on <html data-text="…"> before the page draws, so it holds across
   pages. Without JavaScript the control's links still work on the page they are on: the
   stylesheet enlarges the text while #text-large or #text-larger is the URL's fragment. */
(function () {
  'use strict';
  var KEY = 'nianbao-text-size';
  var root = document.documentElement;
  function stored() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }
  function apply(size) {
    if (size === 'large' || size === 'larger') { root.setAttribute('data-text', size); } else { root.removeAttribute('data-text'); }
    var links = document.querySelectorAll('[data-text-size]');
    Array.prototype.forEach.call(links, function (a) {
      if (a.getAttribute('data-text-size') === (size || 'normal')) { a.setAttribute('aria-current', 'true'); } else { a.removeAttribute('aria-current'); }
    });
  }
  apply(stored());
  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('[data-text-size]');
    if (!link) { return; }
    event.preventDefault();
    var size = link.getAttribute('data-text-size');
    try { window.localStorage.setItem(KEY, size); } catch (e) { /* private mode: this page only */ }
    apply(size);
  });
  document.addEventListener('DOMContentLoaded', function () { apply(stored()); });
})();
