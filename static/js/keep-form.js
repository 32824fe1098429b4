/* Keeps what the user typed in a long form (data-keep-form) in sessionStorage, so that
   a reload after an expired form (the CSRF page) restores it. A draft belongs to the
   page and to the version the form was loaded with (the hidden "version" and "*-base"
   fields): once a save succeeds the version changes and the old draft is dropped. */
(function () {
  "use strict";
  function versionOf(form) {
    var parts = [];
    form.querySelectorAll('input[type="hidden"]').forEach(function (input) {
      if (input.name === "version" || /-base$/.test(input.name)) parts.push(input.value);
    });
    return parts.join("|");
  }
  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.type !== "hidden" && el.type !== "submit" && el.type !== "file" &&
        el.type !== "password";
    });
  }
  document.querySelectorAll("form[data-keep-form]").forEach(function (form) {
    var key = "draft:" + location.pathname + ":" + form.getAttribute("data-keep-form");
    var version = versionOf(form);
    var saved = null;
    try { saved = JSON.parse(sessionStorage.getItem(key) || "null"); } catch (e) { saved = null; }
    var hasErrors = form.querySelector(".is-invalid, .invalid-feedback, .alert-danger");
    if (saved && saved.version === version && !hasErrors) {
      fields(form).forEach(function (el) {
        if (!(el.name in saved.values)) return;
        if (el.type === "checkbox" || el.type === "radio") {
          el.checked = saved.values[el.name].indexOf(el.value) !== -1;
        } else {
          el.value = saved.values[el.name][0];
        }
      });
    } else if (saved) {
      sessionStorage.removeItem(key);
    }
    function store() {
      var values = {};
      fields(form).forEach(function (el) {
        if ((el.type === "checkbox" || el.type === "radio") && !el.checked) {
          values[el.name] = values[el.name] || [];
          return;
        }
        (values[el.name] = values[el.name] || []).push(el.value);
      });
      try {
        sessionStorage.setItem(key, JSON.stringify({ version: version, values: values }));
      } catch (e) { /* storage full or disabled: nothing to keep */ }
    }
    form.addEventListener("input", store);
    form.addEventListener("change", store);
  });
})();
