// @ts-check
// fanli: the basket page (素材篮). Plain JavaScript; the basket itself is kept by basket.js.
//
// Lists the entries (headings and collected passages) in order: drag to reorder, or Alt+↑/↓ on a
// focused entry; Delete removes; each passage has a note. Exports the whole as plain text, or as a
// .docx made here in the browser (workbench/word.js) in the layout of the site's Word downloads,
// sources listed at the end or not.
(function () {
  "use strict";
  /** @type {(() => void) | null} redraws the basket page on screen (none: another page is shown) */
  var redraw = null;
  var listening = false;

  // basket.js and common.js (with the site's other scripts) come after the page's content: start once
  // they have run, and again on each visit by an instant page change (common.js: onPage; Material runs
  // this script again then, and onPage keeps the first registration).
  function register() {
    /** @type {any} */ (window).fanliCommon.onPage("basket-page", start);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", register);
  else register();

  // Marks read by dev/bench_basket.py (milliseconds since navigation began).
  function mark(name) {
    if (window.performance && performance.mark) performance.mark(name);
  }

  function start() {
  redraw = null;
  /** @type {any} */
  var win = window;
  var page = /** @type {HTMLElement} */ (document.querySelector(".fanli-basket-page"));
  var store = win.fanliBasket;
  if (!page || !store) return;
  mark("fanli-basket-start");
  var list = /** @type {HTMLElement} */ (page.querySelector(".fanli-basket-list"));
  var status = /** @type {HTMLElement} */ (page.querySelector(".fanli-basket-status"));
  var titleInput = /** @type {HTMLInputElement} */ (page.querySelector("input[name=title]"));
  var headingInput = /** @type {HTMLInputElement} */ (page.querySelector("input[name=heading]"));
  var basket = store.load();
  /** @type {number | null} */
  var dragged = null;

  var element = /** @type {any} */ (window).fanliCommon.element; // common.js

  function button(label, action, title) {
    var b = element("button", "fanli-basket-action", label);
    b.type = "button";
    b.setAttribute("data-action", action);
    if (title) b.title = title;
    return b;
  }

  function describe(entry) {
    var s = entry.source || {};
    return [s.meta, s.title].filter(Boolean).join(" · ");
  }

  // --- the list -------------------------------------------------------------------------------
  // An entry's row is a copy of one of two prototypes, filled in: no listeners of its own (the list
  // has one of each kind), no sizes read; rows off screen skip layout (content-visibility in
  // fanli.css). Moving or removing an entry moves or removes its row: the list is built once.

  var ROW_PARTS = { heading: rowPrototype("heading"), item: rowPrototype("item") };

  function rowPrototype(type) {
    var li = element("li", "fanli-basket-entry fanli-basket-" + type);
    li.tabIndex = 0;
    li.draggable = true;
    if (type === "heading") li.appendChild(element("span", "fanli-basket-heading-text"));
    else {
      li.appendChild(element("div", "fanli-basket-text"));
      var source = element("p", "fanli-meta fanli-basket-source");
      source.appendChild(element("a"));
      li.appendChild(source);
      var note = /** @type {HTMLInputElement} */ (element("input", "fanli-basket-note"));
      note.type = "text";
      note.placeholder = "备注（导出时附在来源后）";
      note.setAttribute("aria-label", "备注");
      li.appendChild(note);
    }
    var tools = element("span", "fanli-basket-tools");
    tools.appendChild(button("上移", "up", "Alt+↑"));
    tools.appendChild(button("下移", "down", "Alt+↓"));
    tools.appendChild(button("删除", "remove", "Delete"));
    li.appendChild(tools);
    return li;
  }

  function row(entry, index) {
    var heading = entry.type === "heading";
    var li = /** @type {HTMLElement} */ (ROW_PARTS[heading ? "heading" : "item"].cloneNode(true));
    var first = /** @type {HTMLElement} */ (li.firstChild);
    first.textContent = entry.text;
    li.setAttribute("data-index", String(index));
    if (heading) {
      li.setAttribute("data-level", String(entry.level || 1));
      li.setAttribute("aria-label", "标题：" + entry.text);
    } else {
      var link = /** @type {HTMLAnchorElement} */ (li.children[1].firstChild);
      link.textContent = describe(entry) || "来源";
      link.href = (entry.source && entry.source.url) || "#";
      if (entry.note) /** @type {HTMLInputElement} */ (li.children[2]).value = entry.note;
      li.setAttribute("aria-label", "素材：" + entry.text.slice(0, 30));
    }
    return li;
  }

  function appendRows(from, to) {
    var fragment = document.createDocumentFragment();
    for (var i = from; i < to; i++) fragment.appendChild(row(basket.entries[i], i));
    list.appendChild(fragment);
  }

  function showStatus() {
    var items = store.count(basket);
    status.textContent = basket.entries.length
      ? "共 " + items + " 条素材、" + (basket.entries.length - items) + " 个标题。"
      : "素材篮是空的。";
  }

  function render(focusIndex) {
    list.textContent = "";
    appendRows(0, basket.entries.length);
    showStatus();
    focusRow(focusIndex);
  }

  function focusRow(index) {
    if (index !== undefined && list.children[index]) /** @type {HTMLElement} */ (list.children[index]).focus();
  }

  // data-index of the rows from..to (inclusive), after a move or removal
  function renumber(from, to) {
    for (var i = Math.max(from, 0); i <= to && i < list.children.length; i++) {
      list.children[i].setAttribute("data-index", String(i));
    }
  }

  function move(from, to) {
    if (to < 0 || to >= basket.entries.length || from === to) return;
    basket.entries.splice(to, 0, basket.entries.splice(from, 1)[0]);
    var li = list.children[from];
    list.removeChild(li);
    list.insertBefore(li, list.children[to] || null);
    renumber(Math.min(from, to), Math.max(from, to));
    store.save(basket);
    focusRow(to);
  }

  function remove(index) {
    basket.entries.splice(index, 1);
    list.removeChild(list.children[index]);
    renumber(index, list.children.length - 1);
    store.save(basket);
    showStatus();
    focusRow(Math.min(index, basket.entries.length - 1));
  }

  function indexOf(node) {
    var li = node.closest && node.closest(".fanli-basket-entry");
    return li ? Number(li.getAttribute("data-index")) : -1;
  }

  /** @param {Event} event */
  function targetOf(event) {
    return /** @type {HTMLInputElement} */ (event.target);
  }

  list.addEventListener("click", function (event) {
    var action = targetOf(event).getAttribute("data-action");
    var index = indexOf(targetOf(event));
    if (!action || index < 0) return;
    if (action === "up") move(index, index - 1);
    else if (action === "down") move(index, index + 1);
    else if (action === "remove") remove(index);
  });

  list.addEventListener("keydown", function (event) {
    if (!targetOf(event).classList.contains("fanli-basket-entry")) return;
    var index = indexOf(targetOf(event));
    if (event.altKey && event.key === "ArrowUp") move(index, index - 1);
    else if (event.altKey && event.key === "ArrowDown") move(index, index + 1);
    else if (event.key === "Delete") remove(index);
    else return;
    event.preventDefault();
  });

  list.addEventListener("change", function (event) {
    var note = targetOf(event);
    if (!note.classList.contains("fanli-basket-note")) return;
    basket.entries[indexOf(note)].note = note.value;
    store.save(basket);
  });

  list.addEventListener("dragstart", function (event) {
    dragged = indexOf(targetOf(event));
    if (!event.dataTransfer) return;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", String(dragged));
  });
  list.addEventListener("dragover", function (event) {
    if (dragged !== null) event.preventDefault();
  });
  list.addEventListener("drop", function (event) {
    event.preventDefault();
    var target = indexOf(targetOf(event));
    if (dragged === null || target < 0) return;
    var box = list.children[target].getBoundingClientRect(); // the one size read: where, on the row, it fell
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
    var level = /** @type {HTMLSelectElement} */ (page.querySelector("select[name=level]")).value;
    basket.entries.push({ type: "heading", text: text, level: Number(level) });
    appendRows(basket.entries.length - 1, basket.entries.length);
    headingInput.value = "";
    store.save(basket);
    showStatus();
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

  // a genre's common outline (from the outline library, written into the page) as the skeleton
  function useGenreOutline() {
    var select = /** @type {HTMLSelectElement} */ (page.querySelector("select[name=skeleton]"));
    var option = select.options[select.selectedIndex];
    /** @type {string[]} */
    var headings = JSON.parse(option.getAttribute("data-headings") || "[]");
    store.useSkeleton(headings.map(function (text) { return { type: "heading", text: text, level: 1 }; }), "");
    basket = store.load();
    render(0);
    status.textContent = "已用" + option.textContent + "的常见提纲作骨架：把素材拖到相应标题下。";
  }

  // --- export ---------------------------------------------------------------------------------

  function withSources() {
    return /** @type {HTMLInputElement} */ (page.querySelector("input[name=sources]")).checked;
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
    var action = targetOf(event).getAttribute("data-action");
    if (!action || targetOf(event).closest(".fanli-basket-list")) return;
    if (action === "add-heading") addHeading();
    else if (action === "skeleton") useGenreOutline();
    else if (action === "clear") {
      if (!window.confirm("清空素材篮？")) return;
      basket = { title: basket.title, entries: [] };
      store.save(basket);
      render();
    } else if (action === "copy") {
      win.fanliCopy(plainText()).then(
        function () { status.textContent = "已复制为纯文本。"; },
        function () { status.textContent = "复制失败。"; }
      );
    } else if (action === "docx") {
      status.textContent = "正在生成 Word 文档…";
      win.fanliWord.download(page, documentTitle(), wordBlocks()).then(
        function () { status.textContent = "已生成 Word 文档。"; },
        function (error) { status.textContent = "未能生成 Word 文档：" + error.message; }
      );
    }
  });

  redraw = function () {
    basket = store.load();
    render();
  };
  if (!listening) { // another tab changed the basket: show it (one listener for every visit)
    listening = true;
    window.addEventListener("storage", function (event) {
      if (event.key === "fanli-basket" && redraw) redraw();
    });
  }

  win.fanliBasketPage = { plainText: plainText };
  render();
  // every entry is in the page, then laid out and painted (the frame after)
  mark("fanli-basket-shown");
  requestAnimationFrame(function () { setTimeout(function () { mark("fanli-basket-painted"); }, 0); });
  }
})();
