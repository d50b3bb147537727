// @ts-check
// fanli: Word (.docx) files made in the browser, laid out like the site's Word downloads.
//
// window.fanliWord.download(holder, title, blocks): `holder` is an element with data-docx (the
// vendored `docx` library, loaded on first use) and data-layout (page and styles from
// render/word.py), or data-layout-src (the data script holding them, fanliData.wordLayout, loaded on
// first use: a report page would otherwise carry them in every copy); `blocks` are [style id, text] pairs (FanliTitle, FanliHeading1-3, FanliBody,
// FanliNote). Pages are numbered "— 1 —" on the outside edge. Returns a promise.
(function () {
  "use strict";
  var w = /** @type {any} */ (window); // fanliCommon, fanliData, docx (the vendored library) in; fanliWord out

  // what `loaded()` gives once the script `src` has run (loaded on first use: common.js)
  function loadOnce(src, loaded) {
    if (loaded()) return Promise.resolve(loaded());
    return w.fanliCommon.loading(src, "Word 组件未能加载").then(loaded);
  }

  function loadLayout(holder) {
    var inline = holder.getAttribute("data-layout");
    if (inline) return Promise.resolve(JSON.parse(inline));
    return loadOnce(holder.getAttribute("data-layout-src"), function () { return (w.fanliData || {}).wordLayout; });
  }

  function twips(mm) {
    return Math.round((mm * 1440) / 25.4);
  }

  // The one rule for a download's file name: every Word file made in the browser is named here, from titles
  // that may hold the filters on screen (the phrase-category files built with the site keep their slug).
  // The title with Chinese kept, runs of what no file system accepts (and white space) made "_", no
  // leading or trailing "." or "_", at most 80 characters; "fanli" if nothing is left.
  function fileName(title) {
    return (title.replace(/[\\/:*?"<>|\x00-\x1f\s]+/g, "_").replace(/^[._]+|[._]+$/g, "").slice(0, 80) || "fanli") + ".docx";
  }

  function build(d, layout, title, blocks) {
    function footer(alignment) {
      var number = layout.pageNumber;
      var font = { ascii: number.font, eastAsia: number.font, hAnsi: number.font };
      return new d.Footer({
        children: [new d.Paragraph({
          alignment: alignment,
          children: [new d.TextRun({ children: ["— ", d.PageNumber.CURRENT, " —"], font: font, size: number.size * 2 })],
        })],
      });
    }
    var page = layout.page;
    return new d.Document({
      creator: "fanli",
      title: title,
      evenAndOddHeaderAndFooters: true,
      styles: {
        paragraphStyles: layout.styles.map(function (s) {
          return {
            id: s.id,
            name: s.name,
            basedOn: "Normal",
            run: { font: { ascii: s.font, eastAsia: s.font, hAnsi: s.font }, size: s.size * 2, bold: s.bold },
            paragraph: {
              alignment: s.centred ? d.AlignmentType.CENTER : d.AlignmentType.JUSTIFIED,
              spacing: { line: s.line * 20, lineRule: d.LineRuleType.EXACT, after: s.centred ? 280 : 0 },
              indent: s.centred ? undefined : { firstLine: s.size * 2 * 20 },
            },
          };
        }),
      },
      sections: [{
        properties: {
          page: {
            size: { width: twips(page.width), height: twips(page.height) },
            margin: { top: twips(page.top), bottom: twips(page.bottom), left: twips(page.left), right: twips(page.right) },
          },
        },
        footers: { default: footer(d.AlignmentType.RIGHT), even: footer(d.AlignmentType.LEFT) },
        children: blocks.map(function (block) {
          return new d.Paragraph({ style: block[0], children: [new d.TextRun(block[1])] });
        }),
      }],
    });
  }

  function save(blob, name) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () {
      URL.revokeObjectURL(a.href);
      a.remove();
    }, 1000);
  }

  w.fanliWord = {
    fileName: fileName,
    download: function (holder, title, blocks) {
      return Promise.all([
        loadOnce(holder.getAttribute("data-docx"), function () { return w.docx; }),
        loadLayout(holder),
      ]).then(function (loaded) {
        return loaded[0].Packer.toBlob(build(loaded[0], loaded[1], title, blocks));
      }).then(function (blob) {
        save(blob, fileName(title));
      });
    },
  };
})();
