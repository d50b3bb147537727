// @ts-check
// fanli: the 素材篮 (basket). Plain JavaScript, no dependencies; a classic script, so it works from disk.
//
// The basket is one list kept in localStorage (shared by every page of the site, served or opened from
// disk): entries are passages {type: "item", text, source: {title, meta, url}, note} and headings
// {type: "heading", text, level}; the passages after a heading belong to it. This script puts the
// count in the header and, at page load, a "加入素材篮" button beside what can be collected:
// every paragraph and section of a report (with a copy button), and everything that has a copy
// button (section examples, phrases, outlines, search hits, compare columns, also when added later).
// An outline can also become the basket's skeleton ("用作提纲"). The basket page is basket-page.js.
// On a report page it also makes the outline box, the ¶ links and the similar-wording notes.
(function () {
  "use strict";
  var w = /** @type {any} */ (window); // the site's scripts meet on window (fanliCommon, fanliTextOf, fanliBasket)
  var KEY = "fanli-basket";
  var listeners = [];

  function load() {
    try {
      var stored = JSON.parse(localStorage.getItem(KEY) || "null");
      if (stored && Array.isArray(stored.entries)) return stored;
    } catch (e) { /* unreadable: start afresh */ }
    return { title: "", entries: [] };
  }

  function save(basket) {
    localStorage.setItem(KEY, JSON.stringify(basket));
    listeners.forEach(function (listener) { listener(basket); });
  }

  function count(basket) {
    return basket.entries.filter(function (entry) { return entry.type === "item"; }).length;
  }

  function add(text, source) {
    var basket = load();
    basket.entries.push({ type: "item", text: text, source: source, note: "" });
    save(basket);
  }

  // Headings of an outline (nested lists of links) as skeleton headings: the first link of each item.
  function outlineHeadings(list, level, out) {
    Array.prototype.forEach.call(list.children, function (li) {
      var label = li.querySelector("a");
      if (label) out.push({ type: "heading", text: textOf(label), level: Math.min(level, 3) });
      var sub = li.querySelector(":scope > ol, :scope > ul");
      if (sub) outlineHeadings(sub, level + 1, out);
    });
    return out;
  }

  // The skeleton (heading entries) goes first; what was in the basket follows, under its own
  // heading, to be sorted in.
  function useSkeleton(skeleton, title) {
    var basket = load();
    var kept = basket.entries.filter(function (entry) { return entry.type === "item"; });
    if (kept.length) skeleton.push({ type: "heading", text: "未归类", level: 1 });
    basket.entries = skeleton.concat(kept);
    if (!basket.title && title) basket.title = title;
    save(basket);
  }

  function useOutline(list, title) {
    useSkeleton(outlineHeadings(list, 1, []), title);
  }

  function textOf(node) {
    return w.fanliTextOf ? w.fanliTextOf(node) : node.textContent.trim();
  }

  function element(tag, className, text) {
    return w.fanliCommon.element(tag, className, text); // common.js
  }

  function flash(button, label) {
    var before = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", before);
    button.textContent = label;
    setTimeout(function () { button.textContent = before; }, 1500);
  }

  function basketButton(getText, getSource) {
    var button = element("button", "fanli-basket-add fanli-nocopy", "加入素材篮");
    button.type = "button";
    button.title = "加入素材篮，在素材篮页面排列、导出";
    button.addEventListener("click", function () {
      var text = getText();
      if (!text) return;
      add(text, getSource());
      flash(button, "已加入");
    });
    return button;
  }

  // --- where a passage comes from ------------------------------------------------------------

  var SOURCE_LINK = "a[href]:not(.fanli-kind):not(.fanli-theme):not(.fanli-anchor)";

  function pageSource() {
    return { title: document.title.replace(/ - [^-]*$/, ""), meta: "", url: location.href.replace(/#.*$/, "") };
  }

  // The report a passage elsewhere came from: the first link of the entry it sits in, and its details
  // (said once: not when the details hold the link). A link that names no report (a phrase's "3 处")
  // leads there under the page's own title.
  function entrySource(node) {
    var entry = node.closest("li, article, .fanli-compare-column");
    if (!entry) return pageSource();
    var named = entry.querySelector("h2 " + SOURCE_LINK + ", h3 " + SOURCE_LINK + ", header " + SOURCE_LINK) ||
      entry.querySelector([".fanli-sources", ".fanli-hit-meta", ".fanli-meta"].map(function (where) {
        return where + " " + SOURCE_LINK;
      }).join(", "));
    var link = named || entry.querySelector(SOURCE_LINK);
    if (!link) return pageSource();
    var meta = entry.querySelector(".fanli-meta");
    return {
      title: named ? textOf(link) : pageSource().title,
      meta: meta && !meta.contains(link) ? textOf(meta) : "",
      url: link.href
    };
  }

  // --- report pages: what the page's script makes from the text ------------------------------
  // The page ships its text with anchors and headings (render/templates/document.html); the outline box,
  // the ¶ links, the similar-wording notes and the tools on every paragraph and section are made here,
  // so the many report pages stay mostly text.

  function copyButton(targetId, label) {
    var button = element("button", "fanli-copy fanli-nocopy", label);
    button.type = "button";
    button.setAttribute("data-copy-from", targetId);
    return button;
  }

  function link(href, className, text) {
    var a = element("a", className, text);
    a.setAttribute("href", href);
    return a;
  }

  // The outline box (提纲) before the text: its sections' headings, nested as they are, each linked to
  // its heading, with its kind tags (the same outline as Material's table of contents on the right).
  function outlineList(parent) {
    var list = element("ol");
    parent.querySelectorAll(":scope > section").forEach(function (section) {
      var heading = section.firstElementChild;
      if (!heading || !heading.id) return;
      var item = element("li");
      var label = link("#" + heading.id);
      var kinds = [];
      heading.childNodes.forEach(function (node) {
        if (node.nodeType === 1 && /** @type {Element} */ (node).classList.contains("fanli-kind")) kinds.push(node.cloneNode(true));
        else label.appendChild(node.cloneNode(true));
      });
      var last = label.lastChild;
      if (last && last.nodeType === 3) last.textContent = (last.textContent || "").replace(/\s+$/, "");
      item.appendChild(label);
      if (kinds.length) item.appendChild(document.createTextNode(" "));
      kinds.forEach(function (kind) { item.appendChild(kind); });
      var sub = outlineList(section);
      if (sub.children.length) item.appendChild(sub);
      list.appendChild(item);
    });
    return list;
  }

  function addOutline(text) {
    var list = outlineList(text);
    if (!list.children.length) return;
    var box = element("details", "fanli-outline");
    box.setAttribute("open", "");
    box.appendChild(element("summary", "", "提纲"));
    box.appendChild(list);
    text.parentNode.insertBefore(box, text);
  }

  // "相似表述 N 处：unit year、unit year 等" under each paragraph that has some, from the page's data
  // (render/html.py: similar_notes).
  function addSimilarNotes(text) {
    var data = text.nextElementSibling;
    if (!data || !data.matches("script.fanli-similar-data")) return;
    var similar = JSON.parse(data.textContent || "{}");
    Object.keys(similar.notes).forEach(function (anchor) {
      var paragraph = document.getElementById(anchor);
      if (!paragraph) return;
      var row = similar.notes[anchor];
      var note = element("div", "fanli-similar fanli-nocopy", "相似表述 " + row[0] + " 处：");
      for (var i = 1; i < row.length; i += 2) {
        var doc = similar.docs[row[i]];
        if (i > 1) note.appendChild(document.createTextNode("、"));
        note.appendChild(link(doc[0] + "#" + row[i + 1], "", doc[1]));
      }
      if (row[0] > (row.length - 1) / 2) note.appendChild(document.createTextNode(" 等"));
      paragraph.after(note);
    });
  }

  function setUpReport(text) {
    var title = text.getAttribute("data-title") || "";
    var meta = [text.getAttribute("data-unit"), text.getAttribute("data-year") + "年", text.getAttribute("data-genre")];
    var base = location.href.replace(/#.*$/, "");
    function sourceAt(anchor) {
      return { title: title, meta: meta.join(" · "), url: base + "#" + anchor };
    }
    addOutline(text);
    addSimilarNotes(text);
    // tags label the text: copies and the basket leave them out
    text.querySelectorAll(".fanli-kind").forEach(function (node) { node.classList.add("fanli-nocopy"); });
    text.querySelectorAll("p[id]").forEach(function (p) {
      var anchor = link("#" + p.id, "fanli-anchor", "¶");
      anchor.title = "本段链接";
      p.appendChild(anchor);
      var tools = element("span", "fanli-tools fanli-nocopy");
      tools.appendChild(copyButton(p.id, "复制"));
      tools.appendChild(basketButton(function () { return textOf(p); }, function () { return sourceAt(p.id); }));
      p.appendChild(tools);
    });
    text.querySelectorAll("section").forEach(function (section) {
      var heading = section.firstElementChild;
      if (!heading || !heading.id) return;
      section.id = section.id || heading.id + "-section";
      var tools = element("span", "fanli-tools fanli-nocopy");
      tools.appendChild(copyButton(section.id, "复制本节"));
      tools.appendChild(basketButton(function () { return textOf(section); }, function () { return sourceAt(heading.id); }));
      heading.appendChild(tools);
    });
  }

  // --- everything with a copy button ---------------------------------------------------------

  function outlineButton(list) {
    var button = element("button", "fanli-basket-outline fanli-nocopy", "用作提纲");
    button.type = "button";
    button.title = "把这份提纲的标题放进素材篮，作为起草的骨架";
    button.addEventListener("click", function () {
      var entry = list.closest("article, .fanli-document, .fanli");
      var heading = entry && entry.querySelector("h1, h2");
      useOutline(list, heading ? textOf(heading.querySelector("a") || heading) : "");
      flash(button, "已放入素材篮");
    });
    return button;
  }

  function twin(copy) {
    if (copy.getAttribute("data-basket") || copy.closest(".fanli-tools, .fanli-basket-page")) return;
    copy.setAttribute("data-basket", "1");
    var fixed = copy.getAttribute("data-copy-text");
    var target = copy.getAttribute("data-copy-from");
    function text() {
      if (fixed !== null) return fixed;
      var node = document.getElementById(target);
      return node ? textOf(node) : "";
    }
    var button = basketButton(text, function () { return entrySource(copy); });
    copy.parentNode.insertBefore(button, copy.nextSibling);
    var node = target && document.getElementById(target);
    if (node && node.matches("ol.fanli-tree")) button.parentNode.insertBefore(outlineButton(node), button.nextSibling);
  }

  function twinAll(root) {
    if (root.matches && root.matches(".fanli-copy")) twin(root);
    if (root.querySelectorAll) root.querySelectorAll(".fanli-copy").forEach(twin);
  }

  // --- the header count ------------------------------------------------------------------------

  // Once: the header stays when an instant page change replaces the content; its link is made
  // absolute, as a relative one would be read against each later page's address.
  function setUpHeader() {
    var target = document.querySelector('meta[name="fanli-basket"]');
    var header = document.querySelector(".md-header__inner");
    if (!target || !header) return;
    var link = /** @type {HTMLAnchorElement} */ (element("a", "fanli-basket-link"));
    link.href = new URL(target.getAttribute("content") || "", location.href).href;
    link.title = "素材篮：收集的段落和标题";
    link.appendChild(document.createTextNode("素材篮 "));
    var number = element("span", "fanli-basket-count", String(count(load())));
    link.appendChild(number);
    header.insertBefore(link, header.querySelector(".md-header__source"));
    listeners.push(function (basket) { number.textContent = String(count(basket)); });
    window.addEventListener("storage", function (event) {
      if (event.key === KEY) number.textContent = String(count(load()));
    });
  }

  w.fanliBasket = {
    load: load, save: save, add: add, count: count, useSkeleton: useSkeleton,
    onChange: function (f) { listeners.push(f); }
  };

  // What a page's content gets, on every page (common.js: onPage).
  function setUpPage() {
    document.querySelectorAll(".fanli-text[data-title]").forEach(setUpReport);
    document.querySelectorAll(".fanli-outline > ol").forEach(function (list) {
      list.before(outlineButton(list));
    });
    twinAll(document.body);
  }

  // The buttons go in once every script of the page has run: common.js (element, onPage) loads after
  // this one (the site's scripts load in file-name order). Copy buttons added later, by a page's
  // scripts or with the content of an instant page change, get their twin as they come.
  function start() {
    setUpHeader();
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        change.addedNodes.forEach(function (node) { if (node.nodeType === 1) twinAll(node); });
      });
    }).observe(document.body, { childList: true, subtree: true });
    w.fanliCommon.onPage("basket", setUpPage);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
