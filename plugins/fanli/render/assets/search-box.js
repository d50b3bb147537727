// @ts-check
// fanli: the search box in the header of every page. Plain JavaScript, no dependencies.
// The address of the search page comes from <meta name="fanli-search"> (theme/main.html).
// `/` or `s` (outside a text field) puts the cursor in the search box, as in Material's search. Set up
// once: the header stays when an instant page change replaces the content.
(function () {
  "use strict";
  var target = document.querySelector('meta[name="fanli-search"]');
  var header = document.querySelector(".md-header__inner");
  var common = /** @type {any} */ (window).fanliCommon;
  if (!target || !header) return;
  var form = document.createElement("form");
  form.className = "fanli-header-search";
  form.setAttribute("role", "search");
  form.method = "get";
  // absolute: the header stays when an instant page change replaces the content, and a relative
  // address would be read against each later page's
  form.action = new URL(target.getAttribute("content") || "", location.href).href;
  var input = document.createElement("input");
  input.type = "search";
  input.name = "q";
  input.placeholder = "搜索原文措辞（按 / 键）";
  input.title = "搜索标题、小标题和段落的原文措辞";
  input.setAttribute("aria-label", "搜索原文措辞");
  form.appendChild(input);
  header.insertBefore(form, header.querySelector(".md-header__source"));
  // the search page comes as a link there would (common.js: go): by an instant page change, served
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    common.go(form.action + "?" + new URLSearchParams({ q: input.value }).toString());
  });
  // on every page (common.js: onPage): the words searched on the page shown
  common.onPage("search-box", function () {
    input.value = new URLSearchParams(location.search).get("q") || "";
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" && event.key !== "s") return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var active = /** @type {HTMLElement | null} */ (document.activeElement);
    if (active && (active.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName))) return;
    var pageBox = /** @type {HTMLInputElement | null} */ (document.querySelector("#fanli-search input[name=q]"));
    var box = pageBox || input;
    event.preventDefault();
    box.focus();
    box.select();
  });
})();
