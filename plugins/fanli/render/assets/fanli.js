// @ts-check
// fanli: small behaviours shared by every page. Plain JavaScript, no dependencies.
//
// Copy buttons: <button type="button" class="fanli-copy" data-copy-from="ID">复制</button> copies the
// text of the element with that id, leaving out anything inside it marked .fanli-nocopy (anchors,
// the button itself); data-copy-text="…" copies that text instead.
(function () {
  "use strict";
  var w = /** @type {any} */ (window); // the site's scripts meet on window (fanliCommon, fanliCopy, fanliTextOf)

  /**
   * Copy by the older way, for pages the clipboard API refuses (served over plain HTTP, from disk).
   * @param {string} text
   * @returns {Promise<void>}
   */
  function copyWithTextarea(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try {
      done = document.execCommand("copy");
    } catch (e) {
      done = false;
    }
    document.body.removeChild(area);
    return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  /**
   * Put `text` on the clipboard.
   * @param {string} text
   * @returns {Promise<void>}
   */
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () {
        return copyWithTextarea(text);
      });
    }
    return copyWithTextarea(text);
  }

  /**
   * The text of `element` as copied: without the marks and buttons, a line per paragraph.
   * @param {Element} element
   * @returns {string}
   */
  function textOf(element) {
    var clone = /** @type {Element} */ (element.cloneNode(true));
    clone.querySelectorAll(".fanli-nocopy, .fanli-copy, .fanli-anchor").forEach(function (node) {
      node.remove();
    });
    // one line per paragraph, heading or list item: textContent alone would run them together;
    // a nested list item is indented two spaces a level, so an outline copies as an outline
    clone.querySelectorAll("p, li, h1, h2, h3, h4, h5, h6").forEach(function (node) {
      node.appendChild(document.createTextNode("\n"));
      if (node.tagName !== "LI") return;
      var depth = 0;
      for (var up = node.parentNode; up && up !== clone; up = up.parentNode) if (up.nodeName === "LI") depth += 1;
      var indent = new Array(depth + 1).join("\u3000\u3000");
      if (depth) node.insertBefore(document.createTextNode("\n" + indent), node.firstChild);
    });
    // blank lines and the spaces around line breaks are markup layout, not text
    return clone.textContent.replace(/[ \t]*\n[ \t\n]*/g, "\n").replace(/^\s+|\s+$/g, "");
  }

  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest(".fanli-copy") : null;
    if (!button) return;
    var text = button.getAttribute("data-copy-text");
    if (text === null) {
      var source = document.getElementById(button.getAttribute("data-copy-from") || "");
      if (!source) return;
      text = textOf(source);
    }
    var shown = /** @type {Element} */ (button);
    var label = shown.getAttribute("data-label") || shown.textContent || "";
    shown.setAttribute("data-label", label);
    copyText(text).then(
      function () { shown.textContent = "已复制"; },
      function () { shown.textContent = "复制失败"; }
    ).then(function () {
      setTimeout(function () { shown.textContent = label; }, 1500);
    });
  });

  // A selection copied by hand leaves out the same things as a copy button: no ¶, no button labels.
  document.addEventListener("copy", function (event) {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !event.clipboardData) return;
    var holder = document.createElement("div");
    for (var i = 0; i < selection.rangeCount; i++) holder.appendChild(selection.getRangeAt(i).cloneContents());
    if (!holder.querySelector(".fanli-nocopy, .fanli-copy, .fanli-anchor")) return;
    event.clipboardData.setData("text/plain", textOf(holder));
    event.preventDefault();
  });

  // The filter and compare forms are answered in the page; without an inline onsubmit (which a
  // strict Content-Security-Policy forbids), pressing Enter must not reload it.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof Element && form.matches("form.fanli-filter, form.fanli-compare")) event.preventDefault();
  });

  // A filter answered by another page (the outline library's 文种: a page per genre) goes there,
  // the other filters kept in the address.
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (select instanceof HTMLSelectElement && select.matches("form.fanli-filter select[data-navigate]")) w.fanliCommon.go(select.value + location.hash);
  });

  // A phrase page names each occurrence's source by its report's text file number and the anchor
  // there (render/templates/phrase.html: "12 p24 45 p3"); the links are made here from the reports'
  // data script, which says each report's address and name once for the whole library.
  function addSourceLinks() {
    var found = document.querySelector("ul.fanli-kwic[data-reports]");
    if (!found) return;
    var list = found;
    var root = list.getAttribute("data-root") || "";
    w.fanliCommon.dataScript(list.getAttribute("data-reports"), list.getAttribute("data-key")).then(
      /** @param {Array<[string, string]>} reports */
      function (reports) {
        list.querySelectorAll(".fanli-sources[data-places]").forEach(function (sources) {
          var places = (sources.getAttribute("data-places") || "").split(" ");
          sources.removeAttribute("data-places");
          for (var i = 0; i + 1 < places.length; i += 2) {
            var report = reports[Number(places[i])];
            if (!report) continue;
            if (i) sources.appendChild(document.createTextNode("、"));
            var link = document.createElement("a");
            link.href = root + report[0] + "#" + places[i + 1];
            link.textContent = report[1];
            sources.appendChild(link);
          }
        });
        list.setAttribute("data-fanli-sources", "");
      },
      /** @param {unknown} error */
      function (error) {
        console.error("fanli: phrase sources: ", error);
      }
    );
  }
  w.fanliCommon.onPage("phrase-sources", addSourceLinks);

  // The headings listed under a report (the outline library, a theme's sections) name only their
  // anchor (data-anchor); each becomes a link into the report that its entry's title links to.
  function addHeadingLinks() {
    document.querySelectorAll("a[data-anchor]:not([href])").forEach(function (heading) {
      if (!(heading instanceof HTMLAnchorElement)) return;
      var entry = heading.closest("article, .fanli-anchors");
      var scope = entry && (entry.matches("article") ? entry : entry.parentElement);
      var title = scope && scope.querySelector("a[href]");
      if (!title) return;
      heading.href = (title.getAttribute("href") || "").replace(/#.*$/, "") + "#" + heading.getAttribute("data-anchor");
    });
  }
  w.fanliCommon.onPage("heading-links", addHeadingLinks);

  w.fanliCopy = copyText;
  w.fanliTextOf = textOf;
})();
