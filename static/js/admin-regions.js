// A table that scrolls sideways on a phone but holds nothing to focus (a published
// version's read-only principles) cannot be scrolled from the keyboard: it becomes a
// focusable region named by its heading (axe: scrollable-region-focusable).
document.addEventListener("DOMContentLoaded", () => {
  for (const region of document.querySelectorAll(".inline-group, #change-history")) {
    const focusable = region.querySelector("a[href], button, input:not([type=hidden]), select, textarea");
    if (focusable === null && region.scrollWidth > region.clientWidth) {
      const heading = region.querySelector("h2, caption");
      region.tabIndex = 0;
      region.setAttribute("role", "region");
      region.setAttribute("aria-label", heading ? heading.textContent.trim() : document.title);
    }
  }
});
