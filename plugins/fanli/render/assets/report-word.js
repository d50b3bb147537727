// @ts-check
// fanli: a report page's Word download, made in the browser from the text on the page (a file per
// report made at build time would be the site's largest part after the pages themselves). The same
// blocks as render/word.py's document_blocks: title, the text in reading order (headings styled by
// depth), a closing note naming the source. Loaded on every page (a page's text holds no scripts);
// workbench/word.js (the button's data-word) is loaded on the first click.
(function () {
  "use strict";
  var w = /** @type {any} */ (window); // fanliCommon in, fanliWord once workbench/word.js has loaded

  // a paragraph's or heading's own text: without the ¶ link, the kind tags and the buttons scripts add
  function ownText(element) {
    var clone = element.cloneNode(true);
    clone.querySelectorAll(".fanli-anchor, .fanli-kind, .fanli-nocopy, button").forEach(function (node) { node.remove(); });
    return clone.textContent.trim();
  }

  function reportBlocks(text) {
    var blocks = [["FanliTitle", text.getAttribute("data-title")]];
    text.querySelectorAll("p[id], h2[id], h3[id], h4[id], h5[id], h6[id]").forEach(function (element) {
      var level = element.tagName === "P" ? 0 : Number(element.tagName.slice(1)) - 1;
      blocks.push([level ? "FanliHeading" + Math.min(level, 3) : "FanliBody", ownText(element)]);
    });
    blocks.push(["FanliNote", "（来源：" + text.getAttribute("data-unit") + " · " + text.getAttribute("data-year") + "年 · " +
      text.getAttribute("data-genre") + "）"]);
    return blocks;
  }

  document.addEventListener("click", function (event) {
    var target = /** @type {any} */ (event.target);
    var button = target.closest ? target.closest(".fanli-report-word") : null;
    var text = /** @type {HTMLElement} */ (document.querySelector(".fanli-text"));
    if (!button || !text) return;
    var status = button.parentNode.querySelector(".fanli-word-status");
    function failed(error) { status.textContent = "未能生成 Word 文档：" + error.message; }
    function download() {
      w.fanliWord.download(button, text.getAttribute("data-title"), reportBlocks(text)).then(
        function () { status.textContent = ""; }, failed);
    }
    if (w.fanliWord) return download();
    w.fanliCommon.loadScript(button.getAttribute("data-word"), download, function () { failed(new Error("Word 组件未能加载")); });
  });
})();
