// fanli: the search box in the header of every page. Plain JavaScript, no dependencies.
// The address of the search page comes from <meta name="fanli-search"> (theme/main.html).
(function () {
  "use strict";
  var target = document.querySelector('meta[name="fanli-search"]');
  var header = document.querySelector(".md-header__inner");
  if (!target || !header) return;
  var form = document.createElement("form");
  form.className = "fanli-header-search";
  form.setAttribute("role", "search");
  form.method = "get";
  form.action = target.getAttribute("content");
  var input = document.createElement("input");
  input.type = "search";
  input.name = "q";
  input.placeholder = "搜索原文措辞";
  input.setAttribute("aria-label", "搜索原文措辞");
  input.value = new URLSearchParams(location.search).get("q") || "";
  form.appendChild(input);
  header.insertBefore(form, header.querySelector(".md-header__source"));
})();
