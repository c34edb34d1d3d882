// The print view's "Print" button (kept out of the HTML: the Content-Security-Policy forbids
// inline scripts). The page prints without it too, from the browser's menu.
document.addEventListener("click", function (event) {
  var target = event.target.closest ? event.target.closest("[data-print]") : null;
  if (target) {
    event.preventDefault();
    window.print();
  }
});
