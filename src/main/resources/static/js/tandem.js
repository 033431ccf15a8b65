// Adds Spring Security's CSRF token to every htmx request (the token is in the layout's <meta> tags).
(function () {
  'use strict';
  document.addEventListener('htmx:configRequest', function (event) {
    var token = document.querySelector('meta[name="_csrf"]');
    var header = document.querySelector('meta[name="_csrf_header"]');
    if (token && header && token.content && header.content) {
      event.detail.headers[header.content] = token.content;
    }
  });
})();

// Buttons marked data-print print the page (the due list for the huddle); inline handlers are not allowed by the CSP.
(function () {
  'use strict';
  document.addEventListener('click', function (event) {
    var target = event.target instanceof Element ? event.target.closest('[data-print]') : null;
    if (target) {
      window.print();
    }
  });
})();
