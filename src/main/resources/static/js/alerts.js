// Live safety alerts: listens to the server's alert stream (server-sent events) and shows the banner of alerts that
// wait for a clinician at the top of the page, with a short beep for a new one. The banner's HTML comes from the
// server (/alerts/banner), so what it shows goes through the same access checks as every page.
(function () {
  'use strict';
  var body = document.body;
  var streamUrl = body.getAttribute('data-alert-stream');
  var bannerUrl = body.getAttribute('data-alert-banner');
  var region = document.getElementById('alert-banner');
  if (!streamUrl || !bannerUrl || !region) {
    return;
  }

  var audio = null;
  var pending = null;
  var again = null;

  function beep() {
    try {
      var Context = window.AudioContext || window.webkitAudioContext;
      if (!Context) {
        return;
      }
      audio = audio || new Context();
      if (audio.state === 'suspended') {
        audio.resume();
      }
      var start = audio.currentTime;
      [0, 0.28].forEach(function (offset) {
        var tone = audio.createOscillator();
        var gain = audio.createGain();
        tone.type = 'sine';
        tone.frequency.value = 880;
        gain.gain.setValueAtTime(0.0001, start + offset);
        gain.gain.exponentialRampToValueAtTime(0.25, start + offset + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.22);
        tone.connect(gain);
        gain.connect(audio.destination);
        tone.start(start + offset);
        tone.stop(start + offset + 0.24);
      });
    } catch (e) {
      // browsers may refuse sound until the user has interacted with the page; the banner still shows
    }
  }

  // browsers allow sound only after a user gesture: unlock the audio context at the first one
  function unlockAudio() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (Context && !audio) {
      try { audio = new Context(); } catch (e) { audio = null; }
    }
    if (audio && audio.state === 'suspended') {
      audio.resume();
    }
  }
  document.addEventListener('pointerdown', unlockAudio, { once: true });
  document.addEventListener('keydown', unlockAudio, { once: true });

  function refresh(isNew) {
    if (pending) {
      again = again === true || isNew === true;
      return;
    }
    pending = fetch(bannerUrl, {
      credentials: 'same-origin',
      headers: { 'HX-Request': 'true', 'Accept': 'text/html' },
      cache: 'no-store'
    }).then(function (response) {
      if (!response.ok || response.redirected) {
        throw new Error('banner ' + response.status);
      }
      return response.text();
    }).then(function (html) {
      var holder = document.createElement('div');
      holder.innerHTML = html;
      var count = holder.querySelector('#alert-count');
      var current = document.getElementById('alert-count');
      if (count && current) {
        current.replaceWith(count);
      } else if (count) {
        var link = document.querySelector('.site-nav a.nav-alerts');
        if (link) {
          link.appendChild(count);
        }
      } else if (current) {
        current.remove();
      }
      var content = holder.querySelector('.alert-banner-content');
      region.innerHTML = '';
      if (content) {
        region.appendChild(content);
      }
      var hasBanner = region.querySelector('.alert-banner') !== null;
      region.classList.toggle('showing', hasBanner);
      if (isNew === true && hasBanner) {
        beep();
      }
      body.dispatchEvent(new CustomEvent('tandem:alerts-changed', { bubbles: true }));
    }).catch(function () {
      // keep what is shown; the next event or reconnect tries again
    }).then(function () {
      pending = null;
      if (again !== null) {
        var wasNew = again;
        again = null;
        refresh(wasNew);
      }
    });
  }

  var connectedOnce = false;
  function connect() {
    var source = new EventSource(streamUrl);
    source.addEventListener('ready', function () {
      // on reconnecting, events may have been missed: fetch the banner again
      if (connectedOnce) {
        refresh(false);
      }
      connectedOnce = true;
    });
    source.addEventListener('alert', function () {
      refresh(true);
    });
    source.addEventListener('alert-changed', function () {
      refresh(false);
    });
    source.onerror = function () {
      if (source.readyState === EventSource.CLOSED) {
        // the stream was refused (signed out, session expired): try again later, quietly
        setTimeout(connect, 30000);
      }
    };
    window.addEventListener('pagehide', function () { source.close(); });
  }

  refresh(null);
  connect();
})();
