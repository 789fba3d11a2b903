// The knowledge slot of the intake and ticket pages: passages + reply script for the caller's
// matter, one key (F2) to insert the script into the answer, and a record of what was used.
(function () {
  "use strict";
  function csrf() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) return input.value;
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text);
      return true;
    }
    // a plain-http desk: the clipboard API is not offered, the older copy command is
    var active = document.activeElement;
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    if (active && active.focus) active.focus();  // the operator goes on typing where he was
    return ok;
  }
  function slotOf(el) { return el.closest(".kb-slot") || document.querySelector(".kb-slot"); }
  function loadDrafts(root) {
    root.querySelectorAll("[data-kb-draft-url]").forEach(function (box) {
      fetch(box.dataset.kbDraftUrl, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) { box.innerHTML = html; })
        .catch(function () { box.innerHTML = ""; });
    });
  }
  function ask(slot, text) {
    var url = slot.dataset.kbUrl + "?q=" + encodeURIComponent(text) +
      "&ticket=" + encodeURIComponent(slot.dataset.kbTicket || "");
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) {
        var box = slot.querySelector(".kb-results");
        box.innerHTML = html;
        if (!document.querySelector(slot.dataset.kbTarget)) {
          // no answer field on this page (intake): the buttons copy, and say so
          box.querySelectorAll("[data-kb-copy-label]").forEach(function (b) {
            b.textContent = b.dataset.kbCopyLabel;
          });
        }
        loadDrafts(box);
      });
  }
  function insert(button) {
    var slot = slotOf(button);
    var target = document.querySelector((slot && slot.dataset.kbTarget) || "textarea[name=content]");
    var text = button.dataset.kbText;
    var copied = false;
    if (target) {
      target.value = target.value.trim() ? target.value + "\n" + text : text;
      target.dispatchEvent(new Event("input", { bubbles: true }));
      target.focus();
    } else {
      // at intake there is no answer field yet: the script is copied for the ticket page
      copied = copy(text);
    }
    var answers = button.closest(".kb-answers");
    var body = new URLSearchParams({
      passage_id: button.dataset.kbPassage, kind: button.dataset.kbKind,
      query: answers ? answers.dataset.kbQuestion : "", ticket: answers ? answers.dataset.kbTicket : ""
    });
    if (slot) {
      fetch(slot.dataset.kbUseUrl, {
        method: "POST", credentials: "same-origin", body: body,
        headers: { "X-CSRFToken": csrf() }
      });
    }
    button.textContent = (copied ? button.dataset.kbCopied : button.dataset.kbDone) || button.textContent;
  }
  document.addEventListener("click", function (e) {
    var passage = e.target.closest(".kb-hits .kb-passage");
    if (passage) { passage.classList.toggle("open"); return; }
    var button = e.target.closest("[data-kb-insert]");
    if (button) { e.preventDefault(); insert(button); }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "F2") return;
    var button = document.querySelector(".kb-script [data-kb-insert]");
    if (button) { e.preventDefault(); insert(button); }
  });
  document.querySelectorAll(".kb-slot").forEach(function (slot) {
    var source = document.querySelector(slot.dataset.kbSource);
    if (!source) return;
    if (source.value === undefined) { ask(slot, source.textContent.trim()); return; }
    var timer = null;
    var go = function () { if (source.value.trim().length >= 4) ask(slot, source.value.trim()); };
    source.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(go, 400); });
    go();
  });
})();
