// Small behaviours of the pages (no build step; htmx does the requests).
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-remove-record]");
  if (!button) return;
  var form = button.closest("form");
  button.closest("fieldset.record").remove();
  if (form && window.htmx) window.htmx.trigger(form, "change");
});
