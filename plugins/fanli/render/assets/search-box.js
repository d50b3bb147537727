// @ts-check
// fanli: the search box in the header of every page. Plain JavaScript, no dependencies.
// The address of the search page comes from <meta name="fanli-search"> (theme/main.html).
// `/` or `s` (outside a text field) puts the cursor in the search box, as in Material's search.
(function () {
  "use strict";
  var target = document.querySelector('meta[name="fanli-search"]');
  var header = document.querySelector(".md-header__inner");
  if (!target || !header) return;
  var form = document.createElement("form");
  form.className = "fanli-header-search";
  form.setAttribute("role", "search");
  form.method = "get";
  form.action = target.getAttribute("content") || "";
  var input = document.createElement("input");
  input.type = "search";
  input.name = "q";
  input.placeholder = "搜索原文措辞（按 / 键）";
  input.title = "搜索标题、小标题和段落的原文措辞";
  input.setAttribute("aria-label", "搜索原文措辞");
  input.value = new URLSearchParams(location.search).get("q") || "";
  form.appendChild(input);
  header.insertBefore(form, header.querySelector(".md-header__source"));

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
