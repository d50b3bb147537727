// @ts-check
// fanli: helpers shared by the page scripts (examples.js, search/*.js, basket.js, workbench/*.js). Plain
// JavaScript, no dependencies; loaded on every page, in file-name order (before examples.js and search/,
// after basket.js, which starts once the page's scripts have run; the workbench scripts use it when used).
// onPage gives every script's work on a page's content its turn on each page, instant page changes included.
(function () {
  "use strict";

  /**
   * A new element with an optional class and text.
   * @param {string} tag
   * @param {string} [className]
   * @param {string} [text]
   * @returns {HTMLElement}
   */
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /**
   * A placeholder of the original (X, XX, ** …), marked as on the report pages.
   * @param {string} text
   * @returns {HTMLElement}
   */
  function placeholder(text) {
    var mark = element("span", "fanli-ph", text);
    mark.title = "原文占位符";
    return mark;
  }

  /**
   * Text with its placeholders marked; `pattern` is the site generator's placeholder expression
   * (written into the page), or "" for plain text.
   * @param {string} text
   * @param {string} pattern
   * @returns {DocumentFragment}
   */
  function withPlaceholders(text, pattern) {
    var fragment = document.createDocumentFragment();
    if (!pattern) {
      fragment.appendChild(document.createTextNode(text));
      return fragment;
    }
    var position = 0, regex = new RegExp(pattern, "g"), m;
    while ((m = regex.exec(text)) !== null) {
      if (m[0] === "") { regex.lastIndex += 1; continue; }
      if (m.index > position) fragment.appendChild(document.createTextNode(text.slice(position, m.index)));
      fragment.appendChild(placeholder(m[0]));
      position = m.index + m[0].length;
    }
    if (position < text.length) fragment.appendChild(document.createTextNode(text.slice(position)));
    return fragment;
  }

  /**
   * Load a script (works from disk too, where fetch() is refused).
   * @param {string} src
   * @param {() => void} done
   * @param {() => void} failed
   */
  function loadScript(src, done, failed) {
    var script = document.createElement("script");
    script.src = src;
    script.onload = done;
    script.onerror = failed;
    document.head.appendChild(script);
  }

  /**
   * Load a script, as a promise; it fails with `message`.
   * @param {string} src
   * @param {string} message
   * @returns {Promise<void>}
   */
  function loading(src, message) {
    return new Promise(function (resolve, reject) {
      loadScript(src, resolve, function () { reject(new Error(message)); });
    });
  }

  /** @type {Object<string, Promise<any>>} */
  var dataLoads = {};

  /**
   * The payload of the data script `src`, which sets fanliData[key]: loaded once, also when asked for
   * again before it has run, or when the page's content carried it (Material runs those again). A
   * failed load fails with `message` (by default one naming the key), and is tried again when asked.
   * @param {string} src
   * @param {string} key
   * @param {string} [message]
   * @returns {Promise<any>}
   */
  function dataScript(src, key, message) {
    var data = /** @type {any} */ (window).fanliData || {};
    if (data[key]) return Promise.resolve(data[key]);
    if (!dataLoads[key]) {
      dataLoads[key] = loading(src, message || "数据未能加载：" + key).then(function () {
        return (/** @type {any} */ (window).fanliData || {})[key];
      }, function (/** @type {Error} */ error) {
        delete dataLoads[key];
        throw error;
      });
    }
    return dataLoads[key];
  }

  // --- every page: the first load and each instant page change --------------------------------
  //
  // With Material's navigation.instant (served only: from disk every link is a full load), a link
  // replaces the page's content without reloading: the site's scripts (extra_javascript) run once,
  // for the first page, while the scripts inside the content (page scripts, data scripts) are run
  // again by Material, in no fixed order, each time their page is reached. So a script sets up what
  // outlives a page (listeners on document or window, the header) once, and its work on the page's
  // content in an init given to onPage, which runs it on the first page and after every change,
  // once every script of the new content has run (Material announces the new page on `document$`
  // when the last one has loaded, not all of them).

  var w = /** @type {any} */ (window);
  /** @type {Array<{name: string, init: () => void}>} */
  var inits = [];
  /** @type {WeakSet<EventTarget>} the script elements that have loaded (or failed) since this script ran */
  var finished = new WeakSet();
  /** @type {Element | null} the content of the page whose inits have run (null while a page is being set up) */
  var shown = null;
  var shownPath = ""; // the path of that page
  var announced = 0; // pages announced so far
  var returned = false; // whether the page announced last is one reached again (keptState)
  var poppedTo = ""; // the address that back or forward went to last, until a page is announced

  /** @param {Event} event */
  function scriptFinished(event) {
    if (event.target instanceof HTMLScriptElement) finished.add(event.target);
  }
  // load and error do not bubble: they are seen while they go down to the element
  document.addEventListener("load", scriptFinished, true);
  document.addEventListener("error", scriptFinished, true);

  /** The element Material replaces on a page change (the body when the theme has none). */
  function content() {
    return document.querySelector("[data-md-component=container]") || document.body;
  }

  /** @param {{name: string, init: () => void}} entry */
  function runInit(entry) {
    try {
      entry.init();
    } catch (error) {
      console.error("fanli: " + entry.name + ": ", error); // one page script failing leaves the others working
    }
  }

  /**
   * The scroll position Material keeps in the history entry's state ({x, y}) for a page reached again
   * by back or forward, or null. Material scrolls there when it puts the page's content in place,
   * before the page scripts set the page up (the filters hide entries, the section examples fill in),
   * so announce goes there again once they have (and before Material records the position scrolled
   * to on the page not yet set up, which replaces the state).
   * @returns {{x: number, y: number} | null}
   */
  function keptPlace() {
    var state = history.state;
    return state && typeof state.y === "number" ? { x: Number(state.x) || 0, y: state.y } : null;
  }

  /** A page is there: run every init once the scripts of its content have run. */
  function announce() {
    var number = ++announced;
    var container = content();
    var place = number === 1 ? null : keptPlace(); // the first page: the browser restores its position
    returned = number === 1 ? loadedAgain() : location.pathname === shownPath || location.href === poppedTo;
    poppedTo = "";
    shown = null;
    // the first page's scripts have all run (its document is loaded); a later page's are Material's
    var waiting = number === 1 ? [] : Array.prototype.filter.call(container.querySelectorAll("script[src]"), function (script) {
      return !finished.has(script);
    });
    var left = waiting.length;
    function ready() {
      if (number !== announced) return; // another page came meanwhile
      shown = container;
      shownPath = location.pathname;
      // a page loaded again (back, forward, reload): the browser may have put back its scroll position
      // already, on the page not yet set up; what the inits hide or show (the filters kept) is not to
      // move it (scroll anchoring would), until a frame has shown the page set up
      var root = document.documentElement.style;
      if (number === 1 && returned) root.overflowAnchor = "none";
      inits.forEach(runInit);
      if (root.overflowAnchor) requestAnimationFrame(function () {
        setTimeout(function () { root.overflowAnchor = ""; }, 0);
      });
      container.setAttribute("data-fanli-ready", ""); // the page is set up (the browser tests wait for it)
      // a task later: after what the inits do with data already loaded (promises settled)
      if (place) setTimeout(function () {
        if (number === announced && place) window.scrollTo(place.x, place.y);
      }, 0);
    }
    if (!left) return ready();
    waiting.forEach(function (/** @type {HTMLScriptElement} */ script) {
      function done() {
        script.removeEventListener("load", done);
        script.removeEventListener("error", done);
        if (--left === 0) ready();
      }
      script.addEventListener("load", done);
      script.addEventListener("error", done);
    });
  }

  /**
   * Run `init` on every page: now if the page is ready, and after each instant page change. Named
   * once: a page script that Material runs again when its page is reached again adds no second init
   * (the first one's runs), so nothing is done twice.
   * @param {string} name
   * @param {() => void} init
   */
  function onPage(name, init) {
    if (inits.some(function (entry) { return entry.name === name; })) return;
    var entry = { name: name, init: init };
    inits.push(entry);
    if (shown && shown === content()) runInit(entry); // registered after its page was set up
  }

  // --- the address's hash changing alone -------------------------------------------------------
  //
  // A link to the page shown with another hash, or back and forward between two of its addresses,
  // keeps the page: the browser tells it by hashchange and popstate. A link that Material's instant
  // navigation follows changes the address by history.pushState, told only on Material's location$
  // (which also tells every page change, hence the check of the path): to the same page without a
  // hash, nothing else tells it. (Material also fetches the page's content anew at its first change
  // of address, whenever the site is served, a link to a place on the page or back included: onPage's
  // inits then run on it, reading the hash, or the state kept (showState) when it names a place.)

  /** @type {Array<() => void>} */
  var hashListeners = [];

  function hashMoved() {
    if (!shown || shown !== content() || location.pathname !== shownPath) return; // another page is coming
    hashListeners.forEach(function (listener) {
      try {
        listener();
      } catch (error) {
        console.error("fanli: ", error);
      }
    });
  }
  window.addEventListener("hashchange", hashMoved);
  window.addEventListener("popstate", function () {
    poppedTo = location.href;
    hashMoved();
  });

  /**
   * Call `listener` when the address of the page shown may have changed in its hash alone (it may be
   * told more than once for one change, and the listener compares). Set up once, by a script's own
   * run; the listener finds what the page on screen has set up.
   * @param {() => void} listener
   */
  function onHashChange(listener) {
    hashListeners.push(listener);
  }

  // --- a page's state in its address, kept for the page's return ---------------------------------
  //
  // What a reader chose on a page (the filters of a list, the documents compared) is written into its
  // address's hash, for links, bookmarks, back and forward. The address may come to name a place on
  // the page instead (a link to a heading), the page still showing that state; then Material fetches
  // the page anew (served, at its first change of address), or the reader leaves and comes back to
  // that address (back, forward, reload): the address names no state. So the state is also kept in
  // sessionStorage under the page's path, and a page reached again that way takes it back. (The
  // history entry's state is no place for it: Material replaces it with the scroll position.)

  /** @param {string} name @returns {string} */
  function keptKey(name) {
    return "fanli-state:" + location.pathname + " " + name;
  }

  /** Whether the first page was loaded by back, forward or reload. @returns {boolean} */
  function loadedAgain() {
    var entry = /** @type {PerformanceNavigationTiming | undefined} */ (performance.getEntriesByType("navigation")[0]);
    return !!entry && (entry.type === "back_forward" || entry.type === "reload");
  }

  /** @returns {Object<string, string>} the address's hash read as key=value pairs joined by & */
  function readHash() {
    /** @type {Object<string, string>} */
    var state = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
      var i = pair.indexOf("=");
      if (i > 0) state[decodeURIComponent(pair.slice(0, i))] = decodeURIComponent(pair.slice(i + 1));
    });
    return state;
  }

  /** @param {Object<string, string | undefined>} state @returns {string} its non-empty values as a hash */
  function hashOf(state) {
    /** @type {string[]} */
    var parts = [];
    Object.keys(state).forEach(function (key) {
      var value = state[key];
      if (value) parts.push(encodeURIComponent(key) + "=" + encodeURIComponent(value).replace(/%2C/g, ","));
    });
    return parts.length ? "#" + parts.join("&") : "";
  }

  /**
   * The page shows `state` (named `name` on the page): written into the address's hash in place of the
   * entry's address, unless `keepAddress` (it names a place on the page), the entry's history state
   * (Material's scroll position) kept; and kept for the page's return (keptState).
   * @param {string} name @param {Object<string, string | undefined>} state @param {boolean} [keepAddress]
   */
  function showState(name, state, keepAddress) {
    if (!keepAddress) history.replaceState(history.state, "", location.pathname + location.search + hashOf(state));
    try {
      sessionStorage.setItem(keptKey(name), JSON.stringify(state));
    } catch (error) { /* storage refused: the address alone holds the state */ }
  }

  /**
   * The state `name` the page last showed (showState), when the page is one reached again (fetched
   * anew by Material, or by back, forward or reload); else null. For a page whose address names no state.
   * @param {string} name @returns {Object<string, string> | null}
   */
  function keptState(name) {
    if (!returned) return null;
    try {
      var state = JSON.parse(sessionStorage.getItem(keptKey(name)) || "null");
      return state && typeof state === "object" ? state : null;
    } catch (error) {
      return null;
    }
  }

  /**
   * Go to `url` as a click on a link there would: by an instant page change where Material makes one
   * (served, the page in its sitemap), by loading it otherwise. The page shown with another query or
   * hash is left to the browser: Material changes only to pages with another path.
   * @param {string} url
   */
  function go(url) {
    var target = new URL(url, location.href);
    if (target.pathname === location.pathname) {
      location.assign(target.href);
      return;
    }
    var link = document.createElement("a");
    link.href = target.href;
    link.hidden = true;
    document.body.appendChild(link); // Material listens on the body for clicks on links
    link.click();
    link.remove();
  }

  // Material's document$ (a ReplaySubject: the page already there is announced at once) emits the
  // first page and each page an instant change brings; without Material, the one page.
  if (w.document$ && typeof w.document$.subscribe === "function") w.document$.subscribe(announce);
  if (w.location$ && typeof w.location$.subscribe === "function") w.location$.subscribe(hashMoved);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", announce);
  else announce();

  w.fanliCommon = {
    element: element,
    placeholder: placeholder,
    withPlaceholders: withPlaceholders,
    loadScript: loadScript,
    loading: loading,
    dataScript: dataScript,
    onPage: onPage,
    onHashChange: onHashChange,
    readHash: readHash,
    hashOf: hashOf,
    showState: showState,
    keptState: keptState,
    go: go,
  };
})();
