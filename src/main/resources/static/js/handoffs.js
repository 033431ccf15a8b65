// Live warm handoffs: listens to the server's handoff stream (server-sent events) and refreshes the parts of the page
// that show handoffs or presence. Each part names the URL of its server-rendered fragment (data-live-url), the events
// it follows (data-live-on: "handoff", "presence" or both) and, when it shows one handoff, its id (data-live-handoff).
// The HTML comes from the server, through the same access checks as every page; events carry ids only.
// A part where someone is typing is refreshed when they leave it (or when their form is sent), never under their hands.
// Elements with data-since (epoch milliseconds) show the time elapsed since then, kept current every second.
(function () {
  'use strict';
  var root = document.querySelector('[data-handoff-stream]');
  if (!root) {
    return;
  }
  var streamUrl = root.getAttribute('data-handoff-stream');
  var serverNow = Number(root.getAttribute('data-server-now')) || Date.now();
  var skew = Date.now() - serverNow;

  function parts() {
    return Array.prototype.slice.call(document.querySelectorAll('[data-live-url]'));
  }

  function follows(part, kind, handoff) {
    var on = (part.getAttribute('data-live-on') || '').split(/\s+/);
    if (on.indexOf(kind) < 0) {
      return false;
    }
    var only = part.getAttribute('data-live-handoff');
    return !only || !handoff || only === handoff;
  }

  function busy(part) {
    // an action sent from this part waits for its answer: refreshing now would take its form out of the page, and
    // the answer (the notice, the form shown again) would have nowhere to go
    if (part.hasAttribute('data-sending')) {
      return true;
    }
    var active = document.activeElement;
    if (active && part.contains(active) && active.matches('input[type=text], input[type=number], textarea, select')) {
      return true;
    }
    return part.querySelector('form[data-dirty]') !== null;
  }

  var pending = new Map();

  function refresh(part) {
    if (busy(part)) {
      part.setAttribute('data-stale', '');
      return;
    }
    if (pending.has(part)) {
      pending.set(part, true);
      return;
    }
    pending.set(part, false);
    part.removeAttribute('data-stale');
    htmx.ajax('GET', part.getAttribute('data-live-url'), { target: part, swap: 'innerHTML' })
      .catch(function () {
        // keep what is shown; the next event or reconnect tries again
      })
      .then(function () {
        var again = pending.get(part);
        pending.delete(part);
        tick();
        if (again) {
          refresh(part);
        }
      });
  }

  function refreshAll(kind, handoff) {
    parts().forEach(function (part) {
      if (follows(part, kind, handoff)) {
        refresh(part);
      }
    });
  }

  // a form someone is filling in holds back the refresh of its part until it is sent
  document.addEventListener('input', function (event) {
    var form = event.target instanceof Element ? event.target.closest('[data-live-url] form') : null;
    if (form) {
      form.setAttribute('data-dirty', '');
    }
  });
  document.addEventListener('focusout', function () {
    setTimeout(function () {
      parts().forEach(function (part) {
        if (part.hasAttribute('data-stale') && !busy(part)) {
          refresh(part);
        }
      });
    }, 0);
  });

  // the server answers an action with HX-Trigger: handoffs-changed (or presence-changed): refresh at once
  document.body.addEventListener('handoffs-changed', function () {
    refreshAll('handoff', null);
  });
  document.body.addEventListener('presence-changed', function () {
    refreshAll('presence', null);
  });

  // a refused action comes back as 409 or 422 with the part to show (the form as typed, with the problem)
  document.body.addEventListener('htmx:beforeSwap', function (event) {
    var status = event.detail.xhr.status;
    if (status === 409 || status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  var sending = new WeakMap();
  // a form that is being sent is no longer being typed in (the answer shows it again if it was refused); its part
  // is not refreshed until the answer is in
  document.body.addEventListener('htmx:beforeRequest', function (event) {
    var elt = event.detail.elt instanceof Element ? event.detail.elt : null;
    var form = elt ? elt.closest('form') : null;
    if (form) {
      form.removeAttribute('data-dirty');
      var part = form.closest('[data-live-url]');
      if (part) {
        part.setAttribute('data-sending', '');
        sending.set(elt, part);
      }
    }
  });
  document.body.addEventListener('htmx:afterRequest', function (event) {
    var part = sending.get(event.detail.elt);
    if (part) {
      sending.delete(event.detail.elt);
      part.removeAttribute('data-sending');
    }
    parts().forEach(function (part) {
      if (part.hasAttribute('data-stale') && !busy(part)) {
        refresh(part);
      }
    });
  });

  // elapsed times: "m:ss" under an hour, then "h:mm:ss"; or whole minutes with data-since-format="minutes"
  function pad(n) {
    return n < 10 ? '0' + n : String(n);
  }
  function tick() {
    var now = Date.now() - skew;
    document.querySelectorAll('[data-since]').forEach(function (element) {
      var seconds = Math.max(0, Math.floor((now - Number(element.getAttribute('data-since'))) / 1000));
      if (element.getAttribute('data-since-format') === 'minutes') {
        var minutes = Math.floor(seconds / 60);
        var template = minutes < 1 ? element.getAttribute('data-under-minute') : element.getAttribute('data-minutes');
        if (template) {
          element.textContent = template.replace('{0}', String(minutes));
        }
        return;
      }
      var h = Math.floor(seconds / 3600);
      var m = Math.floor((seconds % 3600) / 60);
      var s = seconds % 60;
      element.textContent = h > 0 ? h + ':' + pad(m) + ':' + pad(s) : m + ':' + pad(s);
    });
  }
  tick();
  setInterval(tick, 1000);

  var connectedOnce = false;
  function connect() {
    if (!window.EventSource) {
      return;
    }
    var source = new EventSource(streamUrl);
    source.addEventListener('ready', function () {
      // on reconnecting, events may have been missed: fetch every part again
      if (connectedOnce) {
        parts().forEach(refresh);
      }
      connectedOnce = true;
      root.setAttribute('data-stream', 'open');
    });
    source.addEventListener('handoff', function (event) {
      var data = {};
      try { data = JSON.parse(event.data); } catch (e) { data = {}; }
      refreshAll('handoff', data.id || null);
    });
    source.addEventListener('presence', function () {
      refreshAll('presence', null);
    });
    source.onerror = function () {
      root.setAttribute('data-stream', 'closed');
      if (source.readyState === EventSource.CLOSED) {
        // the stream was refused (signed out, session expired): try again later, quietly
        setTimeout(connect, 30000);
      }
    };
    window.addEventListener('pagehide', function () { source.close(); });
  }
  connect();
})();
