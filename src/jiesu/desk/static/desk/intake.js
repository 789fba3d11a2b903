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
  // Suggestions (issue 9): Alt+1…Alt+9 accepts the numbered suggestion of the panel (or a
  // click on it). A category fills the form's select; a unit and a ticket to merge into are kept
  // in hidden fields and pre-fill the ticket page's dispatch and merge forms after intake.
  const panel = document.getElementById("intake-suggestions");
  function shown(name, label) {
    const line = form.querySelector('[data-accepted="' + name + '"]');
    if (!line) return;
    line.querySelector("output").textContent = label || "";
    line.hidden = !label;
  }
  function mark() {
    if (!panel) return;
    panel.querySelectorAll("[data-fill]").forEach(function (chip) {
      const el = form.elements[chip.dataset.fill];
      chip.setAttribute("aria-pressed", String(!!el && el.value === chip.dataset.value));
    });
  }
  function accept(chip) {
    const el = form.elements[chip.dataset.fill];
    if (!el) return;
    if (el.tagName === "SELECT" && !el.querySelector('option[value="' + CSS.escape(chip.dataset.value) + '"]')) return;
    el.value = chip.dataset.value;
    if (el.type === "hidden") shown(el.name, chip.dataset.label);
    el.dispatchEvent(new Event("change", { bubbles: true }));
    mark();
  }
  if (panel) {
    panel.addEventListener("click", function (event) {
      const chip = event.target.closest("[data-fill]");
      if (chip) accept(chip);
    });
    document.body.addEventListener("htmx:afterSwap", mark);
    document.addEventListener("keydown", function (event) {
      const digit = /^Digit([1-9])$/.exec(event.code);
      if (!digit || !event.altKey || event.ctrlKey || event.metaKey) return;
      const chip = panel.querySelector('[data-key="' + digit[1] + '"]');
      if (!chip) return;
      event.preventDefault();
      accept(chip);
    });
  }
  ["main_unit", "merge_into"].forEach(function (name) {  // a restored draft's choices
    if (form.elements[name] && form.elements[name].value) shown(name, form.elements[name].value);
  });
  form.querySelectorAll("[data-unaccept]").forEach(function (button) {
    button.addEventListener("click", function () {
      form.elements[button.dataset.unaccept].value = "";
      shown(button.dataset.unaccept, "");
      save();
      mark();
    });
  });
  const clear = form.querySelector("[data-clear-draft]");
  if (clear) {
    clear.addEventListener("click", function () {
      localStorage.removeItem(key);
      form.reset();
      ["main_unit", "merge_into"].forEach(function (name) {
        if (form.elements[name]) form.elements[name].value = "";
        shown(name, "");
      });
      mark();
      idInput.value = newId();
      fields.forEach(function (el) { setError(el.name, ""); });
      if (status) status.textContent = "";
      form.querySelector("[name=caller_phone]").focus();
    });
  }
})();
