// fanli: the basket page (素材篮). Plain JavaScript; the basket itself is kept by basket.js.
//
// Lists the entries (headings and collected passages) in order: drag to reorder, or Alt+↑/↓ on a
// focused entry; Delete removes; each passage has a note. Exports the whole as plain text, or as a
// .docx made here in the browser (workbench/word.js) in the layout of the site's Word downloads,
// sources listed at the end or not.
(function () {
  "use strict";
  // basket.js (with the site's other scripts) comes after the page's content: start once it has run
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();

  function start() {
  if (window.performance && performance.mark) performance.mark("fanli-basket-start");
  var page = document.querySelector(".fanli-basket-page");
  var store = window.fanliBasket;
  if (!page || !store) return;
  var list = page.querySelector(".fanli-basket-list");
  var status = page.querySelector(".fanli-basket-status");
  var titleInput = page.querySelector("input[name=title]");
  var headingInput = page.querySelector("input[name=heading]");
  var basket = store.load();
  var dragged = null;

  var element = /** @type {any} */ (window).fanliCommon.element; // common.js

  function button(label, action, title) {
    var b = element("button", "fanli-basket-action", label);
    b.type = "button";
    b.setAttribute("data-action", action);
    if (title) b.title = title;
    return b;
  }

  function commit(focusIndex) {
    store.save(basket);
    render(focusIndex);
  }

  function describe(entry) {
    var s = entry.source || {};
    return [s.meta, s.title].filter(Boolean).join(" · ");
  }

  function render(focusIndex) {
    var fragment = document.createDocumentFragment();
    basket.entries.forEach(function (entry, index) {
      var li = element("li", "fanli-basket-entry fanli-basket-" + entry.type);
      li.tabIndex = 0;
      li.draggable = true;
      li.setAttribute("data-index", String(index));
      if (entry.type === "heading") {
        li.setAttribute("data-level", String(entry.level || 1));
        li.appendChild(element("span", "fanli-basket-heading-text", entry.text));
        li.setAttribute("aria-label", "标题：" + entry.text);
      } else {
        li.appendChild(element("div", "fanli-basket-text", entry.text));
        var source = element("p", "fanli-meta fanli-basket-source");
        var link = element("a", "", describe(entry) || "来源");
        link.href = (entry.source && entry.source.url) || "#";
        source.appendChild(link);
        li.appendChild(source);
        var note = element("input", "fanli-basket-note");
        note.type = "text";
        note.placeholder = "备注（导出时附在来源后）";
        note.value = entry.note || "";
        note.setAttribute("aria-label", "备注");
        li.appendChild(note);
        li.setAttribute("aria-label", "素材：" + entry.text.slice(0, 30));
      }
      var tools = element("span", "fanli-basket-tools");
      tools.appendChild(button("上移", "up", "Alt+↑"));
      tools.appendChild(button("下移", "down", "Alt+↓"));
      tools.appendChild(button("删除", "remove", "Delete"));
      li.appendChild(tools);
      fragment.appendChild(li);
    });
    list.textContent = "";
    list.appendChild(fragment);
    var items = store.count(basket);
    status.textContent = basket.entries.length
      ? "共 " + items + " 条素材、" + (basket.entries.length - items) + " 个标题。"
      : "素材篮是空的。";
    if (focusIndex !== undefined && list.children[focusIndex]) list.children[focusIndex].focus();
  }

  function move(from, to) {
    if (to < 0 || to >= basket.entries.length || from === to) return;
    var entry = basket.entries.splice(from, 1)[0];
    basket.entries.splice(to, 0, entry);
    commit(to);
  }

  function indexOf(node) {
    var li = node.closest(".fanli-basket-entry");
    return li ? Number(li.getAttribute("data-index")) : -1;
  }

  list.addEventListener("click", function (event) {
    var action = event.target.getAttribute && event.target.getAttribute("data-action");
    var index = indexOf(event.target);
    if (!action || index < 0) return;
    if (action === "up") move(index, index - 1);
    else if (action === "down") move(index, index + 1);
    else if (action === "remove") {
      basket.entries.splice(index, 1);
      commit(Math.min(index, basket.entries.length - 1));
    }
  });

  list.addEventListener("keydown", function (event) {
    if (!event.target.classList.contains("fanli-basket-entry")) return;
    var index = indexOf(event.target);
    if (event.altKey && event.key === "ArrowUp") move(index, index - 1);
    else if (event.altKey && event.key === "ArrowDown") move(index, index + 1);
    else if (event.key === "Delete") {
      basket.entries.splice(index, 1);
      commit(Math.min(index, basket.entries.length - 1));
    } else return;
    event.preventDefault();
  });

  list.addEventListener("change", function (event) {
    if (!event.target.classList.contains("fanli-basket-note")) return;
    basket.entries[indexOf(event.target)].note = event.target.value;
    store.save(basket);
  });

  list.addEventListener("dragstart", function (event) {
    dragged = indexOf(event.target);
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", String(dragged));
  });
  list.addEventListener("dragover", function (event) {
    if (dragged !== null) event.preventDefault();
  });
  list.addEventListener("drop", function (event) {
    event.preventDefault();
    var target = indexOf(event.target);
    if (dragged === null || target < 0) return;
    var li = list.children[target];
    var box = li.getBoundingClientRect();
    var after = event.clientY > box.top + box.height / 2;
    var to = target + (after ? 1 : 0) - (dragged < target + (after ? 1 : 0) ? 1 : 0);
    var from = dragged;
    dragged = null;
    move(from, to);
  });
  list.addEventListener("dragend", function () { dragged = null; });

  // --- adding headings, clearing -------------------------------------------------------------

  function addHeading() {
    var text = headingInput.value.trim();
    if (!text) return;
    basket.entries.push({ type: "heading", text: text, level: Number(page.querySelector("select[name=level]").value) });
    headingInput.value = "";
    commit();
  }
  headingInput.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      addHeading();
    }
  });
  titleInput.value = basket.title || "";
  titleInput.addEventListener("change", function () {
    basket.title = titleInput.value.trim();
    store.save(basket);
  });

  // --- export ---------------------------------------------------------------------------------

  function withSources() {
    return page.querySelector("input[name=sources]").checked;
  }

  function documentTitle() {
    return basket.title || "素材汇编";
  }

  // [passage number, entry] for every passage, numbered in order, for the list of sources.
  function numbered() {
    var out = [];
    basket.entries.forEach(function (entry) {
      if (entry.type === "item") out.push([out.length + 1, entry]);
    });
    return out;
  }

  function sourceLine(n, entry) {
    var s = entry.source || {};
    var line = "[" + n + "] " + describe(entry) + (s.url ? " " + s.url : "");
    return entry.note ? line + " 备注：" + entry.note : line;
  }

  function plainText() {
    var lines = [documentTitle(), ""];
    var n = 0;
    var sources = withSources();
    basket.entries.forEach(function (entry) {
      if (entry.type === "heading") lines.push(entry.text);
      else {
        n += 1;
        lines.push(entry.text + (sources ? "[" + n + "]" : ""));
      }
    });
    if (sources && n) {
      lines.push("", "来源");
      numbered().forEach(function (pair) { lines.push(sourceLine(pair[0], pair[1])); });
    }
    return lines.join("\n");
  }

  // [style id, text] blocks of the Word export: the passages under their headings, then the sources
  function wordBlocks() {
    var blocks = [["FanliTitle", documentTitle()]];
    var n = 0;
    var sources = withSources();
    basket.entries.forEach(function (entry) {
      if (entry.type === "heading") {
        blocks.push(["FanliHeading" + Math.min(entry.level || 1, 3), entry.text]);
      } else {
        n += 1;
        var lines = entry.text.split(/\n+/).filter(function (line) { return line.trim(); });
        lines.forEach(function (line, i) {
          blocks.push(["FanliBody", line + (sources && i === lines.length - 1 ? "[" + n + "]" : "")]);
        });
      }
    });
    if (sources && n) {
      blocks.push(["FanliHeading1", "来源"]);
      numbered().forEach(function (pair) { blocks.push(["FanliNote", sourceLine(pair[0], pair[1])]); });
    }
    return blocks;
  }

  page.addEventListener("click", function (event) {
    var action = event.target.getAttribute && event.target.getAttribute("data-action");
    if (!action || event.target.closest(".fanli-basket-list")) return;
    if (action === "add-heading") addHeading();
    else if (action === "clear") {
      if (!window.confirm("清空素材篮？")) return;
      basket = { title: basket.title, entries: [] };
      commit();
    } else if (action === "copy") {
      window.fanliCopy(plainText()).then(
        function () { status.textContent = "已复制为纯文本。"; },
        function () { status.textContent = "复制失败。"; }
      );
    } else if (action === "docx") {
      status.textContent = "正在生成 Word 文档…";
      window.fanliWord.download(page, documentTitle(), wordBlocks()).then(
        function () { status.textContent = "已生成 Word 文档。"; },
        function (error) { status.textContent = "未能生成 Word 文档：" + error.message; }
      );
    }
  });

  // another tab added something: show it
  window.addEventListener("storage", function (event) {
    if (event.key === "fanli-basket") {
      basket = store.load();
      render();
    }
  });

  window.fanliBasketPage = { plainText: plainText };
  render();
  // read by dev/bench_basket.py: the list is in the DOM, then laid out and painted (the frame after)
  if (window.performance && performance.mark) {
    performance.mark("fanli-basket-shown");
    requestAnimationFrame(function () { setTimeout(function () { performance.mark("fanli-basket-painted"); }, 0); });
  }
  }
})();
