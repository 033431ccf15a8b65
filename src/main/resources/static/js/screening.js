// Staff entry of a screening: shows a gated question (e.g. PC-PTSD-5 items after the trauma question, ASQ question
// 5) as soon as one of its gate questions is answered yes, and hides and disables it otherwise. Without JavaScript the
// server shows gated questions after the form is sent with a yes.
(function () {
  'use strict';
  var form = document.querySelector('form.entry-form');
  if (!form) {
    return;
  }
  function gateYes(linkId) {
    var checked = form.querySelector('input[name="q.' + CSS.escape(linkId) + '"]:checked');
    return checked !== null && checked.value === 'yes' && !checked.disabled;
  }
  function update() {
    var changed = true;
    var rounds = 0;
    while (changed && rounds < 10) {
      changed = false;
      rounds++;
      form.querySelectorAll('[data-enable-when]').forEach(function (question) {
        var gates = question.getAttribute('data-enable-when').split(' ');
        var shown = gates.some(gateYes);
        if (question.hidden === shown) {
          question.hidden = !shown;
          question.querySelectorAll('input').forEach(function (input) { input.disabled = !shown; });
          changed = true;
        }
      });
    }
  }
  form.addEventListener('change', update);
  update();
  var problems = document.getElementById('entry-problems');
  if (problems) {
    problems.focus();
  }
})();
