// @ts-check
// fanli: marks the wording that compared texts share. Plain JavaScript, no dependencies.
//
// window.fanliSharedWording(containers) wraps in <mark class="fanli-shared"> every run of at least
// RUN identical characters (after normalisation: NFKC, lower case, white space ignored) that also
// occurs in another of the containers. Calling it again first removes its earlier marks.
(function () {
  "use strict";
  var RUN = 8;
  var SKIP = ".fanli-anchor, .fanli-copy, .fanli-nocopy, button";

  /**
   * A container's text, normalised character by character, each with the text node and offset it came from.
   * @typedef {Object} Characters
   * @property {string[]} text
   * @property {Text[]} node
   * @property {number[]} offset
   */

  /** @param {Element} container */
  function unmark(container) {
    container.querySelectorAll("mark.fanli-shared").forEach(function (mark) {
      var parent = /** @type {Node} */ (mark.parentNode);
      parent.replaceChild(document.createTextNode(mark.textContent), mark);
      parent.normalize();
    });
  }

  // The container's text as normalised characters, each with the text node and offset it came from.
  /** @param {Element} container @returns {Characters} */
  function characters(container) {
    /** @type {Characters} */
    var out = { text: [], node: [], offset: [] };
    var walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return /** @type {Element} */ (node.parentNode).closest(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      },
    });
    for (var node = /** @type {Text | null} */ (walker.nextNode()); node; node = /** @type {Text | null} */ (walker.nextNode())) {
      var value = node.nodeValue || "";
      for (var i = 0; i < value.length; i++) {
        if (/\s/.test(value[i])) continue;
        out.text.push(value[i].normalize("NFKC").toLowerCase());
        out.node.push(node);
        out.offset.push(i);
      }
    }
    return out;
  }

  /** @param {Characters} chars @returns {Set<string>} */
  function grams(chars) {
    /** @type {Set<string>} */
    var seen = new Set();
    for (var i = 0; i + RUN <= chars.text.length; i++) seen.add(chars.text.slice(i, i + RUN).join(""));
    return seen;
  }

  /** @param {Characters} chars @param {boolean[]} shared  which of its characters to mark */
  function wrap(chars, shared) {
    // group marked character positions by text node, as [start, end) ranges within it
    /** @type {Map<Text, Array<[number, number]>>} */
    var ranges = new Map();
    for (var i = 0; i < shared.length; i++) {
      if (!shared[i]) continue;
      var node = chars.node[i];
      var list = ranges.get(node) || [];
      var last = list[list.length - 1];
      if (last && last[1] >= chars.offset[i] - 1 && chars.node[i - 1] === node && shared[i - 1]) last[1] = chars.offset[i] + 1;
      else list.push([chars.offset[i], chars.offset[i] + 1]);
      ranges.set(node, list);
    }
    ranges.forEach(function (list, node) {
      var value = node.nodeValue || "";
      var fragment = document.createDocumentFragment();
      var at = 0;
      list.forEach(function (range) {
        if (range[0] > at) fragment.appendChild(document.createTextNode(value.slice(at, range[0])));
        var mark = document.createElement("mark");
        mark.className = "fanli-shared";
        mark.textContent = value.slice(range[0], range[1]);
        fragment.appendChild(mark);
        at = range[1];
      });
      if (at < value.length) fragment.appendChild(document.createTextNode(value.slice(at)));
      /** @type {Node} */ (node.parentNode).replaceChild(fragment, node);
    });
  }

  /**
   * Marks the wording the containers share; the number of characters marked.
   * @param {ArrayLike<Element>} containers
   * @returns {number}
   */
  /** @type {any} */ (window).fanliSharedWording = function (containers) {
    /** @type {Element[]} */
    var list = Array.prototype.slice.call(containers);
    list.forEach(unmark);
    var all = list.map(characters);
    var sets = all.map(grams);
    var marked = 0;
    all.forEach(function (chars, index) {
      /** @type {boolean[]} */
      var shared = new Array(chars.text.length);
      for (var i = 0; i + RUN <= chars.text.length; i++) {
        var gram = chars.text.slice(i, i + RUN).join("");
        var elsewhere = sets.some(function (set, other) { return other !== index && set.has(gram); });
        if (elsewhere) for (var j = i; j < i + RUN; j++) shared[j] = true;
      }
      marked += shared.filter(Boolean).length;
      wrap(chars, shared);
    });
    return marked;
  };
})();
