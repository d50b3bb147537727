// @ts-check
// fanli search page: the form, the result list and its switches, over the engine in engine.js
// (window.fanliSearch) and the helpers in common.js (window.fanliCommon). Plain JavaScript.
//
// Stable hooks for other scripts: each hit is li.fanli-hit[data-item][data-type] holding
// p.fanli-hit-text and div.fanli-hit-meta; folded hits list their sources in ul.fanli-hit-sources.
(function () {
  "use strict";
  // On the search page, and on each visit by an instant page change (common.js: onPage; Material runs
  // this script again then, and onPage keeps the first registration, whose setUp serves every visit).
  /** @type {any} */ (window).fanliCommon.onPage("search", setUp);

  function setUp() {
  var root = /** @type {HTMLElement} */ (document.getElementById("fanli-search"));
  var w = /** @type {any} */ (window);
  var engine = w.fanliSearch, common = w.fanliCommon;
  if (!root || !engine || !common) return;
  var element = common.element;
  var SITE = root.getAttribute("data-root") || "";
  var PLACEHOLDER = root.getAttribute("data-placeholder") || "";
  var AXES = ["year", "theme", "genre", "kind", "level"];
  var AXIS_NAMES = { year: "年份", theme: "主题", genre: "文种", kind: "部分", level: "层级" };
  var SWITCHES = ["exact", "all", "sort"];
  var PAGE = 20;

  var form = /** @type {HTMLFormElement} */ (root.querySelector("form"));
  var fields = /** @type {any} */ (form.elements);
  var input = /** @type {HTMLInputElement} */ (fields.q);
  // `autofocus` acts on a full load only: after an instant page change the cursor is put there here
  if (input.autofocus && document.activeElement !== input) input.focus();
  var status = /** @type {HTMLElement} */ (root.querySelector(".fanli-search-status"));
  var phrasesBlock = /** @type {HTMLElement} */ (root.querySelector(".fanli-search-phrases"));
  var list = /** @type {HTMLElement} */ (root.querySelector(".fanli-search-results"));
  var more = /** @type {HTMLButtonElement} */ (root.querySelector(".fanli-search-more"));
  var nearButton = /** @type {HTMLButtonElement} */ (root.querySelector(".fanli-search-nearest"));
  /** @type {{query: string, filters: any, options: any, shown: number, total: number} | null} */
  var current = null;
  var serial = 0;

  function filtersOfForm() {
    /** @type {Object<string, string>} */
    var filters = {};
    AXES.forEach(function (axis) {
      var field = fields[axis];
      if (field && field.value) filters[axis] = field.value;
    });
    return filters;
  }
  function optionsOfForm() {
    return { exact: !!fields.exact.checked, fold: !fields.all.checked, sort: fields.sort.value };
  }
  /** @param {URLSearchParams} params */
  function fillForm(params) {
    input.value = params.get("q") || "";
    AXES.forEach(function (axis) { if (fields[axis]) fields[axis].value = params.get(axis) || ""; });
    fields.exact.checked = params.get("exact") === "1";
    fields.all.checked = params.get("all") === "1";
    fields.sort.value = params.get("sort") || "newest";
  }
  /** @param {string} query @param {any} filters @param {any} options */
  function saveInUrl(query, filters, options) {
    var params = new URLSearchParams();
    if (query) params.set("q", query);
    AXES.forEach(function (axis) { if (filters[axis]) params.set(axis, filters[axis]); });
    if (options.exact) params.set("exact", "1");
    if (!options.fold) params.set("all", "1");
    if (options.sort !== "newest") params.set("sort", options.sort);
    var search = params.toString();
    try {
      history.replaceState(null, "", search ? "?" + search : location.pathname);
    } catch (e) {
      // some browsers refuse to change the address of a page opened from disk: searching still works
    }
  }
  /** Text with the [start, end) spans marked. @param {string} text @param {number[][]} ranges */
  function highlighted(text, ranges) {
    var fragment = document.createDocumentFragment(), position = 0;
    ranges.forEach(function (r) {
      if (r[1] <= position) return;
      var start = Math.max(r[0], position);
      if (start > position) fragment.appendChild(common.withPlaceholders(text.slice(position, start), PLACEHOLDER));
      fragment.appendChild(element("mark", "", text.slice(start, r[1])));
      position = r[1];
    });
    if (position < text.length) fragment.appendChild(common.withPlaceholders(text.slice(position), PLACEHOLDER));
    return fragment;
  }
  /** The address of a hit, carrying the words to highlight on the report page (highlight.js).
   * @param {string} url @param {string} text @param {number[][]} ranges */
  function linkTo(url, text, ranges) {
    var words = Array.from(new Set(ranges.map(function (r) { return text.slice(r[0], r[1]); })));
    var hash = url.indexOf("#"), path = hash < 0 ? url : url.slice(0, hash), anchor = hash < 0 ? "" : url.slice(hash);
    if (!words.length) return SITE + url;
    return SITE + path + "?hl=" + encodeURIComponent(words.join("\n")) + anchor;
  }
  /** @param {any} hit @param {number[][]} ranges @param {boolean} near */
  function render(hit, ranges, near) {
    var item = element("li", "fanli-hit" + (near ? " fanli-hit-near" : ""));
    item.setAttribute("data-item", String(hit.id));
    item.setAttribute("data-type", hit.type);
    var para = element("p", "fanli-hit-text");
    para.id = "fanli-hit-" + hit.id;
    para.appendChild(highlighted(hit.text, ranges));
    var line = element("div", "fanli-hit-meta");
    line.appendChild(element("span", "fanli-hit-type", hit.type));
    line.appendChild(document.createTextNode(" "));
    var link = /** @type {HTMLAnchorElement} */ (element("a", "", hit.title));
    link.href = linkTo(hit.url, hit.text, ranges);
    line.appendChild(link);
    var details = [hit.unit, hit.year + "年", hit.genre];
    if (hit.kind) details.push(hit.kind);
    if (near) details.push("含查询字词 " + Math.round(hit.coverage * 100) + "%");
    line.appendChild(element("span", "fanli-meta", " " + details.join(" · ") + " "));
    var copy = /** @type {HTMLButtonElement} */ (element("button", "fanli-copy", "复制"));
    copy.type = "button";
    copy.setAttribute("data-copy-from", para.id);
    line.appendChild(copy);
    item.appendChild(para);
    item.appendChild(line);
    if (hit.count > 1) {
      var sources = element("details", "fanli-hit-copies");
      sources.appendChild(element("summary", "", "同样的表述共 " + hit.count + " 处"));
      var places = element("ul", "fanli-hit-sources");
      // the sources are read when the list is first opened (their metadata may be in other files)
      var filled = false;
      sources.addEventListener("toggle", function () {
        if (filled || !(/** @type {HTMLDetailsElement} */ (sources)).open) return;
        filled = true;
        engine.sources(hit.sourceIds).then(function (/** @type {any[]} */ list) {
          list.forEach(function (/** @type {any} */ s) {
            var li = element("li");
            var a = /** @type {HTMLAnchorElement} */ (element("a", "", s.unit + " " + s.year + "年"));
            a.href = SITE + s.url;
            li.appendChild(a);
            li.appendChild(element("span", "fanli-meta", " " + s.title + " · " + s.type));
            places.appendChild(li);
          });
          if (hit.count > list.length) places.appendChild(element("li", "fanli-meta", "等 " + hit.count + " 处（勾选“显示每一处”可逐条查看）"));
        }, function () { filled = false; });
      });
      sources.appendChild(places);
      item.appendChild(sources);
    }
    return item;
  }
  /** What filters are on, in words. @param {any} filters */
  function filtersSaid(filters) {
    return AXES.filter(function (axis) { return filters[axis]; }).map(function (axis) {
      return /** @type {any} */ (AXIS_NAMES)[axis] + "：" + filters[axis];
    }).join("，");
  }
  function showPage() {
    var mine = /** @type {NonNullable<typeof current>} */ (current), ticket = serial;
    more.hidden = true;
    var options = Object.assign({ filters: mine.filters, offset: mine.shown, limit: PAGE, sources: false }, mine.options);
    return engine(mine.query, options).then(function (/** @type {any} */ result) {
      if (ticket !== serial) return;
      var words = engine.words(mine.query, mine.options.exact);
      result.hits.forEach(function (/** @type {any} */ hit) {
        list.appendChild(render(hit, engine.spans(hit.text, words, mine.options.exact), false));
      });
      mine.shown += result.hits.length;
      var q = "“" + mine.query.trim() + "”";
      if (result.total) {
        status.textContent = "共 " + result.total + " 处包含" + q + "，" + result.distinct + " 种不同表述；已显示 " +
          mine.shown + (mine.options.fold ? " 种" : " 处");
      } else {
        var on = filtersSaid(mine.filters);
        status.textContent = "没有标题、小标题或段落包含" + q + (on ? "（已启用筛选：" + on + "）" : "") + "。";
      }
      more.hidden = mine.shown >= result.groups;
      nearButton.hidden = false;
      root.setAttribute("data-state", "done");
      if (!result.total && mine.shown === 0) return showNearest();
    }, failed);
  }
  function showNearest() {
    var mine = /** @type {NonNullable<typeof current>} */ (current), ticket = serial;
    nearButton.hidden = true;
    root.setAttribute("data-state", "busy");
    return engine.nearest(mine.query, { filters: mine.filters }).then(function (/** @type {any} */ result) {
      if (ticket !== serial) return;
      var heading = element("li", "fanli-near-heading", result.hits.length
        ? "最接近的表述（近似匹配，并非原文措辞；按包含查询字词的多少与顺序排列，前 " + result.hits.length + " 条）："
        : "也没有接近的表述。");
      list.appendChild(heading);
      result.hits.forEach(function (/** @type {any} */ hit) { list.appendChild(render(hit, mergeSpans(hit.spans), true)); });
      root.setAttribute("data-state", "done");
    }, failed);
  }
  /** Neighbouring character spans as one. @param {number[][]} spans */
  function mergeSpans(spans) {
    /** @type {number[][]} */
    var out = [];
    spans.forEach(function (s) {
      var last = out[out.length - 1];
      if (last && last[1] === s[0]) last[1] = s[1]; else out.push([s[0], s[1]]);
    });
    return out;
  }
  /** @param {Error} error */
  function failed(error) {
    root.setAttribute("data-state", "error");
    status.textContent =
      "搜索索引无法加载（" + error.message + "）。如果是从磁盘打开本站，请确认 search-index 文件夹完整。";
  }

  // --- the phrase library block: entries whose wording contains the query --------------------
  // The phrase library's filter index (fanliData.phrases, plan.phrase_pages): rows
  // [page, element id, "text（count）", facet values…] decoded into named fields.
  /** @type {{text: string, count: string, url: string}[] | null} */
  var phrases = null;
  /** @param {any} index */
  function phraseEntries(index) {
    return index.items.map(function (/** @type {any[]} */ row) {
      var label = /^(.*)（(\d+)）$/.exec(row[2]);
      return { text: label ? label[1] : row[2], count: label ? label[2] : "", url: index.pages[row[0] - 1] + "#" + row[1] };
    });
  }
  /** @param {string} query @param {boolean} exact */
  function showPhrases(query, exact) {
    phrasesBlock.textContent = "";
    phrasesBlock.hidden = true;
    var words = engine.words(query, exact);
    if (!phrases || !words.length) return;
    var found = phrases.filter(function (entry) {
      var text = engine.words(entry.text, exact).join(""), marked = engine.words(entry.text, true).join("");
      // a word of punctuation alone is matched as written (engine.markWord)
      return words.every(function (/** @type {string} */ word) { return (engine.markWord(word) ? marked : text).indexOf(word) >= 0; });
    });
    if (!found.length) return;
    phrasesBlock.appendChild(element("h2", "", "表述库：" + found.length + " 条表述包含“" + query.trim() + "”"));
    var ul = element("ul", "fanli-list");
    found.slice(0, 10).forEach(function (entry) {
      var li = element("li");
      var a = /** @type {HTMLAnchorElement} */ (element("a", "", entry.text));
      a.href = SITE + entry.url;
      li.appendChild(a);
      if (entry.count) li.appendChild(element("span", "fanli-meta", " " + entry.count + " 处"));
      ul.appendChild(li);
    });
    if (found.length > 10) ul.appendChild(element("li", "fanli-meta", "……共 " + found.length + " 条"));
    phrasesBlock.appendChild(ul);
    phrasesBlock.hidden = false;
  }

  function run() {
    var query = input.value, filters = filtersOfForm(), options = optionsOfForm();
    saveInUrl(query, filters, options);
    serial++;
    list.textContent = "";
    nearButton.hidden = true;
    current = { query: query, filters: filters, options: options, shown: 0, total: 0 };
    showPhrases(query, options.exact);
    if (!engine.words(query, options.exact).length) {
      status.textContent = "输入要查找的原文措辞，多个词用空格隔开。";
      more.hidden = true;
      root.setAttribute("data-state", "idle");
      return Promise.resolve();
    }
    root.setAttribute("data-state", "busy");
    status.textContent = "正在搜索…";
    return showPage();
  }

  var typing = /** @type {any} */ (null);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(typing);
    run();
  });
  input.addEventListener("input", function () {
    clearTimeout(typing);
    typing = setTimeout(run, 300);
  });
  AXES.concat(SWITCHES).forEach(function (name) {
    var field = fields[name];
    if (field) field.addEventListener("change", run);
  });
  more.addEventListener("click", function () { if (current) showPage(); });
  nearButton.addEventListener("click", function () { if (current) showNearest(); });
  if ("IntersectionObserver" in window) {
    new IntersectionObserver(function (entries) {
      if (entries[0].isIntersecting && !more.hidden && root.getAttribute("data-state") === "done") showPage();
    }).observe(more);
  }

  fillForm(new URLSearchParams(location.search));
  var phrasesSrc = root.getAttribute("data-phrases");
  var start = function () { engine.ready().then(run, failed); };
  if (phrasesSrc) {
    common.dataScript(phrasesSrc, "phrases").then(function (/** @type {any} */ index) {
      phrases = index ? phraseEntries(index) : null;
    }, function () { /* the search works without the phrase library */ }).then(start);
  } else {
    start();
  }
  }
})();
