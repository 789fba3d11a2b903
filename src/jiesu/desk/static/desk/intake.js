// The intake form in the browser: a draft kept in localStorage (it survives an expired
// session, a reload and an error), every error shown at once next to its field, Ctrl+Enter
// submits. The server checks everything again; this only saves the operator a round trip.
(function () {
  "use strict";
  const form = document.getElementById("intake");
  if (!form) return;
  const key = form.dataset.draftKey;
  const fields = Array.from(form.querySelectorAll("[data-draft]"));
  const idInput = form.querySelector("input[name=draft_id]");
  const status = form.querySelector("[data-draft-status]");
  const summary = form.querySelector("[data-errors-summary]");

  function load() {
    try {
      return JSON.parse(localStorage.getItem(key) || "null");
    } catch (e) {
      return null;
    }
  }
  function newId() {
    return Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
  }
  function value(el) {
    return el.type === "checkbox" ? el.checked : el.value;
  }
  function save() {
    const values = {};
    fields.forEach(function (el) { values[el.dataset.draft] = value(el); });
    localStorage.setItem(key, JSON.stringify({ id: idInput.value, values: values, at: Date.now() }));
    if (status) status.textContent = form.dataset.msgSaved.replace("%s", new Date().toLocaleTimeString("zh-CN", { hour12: false }));
  }

  // restore: a draft that became a ticket is dropped; a page the server sent back with errors
  // keeps what it shows (the same text the operator typed)
  const done = (form.dataset.doneDrafts || "").split(" ").filter(Boolean);
  let draft = load();
  if (draft && done.indexOf(draft.id) !== -1) {
    localStorage.removeItem(key);
    draft = null;
  }
  idInput.value = (draft && draft.id) || newId();
  if (draft && !form.dataset.bound) {
    fields.forEach(function (el) {
      const v = draft.values[el.dataset.draft];
      if (v === undefined) return;
      if (el.type === "checkbox") el.checked = !!v;
      else el.value = v;
    });
    if (status) status.textContent = form.dataset.msgRestored;
    const phone = form.querySelector("[name=caller_phone]");
    if (phone && phone.value && window.htmx) htmx.trigger(phone, "input");
  }
  form.addEventListener("input", save);
  form.addEventListener("change", save);

  function setError(name, message) {
    const box = form.querySelector('[data-field="' + name + '"]');
    const slot = document.getElementById("err-" + name);
    if (slot) slot.textContent = message || "";
    if (box) box.classList.toggle("has-error", !!message);
  }
  function check() {
    const errors = {};
    fields.forEach(function (el) {
      if (el.required && !String(el.value).trim()) errors[el.name] = form.dataset.msgRequired;
    });
    const phone = form.querySelector("[name=caller_phone]");
    const anonymous = form.querySelector("[name=anonymous]");
    const cleaned = phone.value.replace(/[\s()（）]/g, "").replace(/^\+86/, "");
    if (cleaned && !new RegExp(phone.dataset.pattern).test(cleaned)) {
      errors.caller_phone = form.dataset.msgPhone;
    } else if (!cleaned && !(anonymous && anonymous.checked)) {
      errors.caller_phone = form.dataset.msgPhoneRequired;
    }
    return errors;
  }
  form.addEventListener("submit", function (event) {
    const errors = check();
    const names = Object.keys(errors);
    fields.forEach(function (el) { setError(el.name, errors[el.name]); });
    if (!names.length) {
      save();
      return;
    }
    event.preventDefault();
    if (summary) {
      summary.hidden = false;
      summary.textContent = form.dataset.msgSummary.replace("%s", names.length);
    }
    const first = fields.find(function (el) { return errors[el.name]; });
    if (first) first.focus();
  });
  form.addEventListener("input", function (event) {
    if (event.target.name && event.target.closest(".has-error")) setError(event.target.name, "");
    if (summary && !form.querySelector(".has-error")) summary.hidden = true;
  });
  // Ctrl+Enter (⌘+Enter on a Mac) submits from any field
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  const clear = form.querySelector("[data-clear-draft]");
  if (clear) {
    clear.addEventListener("click", function () {
      localStorage.removeItem(key);
      form.reset();
      idInput.value = newId();
      fields.forEach(function (el) { setError(el.name, ""); });
      if (status) status.textContent = "";
      form.querySelector("[name=caller_phone]").focus();
    });
  }
})();
