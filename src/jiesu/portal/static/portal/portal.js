// "使用我当前的位置": fills the optional map point from the phone's location, nothing sent elsewhere.
(function () {
  var button = document.getElementById("locate");
  var note = document.getElementById("locate-note");
  if (!button) return;
  if (!navigator.geolocation) { button.hidden = true; return; }
  button.addEventListener("click", function () {
    note.textContent = "正在获取位置…";
    navigator.geolocation.getCurrentPosition(function (pos) {
      document.getElementById("id_lat").value = pos.coords.latitude.toFixed(6);
      document.getElementById("id_lon").value = pos.coords.longitude.toFixed(6);
      note.textContent = "已填入当前位置，可手动修改。";
    }, function () {
      note.textContent = "无法获取位置，请手动填写地点。";
    }, { timeout: 10000 });
  });
})();
