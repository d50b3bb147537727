// @ts-check
// fanli: on a page opened from a search hit (…?hl=words#anchor), mark the searched words in the
// element the anchor names, as Material's search.highlight does. The search page puts the words
// as written in the hit (one per line), so no folding is needed here.
// Run on every page (common.js: onPage): a hit reached by an instant page change is marked too.
(function () {
  "use strict";
  /** @type {any} */ (window).fanliCommon.onPage("highlight", markWords);

  function markWords() {
    var words = (new URLSearchParams(location.search).get("hl") || "").split("\n").filter(Boolean);
    if (!words.length) return;
    var id = decodeURIComponent(location.hash.slice(1));
    var target = (id && document.getElementById(id)) || document.querySelector("article h1");
    if (!target) return;
    var walker = document.createTreeWalker(target, NodeFilter.SHOW_TEXT);
    /** @type {Text[]} */
    var nodes = [];
    while (walker.nextNode()) nodes.push(/** @type {Text} */ (walker.currentNode));
    nodes.forEach(function (node) {
      var text = node.data, position = 0, fragment = document.createDocumentFragment(), found = false;
      for (;;) {
        var best = -1, word = "";
        words.forEach(function (w) {
          var at = text.indexOf(w, position);
          if (at >= 0 && (best < 0 || at < best)) { best = at; word = w; }
        });
        if (best < 0) break;
        found = true;
        if (best > position) fragment.appendChild(document.createTextNode(text.slice(position, best)));
        var mark = document.createElement("mark");
        mark.className = "fanli-landed";
        mark.textContent = word;
        fragment.appendChild(mark);
        position = best + word.length;
      }
      if (!found || !node.parentNode) return;
      if (position < text.length) fragment.appendChild(document.createTextNode(text.slice(position)));
      node.parentNode.replaceChild(fragment, node);
    });
  }
})();
