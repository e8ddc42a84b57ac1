// DOM helpers shared by the report and the review page. Text only ever enters the page as
// text nodes (textContent), so testset content cannot become markup.
window.ragsetDom = (function () {
  'use strict';
  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === 'text') node.textContent = value;
      else if (key.startsWith('data-') || key === 'for') node.setAttribute(key, value);
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node[key] = value;
    }
    for (const child of children || []) if (child) node.append(child);
    return node;
  }

  // Text with [start, end) spans wrapped in <mark>; overlapping spans after the first are skipped.
  function highlighted(text, spans) {
    const node = el('div', { className: 'context-text' });
    let at = 0;
    for (const [start, end] of [...spans].sort((a, b) => a[0] - b[0])) {
      if (start < at) continue;
      node.append(document.createTextNode(text.slice(at, start)), el('mark', { text: text.slice(start, end) }));
      at = end;
    }
    node.append(document.createTextNode(text.slice(at)));
    return node;
  }

  // A sample's reference_spans (document offsets) that fall in one context, as offsets into the context text.
  function spansIn(referenceSpans, origin) {
    return (Array.isArray(referenceSpans) ? referenceSpans : [])
      .filter((s) => s.chunk_id === origin.chunk_id && s.end > origin.start && s.start < origin.end)
      .map((s) => [Math.max(s.start, origin.start) - origin.start, Math.min(s.end, origin.end) - origin.start]);
  }

  return { el, highlighted, spansIn };
})();
