// fanli search page: exact-wording search over the index written by fanli/search_index.py.
// Plain JavaScript, no dependencies. Index files are .js files loaded with <script> tags that hand
// their data to global callbacks, so the page works from a server and from disk (file://).
//
// Test hook: window.fanliSearch(query, {filters, offset, limit}) → Promise<{total, hits}>.
(function () {
  "use strict";

  var root = document.getElementById("fanli-search");
  if (!root) return;
  var INDEX = root.getAttribute("data-index");
  var SITE = root.getAttribute("data-root");
  var AXES = ["year", "theme", "genre", "kind", "level"];
  var PAGE = 20;

  // --- loading index files ------------------------------------------------------------------
  var waiting = {};
  var loaded = {};
  var fetched = []; // every index file this page loaded, in order (read by the benchmark)

  function load(path) {
    if (loaded[path]) return loaded[path];
    loaded[path] = new Promise(function (resolve, reject) {
      waiting[path] = resolve;
      var tag = document.createElement("script");
      tag.src = INDEX + path;
      tag.onerror = function () {
        delete loaded[path];
        reject(new Error("could not load " + INDEX + path));
      };
      fetched.push(path);
      document.head.appendChild(tag);
    });
    return loaded[path];
  }
  function arrived(path, data) {
    var resolve = waiting[path];
    delete waiting[path];
    if (resolve) resolve(data);
  }
  window.fanliSearchMeta = function (meta) { arrived("meta.js", meta); };
  window.fanliSearchPostings = function (n, data) { arrived("p/" + n + ".js", data); };
  window.fanliSearchText = function (n, data) { arrived("t/" + n + ".js", data); };

  // --- numbers: base-46 digits in printable ASCII (see search_index.encode_numbers) ----------
  var DIGIT = new Int16Array(128).fill(-1);
  (function () {
    var d = 0;
    for (var c = 0x23; c < 0x7f; c++) if (c !== 0x5c) DIGIT[c] = d++;
  })();
  function Reader(s) { this.s = s; this.i = 0; }
  Reader.prototype.more = function () { return this.i < this.s.length; };
  Reader.prototype.next = function () {
    var value = 0, scale = 1;
    for (;;) {
      var d = DIGIT[this.s.charCodeAt(this.i++)];
      if (d < 45) return value + d * scale;
      value += (d - 45) * scale;
      scale *= 46;
    }
  };

  // --- normalisation: NFKC then lower case, one character at a time (as in Python) -----------
  var folded = new Map();
  function fold(ch) {
    var f = folded.get(ch);
    if (f === undefined) {
      f = ch.normalize("NFKC").toLowerCase();
      folded.set(ch, f);
    }
    return f;
  }
  function normalize(text) {
    var out = "";
    for (var ch of text) out += fold(ch);
    return out;
  }
  // The normalised text and, for each of its UTF-16 units, the span of the original it came from.
  function foldWithMap(text) {
    var out = "", from = [], to = [], i = 0;
    for (var ch of text) {
      var f = fold(ch);
      for (var k = 0; k < f.length; k++) { from.push(i); to.push(i + ch.length); }
      out += f;
      i += ch.length;
    }
    return { text: out, from: from, to: to };
  }
  function wordsOf(query) {
    var seen = {};
    return normalize(query || "").split(/\s+/).filter(function (w) {
      if (!w || seen[w]) return false;
      seen[w] = true;
      return true;
    });
  }

  // --- metadata: documents, paragraphs, kinds and themes --------------------------------------
  var metaReady = null;
  function meta() {
    if (!metaReady) metaReady = load("meta.js").then(prepare);
    return metaReady;
  }
  function prepare(m) {
    var r = new Reader(m.docs);
    var n = m.documents;
    m.docYear = new Int32Array(n); m.docGenre = new Int32Array(n); m.docLevel = new Int32Array(n);
    m.docStart = new Int32Array(n + 1);
    m.paraDoc = new Int32Array(m.paragraphs); m.paraCombo = new Int32Array(m.paragraphs);
    var p = 0;
    for (var d = 0; d < n; d++) {
      m.docYear[d] = r.next(); m.docGenre[d] = r.next(); m.docLevel[d] = r.next();
      r.next(); // paragraphs: the runs below add up to it
      var runs = r.next();
      m.docStart[d] = p;
      for (var k = 0; k < runs; k++) {
        var length = r.next(), combo = r.next();
        for (var j = 0; j < length; j++, p++) { m.paraDoc[p] = d; m.paraCombo[p] = combo; }
      }
    }
    m.docStart[n] = p;
    return m;
  }

  // --- postings ---------------------------------------------------------------------------------
  function shardOf(key, shards) {
    var h = 0;
    for (var ch of key) h = (h * 65599 + ch.codePointAt(0)) % shards;
    return h;
  }
  var decoded = new Map();
  function postings(m, key) {
    if (decoded.has(key)) return Promise.resolve(decoded.get(key));
    return load("p/" + shardOf(key, m.shards) + ".js").then(function (shard) {
      var s = shard[key];
      var result = s === undefined ? null : Array.from(key).length === 1 ? decodeChars(s) : decodePairs(s);
      decoded.set(key, result);
      return result;
    });
  }
  function decodeChars(s) {
    var r = new Reader(s), out = [], para = -1;
    while (r.more()) { para += r.next(); out.push(para); }
    return Int32Array.from(out);
  }
  function decodePairs(s) {
    var r = new Reader(s), paras = [], starts = [0], pos = [], para = -1;
    while (r.more()) {
      var head = r.next();
      para += Math.floor(head / 2);
      var count = head % 2 ? r.next() + 2 : 1, at = 0;
      for (var k = 0; k < count; k++) { at += r.next(); pos.push(at); }
      paras.push(para);
      starts.push(pos.length);
    }
    return { paras: Int32Array.from(paras), starts: Int32Array.from(starts), pos: Int32Array.from(pos) };
  }

  // Bigram offsets that cover a word of `length` characters: 0, 2, 4 … and length − 2.
  function cover(length) {
    var offsets = [];
    for (var o = 0; o < length - 1; o += 2) offsets.push(o);
    if (offsets[offsets.length - 1] !== length - 2) offsets.push(length - 2);
    return offsets;
  }
  function has(list, from, to, value) {
    while (from < to) {
      var mid = (from + to) >> 1;
      if (list[mid] < value) from = mid + 1; else to = mid;
    }
    return from < list.length && list[from] === value;
  }
  // Sorted ids of the paragraphs that contain the (normalised) word.
  function paragraphsWith(m, word) {
    var chars = Array.from(word);
    if (chars.length === 1) return postings(m, word).then(function (p) { return p || new Int32Array(0); });
    var offsets = cover(chars.length);
    return Promise.all(offsets.map(function (o) { return postings(m, chars[o] + chars[o + 1]); })).then(function (lists) {
      if (lists.some(function (l) { return !l; })) return new Int32Array(0);
      var at = lists.map(function () { return 0; }), out = [];
      var first = lists[0];
      outer: for (var i = 0; i < first.paras.length; i++) {
        var para = first.paras[i], rows = [i];
        for (var k = 1; k < lists.length; k++) {
          var l = lists[k], a = at[k];
          while (a < l.paras.length && l.paras[a] < para) a++;
          at[k] = a;
          if (a === l.paras.length) break outer;
          if (l.paras[a] !== para) continue outer;
          rows.push(a);
        }
        for (var p = first.starts[i]; p < first.starts[i + 1]; p++) {
          var start = first.pos[p], all = true;
          for (var j = 1; j < lists.length && all; j++) {
            var lj = lists[j], row = rows[j];
            all = has(lj.pos, lj.starts[row], lj.starts[row + 1], start + offsets[j]);
          }
          if (all) { out.push(para); break; }
        }
      }
      return Int32Array.from(out);
    });
  }
  function intersect(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] < b[j]) i++;
      else if (a[i] > b[j]) j++;
      else { out.push(a[i]); i++; j++; }
    }
    return Int32Array.from(out);
  }

  // --- filters ----------------------------------------------------------------------------------
  function wanted(m, axis, value) {
    if (value === undefined || value === null || value === "") return null;
    var values = Array.isArray(value) ? value : [value];
    var names = m.axes[axis].map(String), picked = new Set();
    values.forEach(function (v) {
      var i = names.indexOf(String(v));
      picked.add(i); // an unknown value matches nothing
    });
    return picked;
  }
  function filterFunction(m, filters) {
    filters = filters || {};
    var sets = {};
    AXES.forEach(function (axis) { sets[axis] = wanted(m, axis, filters[axis]); });
    var comboOk = m.combos.map(function (c) {
      var kindOk = !sets.kind || c[0].some(function (k) { return sets.kind.has(k); });
      var themeOk = !sets.theme || c[1].some(function (t) { return sets.theme.has(t); });
      return kindOk && themeOk;
    });
    return function (para) {
      var d = m.paraDoc[para];
      return (
        comboOk[m.paraCombo[para]] &&
        (!sets.year || sets.year.has(m.docYear[d])) &&
        (!sets.genre || sets.genre.has(m.docGenre[d])) &&
        (!sets.level || sets.level.has(m.docLevel[d]))
      );
    };
  }

  // --- the search -------------------------------------------------------------------------------
  var results = new Map(); // query + filters → matching paragraph ids
  function matching(query, filters) {
    var words = wordsOf(query);
    var key = JSON.stringify([words, filters || {}]);
    if (results.has(key)) return Promise.resolve(results.get(key));
    return meta().then(function (m) {
      if (!words.length) return new Int32Array(0);
      return Promise.all(words.map(function (w) { return paragraphsWith(m, w); })).then(function (lists) {
        lists.sort(function (a, b) { return a.length - b.length; });
        var ids = lists.reduce(intersect);
        var keep = filterFunction(m, filters);
        var out = ids.filter(keep);
        results.set(key, out);
        return out;
      });
    });
  }
  function hitOf(m, para, record, words) {
    var d = m.paraDoc[para];
    var entry = record.paragraphs[para - m.docStart[d]];
    var combo = m.combos[m.paraCombo[para]];
    var text = entry[1], folded = normalize(text);
    if (!words.every(function (w) { return folded.indexOf(w) >= 0; })) {
      console.error("fanli search: paragraph " + para + " does not contain the query");
    }
    return {
      id: para,
      url: record.url + "#" + entry[0],
      text: text,
      title: record.title,
      unit: record.unit,
      year: record.year,
      genre: record.genre,
      kind: combo[0].map(function (k) { return m.axes.kind[k]; }).join("、"),
    };
  }
  function fanliSearch(query, options) {
    options = options || {};
    var offset = options.offset || 0;
    var limit = options.limit === undefined ? PAGE : options.limit;
    var words = wordsOf(query);
    return matching(query, options.filters).then(function (ids) {
      return meta().then(function (m) {
        var page = Array.from(ids.slice(offset, offset + limit));
        return Promise.all(page.map(function (p) { return load("t/" + m.paraDoc[p] + ".js"); })).then(function (records) {
          return {
            total: ids.length,
            hits: page.map(function (p, i) { return hitOf(m, p, records[i], words); }),
          };
        });
      });
    });
  }
  fanliSearch.ids = function (query, options) {
    return matching(query, (options || {}).filters).then(function (ids) { return Array.from(ids); });
  };
  fanliSearch.fetched = fetched;
  fanliSearch.ready = function () { return meta().then(function () { return true; }); };
  window.fanliSearch = fanliSearch;

  // --- the page ---------------------------------------------------------------------------------
  var form = root.querySelector("form");
  var input = form.elements.q;
  var status = root.querySelector(".fanli-search-status");
  var list = root.querySelector(".fanli-search-results");
  var more = root.querySelector(".fanli-search-more");
  var current = null; // {query, filters, shown, total}
  var serial = 0;

  function filtersOfForm() {
    var filters = {};
    AXES.forEach(function (axis) {
      var field = form.elements[axis];
      if (field && field.value) filters[axis] = field.value;
    });
    return filters;
  }
  function fillForm(params) {
    input.value = params.get("q") || "";
    AXES.forEach(function (axis) {
      var field = form.elements[axis];
      if (field) field.value = params.get(axis) || "";
    });
  }
  function saveInUrl(query, filters) {
    var params = new URLSearchParams();
    if (query) params.set("q", query);
    AXES.forEach(function (axis) { if (filters[axis]) params.set(axis, filters[axis]); });
    var search = params.toString();
    try {
      history.replaceState(null, "", search ? "?" + search : location.pathname);
    } catch (e) {
      // some browsers refuse to change the address of a page opened from disk: searching still works
    }
  }
  // Placeholders (X, XX, **, A …) are marked as on the report pages; the pattern comes from the page,
  // written there from the same regular expression the site generator uses.
  var PLACEHOLDER = root.getAttribute("data-placeholder");
  function plain(text) {
    if (!PLACEHOLDER) return document.createTextNode(text);
    var fragment = document.createDocumentFragment(), position = 0, pattern = new RegExp(PLACEHOLDER, "g"), m;
    while ((m = pattern.exec(text)) !== null) {
      if (m[0] === "") { pattern.lastIndex += 1; continue; }
      if (m.index > position) fragment.appendChild(document.createTextNode(text.slice(position, m.index)));
      var span = element("span", "fanli-ph", m[0]);
      span.title = "原文占位符";
      fragment.appendChild(span);
      position = m.index + m[0].length;
    }
    if (position < text.length) fragment.appendChild(document.createTextNode(text.slice(position)));
    return fragment;
  }
  function highlighted(text, words) {
    var map = foldWithMap(text), ranges = [];
    words.forEach(function (w) {
      for (var at = map.text.indexOf(w); at >= 0; at = map.text.indexOf(w, at + 1)) {
        ranges.push([map.from[at], map.to[at + w.length - 1]]);
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var fragment = document.createDocumentFragment(), position = 0;
    ranges.forEach(function (r) {
      if (r[1] <= position) return;
      var start = Math.max(r[0], position);
      if (start > position) fragment.appendChild(plain(text.slice(position, start)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(start, r[1]);
      fragment.appendChild(mark);
      position = r[1];
    });
    if (position < text.length) fragment.appendChild(plain(text.slice(position)));
    return fragment;
  }
  function element(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function render(hit, words) {
    var item = element("li", "fanli-hit");
    var para = element("p", "fanli-hit-text");
    para.id = "fanli-hit-" + hit.id;
    para.appendChild(highlighted(hit.text, words));
    var line = element("div", "fanli-hit-meta");
    var link = element("a", "", hit.title);
    link.href = SITE + hit.url;
    line.appendChild(link);
    var details = [hit.unit, hit.year + "年", hit.genre];
    if (hit.kind) details.push(hit.kind);
    line.appendChild(element("span", "fanli-meta", " " + details.join(" · ") + " "));
    var copy = element("button", "fanli-copy", "复制");
    copy.type = "button";
    copy.setAttribute("data-copy-from", para.id);
    line.appendChild(copy);
    item.appendChild(para);
    item.appendChild(line);
    return item;
  }
  function showPage() {
    var mine = current, ticket = serial;
    more.hidden = true;
    return fanliSearch(mine.query, { filters: mine.filters, offset: mine.shown, limit: PAGE }).then(function (result) {
      if (ticket !== serial) return;
      var words = wordsOf(mine.query);
      result.hits.forEach(function (hit) { list.appendChild(render(hit, words)); });
      mine.shown += result.hits.length;
      mine.total = result.total;
      status.textContent = result.total
        ? "共 " + result.total + " 段包含“" + mine.query.trim() + "”，已显示 " + mine.shown + " 段"
        : "没有段落包含“" + mine.query.trim() + "”";
      more.hidden = mine.shown >= result.total;
      root.setAttribute("data-state", "done");
    }, failed);
  }
  function failed(error) {
    root.setAttribute("data-state", "error");
    status.textContent =
      "搜索索引无法加载（" + error.message + "）。如果是从磁盘打开本站，请确认 search-index 文件夹完整。";
  }
  function run() {
    var query = input.value, filters = filtersOfForm();
    saveInUrl(query, filters);
    serial++;
    list.textContent = "";
    current = { query: query, filters: filters, shown: 0, total: 0 };
    if (!wordsOf(query).length) {
      status.textContent = "输入要查找的原文措辞，多个词用空格隔开。";
      more.hidden = true;
      root.setAttribute("data-state", "idle");
      return Promise.resolve();
    }
    root.setAttribute("data-state", "busy");
    status.textContent = "正在搜索…";
    return showPage();
  }

  var typing = null;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(typing);
    run();
  });
  input.addEventListener("input", function () {
    clearTimeout(typing);
    typing = setTimeout(run, 300);
  });
  AXES.forEach(function (axis) {
    var field = form.elements[axis];
    if (field) field.addEventListener("change", run);
  });
  more.addEventListener("click", function () { if (current) showPage(); });
  if ("IntersectionObserver" in window) {
    new IntersectionObserver(function (entries) {
      if (entries[0].isIntersecting && !more.hidden && root.getAttribute("data-state") === "done") showPage();
    }).observe(more);
  }

  fillForm(new URLSearchParams(location.search));
  meta().then(run, failed);
})();
