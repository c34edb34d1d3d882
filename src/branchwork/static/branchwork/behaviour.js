// Small page behaviours, kept out of the HTML so the Content-Security-Policy can forbid inline
// scripts:
// - <select data-autosubmit> submits its form when changed (the organization switcher);
// - <form data-confirm="question"> asks before it is submitted (deleting a survey).
document.addEventListener("change", function (event) {
  var field = event.target;
  if (field.matches && field.matches("[data-autosubmit]") && field.form) {
    field.form.submit();
  }
});
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
