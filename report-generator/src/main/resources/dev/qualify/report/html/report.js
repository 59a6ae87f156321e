// report.html's filters, search and log links. No data lives here: everything is read from the page, so the page
// stays correct (and readable, with every log closed) when scripts are off.
(function () {
  "use strict";
  if (window.performance && performance.mark) performance.mark("qualify-script");
  var form = document.getElementById("filters");
  if (!form) return;
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.group-tests"));
  var items = [];
  sections.forEach(function (section) {
    var rows = section.getElementsByClassName("test");
    var group = section.getAttribute("data-group");
    var device = section.getAttribute("data-device");
    for (var i = 0; i < rows.length; i++) {
      items.push({row: rows[i], section: section, outcome: rows[i].getAttribute("data-outcome"), group: group,
        device: device, text: null, shown: true});
    }
  });

  // what the search box matches, read from the row on the first search: name, class, error type, message
  function text(item) {
    if (item.text === null) {
      var parts = item.row.getElementsByClassName("s");
      var t = item.group + " " + item.device;
      for (var j = 0; j < parts.length; j++) t += " " + parts[j].textContent;
      item.text = t.toLowerCase();
    }
    return item.text;
  }
  var outcomes = form.querySelectorAll("input[name=outcome]");
  var groupSelect = form.querySelector("select[name=group]");
  var deviceSelect = form.querySelector("select[name=device]");
  var search = form.querySelector("input[name=q]");
  var count = document.getElementById("shown");
  var none = document.getElementById("none-shown");

  function apply() {
    var wanted = {};
    for (var i = 0; i < outcomes.length; i++) wanted[outcomes[i].value] = outcomes[i].checked;
    var group = groupSelect.value;
    var device = deviceSelect.value;
    var terms = search.value.toLowerCase().split(/\s+/).filter(function (t) { return t.length > 0; });
    var perSection = new Map();
    var shown = 0;
    items.forEach(function (item) {
      var show = wanted[item.outcome] !== false && (group === "" || item.group === group)
        && (device === "" || item.device === device);
      for (var t = 0; show && t < terms.length; t++) show = text(item).indexOf(terms[t]) >= 0;
      if (show !== item.shown) {
        item.row.hidden = !show;
        item.shown = show;
      }
      if (show) shown++;
      perSection.set(item.section, (perSection.get(item.section) || 0) + (show ? 1 : 0));
    });
    sections.forEach(function (section) {
      var visible = (perSection.get(section) || 0) > 0;
      if (section.hidden === visible) section.hidden = !visible;
    });
    count.textContent = shown + " of " + items.length + " tests shown";
    none.hidden = shown > 0 || items.length === 0;
  }

  var pending = 0;
  form.addEventListener("change", apply);
  search.addEventListener("input", function () {
    clearTimeout(pending);
    pending = setTimeout(apply, 120);
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  document.addEventListener("keydown", function (e) {
    if (e.key === "/" && document.activeElement !== search) {
      e.preventDefault();
      search.focus();
    }
  });

  // a link to a test (from the timeline) shows that test and opens its log
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var row = id ? document.getElementById(id) : null;
    if (!row || !row.classList.contains("test")) return;
    if (row.hidden) {
      form.reset();
      apply();
    }
    var log = row.querySelector("details.log");
    if (log) log.open = true;
    row.scrollIntoView({block: "center"});
  }
  window.addEventListener("hashchange", openTarget);

  form.hidden = false;
  apply();
  openTarget();
  document.documentElement.setAttribute("data-ready", "true");
  if (window.performance && performance.mark) performance.mark("qualify-ready");
})();
