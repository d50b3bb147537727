// @ts-check
// fanli: helpers shared by the page scripts (examples.js, search/*.js, basket.js, workbench/*.js). Plain
// JavaScript, no dependencies; loaded on every page, in file-name order (before examples.js and search/,
// after basket.js, which starts once the page's scripts have run; the workbench scripts use it when used).
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

  /** @type {any} */ (window).fanliCommon = {
    element: element,
    placeholder: placeholder,
    withPlaceholders: withPlaceholders,
    loadScript: loadScript,
    loading: loading,
  };
})();
