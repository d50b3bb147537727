// @ts-check
// fanli: a filtered list's Word download, made in the browser from what its filters select (over all
// pages, in the list's order, at most data-limit entries), from the same data the page shows. A section-
// example page gives each example's text (its page's data script, loaded as needed); a list with
// data-mode="labels" (the phrase library) gives each entry's label, one paragraph each.
// Needs examples.js (the filter, form.fanliMatching, whose items are [page, element id, label, facet values…]),
// common.js (loading) and workbench/word.js.
(function () {
  "use strict";
  var w = /** @type {any} */ (window); // fanliCommon, fanliData, fanliWord

  // a text as the data gives it: a string, or pieces where a placeholder is a one-item list
  function plain(text) {
    return typeof text === "string" ? text : text.map(function (piece) { return typeof piece === "string" ? piece : piece[0]; }).join("");
  }

  // "年份 2023年 · 主题 党风廉政建设": the filters set on screen, for the file's closing note
  function filtersSet(form) {
    return Array.prototype.filter.call(form.querySelectorAll("select"), function (select) { return select.value; })
      .map(function (select) {
        var label = select.closest("label");
        return (label ? label.firstChild.textContent.trim() + " " : "") + select.options[select.selectedIndex].text;
      });
  }

  document.addEventListener("click", function (event) {
    var target = /** @type {any} */ (event.target);
    var button = target.closest ? target.closest(".fanli-word-export") : null;
    if (!button) return;
    var holder = button.closest(".fanli-downloads");
    var status = holder.querySelector(".fanli-word-status");
    var form = /** @type {any} */ (document.querySelector("form.fanli-filter")); // with fanliMatching (examples.js)
    if (!form || !form.fanliMatching) return;
    var key = form.getAttribute("data-index");
    var matching = form.fanliMatching();
    var limit = Number(holder.getAttribute("data-limit"));
    var chosen = matching.slice(0, limit);
    var data = w.fanliData || {};
    if (holder.getAttribute("data-mode") === "labels") {
      var filters = filtersSet(form);
      var title = holder.getAttribute("data-title") + (filters.length ? "（" + filters.join("，") + "）" : "");
      var blocks = [["FanliTitle", holder.getAttribute("data-title")]].concat(
        chosen.map(function (item) { return ["FanliBody", item[2]]; }),
        [["FanliNote", note(filters, matching.length, chosen.length)]]
      );
      finish(w.fanliWord.download(holder, title, blocks));
      return;
    }
    var pages = chosen.map(function (item) { return item[0]; }).filter(function (page, i, all) { return all.indexOf(page) === i; });
    status.textContent = "正在生成 Word 文档…";
    finish(Promise.all(pages.map(function (page) {
      var chunk = key + "/" + page;
      return data[chunk] ? null : w.fanliCommon.loading(holder.getAttribute("data-data") + chunk + ".js", "数据未能加载");
    })).then(function () {
      var title = holder.getAttribute("data-title");
      var blocks = [["FanliTitle", title]];
      var theme = form.elements.theme ? form.elements.theme.value : "";
      chosen.forEach(function (item) {
        var example = w.fanliData[key + "/" + item[0]][item[1]];
        blocks.push(["FanliHeading1", plain(example.title) + "（" + example.meta + "）"]);
        example.blocks.forEach(function (block) {
          // as on screen: a paragraph tagged with other themes than the one filtered for is left out
          if (theme && block[3] && block[3].indexOf(theme) < 0) return;
          blocks.push([block[0] ? "FanliHeading" + Math.min(block[0] + 1, 3) : "FanliBody", plain(block[1])]);
        });
      });
      var filters = filtersSet(form);
      blocks.push(["FanliNote", note(filters, matching.length, chosen.length)]);
      var name = title + (filters.length ? "（" + filters.join("，") + "）" : "");
      return w.fanliWord.download(holder, name, blocks);
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
