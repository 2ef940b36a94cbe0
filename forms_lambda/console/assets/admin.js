// Staff console: reveal the print button (the page works without this script; Ctrl+P prints too).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
