/* Small enhancements shared by every page (no dependencies; the pages work without it).
 *
 * Date fields (core/widgets.py IsoDateInput) are text inputs taking YYYY-MM-DD; a calendar button next to each
 * opens the browser's date picker and writes the chosen day back in ISO form, so the field never shows the
 * browser's own (e.g. US) format.
 */
(function () {
  "use strict";
  var label = document.documentElement.lang === "en" ? "Choose a date" : "选择日期";

  function enhance(input) {
    if (input.dataset.dateEnhanced) return;
    input.dataset.dateEnhanced = "1";
    var picker = document.createElement("input");
    picker.type = "date";
    picker.tabIndex = -1;
    picker.className = "date-picker-proxy";
    picker.setAttribute("aria-hidden", "true");
    picker.setAttribute("aria-label", label);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-secondary date-picker-button";
    button.setAttribute("aria-label", label);
    button.title = label;
    button.innerHTML = '<i class="bi bi-calendar3" aria-hidden="true"></i>';
    if (input.disabled || input.readOnly) button.disabled = true;
    var group = document.createElement("div");
    group.className = "input-group flex-nowrap date-input-group";
    if (input.classList.contains("form-control-sm")) group.classList.add("input-group-sm");
    input.parentNode.insertBefore(group, input);
    group.appendChild(input);
    group.appendChild(button);
    group.appendChild(picker);
    button.addEventListener("click", function () {
      if (/^\d{4}-\d{2}-\d{2}$/.test(input.value)) picker.value = input.value;
      try { picker.showPicker(); } catch (e) { picker.focus(); picker.click(); }
    });
    picker.addEventListener("change", function () {
      if (picker.value) {
        input.value = picker.value;  /* always ISO: YYYY-MM-DD */
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }
      input.focus();
    });
  }

  function scan(root) {
    (root || document).querySelectorAll("input[data-date-input]").forEach(enhance);
  }

  /* Wide tables scroll inside their own box instead of widening the page (small windows, 200 % zoom). */
  function containTables(root) {
    (root || document).querySelectorAll("main table").forEach(function (table) {
      var parent = table.parentElement;
      if (parent.closest(".table-responsive") || parent.classList.contains("table-scroll")) return;
      var box = document.createElement("div");
      box.className = "table-scroll";
      parent.insertBefore(box, table);
      box.appendChild(table);
    });
    markScrollable();
  }

  /* A box that scrolls must be reachable by keyboard (it can then be scrolled with the arrow keys). */
  function markScrollable() {
    document.querySelectorAll(".table-scroll, .table-responsive").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) box.setAttribute("tabindex", "0");
      else if (box.getAttribute("tabindex") === "0") box.removeAttribute("tabindex");
    });
  }
  window.addEventListener("resize", markScrollable);

  /* A form that failed: move the focus to its error summary (core/includes/form_errors.html). */
  function focusErrors() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  }

  document.addEventListener("DOMContentLoaded", function () { scan(document); containTables(document); focusErrors(); });
  document.addEventListener("htmx:afterSwap", function (event) { scan(event.target); containTables(event.target); });
})();
