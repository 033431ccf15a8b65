// Measurement at home: counts the answered questions for the progress bar, shows a gated question once one of its
// gate questions is answered yes, and moves focus to the list of open questions after a send with gaps. The page
// works without JavaScript: the server counts and gates when the form is sent.
(function () {
  'use strict';
  var form = document.querySelector('form.home-form');
  if (!form) {
    return;
  }
  var count = document.getElementById('home-count');
  var bar = document.getElementById('home-progress');

  function gateYes(name) {
    var checked = form.querySelector('input[name="' + CSS.escape(name) + '"]:checked');
    return checked !== null && checked.value === 'yes' && !checked.disabled;
  }

  function updateGates() {
    var changed = true;
    var rounds = 0;
    while (changed && rounds < 10) {
      changed = false;
      rounds++;
      form.querySelectorAll('[data-enable-when]').forEach(function (question) {
        var shown = question.getAttribute('data-enable-when').split(' ').some(gateYes);
        if (question.hidden === shown) {
          question.hidden = !shown;
          question.querySelectorAll('input').forEach(function (input) { input.disabled = !shown; });
          changed = true;
        }
      });
    }
  }

  function updateProgress() {
    var total = 0;
    var answered = 0;
    form.querySelectorAll('fieldset.home-question').forEach(function (question) {
      if (question.hidden) {
        return;
      }
      total++;
      var radio = question.querySelector('input[type=radio]:checked');
      var number = question.querySelector('input[type=number]');
      if (radio || (number && number.value !== '')) {
        answered++;
        question.classList.remove('invalid');
        var error = question.querySelector('.field-error');
        if (error) {
          error.hidden = true;
        }
      }
    });
    if (count && count.dataset.template) {
      count.textContent = count.dataset.template.replace('{0}', answered).replace('{1}', total);
    }
    if (bar) {
      bar.max = total;
      bar.value = answered;
    }
  }

  form.addEventListener('change', function () {
    updateGates();
    updateProgress();
  });
  form.addEventListener('input', updateProgress);
  // a second tap on "send" while the first is on its way would find the link used
  form.addEventListener('submit', function () {
    var send = form.querySelector('button[type=submit]');
    if (send) {
      window.setTimeout(function () { send.disabled = true; }, 0);
    }
  });
  updateGates();
  updateProgress();
  var problems = document.getElementById('home-problems');
  if (problems) {
    problems.focus();
  }
})();
