// @ts-check
// fanli: filters over a whole paginated list, section examples filled in from the reports' text,
// and the compare view. Plain JavaScript, no dependencies.
//
// Data comes from generated scripts that set window.fanliData[key] (loaded with <script>, so pages
// work opened from disk too). A filter index is {facets, pages, items}; each item is the row
// [page, element id, label, facet values…] (a facet value being a string or a list of strings),
// decoded once by `rowOf` into an IndexRow.
//
// A section example carries no text: its page's data script gives, per example, the number of its
// report's text file in the search index and its lines' anchors (site/plan.py: `_example_row`); the
// text is read from that file (search-index/t/N.js, `fanliSearchText(N, {url, title, unit, year,
// genre, items: [[anchor, text], …]})`, written by site/search_index.py), loaded with <script> too.
(function () {
  "use strict";
  var w = /** @type {any} */ (window);
  /** @type {Object<string, any>} */
  var data = (w.fanliData = w.fanliData || {});
  var DATA_DIR = "assets/fanli-data/"; // site/routes.py: DATA_DIR
  var TEXT_KEY = "search-index text "; // + N: the key in fanliData of the text file t/N.js once read

  /**
   * A filter index row, decoded.
   * @typedef {Object} IndexRow
   * @property {number} page  the number of the list page that shows it (from 1)
   * @property {string} id  its element id on that page
   * @property {string} label
   * @property {Object<string, string | string[]>} facets  its value of each facet of the index
   */

  /**
   * A filter index as its data script gives it; a section kind's also says where the text files are
   * and names the unit levels.
   * @typedef {Object} FilterIndex
   * @property {string[]} facets
   * @property {string[]} pages  the list's pages, site-relative
   * @property {Array<Array<any>>} items  rows [page, id, label, facet values…]
   * @property {string} [kind]
   * @property {string} [texts]  the search index's text files (t/N.js), site-relative
   * @property {Object<string, string>} [levels]  level slug → name
   * @property {IndexRow[]} [rows]  the items decoded (by rowsOf, once)
   */

  /**
   * One line of a section example.
   * @typedef {Object} ExampleLine
   * @property {number} depth  0 for a paragraph, 1… for a heading below the example's top
   * @property {string} anchor  its place in the report (the page's element id)
   * @property {string} text
   * @property {string[] | null} themes  a paragraph's theme slugs when they are not all its example's
   */

  /**
   * A section example, decoded: its report's details and its lines with their text.
   * @typedef {Object} Example
   * @property {string} id  its element id on its list page ("e-" + document id)
   * @property {string} title
   * @property {string} meta  unit · level · year · genre
   * @property {string} url  the report page, site-relative
   * @property {ExampleLine[]} lines
   */

  /**
   * A report's text file of the search index.
   * @typedef {Object} TextFile
   * @property {string} url
   * @property {string} title
   * @property {string} unit
   * @property {number} year
   * @property {string} genre
   * @property {Array<[string, string]>} items  [anchor, text] of the title, headings and paragraphs
   */

  /** @param {FilterIndex} index @param {Array<any>} item @returns {IndexRow} */
  function rowOf(index, item) {
    /** @type {Object<string, string | string[]>} */
    var facets = {};
    index.facets.forEach(function (facet, i) { facets[facet] = item[3 + i]; });
    return { page: item[0], id: item[1], label: item[2], facets: facets };
  }

  /** @param {FilterIndex} index @returns {IndexRow[]} */
  function rowsOf(index) {
    if (!index.rows) index.rows = index.items.map(function (item) { return rowOf(index, item); });
    return index.rows;
  }

  /**
   * Whether the address's hash, read (`wanted`), names a place on the page (an element's id) rather
   * than a state of the page: it is not empty and names none of `keys`.
   * @param {Object<string, string>} wanted @param {string[]} keys
   */
  function namesPlace(wanted, keys) {
    return location.hash.length > 1 && !keys.some(function (key) { return key in wanted; });
  }

  var common = w.fanliCommon; // common.js
  /** @type {() => Object<string, string>} */
  var readHash = common.readHash;
  /** @type {(state: Object<string, string | undefined>) => string} */
  var hashOf = common.hashOf;
  /** @type {(tag: string, className?: string, text?: string) => HTMLElement} */
  var element = common.element;

  // --- loading data scripts and text files ---------------------------------------------------

  /**
   * The data script that sets fanliData[key], loaded once (common.js).
   * @param {string} root @param {string} key @returns {Promise<any>}
   */
  function dataScript(root, key) {
    return common.dataScript(root + DATA_DIR + key + ".js", key);
  }

  /** @type {any} the search engine's callback, called too */
  var textPrevious = null;
  /** @param {number} number @param {TextFile} file */
  function textArrived(number, file) {
    data[TEXT_KEY + number] = file; // where common.js's dataScript finds it
    if (typeof textPrevious === "function") textPrevious(number, file);
  }

  /**
   * A report's text file, loaded once (common.js: dataScript). The file calls the global
   * fanliSearchText, which the search page's engine also defines (a page that has both gets both
   * called); the search page's engine, run again on each visit by an instant page change, defines it
   * anew, so it is hooked again here. (The engine has its own loader: it works alone, without common.js.)
   * @param {string} base  the text files' folder, relative to this page @param {number} n
   * @returns {Promise<TextFile>}
   */
  function textFile(base, n) {
    if (w.fanliSearchText !== textArrived) {
      textPrevious = w.fanliSearchText;
      w.fanliSearchText = textArrived;
    }
    return common.dataScript(base + n + ".js", TEXT_KEY + n, "原文未能加载：" + n);
  }

  /**
   * A page's data script of section examples (site/plan.py: `_example_rows`).
   * @typedef {Object} ExampleChunk
   * @property {string[][]} themes  sets of theme slugs, referred to by number
   * @property {Object<string, Array<any>>} rows  by element id: [text file number, [line…]], a line
   *   being [depth, anchor] or, for a paragraph lacking some of its example's themes, [0, anchor, theme set]
   */

  /**
   * A section example from its row in its page's data script and its report's text file.
   * @param {string} id @param {ExampleChunk} chunk @param {TextFile} file @param {string} level
   * @returns {Example}
   */
  function exampleOf(id, chunk, file, level) {
    var row = chunk.rows[id];
    /** @type {Object<string, string>} */
    var texts = {};
    file.items.forEach(function (item) { texts[item[0]] = item[1]; });
    return {
      id: id,
      title: file.title,
      meta: [file.unit, level, String(file.year), file.genre].filter(Boolean).join(" · "),
      url: file.url,
      lines: row[1].map(function (/** @type {Array<any>} */ line) {
        var themes = line.length > 2 ? chunk.themes[line[2]] : null;
        return { depth: line[0], anchor: line[1], text: texts[line[1]] || "", themes: themes };
      }),
    };
  }

  /**
   * The examples of `rows` (rows of the section kind index `key`), in their order: each from its
   * page's data script and its report's text file, loaded as needed.
   * @param {string} root  the site root, relative to this page
   * @param {string} key  "kinds/<slug>"
   * @param {IndexRow[]} rows
   * @returns {Promise<Example[]>}
   */
  function loadExamples(root, key, rows) {
    return dataScript(root, key).then(function (/** @type {FilterIndex} */ index) {
      return Promise.all(rows.map(function (row) {
        return dataScript(root, key + "/" + row.page).then(function (/** @type {ExampleChunk} */ chunk) {
          var example = chunk.rows[row.id];
          if (!example) throw new Error("没有范例：" + row.id);
          return textFile(root + (index.texts || ""), example[0]).then(function (file) {
            var level = (index.levels || {})[String(row.facets.level)] || "";
            return exampleOf(row.id, chunk, file, level);
          });
        });
      }));
    });
  }

  // --- showing examples ------------------------------------------------------------------------

  /**
   * Hides, within the shown examples under `scope`, each paragraph without the chosen theme, as
   * search leaves it out ("" shows them all).
   * @param {ParentNode} scope @param {string} theme
   */
  function showTheme(scope, theme) {
    scope.querySelectorAll(".fanli-example-text p[data-themes]").forEach(function (p) {
      /** @type {HTMLElement} */ (p).hidden = Boolean(theme) && (p.getAttribute("data-themes") || "").split(" ").indexOf(theme) < 0;
    });
  }

  /** The theme the page's filter has chosen, "" when none. */
  function chosenTheme() {
    var form = /** @type {HTMLFormElement | null} */ (document.querySelector("form.fanli-filter"));
    var select = form ? /** @type {HTMLSelectElement | undefined} */ (form.elements.namedItem("theme")) : null;
    return select ? select.value : "";
  }

  /**
   * An example's lines: headings (depth > 0) and paragraphs, each linked to the original, its
   * placeholders marked. A paragraph lists its theme slugs only when it lacks some of its example's themes.
   * @param {HTMLElement} container @param {Example} example @param {string} root @param {string} placeholders
   */
  function fillText(container, example, root, placeholders) {
    example.lines.forEach(function (line) {
      var p = element("p", line.depth ? "fanli-example-heading" : "");
      if (line.themes) p.setAttribute("data-themes", line.themes.join(" "));
      p.appendChild(common.withPlaceholders(line.text, placeholders));
      var anchor = /** @type {HTMLAnchorElement} */ (element("a", "fanli-anchor", "¶"));
      anchor.href = root + example.url + "#" + line.anchor;
      anchor.title = "原文位置";
      p.appendChild(anchor);
      container.appendChild(p);
    });
  }

  /**
   * The tools of an example's header, which work only with JavaScript and so are made here: the
   * compare checkbox before the title, the copy button (copy_button in _macros.html) at the end.
   * @param {HTMLElement} article  `<article class="fanli-example" id="e-<document id>">`
   */
  function addTools(article) {
    var header = article.querySelector("header");
    if (!header) return;
    var label = element("label", "fanli-nocopy");
    var box = /** @type {HTMLInputElement} */ (element("input", "fanli-pick"));
    box.type = "checkbox";
    box.value = article.id.slice(2);
    label.appendChild(box);
    label.appendChild(document.createTextNode(" 对比"));
    header.insertBefore(document.createTextNode(" "), header.firstChild);
    header.insertBefore(label, header.firstChild);
    var copy = /** @type {HTMLButtonElement} */ (element("button", "fanli-copy fanli-nocopy", "复制"));
    copy.type = "button";
    copy.setAttribute("data-copy-from", article.id + "-text");
    header.appendChild(document.createTextNode(" "));
    header.appendChild(copy);
  }

  /**
   * Fills the examples of a list page; data-state="loaded" (or "failed") on the list once done.
   * @param {HTMLElement} list
   */
  function fillExamples(list) {
    var key = list.getAttribute("data-index") || "";
    var chunk = data[list.getAttribute("data-chunk") || ""];
    var index = /** @type {FilterIndex | undefined} */ (data[key]);
    var root = list.getAttribute("data-root") || "";
    var placeholders = list.getAttribute("data-placeholder") || "";
    list.querySelectorAll("article.fanli-example").forEach(function (article) { addTools(/** @type {HTMLElement} */ (article)); });
    if (!chunk || !index) return;
    /** @type {Object<string, IndexRow>} */
    var byId = {};
    rowsOf(index).forEach(function (row) { byId[row.id] = row; });
    var containers = Array.prototype.slice.call(list.querySelectorAll(".fanli-example > .fanli-example-text"));
    var done = containers.map(function (/** @type {HTMLElement} */ container) {
      var row = byId[container.id.replace(/-text$/, "")]; // the text of the example "e-<document>" is "e-<document>-text"
      if (!row) return null;
      return loadExamples(root, key, [row]).then(function (examples) {
        fillText(container, examples[0], root, placeholders);
        showTheme(container, chosenTheme());
      }, function (/** @type {Error} */ error) {
        container.appendChild(element("p", "fanli-meta", error.message));
        throw error;
      });
    });
    Promise.all(done).then(
      function () { list.setAttribute("data-state", "loaded"); },
      function () { list.setAttribute("data-state", "failed"); }
    );
  }

  w.fanliExamples = { load: loadExamples };

  // --- filters -------------------------------------------------------------------------------

  /** @type {Array<() => void>} the filters of the page on screen taking the address's hash again */
  var filtersShown = [];
  // one listener for every page: a link to the page with other filters, back or forward (common.js)
  common.onHashChange(function () {
    filtersShown.forEach(function (fromHash) { fromHash(); });
  });

  /**
   * The filters of a paginated list (section examples, outlines, phrases) over all its pages. When the
   * address names a place on the page rather than filters, a page reached again (fetched anew by
   * Material, back, forward, reload) shows the filters it last showed (common.js: keptState), as it
   * keeps them when the hash alone changes (fromHash).
   * @param {HTMLFormElement} form
   */
  function setUpFilter(form) {
    var index = /** @type {FilterIndex | undefined} */ (data[form.getAttribute("data-index") || ""]);
    var status = /** @type {HTMLElement} */ (form.querySelector(".fanli-filter-status"));
    var results = /** @type {HTMLElement} */ (form.querySelector(".fanli-filter-results"));
    if (!index) {
      status.textContent = "筛选数据未能加载。";
      return;
    }
    var facets = index.facets;
    var pages = index.pages;
    var rows = rowsOf(index);
    var root = form.getAttribute("data-root") || "";
    var page = Number(form.getAttribute("data-page"));
    var list = form.getAttribute("data-index") + " " + page;
    var state = readHash();
    var kept = namesPlace(state, facets) ? common.keptState(list) : null;
    var carried = !!kept; // the filters the page showed, the address naming a place on it
    if (kept) state = kept;

    /** @param {string} facet @returns {HTMLSelectElement | null} */
    function select(facet) {
      return /** @type {HTMLSelectElement | null} */ (form.elements.namedItem(facet));
    }

    /** @returns {Object<string, string>} */
    function chosen() {
      /** @type {Object<string, string>} */
      var out = {};
      facets.forEach(function (facet) {
        var box = select(facet);
        out[facet] = box ? box.value : state[facet] || "";
      });
      return out;
    }

    /** @param {IndexRow} row @param {Object<string, string>} filters */
    function matches(row, filters) {
      return facets.every(function (facet) {
        var wanted = filters[facet];
        if (!wanted) return true;
        var value = row.facets[facet];
        return Array.isArray(value) ? value.indexOf(wanted) >= 0 : value === wanted;
      });
    }

    /**
     * Shows the entries the filters select, here and on the list's other pages, and writes the filters
     * into the address, unless `keepAddress` (it names a place on the page, kept).
     * @param {boolean} [keepAddress]
     */
    function apply(keepAddress) {
      var filters = chosen();
      var active = facets.some(function (facet) { return filters[facet]; });
      var here = 0;
      /** @type {IndexRow[]} */
      var elsewhere = [];
      rows.forEach(function (row) {
        var hit = !active || matches(row, filters);
        if (row.page === page) {
          var node = document.getElementById(row.id);
          if (node) node.hidden = !hit;
          if (hit) here += 1;
        } else if (hit && active) {
          elsewhere.push(row);
        }
      });
      results.textContent = "";
      results.hidden = !active || !elsewhere.length;
      if (active) {
        status.textContent = "共 " + (here + elsewhere.length) + " 条符合，本页 " + here + " 条。";
        if (elsewhere.length) {
          results.appendChild(element("p", "fanli-meta", "其他页上符合的：" + (elsewhere.length > 200 ? "（前 200 条）" : "")));
          var others = element("ul", "fanli-list");
          elsewhere.slice(0, 200).forEach(function (row) {
            var li = element("li");
            var a = /** @type {HTMLAnchorElement} */ (element("a", "", row.label));
            a.href = root + pages[row.page - 1] + "#" + row.id;
            li.appendChild(a);
            li.appendChild(element("span", "fanli-meta", " 第 " + row.page + " 页"));
            others.appendChild(li);
          });
          results.appendChild(others);
        }
      } else {
        status.textContent = "";
      }
      showTheme(document, filters.theme || "");
      /** @type {Object<string, string>} */
      var written = {};
      facets.forEach(function (facet) { written[facet] = filters[facet]; });
      common.showState(list, written, keepAddress);
      document.querySelectorAll(".fanli-pager a").forEach(function (a) {
        var link = /** @type {HTMLAnchorElement} */ (a);
        link.href = link.href.replace(/#.*$/, "") + hashOf(written);
      });
    }

    facets.forEach(function (facet) {
      var box = select(facet);
      if (box && state[facet]) box.value = state[facet];
    });
    // what the filters on screen select, over all pages (all rows when none is set): for downloads
    /** @type {any} */ (form).fanliMatching = function () {
      var filters = chosen();
      return rows.filter(function (row) { return matches(row, filters); });
    };
    // the hash changed alone: its filters, unless it names none (a link to a place on the page)
    function fromHash() {
      var wanted = readHash();
      if (namesPlace(wanted, facets)) return;
      var shown = chosen();
      if (facets.every(function (facet) { return (wanted[facet] || "") === shown[facet]; })) return;
      state = wanted;
      facets.forEach(function (facet) {
        var box = select(facet);
        if (box) box.value = state[facet] || "";
      });
      apply();
    }
    filtersShown.push(fromHash);
    form.addEventListener("change", function () { apply(); });
    form.addEventListener("reset", function () {
      state = {};
      setTimeout(apply, 0);
    });
    if (facets.some(function (facet) { return state[facet]; })) apply(carried);
    else common.showState(list, chosen(), true); // none: what the page's return is to show
  }

  // --- picking documents to compare on a kind page ---------------------------------------------

  // Picks are kept for the session (sessionStorage), so they survive moving to another page of the list.

  /** @type {((box: HTMLInputElement) => void) | null} the compare bar of the page on screen taking a toggled pick */
  var pickToggled = null;
  // one listener for every page: the checkboxes come and go with the content of an instant page change
  document.addEventListener("change", function (event) {
    var box = /** @type {HTMLInputElement} */ (event.target);
    if (pickToggled && box.classList && box.classList.contains("fanli-pick")) pickToggled(box);
  });

  /** @param {HTMLElement} bar */
  function setUpPicks(bar) {
    var button = /** @type {HTMLButtonElement} */ (bar.querySelector(".fanli-compare-go"));
    var count = /** @type {HTMLElement} */ (bar.querySelector(".fanli-picked"));
    var key = "fanli-picks:" + bar.getAttribute("data-kind");
    /** @type {string[]} */
    var kept = [];
    try { kept = JSON.parse(sessionStorage.getItem(key) || "[]"); } catch (e) { kept = []; }
    function show() {
      count.textContent = String(kept.length);
      button.disabled = kept.length < 2;
    }
    document.querySelectorAll(".fanli-pick").forEach(function (box) {
      var input = /** @type {HTMLInputElement} */ (box);
      input.checked = kept.indexOf(input.value) >= 0;
    });
    show();
    pickToggled = function (box) {
      kept = kept.filter(function (id) { return id !== box.value; });
      if (box.checked) kept.push(box.value);
      try { sessionStorage.setItem(key, JSON.stringify(kept)); } catch (e) { /* private mode: this page only */ }
      show();
    };
    button.addEventListener("click", function () {
      common.go(bar.getAttribute("data-compare") + hashOf({ kind: bar.getAttribute("data-kind") || "", docs: kept.join(",") }));
    });
  }

  // --- the compare view -----------------------------------------------------------------------

  // what the compare view's address names (yoy: one document, whose years the view is to show)
  var COMPARED = ["kind", "docs", "q", "yoy"];
  /** @type {(() => void) | null} the compare view on screen taking the address's hash again */
  var compareFromHash = null;
  common.onHashChange(function () {
    if (compareFromHash) compareFromHash();
  });

  /** @param {HTMLFormElement} form */
  function setUpCompare(form) {
    var root = form.getAttribute("data-root") || "";
    var placeholders = form.getAttribute("data-placeholder") || "";
    var status = /** @type {HTMLElement} */ (form.querySelector(".fanli-compare-status"));
    var candidates = /** @type {HTMLElement} */ (form.querySelector(".fanli-compare-candidates"));
    var columns = /** @type {HTMLElement} */ (document.querySelector(".fanli-compare-columns"));
    var kindBox = /** @type {HTMLSelectElement} */ (form.elements.namedItem("kind"));
    var queryBox = /** @type {HTMLInputElement} */ (form.elements.namedItem("q"));
    var firstKind = kindBox.value;
    var state = readHash();
    var kept = namesPlace(state, COMPARED) ? common.keptState("compare") : null; // as setUpFilter
    var keepAddress = !!kept; // the address names a place: kept until the reader changes the view
    if (kept) state = kept;
    if (state.kind) kindBox.value = state.kind;
    if (state.q) queryBox.value = state.q;

    /** @returns {string[]} */
    function selected() {
      return (state.docs || "").split(",").filter(Boolean);
    }

    function save() {
      state.kind = kindBox.value;
      state.q = queryBox.value;
      common.showState("compare", { kind: state.kind, docs: state.docs, q: state.q }, keepAddress);
      keepAddress = false;
    }

    // `candidatesToo`: the list of candidates is rebuilt only when the kind or the query changes, so a
    // toggled checkbox stays in place and keeps the focus
    /** @param {boolean} [candidatesToo] */
    function render(candidatesToo) {
      save();
      var key = "kinds/" + state.kind;
      dataScript(root, key).then(function (/** @type {FilterIndex} */ index) {
        if (!index) return;
        var rows = rowsOf(index);
        /** @type {Object<string, IndexRow>} */
        var byId = {};
        rows.forEach(function (row) { byId[row.id] = row; });
        var ids = selected();
        var query = state.q.trim();
        if (state.yoy) {
          ids = yearOverYear(rows, state.yoy);
          state.docs = ids.join(",");
          state.yoy = "";
          save();
        }
        status.textContent = "“" + index.kind + "”共 " + rows.length + " 篇材料，已选 " + ids.length + " 篇。";
        if (candidatesToo !== false) showCandidates(rows, ids, query);
        showColumns(index, key, byId, ids);
      }, function (/** @type {Error} */ error) {
        status.textContent = error.message;
      });
    }

    // One unit's reports of one genre, oldest first: the unit and genre of `docId`.
    /** @param {IndexRow[]} rows @param {string} docId @returns {string[]} */
    function yearOverYear(rows, docId) {
      var row = rows.filter(function (r) { return r.id === "e-" + docId; })[0];
      if (!row) return selected();
      return rows
        .filter(function (r) { return r.facets.unit === row.facets.unit && r.facets.genre === row.facets.genre; })
        .sort(function (a, b) { return Number(a.facets.year) - Number(b.facets.year); })
        .map(function (r) { return r.id.slice(2); });
    }

    /** @param {IndexRow[]} rows @param {string[]} ids @param {string} query */
    function showCandidates(rows, ids, query) {
      candidates.textContent = "";
      var shown = rows.filter(function (row) {
        return !query || row.label.indexOf(query) >= 0 || row.facets.unit === query;
      }).slice(0, 50);
      shown.forEach(function (row) {
        var docId = row.id.slice(2);
        var li = element("li");
        var label = element("label");
        var box = /** @type {HTMLInputElement} */ (element("input", "fanli-compare-pick"));
        box.type = "checkbox";
        box.value = docId;
        box.checked = ids.indexOf(docId) >= 0;
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + row.label));
        li.appendChild(label);
        var yoy = /** @type {HTMLButtonElement} */ (element("button", "fanli-compare-yoy", "逐年对照"));
        yoy.type = "button";
        yoy.value = docId;
        yoy.title = "同一单位同一文种历年的材料并排，标出逐年照搬的表述";
        li.appendChild(document.createTextNode(" "));
        li.appendChild(yoy);
        candidates.appendChild(li);
      });
    }

    /** @param {FilterIndex} index @param {string} key @param {Object<string, IndexRow>} byId @param {string[]} ids */
    function showColumns(index, key, byId, ids) {
      columns.textContent = "";
      ids.forEach(function (docId) {
        var column = element("section", "fanli-compare-column");
        column.setAttribute("data-doc", docId);
        columns.appendChild(column);
        var row = byId["e-" + docId];
        if (!row) {
          column.appendChild(element("p", "fanli-meta", docId + "：没有“" + index.kind + "”部分。"));
          return;
        }
        loadExamples(root, key, [row]).then(function (examples) {
          fillColumn(column, examples[0]);
          markShared();
        }, function (/** @type {Error} */ error) {
          column.appendChild(element("p", "fanli-meta", error.message));
        });
      });
    }

    // the wording the columns share, once every column is filled
    function markShared() {
      var bodies = columns.querySelectorAll(".fanli-compare-column .fanli-example-text");
      if (!w.fanliSharedWording || bodies.length < 2 || bodies.length !== columns.children.length) return;
      var marked = w.fanliSharedWording(bodies);
      columns.setAttribute("data-shared", String(marked));
    }

    /** @param {HTMLElement} column @param {Example} example */
    function fillColumn(column, example) {
      var head = element("h3");
      var link = /** @type {HTMLAnchorElement} */ (element("a", "", example.title));
      link.href = root + example.url;
      head.appendChild(link);
      column.appendChild(head);
      column.appendChild(element("p", "fanli-meta", example.meta));
      var copy = /** @type {HTMLButtonElement} */ (element("button", "fanli-copy", "复制"));
      copy.type = "button";
      copy.setAttribute("data-copy-from", "c-" + example.id);
      column.appendChild(copy);
      var body = element("div", "fanli-example-text");
      body.id = "c-" + example.id;
      fillText(body, example, root, placeholders);
      column.appendChild(body);
    }

    form.addEventListener("change", function (event) {
      var target = /** @type {HTMLInputElement} */ (event.target);
      if (target === queryBox) return; // typing already rendered; a re-render here would eat the click that blurred it
      var pick = target.classList.contains("fanli-compare-pick");
      if (pick) {
        var ids = selected().filter(function (id) { return id !== target.value; });
        if (target.checked) ids.push(target.value);
        state.docs = ids.join(",");
      }
      render(!pick);
    });
    form.addEventListener("click", function (event) {
      var target = /** @type {HTMLButtonElement} */ (event.target);
      if (!target.classList.contains("fanli-compare-yoy")) return;
      state.yoy = target.value;
      render();
    });
    queryBox.addEventListener("input", function () { render(); });
    // the hash changed alone (a link to the view with other documents, back or forward, an edited
    // address): what it names, unless it names nothing of the view (a place on the page)
    compareFromHash = function () {
      var wanted = readHash();
      if (namesPlace(wanted, COMPARED)) return;
      if (COMPARED.every(function (key) { return (wanted[key] || "") === (state[key] || ""); })) return;
      state = wanted;
      kindBox.value = state.kind || firstKind;
      queryBox.value = state.q || "";
      render();
    };
    render();
  }

  // On every page (common.js: onPage), after the page's data scripts have run.
  common.onPage("examples", function () {
    pickToggled = null;
    compareFromHash = null;
    filtersShown = [];
    document.querySelectorAll(".fanli-examples[data-chunk]").forEach(function (list) { fillExamples(/** @type {HTMLElement} */ (list)); });
    document.querySelectorAll("form.fanli-filter").forEach(function (form) { setUpFilter(/** @type {HTMLFormElement} */ (form)); });
    document.querySelectorAll(".fanli-compare-bar").forEach(function (bar) { setUpPicks(/** @type {HTMLElement} */ (bar)); });
    document.querySelectorAll("form.fanli-compare").forEach(function (form) { setUpCompare(/** @type {HTMLFormElement} */ (form)); });
  });
})();
