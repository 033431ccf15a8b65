// The episode page's contact form: the running total of a PHQ-9 or GAD-7 as the care manager enters the answers,
// so they can read it back to the patient before saving. The server scores the measure again when it is saved.
(function () {
  'use strict';
  function update(measure) {
    var output = measure.querySelector('.measure-total');
    if (!output) {
      return;
    }
    var selects = measure.querySelectorAll('select');
    var sum = 0;
    var answered = 0;
    selects.forEach(function (select) {
      if (select.value !== '') {
        sum += Number(select.value);
        answered += 1;
      }
    });
    output.textContent = answered === 0 ? '' : output.dataset.template
        .replace('{0}', String(sum)).replace('{1}', String(answered)).replace('{2}', String(selects.length));
  }
  document.addEventListener('change', function (event) {
    var measure = event.target instanceof Element ? event.target.closest('details.measure') : null;
    if (measure) {
      update(measure);
    }
  });
  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('details.measure').forEach(update);
  });
})();
