// Building the page from data without ever parsing data as markup: elements are made with
// createElement, text goes in with textContent or text nodes, and links are checked.

const SVG_NS = 'http://www.w3.org/2000/svg';

function fill(el, attrs, children) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.setAttribute('class', Array.isArray(v) ? v.filter(Boolean).join(' ') : v);
    else if (k === 'text') el.textContent = String(v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/// An HTML element: `h('a', {href: '#/x', text: name})`, children as nodes or strings.
export function h(tag, attrs, ...children) {
  return fill(document.createElement(tag), attrs, children);
}

/// An SVG element.
export function s(tag, attrs, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attrs, children);
}

/// Replaces the children of `el`.
export function put(el, ...children) {
  el.replaceChildren();
  return fill(el, {}, children);
}

/// `href` only for http(s) URLs; anything else (javascript:, data:) is not a link.
export function safeUrl(u) {
  if (typeof u !== 'string') return null;
  try {
    const parsed = new URL(u, window.location.href);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch (_) {
    return null;
  }
}

/// A link into the page.
export function route(path, label, attrs = {}) {
  return h('a', { href: `#${path}`, ...attrs }, label);
}

export const entityHref = (id) => `/entity/${encodeURIComponent(id)}`;

/// Text with spans marked: `spans` are {start, end, cls, title, entity} in code points (the
/// API's offsets). Overlapping spans after the first are skipped. Returns a fragment of text
/// nodes and <mark> elements.
export function marked(text, spans) {
  const chars = Array.from(text);
  const frag = document.createDocumentFragment();
  let at = 0;
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  for (const sp of sorted) {
    if (sp.start < at || sp.end > chars.length || sp.end <= sp.start) continue;
    if (sp.start > at) frag.append(document.createTextNode(chars.slice(at, sp.start).join('')));
    const inner = chars.slice(sp.start, sp.end).join('');
    const mark = h('mark', { class: sp.cls, title: sp.title, dataset: sp.data || {} });
    if (sp.children) {
      mark.append(sp.children(inner));
    } else {
      mark.textContent = inner;
    }
    frag.append(mark);
    at = sp.end;
  }
  if (at < chars.length) frag.append(document.createTextNode(chars.slice(at).join('')));
  return frag;
}

/// The code-point spans where any of `needles` occurs in `text`, ignoring case.
export function find(text, needles) {
  const chars = Array.from(text);
  const lower = chars.map((c) => c.toLowerCase());
  const out = [];
  for (const n of needles) {
    if (!n) continue;
    const pat = Array.from(n.toLowerCase());
    outer: for (let i = 0; i + pat.length <= lower.length; i++) {
      for (let j = 0; j < pat.length; j++) if (lower[i + j] !== pat[j]) continue outer;
      out.push({ start: i, end: i + pat.length });
    }
  }
  return out;
}

/// A CSS-class-safe form of a type or predicate name.
export const cls = (name) => String(name || 'other').replace(/[^a-z0-9_-]/gi, '_');

/// Lets the user save `blob` as `name`.
export function download(blob, name) {
  const a = h('a', { href: URL.createObjectURL(blob), download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}
