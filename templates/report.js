(function () {
  "use strict";

  // Show or hide aligned pairs by label. Without this script every pair stays visible.
  var buttons = Array.prototype.slice.call(document.querySelectorAll("button[data-filter-label]"));
  var pairs = Array.prototype.slice.call(document.querySelectorAll("#pairs .pair[data-label]"));
  var shown = document.getElementById("pairs-shown");

  function applyPairFilter() {
    var active = {};
    buttons.forEach(function (button) {
      active[button.getAttribute("data-filter-label")] = button.getAttribute("aria-pressed") === "true";
    });
    var visible = 0;
    pairs.forEach(function (pair) {
      var on = active[pair.getAttribute("data-label")] !== false;
      pair.hidden = !on;
      if (on) { visible += 1; }
    });
    if (shown) { shown.textContent = String(visible); }
  }

  buttons.forEach(function (button) {
    button.addEventListener("click", function () {
      var pressed = button.getAttribute("aria-pressed") === "true";
      button.setAttribute("aria-pressed", pressed ? "false" : "true");
      applyPairFilter();
    });
  });

  var toolbar = document.getElementById("pair-filter");
  if (toolbar) { toolbar.hidden = false; }
  applyPairFilter();

  // Show only the claims no other source makes.
  var uniqueOnly = document.getElementById("unique-only");
  var claimLists = document.getElementById("documents");
  if (uniqueOnly && claimLists) {
    uniqueOnly.disabled = false;
    uniqueOnly.addEventListener("change", function () {
      claimLists.classList.toggle("unique-only", uniqueOnly.checked);
    });
  }

  // Open or close every document's claim list at once.
  var expand = document.getElementById("expand-documents");
  if (expand && claimLists) {
    expand.hidden = false;
    expand.addEventListener("click", function () {
      var details = Array.prototype.slice.call(claimLists.querySelectorAll("details.document"));
      var open = details.some(function (d) { return !d.open; });
      details.forEach(function (d) { d.open = open; });
      expand.textContent = open ? "Collapse all" : "Expand all";
    });
  }

  // A link into a collapsed list (a fact's claim, a "shared" pill's cluster) opens every
  // <details> around its target first, so the target is on screen and not hidden.
  function reveal(id) {
    var target = id ? document.getElementById(id) : null;
    if (!target) { return; }
    for (var node = target.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") { node.open = true; }
    }
    target.scrollIntoView();
  }
  function revealHash() {
    if (location.hash.length > 1) {
      try { reveal(decodeURIComponent(location.hash.slice(1))); } catch (error) { /* a malformed hash opens nothing */ }
    }
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
    if (link) { reveal(link.getAttribute("href").slice(1)); }
  });
  window.addEventListener("hashchange", revealHash);
  revealHash();
})();
