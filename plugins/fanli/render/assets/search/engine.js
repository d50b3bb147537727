// @ts-check
// fanli search engine: exact-wording search over the index written by fanli/site/search_index.py
// (its docstring describes the files). Plain JavaScript, no dependencies, no page: search.js is the
// page. Index files are .js files loaded with <script> tags that hand their data to global
// callbacks, so search works from a server and from disk (file://).
//
// window.fanliSearch(query, options) → Promise<{total, distinct, hits}>, options:
//   filters {year, theme, genre, kind, level}, exact (精确匹配标点), fold (one hit per distinct
//   wording, default true), sort ("newest" | "widespread"), offset, limit, sources (false: a folded
//   hit lists its sources' items in sourceIds, read later by fanliSearch.sources(items)).
// window.fanliSearch.nearest(query, options) → Promise<{hits}>: 最接近的表述.
(function () {
  "use strict";

  var root = document.getElementById("fanli-search");
  if (!root) return;
  var INDEX = root.getAttribute("data-index") || "";
  var AXES = ["year", "theme", "genre", "kind", "level"];
  var w = /** @type {any} */ (window);
  // Material's instant page changes run this script again on each arrival at the search page: the
  // engine of the first arrival stays, with the index files it has loaded (meta.js once per window).
  if (w.fanliSearch && w.fanliSearch.index === INDEX) return;

  // --- loading index files ------------------------------------------------------------------
  /** @type {Object<string, (data: any) => void>} */
  var waiting = {};
  /** @type {Object<string, Promise<any>>} */
  var loaded = {};
  /** @type {string[]} */
  var fetched = []; // every index file this page loaded, in order (read by the benchmark)

  /** @param {string} path @returns {Promise<any>} */
  function load(path) {
    if (path in loaded) return loaded[path];
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
  /** @param {string} path @param {any} data */
  function arrived(path, data) {
    var resolve = waiting[path];
    delete waiting[path];
    if (resolve) resolve(data);
  }
  w.fanliSearchMeta = function (/** @type {any} */ meta) { arrived("meta.js", meta); };
  w.fanliSearchPostings = function (/** @type {number} */ n, /** @type {any} */ data) { arrived("p/" + n + ".js", data); };
  w.fanliSearchText = function (/** @type {number} */ n, /** @type {any} */ data) { arrived("t/" + n + ".js", data); };
  w.fanliSearchDocs = function (/** @type {number} */ n, /** @type {any} */ data) { arrived("d/" + n + ".js", data); };
  w.fanliSearchBlock = function (/** @type {number} */ n, /** @type {any} */ data) { arrived("m/" + n + ".js", data); };
  w.fanliSearchGroups = function (/** @type {string} */ name, /** @type {number} */ n, /** @type {any} */ data) { arrived("g/" + name + "/" + n + ".js", data); };
  w.fanliSearchPlaces = function (/** @type {any} */ data) { arrived("g/places.js", data); };

  // --- numbers: base-46 digits in printable ASCII (see search_index.encode_numbers) ----------
  var DIGIT = new Int16Array(128).fill(-1);
  (function () {
    var d = 0;
    for (var c = 0x23; c < 0x7f; c++) if (c !== 0x5c) DIGIT[c] = d++;
  })();
  /** @param {string} s */
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

  // --- folding: as search_index.fold_char, one character at a time ----------------------------
  // NFKC, lower case, traditional → simplified (the table comes with meta.js), and, unless the
  // match is exact, no punctuation or spaces (search_index.is_punctuation).
  var PUNCTUATION = /^[\p{P}\p{Z}\t\n\v\f\r\x1c-\x1f\x85]$/u;
  /** @type {Map<string, string>} */
  var simplified = new Map();
  /** @type {Map<string, string>[]} */
  var foldedChars = [new Map(), new Map()]; // [exact, loose]
  /** @param {string} ch @param {boolean} exact @returns {string} */
  function fold(ch, exact) {
    var cache = foldedChars[exact ? 0 : 1];
    var f = cache.get(ch);
    if (f === undefined) {
      f = "";
      for (var c of ch.normalize("NFKC").toLowerCase()) {
        c = simplified.get(c) || c;
        if (exact || !PUNCTUATION.test(c)) f += c;
      }
      cache.set(ch, f);
    }
    return f;
  }
  /** @param {string} text @param {boolean} exact */
  function normalize(text, exact) {
    var out = "";
    for (var ch of text) out += fold(ch, exact);
    return out;
  }
  /**
   * The folded text and, for each of its UTF-16 units, the span of the original it came from.
   * @param {string} text @param {boolean} exact
   */
  function foldWithMap(text, exact) {
    var out = "", /** @type {number[]} */ from = [], /** @type {number[]} */ to = [], i = 0;
    for (var ch of text) {
      var f = fold(ch, exact);
      for (var k = 0; k < f.length; k++) { from.push(i); to.push(i + ch.length); }
      out += f;
      i += ch.length;
    }
    return { text: out, from: from, to: to };
  }
  /** The folded words of a query (split at spaces), empty and repeated ones dropped; a word of
   * punctuation alone keeps its marks in either matching (search_index.query_words).
   * @param {string} query @param {boolean} exact @returns {string[]} */
  function wordsOf(query, exact) {
    /** @type {Object<string, boolean>} */
    var seen = {};
    return (query || "").split(/\s+/).map(function (word) { return normalize(word, exact) || normalize(word, true); }).filter(function (word) {
      if (!word || seen[word]) return false;
      seen[word] = true;
      return true;
    });
  }

  /** Whether a folded word is punctuation alone (search_index.mark_word). @param {string} word */
  function markWord(word) {
    return !normalize(word, false);
  }

  // --- metadata: documents, items, their kinds, themes, types and copies ----------------------
  // meta.js is small (axes, combinations, the folding table, where each block starts); what the
  // documents and items of a block of docsPerFile documents are, and which items are copies, is in
  // m/N.js, loaded for the items a query shows (or, when a query needs every occurrence, for all).
  /** @type {Promise<any> | null} */
  var metaReady = null;
  /** Items in each canonical item's group of copies (itself included), where more than one: read
   * with the postings of the loose keys and with the blocks. @type {Map<number, number>} */
  var groupSize = new Map();
  function meta() {
    if (!metaReady) metaReady = load("meta.js").then(prepare);
    return metaReady;
  }
  /** @param {any} m */
  function prepare(m) {
    var pairs = Array.from(m.fold); // by code point: some characters are outside the BMP
    for (var k = 0; k + 1 < pairs.length; k += 2) simplified.set(pairs[k], pairs[k + 1]);
    foldedChars.forEach(function (cache) { cache.clear(); });
    m.combos = []; // [kind indexes, theme indexes, item type, kind bits, theme bits] of each combination, as the blocks come
    var br = new Reader(m.blocks), starts = [], at = 0;
    while (br.more()) { at += br.next(); starts.push(at); }
    var yr = new Reader(m.blockYears), years = [];
    while (yr.more()) years.push([yr.next(), yr.next()]);
    m.blockYears = years; // the years (indexes in axes.year) of each block's first and last reports
    m.blockStart = starts; // the first item of each block
    m.blockReady = starts.map(function () { return /** @type {Promise<any> | null} */ (null); });
    var n = m.documents;
    m.docYear = new Int32Array(n); m.docGenre = new Int32Array(n); m.docLevel = new Int32Array(n);
    m.docStart = new Int32Array(n + 1);
    m.docStart[n] = m.items;
    m.itemDoc = new Int32Array(m.items); m.itemCombo = new Int32Array(m.items);
    // copies: canonical item of each item (itself when it is the first of its wording), and the copies of each
    m.canonical = new Int32Array(m.items);
    for (var it = 0; it < m.items; it++) m.canonical[it] = it;
    m.strictFirst = Int32Array.from(m.canonical); // the first item of each item's group with its strict text
    /** @type {Map<number, number[]>} every copy of each canonical item: complete once every block is in */
    m.copiesOf = new Map();
    /** @type {Map<number, number[]>} the first copies of each canonical item, from its block */
    m.firstCopies = new Map();
    m.everyBlock = null;
    /** @type {Object<string, number[]>} the first canonical item of each group file, by group set */
    var groupStarts = {};
    Object.keys(m.groupFiles).forEach(function (name) {
      var r = new Reader(m.groupFiles[name]), list = [], first = 0;
      while (r.more()) { first += r.next(); list.push(first); }
      groupStarts[name] = list;
    });
    m.groupStarts = groupStarts;
    /** @type {Object<string, Map<number, number[][]>>} canonical item → its rows, by group set (as the group files come) */
    m.rows = {};
    /** @type {Object<string, Set<number>>} the group files read, by group set */
    m.rowFiles = {};
    /** @type {Promise<Int32Array> | null} each item's document's place (g/places.js), once a "cell" row needs it */
    m.placesReady = null;
    return m;
  }
  /** The block of an item. @param {any} m @param {number} item */
  function blockOf(m, item) {
    var from = 0, to = m.blockStart.length - 1;
    while (from < to) {
      var mid = (from + to + 1) >> 1;
      if (m.blockStart[mid] <= item) from = mid; else to = mid - 1;
    }
    return from;
  }
  /** Loads block `n` once and reads it into `m` (search_index.build_search_index writes it).
   * @param {any} m @param {number} n @returns {Promise<any>} */
  function block(m, n) {
    var ready = m.blockReady[n];
    if (ready) return ready;
    return (m.blockReady[n] = load("m/" + n + ".js").then(function (/** @type {any} */ data) {
      // combos: (count, kind indexes…, count, theme indexes…, type)…, numbered in the block
      var cr = new Reader(data.combos), base = m.combos.length;
      while (cr.more()) {
        /** @type {number[][]} */
        var parts = [[], []];
        for (var part = 0; part < 2; part++) {
          for (var left = cr.next(); left > 0; left--) parts[part].push(cr.next());
        }
        m.combos.push([parts[0], parts[1], cr.next(), bitsOf(parts[0]), bitsOf(parts[1])]);
      }
      var r = new Reader(data.docs), p = m.blockStart[n];
      for (var d = n * m.docsPerFile; r.more(); d++) {
        m.docYear[d] = r.next(); m.docGenre[d] = r.next(); m.docLevel[d] = r.next();
        r.next(); // items: the runs below add up to it
        var runs = r.next();
        m.docStart[d] = p;
        for (var j = 0; j < runs; j++) {
          var length = r.next(), combo = base + r.next();
          for (var i = 0; i < length; i++, p++) { m.itemDoc[p] = d; m.itemCombo[p] = combo; }
        }
      }
      // search_index._copy_runs: (copy − previous copy, (copy − canonical) × 2 + differs, [copy − first with its strict text])…
      var c = new Reader(data.copies), at = m.blockStart[n];
      while (c.more()) {
        at += c.next();
        var head = c.next(), first = at - Math.floor(head / 2);
        m.canonical[at] = first;
        m.strictFirst[at] = head % 2 ? at - c.next() : first;
        var list = m.copiesOf.get(first);
        if (list) list.push(at); else m.copiesOf.set(first, [at]);
      }
      // search_index._group_runs: (item − previous item, size − 2, first copies as gaps)…
      var g = new Reader(data.groups), item = m.blockStart[n];
      while (g.more()) {
        item += g.next();
        var size = g.next() + 2, shown = [], previous = item;
        for (var k = Math.min(size - 1, m.sourcesShown - 1); k > 0; k--) shown.push((previous += g.next()));
        groupSize.set(item, size);
        m.firstCopies.set(item, shown);
      }
      return m;
    }));
  }
  /** Loads the blocks of the given items. @param {any} m @param {Iterable<number>} items @returns {Promise<any>} */
  function ensure(m, items) {
    /** @type {Set<number>} */
    var needed = new Set();
    for (var item of items) needed.add(blockOf(m, item));
    return Promise.all(Array.from(needed, function (n) { return block(m, n); })).then(function () { return m; });
  }
  /** Loads every block: for what the group files cannot count (a word of punctuation alone). @param {any} m
   * @returns {Promise<any>} */
  function ensureAll(m) {
    if (!m.everyBlock) {
      m.everyBlock = Promise.all(m.blockStart.map(function (/** @type {number} */ _, /** @type {number} */ n) { return block(m, n); })).then(function () {
        m.copiesOf.forEach(function (/** @type {number[]} */ list) { list.sort(function (a, b) { return a - b; }); });
        return m;
      });
    }
    return m.everyBlock;
  }

  // --- group files: each wording's occurrences by strict variant and cell -----------------------
  /** The place ((year × (genres + 1) + genre) × (levels + 1) + level) of each item's document, from
   * g/places.js (search_index.place: item count, place per document). @param {any} m @returns {Promise<Int32Array>} */
  function places(m) {
    if (!m.placesReady) m.placesReady = load("g/places.js").then(function (/** @type {string} */ data) {
      var r = new Reader(data), out = new Int32Array(m.items), at = 0;
      while (r.more()) {
        var count = r.next(), place = r.next();
        out.fill(place, at, at + count);
        at += count;
      }
      return out;
    });
    return m.placesReady;
  }
  /** The group files of set `name` that hold the rows of each canonical item of `items`.
   * @param {any} m @param {string} name @param {ArrayLike<number>} items @returns {Set<number>} */
  function groupFilesOf(m, name, items) {
    var starts = m.groupStarts[name];
    /** @type {Set<number>} */
    var files = new Set();
    for (var k = 0; k < items.length; k++) {
      var from = 0, to = starts.length - 1, item = items[k];
      while (from < to) {
        var mid = (from + to + 1) >> 1;
        if (starts[mid] <= item) from = mid; else to = mid - 1;
      }
      files.add(from);
    }
    return files;
  }
  /** The rows in group set `name` (an axis set, or a slice of the "cell" rows: `cellRows`) of each
   * canonical item of `items` (search_index._group_numbers): on an axis [variant, year, value, count,
   * first, last]; in a "cell" slice [variant, year, genre × (levels + 1) + level, count, first, last,
   * kind bits, theme bits], the year, genre and level being the first's document's; in "kinds" the same
   * with genre, level and themes 0 (not told). A canonical item with no row in the set has no entry. @param {any} m @param {string} name @param {ArrayLike<number>} items
   * @returns {Promise<Map<number, number[][]>>} */
  function groupRows(m, name, items) {
    var sliced = name.indexOf("cell-") === 0, kinds = name === "kinds";
    var starts = m.groupStarts[name], values = sliced || kinds ? 0 : m.axes[name].length + 1;
    var spread = (m.axes.genre.length + 1) * (m.axes.level.length + 1); // places per year
    var rows = m.rows[name] || (m.rows[name] = new Map());
    /** @type {Set<number>} */
    var read = m.rowFiles[name] || (m.rowFiles[name] = new Set());
    var files = starts && starts.length ? groupFilesOf(m, name, items) : new Set(); // no file: a set no row is in
    var placed = sliced ? places(m) : Promise.resolve(new Int32Array(0));
    return placed.then(function (place) { return Promise.all(Array.from(files, function (n) {
      return load("g/" + name + "/" + n + ".js").then(function (/** @type {string} */ data) {
        if (read.has(n)) return;
        read.add(n);
        var r = new Reader(data), item = starts[n];
        while (r.more()) {
          item += r.next();
          var list = [], first = item;
          for (var left = r.next(); left > 0; left--) {
            var cell = r.next(), themes = values ? 0 : r.next(), step = r.next();
            first += Math.floor(step / 2);
            var head = step % 2 ? r.next() : 0, variant = head % 2 ? item + r.next() : item;
            var count = Math.floor(head / 2) + 1, last = count > 1 ? first + r.next() : first;
            if (kinds) list.push([variant, cell, 0, count, first, last, themes, 0]); // (year, kind bits)
            else if (values) list.push([variant, Math.floor(cell / values), cell % values, count, first, last]);
            else list.push([variant, Math.floor(place[first] / spread), place[first] % spread, count, first, last, cell, themes]);
          }
          rows.set(item, list);
        }
      });
    })); }).then(function () { return rows; });
  }

  /** The ways to read the "cell" rows that can pass `filters` (search_index.cell_slice_choices): the
   * slices of the named genres and levels (every one of an axis not filtered), when either is filtered
   * or nothing else is; those of the named kinds (`kinds`: their indexes), when kinds are. Only slices
   * holding rows are listed.
   * @param {any} m @param {Object<string, Set<number> | null>} sets @returns {{kinds: number[] | null, names: string[]}[]} */
  function cellSliceChoices(m, sets) {
    /** @param {Set<number> | null} set @param {number} count */
    function values(set, count) {
      return set ? Array.from(set).sort(function (a, b) { return a - b; }) : Array.from({ length: count }, function (_, k) { return k; });
    }
    /** @param {string} name */
    function held(name) { return m.groupStarts[name] && m.groupStarts[name].length; }
    var choices = [];
    if (sets.genre || sets.level || !sets.kind) {
      var names = [];
      for (var g of values(sets.genre, m.axes.genre.length + 1)) {
        for (var l of values(sets.level, m.axes.level.length + 1)) names.push("cell-" + g + "-" + l);
      }
      choices.push({ kinds: null, names: names.filter(held) });
    }
    if (sets.kind) {
      var kinds = values(sets.kind, 0).filter(function (k) { return held("cell-" + k); });
      choices.push({ kinds: kinds, names: kinds.map(function (k) { return "cell-" + k; }) });
    }
    return choices;
  }
  /** The "cell" rows of each canonical item of `items` that can pass `filters` (search_index.read_cell_rows),
   * read the way of `cellSliceChoices` whose slices hold the fewest files for `items`, a row in two named
   * kinds' slices taken once (from the first).
   * @param {any} m @param {any} filters @param {ArrayLike<number>} items @returns {Promise<Map<number, number[][]>>} */
  function cellRows(m, filters, items) {
    var best = null, fewest = Infinity;
    for (var choice of cellSliceChoices(m, wantedSets(m, filters))) {
      var files = 0;
      choice.names.forEach(function (name) { files += groupFilesOf(m, name, items).size; });
      if (files < fewest) { fewest = files; best = choice; }
    }
    var chosen = /** @type {{kinds: number[] | null, names: string[]}} */ (best);
    return Promise.all(chosen.names.map(function (name) { return groupRows(m, name, items); })).then(function (slices) {
      /** @type {Map<number, number[][]>} */
      var out = new Map();
      // the named kinds whose slices come before each: a row of two named kinds is taken from the first
      var before = chosen.names.map(function (_, k) { return chosen.kinds ? chosen.kinds.slice(0, k) : []; });
      for (var i = 0; i < items.length; i++) {
        /** @type {number[][]} */
        var list = [];
        slices.forEach(function (rows, k) {
          var earlier = before[k];
          (rows.get(items[i]) || []).forEach(function (row) {
            if (!earlier.some(function (v) { return Math.floor(row[6] / Math.pow(2, v)) % 2 === 1; })) list.push(row);
          });
        });
        if (list.length) out.set(items[i], list);
      }
      return out;
    });
  }
  /** The rows of group set `name` (`groupSet`) for `items` under `filters`. @param {any} m @param {string} name
   * @param {any} filters @param {ArrayLike<number>} items @returns {Promise<Map<number, number[][]>>} */
  function setRows(m, name, filters, items) {
    return name === "cell" ? cellRows(m, filters, items) : groupRows(m, name, items);
  }

  // --- postings ---------------------------------------------------------------------------------
  /** @param {string} key @param {number} shards */
  function shardOf(key, shards) {
    var h = 0;
    for (var ch of key) h = (h * 65599 + /** @type {number} */ (ch.codePointAt(0))) % shards;
    return h;
  }
  /** @type {Map<string, any>} */
  var decoded = new Map();
  /** @param {any} m @param {string} key @returns {Promise<any>} */
  function postings(m, key) {
    if (decoded.has(key)) return Promise.resolve(decoded.get(key));
    return load("p/" + shardOf(key, m.shards) + ".js").then(function (shard) {
      var s = shard[key], chars = Array.from(key);
      // the loose keys say each item's group size (search_index.grouped_key), the punctuation keys do not
      var grouped = !chars.some(function (c) { return PUNCTUATION.test(c); });
      var marks = chars.every(function (c) { return PUNCTUATION.test(c); }); // a piece of a run of marks
      var result = s === undefined ? null : marks ? decodeVariants(s) : chars.length === 1 ? decodeItems(s, grouped) : decodePairs(s, grouped);
      decoded.set(key, result);
      return result;
    });
  }
  /** The strict variants holding a piece of a run of marks (search_index.read_run_postings): ((variant
   * − previous) × 2 + several) × 2 + copy, [size − 2], [variant − canonical item]…, as sorted variants
   * with their sizes and canonical items. @param {string} s */
  function decodeVariants(s) {
    var r = new Reader(s), items = [], sizes = [], heads = [], item = -1;
    while (r.more()) {
      var head = r.next();
      item += Math.floor(head / 4);
      items.push(item);
      sizes.push(Math.floor(head / 2) % 2 ? r.next() + 2 : 1);
      heads.push(head % 2 ? item - r.next() : item);
    }
    return { items: Int32Array.from(items), sizes: Int32Array.from(sizes), canonical: Int32Array.from(heads) };
  }
  /** (item − previous item) [× 2 + has copies, then size − 2]… @param {string} s @param {boolean} grouped */
  function decodeItems(s, grouped) {
    var r = new Reader(s), out = [], item = -1;
    while (r.more()) {
      var head = r.next();
      item += grouped ? Math.floor(head / 2) : head;
      if (grouped && head % 2) groupSize.set(item, r.next() + 2);
      out.push(item);
    }
    return Int32Array.from(out);
  }
  /** A bigram's postings: items, and for item i its positions pos[starts[i]] … pos[starts[i + 1] − 1].
   * (item − previous item) × 2 + several [× 2 + has copies], [count − 2], [size − 2], positions as gaps…
   * @param {string} s @param {boolean} grouped */
  function decodePairs(s, grouped) {
    var r = new Reader(s), items = [], starts = [0], pos = [], item = -1;
    while (r.more()) {
      var head = r.next(), copied = grouped && head % 2;
      if (grouped) head = Math.floor(head / 2);
      item += Math.floor(head / 2);
      var count = head % 2 ? r.next() + 2 : 1, at = 0;
      if (copied) groupSize.set(item, r.next() + 2);
      for (var k = 0; k < count; k++) { at += r.next(); pos.push(at); }
      items.push(item);
      starts.push(pos.length);
    }
    return { items: Int32Array.from(items), starts: Int32Array.from(starts), pos: Int32Array.from(pos) };
  }

  /** Bigram offsets that cover a word of `length` characters: 0, 2, 4 … and length − 2. @param {number} length */
  function cover(length) {
    var offsets = [];
    for (var o = 0; o < length - 1; o += 2) offsets.push(o);
    if (offsets[offsets.length - 1] !== length - 2) offsets.push(length - 2);
    return offsets;
  }
  /** Where `value` is in the sorted list[from … to), or −1.
   * @param {Int32Array} list @param {number} from @param {number} to @param {number} value */
  function find(list, from, to, value) {
    var end = to;
    while (from < to) {
      var mid = (from + to) >> 1;
      if (list[mid] < value) from = mid + 1; else to = mid;
    }
    return from < end && list[from] === value ? from : -1; // not list[end]: that is the next item's
  }
  /** @param {Int32Array} list @param {number} from @param {number} to @param {number} value */
  function has(list, from, to, value) {
    return find(list, from, to, value) >= 0;
  }
  /** Sorted canonical items whose loose text contains the loose word. @param {any} m @param {string} word
   * @returns {Promise<Int32Array>} */
  function canonicalWith(m, word) {
    if (Array.from(word).length === 1) return postings(m, word).then(function (p) { return p || new Int32Array(0); });
    return canonicalStarts(m, word, false).then(function (found) { return Int32Array.from(found.items); });
  }
  /** Canonical items whose loose text contains the loose word (≥ 2 characters), and where it starts
   * in each (the first start only unless `every`). @param {any} m @param {string} word @param {boolean} every
   * @returns {Promise<{items: number[], starts: number[][]}>} */
  function canonicalStarts(m, word, every) {
    var chars = Array.from(word);
    var offsets = cover(chars.length);
    return Promise.all(offsets.map(function (o) { return postings(m, chars[o] + chars[o + 1]); })).then(function (lists) {
      /** @type {number[][]} */
      var starts = [];
      if (lists.some(function (l) { return !l; })) return { items: [], starts: starts };
      var at = lists.map(function () { return 0; }), out = [];
      var first = lists[0];
      outer: for (var i = 0; i < first.items.length; i++) {
        var item = first.items[i], rows = [i];
        for (var k = 1; k < lists.length; k++) {
          var l = lists[k], a = at[k];
          while (a < l.items.length && l.items[a] < item) a++;
          at[k] = a;
          if (a === l.items.length) break outer;
          if (l.items[a] !== item) continue outer;
          rows.push(a);
        }
        var here = [];
        for (var p = first.starts[i]; p < first.starts[i + 1]; p++) {
          var start = first.pos[p], all = true;
          for (var j = 1; j < lists.length && all; j++) {
            var lj = lists[j], row = rows[j];
            all = has(lj.pos, lj.starts[row], lj.starts[row + 1], start + offsets[j]);
          }
          if (all) {
            here.push(start);
            if (!every) break;
          }
        }
        if (here.length) { out.push(item); starts.push(here); }
      }
      return { items: out, starts: starts };
    });
  }
  /** Where in a sorted list a value is, or −1. @param {Int32Array} list @param {number} value */
  function rowOf(list, value) {
    return find(list, 0, list.length, value);
  }
  /** What a strict word needs of the punctuation around and between its loose characters: as
   * search_index.gap_checks. @param {string} word @returns {{chars: string[], checks: any[]}} */
  function gapChecks(word) {
    /** @type {string[]} */
    var chars = [], runs = [""];
    for (var c of word) {
      if (PUNCTUATION.test(c)) runs[runs.length - 1] += c;
      else { chars.push(c); runs.push(""); }
    }
    var n = chars.length, checks = [];
    if (n && runs[0]) checks.push({ key: runs[0] + chars[0], gap: 0, must: true });
    for (var j = 1; j < n; j++) {
      checks.push(runs[j] ? { key: chars[j - 1] + runs[j] + chars[j], gap: j, must: true } : { key: chars[j - 1] + " " + chars[j], gap: j, must: false });
    }
    if (n && runs[n]) checks.push({ key: chars[n - 1] + runs[n], gap: n, must: true });
    return { chars: chars, checks: checks };
  }
  /** Whether the item `first` (the first of its strict text) has a strict word's marks (`gapChecks`,
   * with the postings of their keys) from one of `starts`. @param {any[]} checks @param {any[]} lists
   * @returns {(first: number, starts: number[]) => boolean} */
  function marksHold(checks, lists) {
    return function (first, starts) {
      var rows = lists.map(function (l) { return l ? rowOf(l.items, first) : -1; });
      return starts.some(function (p) {
        return checks.every(function (check, k) {
          var l = lists[k], row = rows[k];
          return (row >= 0 && has(l.pos, l.starts[row], l.starts[row + 1], p + check.gap)) === check.must;
        });
      });
    };
  }
  /** Sorted items (copies included) whose strict text contains the strict word, which has a loose
   * character: decided from the postings, no text read (search_index._strict_hits).
   * @param {any} m @param {string} word @returns {Promise<Int32Array>} */
  function strictWith(m, word) {
    var plan = gapChecks(word), core = plan.chars.join("");
    if (!plan.checks.length) return canonicalWith(m, core).then(function (c) { return withCopies(m, c); });
    return Promise.all(plan.checks.map(function (check) { return postings(m, check.key); })).then(function (lists) {
      var holds = marksHold(plan.checks, lists);
      /** @type {number[]} */
      var out = [];
      /** @param {number} canonical @param {(first: number) => boolean} ok */
      function members(canonical, ok) {
        [canonical].concat(m.copiesOf.get(canonical) || []).forEach(function (item) {
          if (ok(m.strictFirst[item])) out.push(item);
        });
      }
      if (plan.chars.length === 1) {
        // one character: the first check's positions are where it can be
        var lead = lists[0], gap = plan.checks[0].gap;
        if (!lead) return new Int32Array(0);
        /** @type {Set<number>} */
        var good = new Set(), groups = new Set();
        for (var i = 0; i < lead.items.length; i++) {
          var starts = Array.from(lead.pos.subarray(lead.starts[i], lead.starts[i + 1]), function (g) { return g - gap; });
          if (holds(lead.items[i], starts)) { good.add(lead.items[i]); groups.add(m.canonical[lead.items[i]]); }
        }
        groups.forEach(function (canonical) { members(canonical, function (first) { return good.has(first); }); });
        return Int32Array.from(out).sort();
      }
      return canonicalStarts(m, core, true).then(function (found) {
        found.items.forEach(function (canonical, k) {
          /** @type {Map<number, boolean>} */
          var known = new Map();
          members(canonical, function (first) {
            var ok = known.get(first);
            if (ok === undefined) known.set(first, (ok = holds(first, found.starts[k])));
            return ok;
          });
        });
        return Int32Array.from(out).sort();
      });
    });
  }
  /** Canonical items and all their copies, sorted. @param {any} m @param {Int32Array} items */
  function withCopies(m, items) {
    var out = Array.from(items);
    items.forEach(function (item) { (m.copiesOf.get(item) || []).forEach(function (c) { out.push(c); }); });
    return Int32Array.from(out).sort();
  }
  /** @param {Int32Array} a @param {Int32Array} b */
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
  /** @param {any} m @param {string} axis @param {any} value @returns {Set<number> | null} */
  function wanted(m, axis, value) {
    if (value === undefined || value === null || value === "") return null;
    var values = Array.isArray(value) ? value : [value];
    var names = m.axes[axis].map(String), picked = new Set();
    values.forEach(function (v) { picked.add(names.indexOf(String(v))); }); // an unknown value matches nothing
    return picked;
  }
  /** Whether any filter is set. @param {any} m @param {any} filters */
  function filtered(m, filters) {
    return AXES.some(function (axis) { return wanted(m, axis, (filters || {})[axis]) !== null; });
  }
  /** Kind or theme indexes as a bit set (index k: 2^k; exact below 2^53, search_index.SET_BITS).
   * @param {number[]} indexes */
  function bitsOf(indexes) {
    var bits = 0;
    new Set(indexes).forEach(function (k) { bits += Math.pow(2, k); });
    return bits;
  }
  /** Each axis → its wanted values (indexes), null where not filtered. @param {any} m @param {any} filters
   * @returns {Object<string, Set<number> | null>} */
  function wantedSets(m, filters) {
    /** @type {Object<string, Set<number> | null>} */
    var sets = {};
    AXES.forEach(function (axis) { sets[axis] = wanted(m, axis, (filters || {})[axis]); });
    return sets;
  }
  /** The rule of the filters (search_index.passes): on every filtered axis, one of the wanted values
   * (the year, genre, level; any of the kinds, any of the themes, given as bit sets).
   * @param {Object<string, Set<number> | null>} sets @param {number} year @param {number} genre
   * @param {number} level @param {number} kinds @param {number} themes */
  function passes(sets, year, genre, level, kinds, themes) {
    /** @param {Set<number> | null} set @param {number} bits */
    function any(set, bits) {
      if (!set) return true;
      for (var k of set) if (k >= 0 && Math.floor(bits / Math.pow(2, k)) % 2 === 1) return true;
      return false;
    }
    return (
      (!sets.year || sets.year.has(year)) &&
      (!sets.genre || sets.genre.has(genre)) &&
      (!sets.level || sets.level.has(level)) &&
      any(sets.kind, kinds) &&
      any(sets.theme, themes)
    );
  }
  /** Whether an item passes the filters, from its block. @param {any} m @param {any} filters
   * @returns {(item: number) => boolean} */
  function filterFunction(m, filters) {
    var sets = wantedSets(m, filters);
    return function (item) {
      var d = m.itemDoc[item], c = m.combos[m.itemCombo[item]];
      return passes(sets, m.docYear[d], m.docGenre[d], m.docLevel[d], c[3], c[4]);
    };
  }
  /** Whether the occurrences of a row of group set `name` (`groupRows`) pass the filters.
   * @param {any} m @param {string} name @param {any} filters @returns {(row: number[]) => boolean} */
  function rowFilter(m, name, filters) {
    var sets = wantedSets(m, filters), levels = m.axes.level.length + 1;
    if (name === "cell" || name === "kinds") return function (row) { return passes(sets, row[1], Math.floor(row[2] / levels), row[2] % levels, row[6], row[7]); };
    return function (row) {
      var value = row[2], bit = Math.pow(2, value);
      return passes(sets, row[1], name === "genre" ? value : -1, name === "level" ? value : -1, name === "kind" ? bit : 0, name === "theme" ? bit : 0);
    };
  }

  // --- texts --------------------------------------------------------------------------------------
  /** The text file of each item's document, in the order given. @param {any} m @param {number[]} items */
  function records(m, items) {
    return ensure(m, items).then(function () {
      return Promise.all(items.map(function (item) { return load("t/" + m.itemDoc[item] + ".js"); }));
    });
  }
  /** An item's [anchor, text] row as named fields. @param {any} m @param {number} item @param {any} record */
  function itemOf(m, item, record) {
    var row = record.items[item - m.docStart[m.itemDoc[item]]];
    return { anchor: row[0], text: row[1] };
  }

  // --- the search -------------------------------------------------------------------------------
  /** @type {Map<string, Int32Array>} */
  var results = new Map(); // query + options → matching items
  /**
   * Every item that contains each word of the query, in index order (newest first, reading order).
   * @param {string} query @param {any} filters @param {boolean} exact @returns {Promise<Int32Array>}
   */
  function matching(query, filters, exact) {
    return meta().then(function (m) {
      var some = yearBlocks(m, filters, exact);
      if (!some) return ensureAll(m).then(function () { return matchingIn(m, null, query, filters, exact); });
      return Promise.all(some.map(function (n) { return block(m, n); })).then(function () {
        return matchingIn(m, new Set(some), query, filters, exact);
      });
    });
  }
  /** The blocks holding the wanted years when the year is the only filter (reports are in year order,
   * newest first, so a year's items are together), or null: every block.
   * @param {any} m @param {any} filters @param {boolean} exact @returns {number[] | null} */
  function yearBlocks(m, filters, exact) {
    filters = filters || {};
    var years = wanted(m, "year", filters.year);
    var others = AXES.some(function (axis) { return axis !== "year" && wanted(m, axis, filters[axis]) !== null; });
    if (exact || others || !years) return null;
    var out = [];
    for (var n = 0; n < m.blockYears.length; n++) {
      var from = m.blockYears[n][0], to = m.blockYears[n][1];
      for (var y of years) if (from <= y && y <= to) { out.push(n); break; }
    }
    return out;
  }
  /** Every item of the blocks `loaded` (null: all blocks are in) that contains each word of the query.
   * @param {any} m @param {Set<number> | null} loaded @param {string} query @param {any} filters
   * @param {boolean} exact @returns {Promise<Int32Array>} */
  function matchingIn(m, loaded, query, filters, exact) {
    return Promise.resolve(m).then(function (m) {
      var words = wordsOf(query, exact); // after meta.js: its table folds traditional characters
      var key = JSON.stringify([words, filters || {}, exact]);
      var known = results.get(key);
      if (known) return known;
      if (!words.length) return new Int32Array(0);
      var checkText = false; // a word of more marks than runKeyChars: the index narrows, the text decides
      return Promise.all(words.map(function (word) {
        var core = normalize(word, false);
        if (core && exact) return strictWith(m, word);
        if (core) return canonicalWith(m, core).then(function (c) { return withCopies(m, c); });
        checkText = checkText || Array.from(word).length > m.runKeyChars;
        return markItems(m, word);
      })).then(function (/** @type {Int32Array[]} */ lists) {
        lists.sort(function (a, b) { return a.length - b.length; });
        var passes = filterFunction(m, filters);
        var keep = loaded ? function (/** @type {number} */ item) { return /** @type {Set<number>} */ (loaded).has(blockOf(m, item)) && passes(item); } : passes;
        var ids = lists.reduce(intersect).filter(keep);
        if (!checkText) return ids;
        return records(m, Array.from(ids)).then(function (recs) {
          return ids.filter(function (item, i) {
            var text = itemOf(m, item, recs[i]).text, marked = normalize(text, true), folded = normalize(text, exact);
            return words.every(function (word) { return (markWord(word) ? marked : folded).indexOf(word) >= 0; });
          });
        });
      }).then(function (ids) {
        results.set(key, ids);
        return ids;
      });
    });
  }

  /** Where `words` occur in `text`, as [start, end) spans of the original. @param {string} text
   * @param {string[]} words @param {boolean} exact @returns {number[][]} */
  function spans(text, words, exact) {
    var folded = foldWithMap(text, exact), marked = exact ? folded : foldWithMap(text, true), ranges = [];
    for (var word of words) {
      var map = markWord(word) ? marked : folded;
      for (var at = map.text.indexOf(word); at >= 0; at = map.text.indexOf(word, at + 1)) {
        ranges.push([map.from[at], map.to[at + word.length - 1]]);
      }
    }
    return ranges.sort(function (a, b) { return a[0] - b[0]; });
  }

  /** @param {any} m @param {number} item @param {any} record */
  function hitOf(m, item, record) {
    var combo = m.combos[m.itemCombo[item]];
    var row = itemOf(m, item, record);
    return {
      id: item,
      type: m.types[combo[2]],
      url: record.url + (row.anchor ? "#" + row.anchor : ""),
      text: row.text,
      title: record.title,
      unit: record.unit,
      year: record.year,
      genre: record.genre,
      kind: combo[0].map(function (/** @type {number} */ k) { return m.axes.kind[k]; }).join("、"),
      count: 1,
      sources: /** @type {any[]} */ ([]),
      sourceIds: /** @type {number[]} */ ([]), // the items of `sources`, listed even when they are not read
    };
  }
  /** The sources of each folded hit (lists of items), read now unless `options.sources` is false: the
   * page reads them when their list is opened (`fanliSearch.sources`). @param {any} m
   * @param {number[][]} shown @param {any} options @returns {Promise<any[][]>} */
  function sourcesShown(m, shown, options) {
    return Promise.all(shown.map(function (list) { return list.length > 1 && options.sources !== false ? sourcesOf(m, list) : []; }));
  }
  /** Where each item is: {url, title, unit, year, type} from the small sources files.
   * @param {any} m @param {number[]} items */
  function sourcesOf(m, items) {
    return ensure(m, items).then(function () { return Promise.all(items.map(function (item) {
      var d = m.itemDoc[item];
      return load("d/" + Math.floor(d / m.docsPerFile) + ".js").then(function (block) {
        var row = block[d % m.docsPerFile];
        return { id: item, url: row[0], title: row[1], unit: row[2], year: m.axes.year[m.docYear[d]], type: m.types[m.combos[m.itemCombo[item]][2]] };
      });
    })); });
  }

  var SOURCES_SHOWN = 10;
  /**
   * @param {string} query
   * @param {{filters?: any, exact?: boolean, fold?: boolean, sort?: string, offset?: number, limit?: number}} [options]
   */
  function fanliSearch(query, options) {
    options = options || {};
    var offset = options.offset || 0;
    var limit = options.limit === undefined ? 20 : options.limit;
    var exact = !!options.exact, folding = options.fold !== false;
    return meta().then(function (m) {
      var marks = wordsOf(query, exact).some(markWord); // counted per strict variant (`variantCounted`)
      if (folding && !exact && !marks && !filtered(m, options.filters)) return foldedPage(m, query, options, offset, limit);
      return everyOccurrence(query, options, offset, limit);
    });
  }

  /** Sorted canonical items whose loose text holds every loose word of the query (their copies too,
   * then): from the postings alone. @param {any} m @param {string} query @returns {Promise<Int32Array>} */
  function canonicalMatching(m, query) {
    var words = wordsOf(query, false), key = JSON.stringify(["groups", words]);
    var known = results.get(key);
    if (known) return Promise.resolve(known);
    if (!words.length) return Promise.resolve(new Int32Array(0));
    return Promise.all(words.map(function (word) { return canonicalWith(m, word); })).then(function (lists) {
      lists.sort(function (a, b) { return a.length - b.length; });
      var ids = lists.reduce(intersect);
      results.set(key, ids);
      return ids;
    });
  }
  /**
   * A page of folded hits without filters: counted from the postings, which give each wording's
   * number of occurrences; only the blocks of the hits shown and of their first sources are read.
   * @param {any} m @param {string} query @param {any} options @param {number} offset @param {number} limit
   */
  function foldedPage(m, query, options, offset, limit) {
    return canonicalMatching(m, query).then(function (canonical) {
      /** @param {number} item */
      function size(item) { return groupSize.get(item) || 1; }
      var total = 0;
      canonical.forEach(function (item) { total += size(item); });
      var order = Array.from(canonical);
      if (options.sort === "widespread") order.sort(function (a, b) { return size(b) - size(a) || a - b; });
      var page = order.slice(offset, offset + limit);
      return ensure(m, page).then(function () {
        var shown = page.map(function (item) { return [item].concat(m.firstCopies.get(item) || []).slice(0, SOURCES_SHOWN); });
        return Promise.all([
          records(m, page),
          sourcesShown(m, shown, options),
        ]).then(function (both) {
          return {
            total: total,
            distinct: canonical.length,
            groups: canonical.length,
            hits: page.map(function (item, i) {
              var hit = hitOf(m, item, both[0][i]);
              hit.count = size(item);
              hit.sources = both[1][i];
              hit.sourceIds = shown[i];
              return hit;
            }),
          };
        });
      });
    });
  }

  /**
   * Every occurrence, filtered and sorted, from every block: what the group files cannot count (a
   * word of more than runKeyChars marks).
   * @param {string} query @param {any} options @param {number} offset @param {number} limit
   */
  function everyBlockOccurrence(query, options, offset, limit) {
    var exact = !!options.exact, folding = options.fold !== false;
    return matching(query, options.filters, exact).then(function (ids) {
      return meta().then(function (m) {
        // groups: items of the same wording, each listed under its first (newest) occurrence
        /** @type {Map<number, number[]>} */
        var groups = new Map();
        ids.forEach(function (item) {
          var g = folding ? m.canonical[item] : item;
          var list = groups.get(g);
          if (list) list.push(item); else groups.set(g, [item]);
        });
        var distinct = new Set(Array.from(ids, function (item) { return m.canonical[item]; })).size;
        var lists = Array.from(groups.values());
        if (options && options.sort === "widespread") {
          lists.sort(function (a, b) { return b.length - a.length || a[0] - b[0]; });
        }
        var page = lists.slice(offset, offset + limit);
        var shown = page.map(function (list) { return folding ? list.slice(0, SOURCES_SHOWN) : []; });
        return Promise.all([
          records(m, page.map(function (list) { return list[0]; })),
          sourcesShown(m, shown, options),
        ]).then(function (both) {
          return {
            total: ids.length,
            distinct: distinct,
            groups: lists.length,
            hits: page.map(function (list, i) {
              var hit = hitOf(m, list[0], both[0][i]);
              hit.count = list.length;
              hit.sources = both[1][i];
              hit.sourceIds = shown[i];
              return hit;
            }),
          };
        });
      });
    });
  }


  /**
   * Every occurrence, filtered and sorted: unfolded (显示每一处), filtered or strict. Counted from the
   * postings and one group set (`counted`); a folded page reads the blocks of the hits
   * and sources it shows, an unfolded one the blocks up to its last hit that can hold an occurrence.
   * @param {string} query @param {any} options @param {number} offset @param {number} limit
   */
  function everyOccurrence(query, options, offset, limit) {
    var exact = !!options.exact, folding = options.fold !== false;
    return meta().then(function (m) {
      return counted(m, query, options.filters, exact).then(function (found) {
        if (!found) return everyBlockOccurrence(query, options, offset, limit);
        if (!folding) {
          return occurrences(m, found, options.filters, offset + limit).then(function (ids) {
            var page = ids.slice(offset, offset + limit);
            return records(m, page).then(function (recs) {
              return {
                total: found.total,
                distinct: found.groups.length,
                groups: found.total,
                hits: page.map(function (item, i) { return hitOf(m, item, recs[i]); }),
              };
            });
          });
        }
        var groups = found.groups.slice();
        if (options.sort === "widespread") groups.sort(function (a, b) { return b.count - a.count || a.first - b.first; });
        var page = groups.slice(offset, offset + limit);
        // sources: the first and last occurrence of each (variant, year, value) row, in item order
        var shown = page.map(function (g) {
          if (!g.rows) return g.variants.slice(0, SOURCES_SHOWN); // `variantCounted`: its strict variants
          /** @type {Set<number>} */
          var known = new Set();
          g.rows.forEach(function (/** @type {number[]} */ row) { known.add(row[4]); known.add(row[5]); });
          return Array.from(known).sort(function (a, b) { return a - b; }).slice(0, SOURCES_SHOWN);
        });
        return Promise.all([
          records(m, page.map(function (g) { return g.first; })),
          sourcesShown(m, shown, options),
        ]).then(function (both) {
          return {
            total: found.total,
            distinct: groups.length,
            groups: groups.length,
            hits: page.map(function (g, i) {
              var hit = hitOf(m, g.first, both[0][i]);
              hit.count = g.count;
              hit.sources = both[1][i];
              hit.sourceIds = shown[i];
              return hit;
            }),
          };
        });
      });
    });
  }

  /** The group set that counts a query's occurrences under `filters` (search_index.group_set): the
   * axis filtered besides the year when it is the only one (kind and theme with one value: an item with
   * several is in a row for each), "genre" when only the year or nothing is, else "cell" (every axis).
   * @param {any} m @param {any} filters @returns {string} */
  function groupSet(m, filters) {
    var sets = wantedSets(m, filters);
    var others = AXES.filter(function (axis) { return axis !== "year" && sets[axis] !== null; });
    if (!others.length) return "genre";
    var one = others[0], picked = /** @type {Set<number>} */ (sets[one]);
    if (others.length === 1 && (one === "genre" || one === "level" || picked.size <= 1)) return one;
    return others.length === 1 && one === "kind" ? "kinds" : "cell";
  }
  /** The canonical items of a query's word and which strict variants hold it: from the postings.
   * @param {any} m @param {string} word @param {boolean} exact
   * @returns {Promise<{items: ArrayLike<number>, ok: (variant: number, canonical: number) => boolean, variants?: any}>} */
  function wordGroups(m, word, exact) {
    if (markWord(word)) return markGroups(m, word);
    var plan = exact ? gapChecks(word) : { chars: Array.from(normalize(word, false)), checks: [] };
    var core = plan.chars.join("");
    if (!plan.checks.length) return canonicalWith(m, core).then(function (items) { return { items: items, ok: function () { return true; } }; });
    return Promise.all(plan.checks.map(function (check) { return postings(m, check.key); })).then(function (lists) {
      var holds = marksHold(plan.checks, lists);
      /** @type {Map<number, boolean>} */
      var known = new Map();
      if (plan.chars.length === 1) {
        // one character: the first check's positions are where it can be
        var lead = lists[0], gap = plan.checks[0].gap;
        return canonicalWith(m, core).then(function (items) {
          return { items: items, ok: function (/** @type {number} */ variant) {
            var ok = known.get(variant);
            if (ok === undefined) {
              var row = lead ? rowOf(lead.items, variant) : -1;
              var starts = row < 0 ? [] : Array.from(lead.pos.subarray(lead.starts[row], lead.starts[row + 1]), function (g) { return g - gap; });
              known.set(variant, (ok = holds(variant, starts)));
            }
            return ok;
          } };
        });
      }
      return canonicalStarts(m, core, true).then(function (found) {
        var items = Int32Array.from(found.items);
        return { items: items, ok: function (/** @type {number} */ variant, /** @type {number} */ canonical) {
          var ok = known.get(variant);
          if (ok === undefined) known.set(variant, (ok = holds(variant, found.starts[rowOf(items, canonical)])));
          return ok;
        } };
      });
    });
  }
  /**
   * The wordings holding every word of the query under the filters, counted from the postings and
   * the group files alone (search_index.counted): groups [{item, count, first, rows}] by first
   * occurrence, the total, and the test of an item's strict variant (without a filter, a query with
   * a word of punctuation alone: `variantCounted`, each group with its variants in place of its rows);
   * null for a word of more than runKeyChars marks (its text decides). Any filters: one group set
   * counts them (`groupSet`).
   * @param {any} m @param {string} query @param {any} filters @param {boolean} exact @returns {Promise<any>}
   */
  function counted(m, query, filters, exact) {
    var words = wordsOf(query, exact);
    if (words.some(function (word) { return markWord(word) && Array.from(word).length > m.runKeyChars; })) return Promise.resolve(null);
    var key = JSON.stringify(["counted", words, filters || {}, exact]);
    if (counts.has(key)) return Promise.resolve(counts.get(key));
    if (words.some(markWord) && !filtered(m, filters)) {
      return variantCounted(m, words, exact).then(function (found) { counts.set(key, found); return found; });
    }
    var name = groupSet(m, filters), rowPasses = rowFilter(m, name, filters);
    return Promise.all(words.map(function (word) { return wordGroups(m, word, exact); })).then(function (per) {
      var lists = per.map(function (p) { return Int32Array.from(p.items); }).sort(function (a, b) { return a.length - b.length; });
      var canonical = words.length ? lists.reduce(intersect) : new Int32Array(0);
      /** @param {number} variant @param {number} item */
      function variantOk(variant, item) { return per.every(function (p) { return p.ok(variant, item); }); }
      return setRows(m, name, filters, canonical).then(function (rows) {
        var groups = [], total = 0;
        for (var k = 0; k < canonical.length; k++) {
          var item = canonical[k], passing = [], count = 0, first = Infinity;
          for (var row of rows.get(item) || []) {
            if (!rowPasses(row) || !variantOk(row[0], item)) continue;
            passing.push(row);
            count += row[3];
            first = Math.min(first, row[4]);
          }
          if (count) groups.push({ item: item, count: count, first: first, rows: passing });
          total += count;
        }
        groups.sort(function (a, b) { return a.first - b.first; });
        var found = { groups: groups, total: total, variantOk: variantOk };
        counts.set(key, found);
        return found;
      });
    });
  }
  /** @type {Map<string, any>} */
  var counts = new Map();
  /**
   * The first `want` occurrences of `found` (`counted`) in item order: read from the blocks that can
   * hold one (those of each row's first and last occurrence, and those between for a row of three or
   * more), in order, until `want` are found.
   * @param {any} m @param {any} found @param {any} filters @param {number} want @returns {Promise<number[]>}
   */
  function occurrences(m, found, filters, want) {
    if (found.groups.length && !found.groups[0].rows) return variantOccurrences(m, found, filters, want);
    /** @type {Set<number>} */
    var blocks = new Set();
    found.groups.forEach(function (/** @type {any} */ g) {
      g.rows.forEach(function (/** @type {number[]} */ row) {
        var a = blockOf(m, row[4]), b = blockOf(m, row[5]);
        blocks.add(a);
        blocks.add(b);
        if (row[3] > 2) for (var n = a + 1; n < b; n++) blocks.add(n);
      });
    });
    return occurrencesIn(m, found, filters, want, Array.from(blocks).sort(function (a, b) { return a - b; }));
  }
  /** The first `want` occurrences of `found` in the blocks `order` (ascending), read in order until
   * `want` (or all) are found. @param {any} m @param {any} found @param {any} filters @param {number} want
   * @param {number[]} order @returns {Promise<number[]>} */
  function occurrencesIn(m, found, filters, want, order) {
    var groups = new Set(found.groups.map(function (/** @type {any} */ g) { return g.item; }));
    /** @type {number[]} */
    var out = [];
    /** @param {number} n */
    function scan(n) {
      var passes = filterFunction(m, filters), end = n + 1 < m.blockStart.length ? m.blockStart[n + 1] : m.items;
      for (var i = m.blockStart[n]; i < end; i++) {
        var item = m.canonical[i];
        if (groups.has(item) && passes(i) && found.variantOk(m.strictFirst[i], item)) out.push(i);
      }
    }
    if (want === Infinity) {
      return Promise.all(order.map(function (n) { return block(m, n); })).then(function () {
        order.forEach(scan);
        return out;
      });
    }
    /** @param {number} k @returns {Promise<number[]>} */
    function step(k) {
      if (k >= order.length || out.length >= want || out.length >= found.total) return Promise.resolve(out);
      return block(m, order[k]).then(function () { scan(order[k]); return step(k + 1); });
    }
    return step(0);
  }

  // --- words of punctuation alone: the strict variants holding them -------------------------------
  /** The variants (sorted, with sizes and canonical items) whose strict text holds each piece of a word
   * of punctuation alone: the word itself up to runKeyChars marks, else its pieces of that length
   * (search_index.mark_variants). @param {any} m @param {string} word @returns {Promise<any[]>} */
  function markLists(m, word) {
    var chars = Array.from(word), size = m.runKeyChars, pieces = [word];
    if (chars.length > size) {
      pieces = [];
      for (var at = 0; ; at += size) {
        var from = Math.min(at, chars.length - size);
        pieces.push(chars.slice(from, from + size).join(""));
        if (from + size >= chars.length) break;
      }
    }
    return Promise.all(pieces.map(function (piece) { return postings(m, piece); })).then(function (lists) {
      return lists.map(function (l) { return l || { items: new Int32Array(0), sizes: new Int32Array(0), canonical: new Int32Array(0) }; });
    });
  }
  /** The items (of the blocks read) whose strict variant holds every piece of a word of punctuation
   * alone. @param {any} m @param {string} word @returns {Promise<Int32Array>} */
  function markItems(m, word) {
    return markLists(m, word).then(function (lists) {
      var lead = lists[0], held = lists.map(function (l) { return l.items; }).reduce(intersect);
      /** @type {Set<number>} */
      var heads = new Set(), variants = new Set(held), out = [];
      held.forEach(function (v) { heads.add(lead.canonical[rowOf(lead.items, v)]); });
      heads.forEach(function (item) {
        [item].concat(m.copiesOf.get(item) || []).forEach(function (i) { if (variants.has(m.strictFirst[i])) out.push(i); });
      });
      return Int32Array.from(out).sort();
    });
  }
  /** A word of punctuation alone (up to runKeyChars marks) as `wordGroups` gives a word: its canonical
   * items, and which strict variants hold it; with the variants and their sizes.
   * @param {any} m @param {string} word @returns {Promise<any>} */
  function markGroups(m, word) {
    return markLists(m, word).then(function (lists) {
      var variants = lists[0];
      return {
        items: Int32Array.from(new Set(variants.canonical)).sort(),
        variants: variants,
        ok: function (/** @type {number} */ variant) { return rowOf(variants.items, variant) >= 0; },
      };
    });
  }
  /**
   * A query with a word of punctuation alone and no filter, counted from the postings alone (no
   * group file; search_index.counted_by_variants): the variants holding its first such word, with
   * their sizes, less those another word rules out. As `counted` gives, with each group's variants
   * in place of its rows. @param {any} m @param {string[]} words @param {boolean} exact
   */
  function variantCounted(m, words, exact) {
    return Promise.all(words.map(function (word) { return wordGroups(m, word, exact); })).then(function (per) {
      var lead = per[words.findIndex(markWord)], v = lead.variants;
      var others = per.filter(function (p) { return p !== lead; });
      var otherItems = others.map(function (p) { return Int32Array.from(p.items); });
      /** @type {Map<number, any>} */
      var byItem = new Map();
      var total = 0;
      for (var k = 0; k < v.items.length; k++) {
        var variant = v.items[k], item = v.canonical[k];
        if (!others.every(function (p, o) { return rowOf(otherItems[o], item) >= 0 && p.ok(variant, item); })) continue;
        var g = byItem.get(item);
        if (!g) byItem.set(item, (g = { item: item, count: 0, first: variant, rows: null, variants: [] }));
        g.count += v.sizes[k];
        g.variants.push(variant);
        total += v.sizes[k];
      }
      /** @param {number} variant @param {number} item */
      function variantOk(variant, item) { return per.every(function (p) { return p.ok(variant, item); }); }
      var groups = Array.from(byItem.values()).sort(function (a, b) { return a.first - b.first; });
      return { groups: groups, total: total, variantOk: variantOk };
    });
  }
  /**
   * The first `want` occurrences of groups counted by `variantCounted`: the blocks from the first
   * variant's on, in order, when the hits are dense enough that fewer blocks than group files are
   * expected to fill the page; else the group files' rows of the wordings say which blocks can hold one.
   * @param {any} m @param {any} found @param {any} filters @param {number} want @returns {Promise<number[]>}
   */
  function variantOccurrences(m, found, filters, want) {
    var items = found.groups.map(function (/** @type {any} */ g) { return g.item; }).sort(function (/** @type {number} */ a, /** @type {number} */ b) { return a - b; });
    var files = groupFilesOf(m, "genre", items);
    var from = blockOf(m, found.groups[0].first); // the groups are by first occurrence
    var expected = Math.ceil((want / found.total) * (m.blockStart.length - from)) + 1;
    if (want !== Infinity && expected <= files.size) {
      var order = [];
      for (var n = from; n < m.blockStart.length; n++) order.push(n);
      return occurrencesIn(m, found, filters, want, order);
    }
    return groupRows(m, "genre", items).then(function (rows) {
      var groups = found.groups.map(function (/** @type {any} */ g) {
        var passing = (rows.get(g.item) || []).filter(function (row) { return found.variantOk(row[0], g.item); });
        return Object.assign({}, g, { rows: passing });
      });
      return occurrences(m, { groups: groups, total: found.total, variantOk: found.variantOk }, filters, want);
    });
  }

  // --- nearest wording: the items holding most of the query's characters in order -------------
  // Candidates are ranked without text: the RANKED holding most of the query's bigrams, then by the
  // longest chain of query bigrams found at increasing positions in them (from the postings: an
  // approximation of in-order coverage); the text of the best READ is read (one report's text file
  // each) and ranked exactly. `options.ranked` and `options.read` change both (the benchmark checks
  // that reading more gives the same 20).
  var NEAREST = 20, RANKED = 200, READ = 40, LONGEST = 40, CHAIN = 400;
  /** In-order coverage of the query by its bigrams in one item: the longest chain of (query offset,
   * position) pairs increasing in both, counted in characters. @param {number[]} found (position,
   * offset) pairs, flat @returns {number} */
  function chain(found) {
    var n = Math.min(found.length / 2, CHAIN), order = [];
    for (var k = 0; k < found.length / 2; k++) order.push(k);
    order.sort(function (a, b) { return found[2 * a] - found[2 * b] || found[2 * a + 1] - found[2 * b + 1]; });
    order = order.slice(0, n);
    var best = new Int32Array(n), top = 0;
    for (var x = 0; x < n; x++) {
      var q = found[2 * order[x]], i = found[2 * order[x] + 1], b = 2;
      for (var y = 0; y < x; y++) {
        var qy = found[2 * order[y]], iy = found[2 * order[y] + 1];
        if (qy < q && iy < i) b = Math.max(b, best[y] + Math.min(q - qy, i - iy, 2));
      }
      best[x] = b;
      if (b > top) top = b;
    }
    return top;
  }
  /** Longest common subsequence of a and b (arrays of characters): the positions in b it uses.
   * @param {string[]} a @param {string[]} b @returns {number[]} */
  function lcs(a, b) {
    var rows = a.length + 1, cols = b.length + 1, table = new Uint16Array(rows * cols);
    for (var i = a.length - 1; i >= 0; i--) {
      for (var j = b.length - 1; j >= 0; j--) {
        table[i * cols + j] = a[i] === b[j] ? table[(i + 1) * cols + j + 1] + 1 : Math.max(table[(i + 1) * cols + j], table[i * cols + j + 1]);
      }
    }
    var used = [];
    for (i = 0, j = 0; i < a.length && j < b.length;) {
      if (a[i] === b[j]) { used.push(j); i++; j++; }
      else if (table[(i + 1) * cols + j] >= table[i * cols + j + 1]) i++;
      else j++;
    }
    return used;
  }
  /**
   * @param {string} query
   * @param {{filters?: any, limit?: number, ranked?: number, read?: number}} [options]
   */
  function nearest(query, options) {
    options = options || {};
    var limit = Math.min(options.limit || NEAREST, NEAREST);
    return meta().then(function (m) {
      var chars = Array.from(normalize(wordsOf(query, false).join(""), false)).slice(0, LONGEST);
      if (chars.length < 2) return { hits: [] };
      var pairs = Array.from(new Set(chars.slice(1).map(function (c, i) { return chars[i] + c; })));
      /** @type {number[][]} */
      var offsets = pairs.map(function () { return []; });
      chars.slice(1).forEach(function (c, i) { offsets[pairs.indexOf(chars[i] + c)].push(i); });
      var ranked = options && options.ranked || RANKED, read = options && options.read || READ;
      return Promise.all(pairs.map(function (pair) { return postings(m, pair); })).then(function (lists) {
        // candidates: canonical items by how many of the query's bigrams they hold
        /** @type {Map<number, number>} */
        var score = new Map();
        lists.forEach(function (list) {
          if (list) list.items.forEach(function (/** @type {number} */ item) { score.set(item, (score.get(item) || 0) + 1); });
        });
        var candidates = Array.from(score.keys()).sort(function (a, b) { return a - b; });
        if (!filtered(m, options.filters)) return rank(candidates);
        var name = groupSet(m, options.filters), rowPasses = rowFilter(m, name, options.filters);
        return setRows(m, name, options.filters, candidates).then(function (rows) {
          // the wordings with an occurrence under the filters
          return rank(candidates.filter(function (item) { return (rows.get(item) || []).some(rowPasses); }));
        });
      /** @param {number[]} candidates */
      function rank(candidates) {
        candidates.sort(function (a, b) { return /** @type {number} */ (score.get(b)) - /** @type {number} */ (score.get(a)) || a - b; });
        candidates = candidates.slice(0, ranked);
        var chains = new Map(candidates.map(function (item) {
          /** @type {number[]} */
          var found = [];
          lists.forEach(function (list, u) {
            var row = list ? rowOf(list.items, item) : -1;
            if (row < 0) return;
            for (var p = list.starts[row]; p < list.starts[row + 1]; p++) {
              offsets[u].forEach(function (i) { found.push(list.pos[p], i); });
            }
          });
          return [item, chain(found)];
        }));
        candidates.sort(function (a, b) {
          return /** @type {number} */ (chains.get(b)) - /** @type {number} */ (chains.get(a)) || /** @type {number} */ (score.get(b)) - /** @type {number} */ (score.get(a)) || a - b;
        });
        candidates = candidates.slice(0, read);
        return records(m, candidates).then(function (recs) {
          var ranked = candidates.map(function (item, i) {
            var row = itemOf(m, item, recs[i]);
            var map = foldWithMap(row.text, false);
            var used = lcs(chars, Array.from(map.text));
            var runs = used.filter(function (j, k) { return k === 0 || used[k - 1] !== j - 1; }).length;
            // in-order coverage, less half a character for every break in it
            return { item: item, record: recs[i], used: used, map: map, score: used.length - 0.5 * Math.max(0, runs - 1) };
          });
          ranked.sort(function (a, b) { return b.score - a.score || a.item - b.item; });
          return {
            hits: ranked.slice(0, limit).map(function (r) {
              var hit = hitOf(m, r.item, r.record);
              hit.count = groupSize.get(r.item) || 1;
              return Object.assign(hit, {
                score: r.score,
                coverage: r.used.length / chars.length,
                spans: r.used.map(function (/** @type {number} */ j) { return [r.map.from[j], r.map.to[j]]; }),
              });
            }),
          };
        });
      }
      });
    });
  }

  fanliSearch.index = INDEX;
  fanliSearch.sources = function (/** @type {number[]} */ items) { return meta().then(function (m) { return sourcesOf(m, items); }); };
  fanliSearch.nearest = nearest;
  fanliSearch.ids = function (/** @type {string} */ query, /** @type {any} */ options) {
    options = options || {};
    return meta().then(function (m) {
      return counted(m, query, options.filters, !!options.exact).then(function (found) {
        if (found) return occurrences(m, found, options.filters, Infinity);
        return matching(query, options.filters, !!options.exact).then(function (ids) { return Array.from(ids); });
      });
    });
  };
  fanliSearch.words = wordsOf;
  fanliSearch.markWord = markWord;
  fanliSearch.spans = spans;
  fanliSearch.fetched = fetched;
  fanliSearch.ready = function () { return meta().then(function () { return true; }); };
  w.fanliSearch = fanliSearch;
})();
