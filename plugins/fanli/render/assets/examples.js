// fanli: filters over a whole paginated list, and the compare view. Plain JavaScript, no dependencies.
//
// Data comes from generated scripts that set window.fanliData[key] (loaded with <script>, so pages
// work opened from disk too). A filter index is {facets, pages, items}; each item is
// [page, element id, label, facet values…], a facet value being a string or a list of strings.
(function () {
  "use strict";
  var data = (window.fanliData = window.fanliData || {});

  function readHash() {
    var state = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
      var i = pair.indexOf("=");
      if (i > 0) state[decodeURIComponent(pair.slice(0, i))] = decodeURIComponent(pair.slice(i + 1));
    });
    return state;
  }

  function hashOf(state) {
    var parts = [];
    Object.keys(state).forEach(function (key) {
      if (state[key]) parts.push(encodeURIComponent(key) + "=" + encodeURIComponent(state[key]).replace(/%2C/g, ","));
    });
    return parts.length ? "#" + parts.join("&") : "";
  }

  function writeHash(state) {
    history.replaceState(null, "", location.pathname + location.search + hashOf(state));
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function loadScript(src, done, failed) {
    var script = document.createElement("script");
    script.src = src;
    script.onload = done;
    script.onerror = failed;
    document.head.appendChild(script);
  }

  // Text with placeholders comes as pieces: a string, or a list holding one placeholder ("XX").
  function appendText(parent, text) {
    if (typeof text === "string") return parent.appendChild(document.createTextNode(text));
    text.forEach(function (piece) {
      if (typeof piece === "string") {
        parent.appendChild(document.createTextNode(piece));
      } else {
        var mark = element("span", "fanli-ph", piece[0]);
        mark.title = "原文占位符";
        parent.appendChild(mark);
      }
    });
  }

  // An example's blocks [depth, text, anchor, themes?]: headings (depth > 0) and paragraphs, each linked
  // to the original. A paragraph lists its theme slugs only when it lacks some of its example's themes.
  function fillText(container, example, root) {
    example.blocks.forEach(function (block) {
      var p = element("p", block[0] ? "fanli-example-heading" : "");
      if (block[3]) p.setAttribute("data-themes", block[3].join(" "));
      appendText(p, block[1]);
      var anchor = element("a", "fanli-anchor", "¶");
      anchor.href = root + example.url + "#" + block[2];
      anchor.title = "原文位置";
      p.appendChild(anchor);
      container.appendChild(p);
    });
  }

  function fillExamples(list) {
    var chunk = data[list.getAttribute("data-chunk")];
    var root = list.getAttribute("data-root");
    if (!chunk) return;
    list.querySelectorAll(".fanli-example-text[data-example]").forEach(function (container) {
      var example = chunk[container.getAttribute("data-example")];
      if (example) fillText(container, example, root);
    });
  }

  // --- filters -------------------------------------------------------------------------------

  function setUpFilter(form) {
    var index = data[form.getAttribute("data-index")];
    var status = form.querySelector(".fanli-filter-status");
    var results = form.querySelector(".fanli-filter-results");
    if (!index) {
      status.textContent = "筛选数据未能加载。";
      return;
    }
    var root = form.getAttribute("data-root");
    var page = Number(form.getAttribute("data-page"));
    var state = readHash();

    function chosen() {
      var out = {};
      index.facets.forEach(function (facet) {
        var select = form.elements[facet];
        out[facet] = select ? select.value : state[facet] || "";
      });
      return out;
    }

    function matches(item, filters) {
      return index.facets.every(function (facet, i) {
        var wanted = filters[facet];
        if (!wanted) return true;
        var value = item[3 + i];
        return Array.isArray(value) ? value.indexOf(wanted) >= 0 : value === wanted;
      });
    }

    function apply() {
      var filters = chosen();
      var active = index.facets.some(function (facet) { return filters[facet]; });
      var here = 0;
      var elsewhere = [];
      index.items.forEach(function (item) {
        var hit = !active || matches(item, filters);
        if (item[0] === page) {
          var node = document.getElementById(item[1]);
          if (node) node.hidden = !hit;
          if (hit) here += 1;
        } else if (hit && active) {
          elsewhere.push(item);
        }
      });
      results.textContent = "";
      results.hidden = !active || !elsewhere.length;
      if (active) {
        status.textContent = "共 " + (here + elsewhere.length) + " 条符合，本页 " + here + " 条。";
        if (elsewhere.length) {
          results.appendChild(element("p", "fanli-meta", "其他页上符合的：" + (elsewhere.length > 200 ? "（前 200 条）" : "")));
          var list = element("ul", "fanli-list");
          elsewhere.slice(0, 200).forEach(function (item) {
            var li = element("li");
            var a = element("a", "", item[2]);
            a.href = root + index.pages[item[0] - 1] + "#" + item[1];
            li.appendChild(a);
            li.appendChild(element("span", "fanli-meta", " 第 " + item[0] + " 页"));
            list.appendChild(li);
          });
          results.appendChild(list);
        }
      } else {
        status.textContent = "";
      }
      // Within a shown example, a paragraph without the chosen theme is hidden, as search leaves it out.
      document.querySelectorAll(".fanli-example-text p[data-themes]").forEach(function (p) {
        p.hidden = Boolean(filters.theme) && p.getAttribute("data-themes").split(" ").indexOf(filters.theme) < 0;
      });
      var kept = {};
      index.facets.forEach(function (facet) { kept[facet] = filters[facet]; });
      writeHash(kept);
      document.querySelectorAll(".fanli-pager a").forEach(function (a) {
        a.href = a.href.replace(/#.*$/, "") + hashOf(kept);
      });
    }

    index.facets.forEach(function (facet) {
      var select = form.elements[facet];
      if (select && state[facet]) select.value = state[facet];
    });
    form.addEventListener("change", apply);
    form.addEventListener("reset", function () {
      state = {};
      setTimeout(apply, 0);
    });
    if (index.facets.some(function (facet) { return state[facet]; })) apply();
  }

  // --- picking documents to compare on a kind page ---------------------------------------------

  function setUpPicks(bar) {
    var button = bar.querySelector(".fanli-compare-go");
    var count = bar.querySelector(".fanli-picked");
    function picked() {
      return Array.prototype.map.call(document.querySelectorAll(".fanli-pick:checked"), function (box) { return box.value; });
    }
    document.addEventListener("change", function (event) {
      if (!event.target.classList || !event.target.classList.contains("fanli-pick")) return;
      var ids = picked();
      count.textContent = String(ids.length);
      button.disabled = ids.length < 2;
    });
    button.addEventListener("click", function () {
      location.href = bar.getAttribute("data-compare") + hashOf({ kind: bar.getAttribute("data-kind"), docs: picked().join(",") });
    });
  }

  // --- the compare view -----------------------------------------------------------------------

  function setUpCompare(form) {
    var root = form.getAttribute("data-root");
    var base = root + "assets/fanli-data/";
    var status = form.querySelector(".fanli-compare-status");
    var candidates = form.querySelector(".fanli-compare-candidates");
    var columns = document.querySelector(".fanli-compare-columns");
    var state = readHash();
    if (state.kind) form.elements.kind.value = state.kind;
    if (state.q) form.elements.q.value = state.q;

    function need(key, done) {
      if (data[key]) return done(data[key]);
      loadScript(base + key + ".js", function () { done(data[key]); }, function () {
        status.textContent = "数据未能加载：" + key;
      });
    }

    function selected() {
      return (state.docs || "").split(",").filter(Boolean);
    }

    function save() {
      state.kind = form.elements.kind.value;
      state.q = form.elements.q.value;
      writeHash({ kind: state.kind, docs: state.docs, q: state.q });
    }

    function render() {
      save();
      var kind = state.kind;
      need("kinds/" + kind, function (index) {
        if (!index) return;
        var byId = {};
        index.items.forEach(function (item) { byId[item[1]] = item; });
        var ids = selected();
        var query = state.q.trim();
        candidates.textContent = "";
        var shown = index.items.filter(function (item) {
          return !query || item[2].indexOf(query) >= 0 || item[7] === query;
        }).slice(0, 50);
        status.textContent = "“" + index.kind + "”共 " + index.items.length + " 篇材料，已选 " + ids.length + " 篇。";
        shown.forEach(function (item) {
          var docId = item[1].slice(2);
          var li = element("li");
          var label = element("label");
          var box = element("input", "fanli-compare-pick");
          box.type = "checkbox";
          box.value = docId;
          box.checked = ids.indexOf(docId) >= 0;
          label.appendChild(box);
          label.appendChild(document.createTextNode(" " + item[2]));
          li.appendChild(label);
          candidates.appendChild(li);
        });
        columns.textContent = "";
        ids.forEach(function (docId) {
          var column = element("section", "fanli-compare-column");
          column.setAttribute("data-doc", docId);
          columns.appendChild(column);
          var item = byId["e-" + docId];
          if (!item) {
            column.appendChild(element("p", "fanli-meta", docId + "：没有“" + index.kind + "”部分。"));
            return;
          }
          need("kinds/" + kind + "/" + item[0], function (chunk) {
            fillColumn(column, chunk[item[1]], item[1]);
          });
        });
      });
    }

    function fillColumn(column, example, id) {
      var head = element("h3");
      var link = element("a", "", example.title);
      link.href = root + example.url;
      head.appendChild(link);
      column.appendChild(head);
      column.appendChild(element("p", "fanli-meta", example.meta));
      var copy = element("button", "fanli-copy", "复制");
      copy.type = "button";
      copy.setAttribute("data-copy-from", "c-" + id);
      column.appendChild(copy);
      var body = element("div", "fanli-example-text");
      body.id = "c-" + id;
      fillText(body, example, root);
      column.appendChild(body);
    }

    form.addEventListener("change", function (event) {
      if (event.target.classList.contains("fanli-compare-pick")) {
        var ids = selected().filter(function (id) { return id !== event.target.value; });
        if (event.target.checked) ids.push(event.target.value);
        state.docs = ids.join(",");
      }
      render();
    });
    form.elements.q.addEventListener("input", render);
    render();
  }

  document.querySelectorAll(".fanli-examples[data-chunk]").forEach(fillExamples);
  document.querySelectorAll("form.fanli-filter").forEach(setUpFilter);
  document.querySelectorAll(".fanli-compare-bar").forEach(setUpPicks);
  document.querySelectorAll("form.fanli-compare").forEach(setUpCompare);
})();
