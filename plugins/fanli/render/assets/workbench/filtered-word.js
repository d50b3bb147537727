// fanli: a filtered list's Word download, made in the browser from what its filters select (over all
// pages, in the list's order, at most data-limit entries), from the same data the page shows. A section-
// example page gives each example's text (window.fanliExamples.load: its page's data script and its
// report's text file, loaded as needed); a list with data-mode="labels" (the phrase library) gives each
// entry's label, one paragraph each.
// Needs examples.js (the filter, form.fanliMatching, window.fanliExamples) and workbench/word.js.
(function () {
  "use strict";
  // Material runs a page's scripts again each time an instant page change reaches it: one listener
  // serves every visit (it reads the page at each click).
  if (window.fanliFilteredWord) return;
  window.fanliFilteredWord = true;

  // "年份 2023年 · 主题 党风廉政建设": the filters set on screen, for the file's closing note
  function filtersSet(form) {
    return Array.prototype.filter.call(form.querySelectorAll("select"), function (select) { return select.value; })
      .map(function (select) {
        var label = select.closest("label");
        return (label ? label.firstChild.textContent.trim() + " " : "") + select.options[select.selectedIndex].text;
      });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(".fanli-word-export") : null;
    if (!button) return;
    var holder = button.closest(".fanli-downloads");
    var status = holder.querySelector(".fanli-word-status");
    var form = document.querySelector("form.fanli-filter");
    if (!form || !form.fanliMatching) return;
    var key = form.getAttribute("data-index");
    var matching = form.fanliMatching();
    var limit = Number(holder.getAttribute("data-limit"));
    var chosen = matching.slice(0, limit);
    if (holder.getAttribute("data-mode") === "labels") {
      var filters = filtersSet(form);
      var title = holder.getAttribute("data-title") + (filters.length ? "（" + filters.join("，") + "）" : "");
      var blocks = [["FanliTitle", holder.getAttribute("data-title")]].concat(
        chosen.map(function (row) { return ["FanliBody", row.label]; }),
        [["FanliNote", note(filters, matching.length, chosen.length)]]
      );
      finish(window.fanliWord.download(holder, title, blocks));
      return;
    }
    status.textContent = "正在生成 Word 文档…";
    finish(window.fanliExamples.load(form.getAttribute("data-root"), key, chosen).then(function (examples) {
      var title = holder.getAttribute("data-title");
      var blocks = [["FanliTitle", title]];
      var theme = form.elements.theme ? form.elements.theme.value : "";
      examples.forEach(function (example) {
        blocks.push(["FanliHeading1", example.title + "（" + example.meta + "）"]);
        example.lines.forEach(function (line) {
          // as on screen: a paragraph tagged with other themes than the one filtered for is left out
          if (theme && line.themes && line.themes.indexOf(theme) < 0) return;
          blocks.push([line.depth ? "FanliHeading" + Math.min(line.depth + 1, 3) : "FanliBody", line.text]);
        });
      });
      var filters = filtersSet(form);
      blocks.push(["FanliNote", note(filters, matching.length, chosen.length)]);
      var name = title + (filters.length ? "（" + filters.join("，") + "）" : "");
      return window.fanliWord.download(holder, name, blocks);
    }));

    function finish(done) {
      return done.then(
        function () { status.textContent = "已生成 Word 文档：" + matching.length + " 条" + (matching.length > limit ? "（收录前 " + limit + " 条）" : "") + "。"; },
        function (error) { status.textContent = "未能生成 Word 文档：" + error.message; }
      );
    }
  });

  // the closing note: which filters were on, and how many entries
  function note(filters, total, kept) {
    return (filters.length ? "筛选：" + filters.join(" · ") + "。" : "") + "共 " + total + " 条" +
      (total > kept ? "，收录前 " + kept + " 条" : "") + "。";
  }
})();
