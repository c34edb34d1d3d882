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
// - <input data-filter-list="ID" data-filter-count="ID"> shows only the [data-filter-item]s of
//   element ID whose text contains every word typed (ignoring case); ticked items stay shown.
//   The village-group picker of a road project (hundreds of groups) uses it.
function bwFilterList(input) {
  var list = document.getElementById(input.dataset.filterList);
  if (!list) {
    return;
  }
  var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
  var items = list.querySelectorAll("[data-filter-item]");
  var shown = 0;
  items.forEach(function (item) {
    var text = item.textContent.toLowerCase();
    var box = item.querySelector("input");
    var match = words.every(function (word) { return text.indexOf(word) !== -1; });
    var show = match || (box && box.checked);
    item.hidden = !show;
    if (show) {
      shown += 1;
    }
  });
  var empty = list.querySelector("[data-filter-empty]");
  if (empty) {
    empty.hidden = shown !== 0;
  }
  var count = document.getElementById(input.dataset.filterCount || "");
  if (count) {
    count.textContent = words.length
      ? count.dataset.templateSome.replace("{shown}", shown).replace("{all}", items.length)
      : count.dataset.templateAll;
  }
}
document.addEventListener("input", function (event) {
  var field = event.target;
  if (field.matches && field.matches("[data-filter-list]")) {
    bwFilterList(field);
  }
});
