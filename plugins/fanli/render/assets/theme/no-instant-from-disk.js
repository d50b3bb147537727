// @ts-check
// fanli: a page opened from disk (file://) loads every link in full: Material's instant navigation
// (navigation.instant, which fetches the next page) is taken out of the page's configuration before
// Material's bundle reads it. Left in, Material 9 sets nothing up for instant navigation from disk but
// also never announces the page (its document$ completes unused), so the table of contents, the
// sidebars and the site's own page scripts (common.js: onPage) would not start. theme/main.html
// loads this file between the configuration and the bundle; a file, not an inline script, so a
// strict Content-Security-Policy needs nothing for it.
(function () {
  "use strict";
  if (location.protocol !== "file:") return;
  var holder = document.getElementById("__config");
  if (!holder) return;
  try {
    var config = JSON.parse(holder.textContent || "");
    config.features = (config.features || []).filter(function (/** @type {string} */ feature) {
      return feature !== "navigation.instant" && feature.indexOf("navigation.instant.") !== 0;
    });
    holder.textContent = JSON.stringify(config);
  } catch (error) {
    console.error("fanli: Material's configuration unreadable: ", error);
  }
})();
