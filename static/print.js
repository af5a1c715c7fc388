// A button marked data-print prints the page (the print stylesheet keeps the record only).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
