// wagtail-localize writes the title of its translation editor in English, hard-coded in its
// script ("Deutsch to English translation"), where no catalogue reaches it. In the German
// admin this file rewrites it to "Übersetzung: Deutsch → English" as soon as it appears.
(() => {
  if (document.documentElement.lang !== "de") return;
  const pattern = /^(.+) to (.+) translation$/;
  const rewrite = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const match = node.nodeValue.trim().match(pattern);
      if (match) node.nodeValue = `Übersetzung: ${match[1]} → ${match[2]}`;
    }
  };
  const start = () => {
    rewrite(document.body);
    new MutationObserver((changes) => {
      for (const change of changes) {
        for (const node of change.addedNodes) {
          if (node.nodeType === Node.ELEMENT_NODE) rewrite(node);
          else if (node.nodeType === Node.TEXT_NODE) rewrite(node.parentNode);
        }
      }
    }).observe(document.body, { childList: true, subtree: true });
  };
  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
