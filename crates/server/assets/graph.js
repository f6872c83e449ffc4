// The network view: a hand-written force layout drawn as SVG, with pan, zoom and drag.
//
// Styles are SVG presentation attributes (stroke, fill, stroke-dasharray), not CSS, so that the
// SVG and PNG downloads look like the page and tests can read them off the elements.

import { s, cls } from './dom.js';

/// Colour and shape per entity type; `other` for types not listed.
export const TYPE_STYLE = {
  person: { color: '#2f6fb0', shape: 'circle' },
  country: { color: '#2a9d55', shape: 'square' },
  region: { color: '#57a58f', shape: 'square' },
  city: { color: '#7b9a22', shape: 'hexagon' },
  location: { color: '#6d8f6d', shape: 'hexagon' },
  organization: { color: '#c7761a', shape: 'diamond' },
  summit: { color: '#b03a8c', shape: 'star' },
  event: { color: '#8c5ab0', shape: 'triangle' },
  treaty: { color: '#8a6d3b', shape: 'triangle' },
  other: { color: '#777777', shape: 'circle' },
};

/// Colour per predicate.
export const PREDICATE_COLOR = {
  met: '#d1342f',
  spoke_with: '#e07b39',
  attended: '#8c5ab0',
  holds_role: '#4f7cac',
  member_of: '#2a9d8f',
  traveled_to: '#6d8f2a',
  criticized: '#a0522d',
  called_on: '#b89600',
  located_in: '#888888',
  co_occurs: '#bbbbbb',
};

export const PREDICATES = Object.keys(PREDICATE_COLOR);
/// Predicates without a direction: drawn without an arrowhead.
export const SYMMETRIC = new Set(['met', 'spoke_with', 'co_occurs']);
/// The dash pattern of each modality; asserted is solid.
export const MODALITY_DASH = { asserted: null, planned: '8 5', hypothetical: '2 4', negated: '3 3' };
export const MODALITIES = Object.keys(MODALITY_DASH);

export const typeStyle = (t) => TYPE_STYLE[t] || TYPE_STYLE.other;
export const predicateColor = (p) => PREDICATE_COLOR[p] || '#999999';
export const edgeWidth = (support) => Math.min(9, 1.5 + 1.5 * Math.log2(1 + (support || 1)));
export const linkKey = (l) => `${l.source}\u0000${l.predicate}\u0000${l.target}`;

/// The outline of a node of `shape` with radius `r`, centred on 0,0.
export function shapeElement(shape, r, attrs) {
  const poly = (points) =>
    s('polygon', { points: points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' '), ...attrs });
  const regular = (n, rot) =>
    poly(Array.from({ length: n }, (_, i) => {
      const a = rot + (2 * Math.PI * i) / n;
      return [r * Math.cos(a), r * Math.sin(a)];
    }));
  switch (shape) {
    case 'square':
      return s('rect', { x: -r * 0.85, y: -r * 0.85, width: r * 1.7, height: r * 1.7, rx: 2, ...attrs });
    case 'diamond':
      return regular(4, 0);
    case 'triangle':
      return regular(3, -Math.PI / 2);
    case 'hexagon':
      return regular(6, 0);
    case 'star':
      return poly(Array.from({ length: 10 }, (_, i) => {
        const a = -Math.PI / 2 + (Math.PI * i) / 5;
        const rr = i % 2 ? r * 0.5 : r * 1.1;
        return [rr * Math.cos(a), rr * Math.sin(a)];
      }));
    default:
      return s('circle', { r, ...attrs });
  }
}

export class GraphView {
  /// `handlers`: onNode(node), onOpen(node), onEdge(link), onBackground().
  constructor(container, handlers) {
    this.handlers = handlers;
    this.nodes = new Map();
    this.links = new Map();
    this.root = null;
    this.visibleLink = () => true;
    this.view = { x: 0, y: 0, k: 1 };
    this.selected = null;

    this.svg = s('svg', {
      class: 'graph',
      xmlns: 'http://www.w3.org/2000/svg',
      role: 'img',
      'aria-label': 'network of entities and relations',
    });
    this.defs = s('defs');
    for (const [p, color] of Object.entries(PREDICATE_COLOR)) {
      this.defs.append(
        s('marker', {
          id: `arrow-${p}`, viewBox: '0 0 10 10', refX: 9, refY: 5,
          markerWidth: 5, markerHeight: 5, orient: 'auto-start-reverse', markerUnits: 'strokeWidth',
        }, s('path', { d: 'M0,0 L10,5 L0,10 z', fill: color })),
      );
    }
    this.background = s('rect', { class: 'background', width: '100%', height: '100%', fill: '#ffffff' });
    this.viewport = s('g', { class: 'viewport', 'font-family': 'system-ui, sans-serif', 'font-size': 11 });
    this.edgeLayer = s('g', { class: 'edges' });
    this.nodeLayer = s('g', { class: 'nodes' });
    this.viewport.append(this.edgeLayer, this.nodeLayer);
    this.svg.append(this.defs, this.background, this.viewport);
    container.append(this.svg);
    this.listen();
    // A new size (a pane shown or hidden, the window resized) fits the drawing again.
    let size = '';
    new ResizeObserver(([entry]) => {
      const now = `${Math.round(entry.contentRect.width)}x${Math.round(entry.contentRect.height)}`;
      if (now !== size && entry.contentRect.width > 0 && this.nodeEls) {
        size = now;
        this.fit();
      }
    }).observe(container);
  }

  /// Replaces the view with `nodes` and `links` around `root`.
  set(nodes, links, root) {
    this.nodes.clear();
    this.links.clear();
    this.root = root;
    this.selected = null;
    this.merge(nodes, links, root);
  }

  /// Adds nodes and links; new nodes start on a ring around `around` (or the root).
  merge(nodes, links, around) {
    const anchor = this.nodes.get(around) || { x: 0, y: 0 };
    const fresh = nodes.filter((n) => !this.nodes.has(n.id));
    const ring = around === this.root && this.nodes.size === 0 ? 160 : 110;
    fresh.forEach((n, i) => {
      const node = { id: n.id, name: n.name || n.id, type: n.type || 'other', x: 0, y: 0, fixed: false };
      if (n.id === this.root) {
        node.fixed = true;
      } else if (n.id !== around) {
        const a = (2 * Math.PI * i) / Math.max(1, fresh.length) + 0.3;
        node.x = anchor.x + ring * Math.cos(a);
        node.y = anchor.y + ring * Math.sin(a);
      } else {
        node.x = anchor.x;
        node.y = anchor.y;
      }
      this.nodes.set(n.id, node);
    });
    for (const l of links) {
      if (this.nodes.has(l.source) && this.nodes.has(l.target)) this.links.set(linkKey(l), l);
    }
    return fresh.length;
  }

  shownLinks() {
    return [...this.links.values()].filter((l) => this.visibleLink(l));
  }

  /// The nodes drawn: the root, and any node at an end of a shown link.
  shownNodes(links) {
    const ids = new Set(links.flatMap((l) => [l.source, l.target]));
    if (this.root) ids.add(this.root);
    return [...this.nodes.values()].filter((n) => ids.has(n.id));
  }

  /// Fruchterman–Reingold on the shown part, deterministic: same data, same picture.
  layout() {
    const links = this.shownLinks();
    const nodes = this.shownNodes(links);
    const n = nodes.length;
    if (!n) return;
    const index = new Map(nodes.map((nd, i) => [nd.id, i]));
    const pairs = new Map();
    for (const l of links) {
      const a = index.get(l.source);
      const b = index.get(l.target);
      if (a === undefined || b === undefined || a === b) continue;
      pairs.set(a < b ? `${a},${b}` : `${b},${a}`, [a, b]);
    }
    const k = 95;
    const iterations = Math.max(60, Math.min(300, Math.floor(4e6 / (n * n))));
    let temp = 40;
    const dx = new Float64Array(n);
    const dy = new Float64Array(n);
    // Labels are wide: lay out in a space squeezed sideways, so nodes end up further apart
    // across than up and down.
    const squeeze = 1.8;
    nodes.forEach((nd, i) => {
      nd.x /= squeeze;
      // Two nodes on the same spot would never part.
      nd.x += ((i * 7919) % 13) * 0.01;
      nd.y += ((i * 104729) % 17) * 0.01;
    });
    for (let it = 0; it < iterations; it++) {
      dx.fill(0);
      dy.fill(0);
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const ex = nodes[i].x - nodes[j].x;
          const ey = nodes[i].y - nodes[j].y;
          const d2 = Math.max(ex * ex + ey * ey, 1);
          const f = (k * k) / d2;
          dx[i] += ex * f;
          dy[i] += ey * f;
          dx[j] -= ex * f;
          dy[j] -= ey * f;
        }
      }
      for (const [a, b] of pairs.values()) {
        const ex = nodes[a].x - nodes[b].x;
        const ey = nodes[a].y - nodes[b].y;
        const d = Math.sqrt(ex * ex + ey * ey) || 1;
        const f = d / k;
        dx[a] -= ex * f;
        dy[a] -= ey * f;
        dx[b] += ex * f;
        dy[b] += ey * f;
      }
      for (let i = 0; i < n; i++) {
        const nd = nodes[i];
        if (nd.fixed) continue;
        dx[i] -= nd.x * 0.03;
        dy[i] -= nd.y * 0.03;
        const len = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]);
        if (len > 0) {
          const step = Math.min(len, temp);
          nd.x += (dx[i] / len) * step;
          nd.y += (dy[i] / len) * step;
        }
      }
      temp = Math.max(1, temp * 0.975);
    }
    for (const nd of nodes) nd.x *= squeeze;
  }

  radius(node) {
    return node.id === this.root ? 16 : 11;
  }

  /// Draws the shown part anew.
  render() {
    const links = this.shownLinks();
    const nodes = this.shownNodes(links);
    const byPair = new Map();
    for (const l of links) {
      const pair = l.source < l.target ? `${l.source}\u0000${l.target}` : `${l.target}\u0000${l.source}`;
      if (!byPair.has(pair)) byPair.set(pair, []);
      byPair.get(pair).push(l);
    }
    for (const group of byPair.values()) {
      group.forEach((l, i) => {
        l._curve = (i - (group.length - 1) / 2) * 28;
      });
    }
    this.edgeEls = new Map();
    this.nodeEls = new Map();
    this.edgeLayer.replaceChildren(...links.map((l) => this.drawEdge(l)));
    this.nodeLayer.replaceChildren(...nodes.map((n) => this.drawNode(n)));
    this.positions();
  }

  drawEdge(l) {
    const color = predicateColor(l.predicate);
    const dash = MODALITY_DASH[l.modality] || null;
    const line = s('path', {
      class: 'edge-line',
      fill: 'none',
      stroke: color,
      'stroke-width': edgeWidth(l.support).toFixed(1),
      'stroke-dasharray': dash,
      'stroke-linecap': 'butt',
      'marker-end': SYMMETRIC.has(l.predicate) ? null : `url(#arrow-${cls(l.predicate)})`,
      opacity: l.modality === 'negated' ? 0.6 : null,
    });
    const hit = s('path', { class: 'edge-hit', fill: 'none', stroke: 'transparent', 'stroke-width': 14 });
    const from = this.nodes.get(l.source);
    const to = this.nodes.get(l.target);
    const dates = l.first_date ? `, ${l.first_date}${l.last_date && l.last_date !== l.first_date ? ` to ${l.last_date}` : ''}` : '';
    const g = s(
      'g',
      {
        class: ['edge', `pred-${cls(l.predicate)}`, `modality-${cls(l.modality)}`],
        dataset: { source: l.source, target: l.target, predicate: l.predicate, modality: l.modality, support: l.support },
        tabindex: 0,
        onclick: (e) => {
          e.stopPropagation();
          this.handlers.onEdge(l);
        },
        onkeydown: (e) => {
          if (e.key === 'Enter') this.handlers.onEdge(l);
        },
      },
      s('title', { text: `${from.name} ${l.predicate} ${to.name} (${l.modality}, support ${l.support}${dates})` }),
      line,
      hit,
    );
    let strike = null;
    if (l.modality === 'negated') {
      strike = s('path', { class: 'edge-strike', stroke: color, 'stroke-width': 2.5, fill: 'none' });
      g.append(strike);
    }
    this.edgeEls.set(linkKey(l), { g, line, hit, strike, l });
    return g;
  }

  drawNode(n) {
    const st = typeStyle(n.type);
    const r = this.radius(n);
    const g = s(
      'g',
      {
        class: ['node', `type-${cls(n.type)}`, n.id === this.root && 'root', n.id === this.selected && 'selected'],
        dataset: { id: n.id, type: n.type },
        tabindex: 0,
        onclick: (e) => {
          e.stopPropagation();
          if (this.dragged) return;
          this.select(n.id);
          this.handlers.onNode(n);
        },
        ondblclick: (e) => {
          e.stopPropagation();
          this.handlers.onOpen(n);
        },
        onkeydown: (e) => {
          if (e.key === 'Enter') this.handlers.onNode(n);
        },
      },
      s('title', { text: `${n.name} (${n.type})` }),
      shapeElement(st.shape, r, {
        class: 'node-shape',
        fill: st.color,
        stroke: n.id === this.root ? '#111111' : '#ffffff',
        'stroke-width': n.id === this.root ? 2.5 : 1.5,
      }),
      s('text', {
        class: 'node-label',
        y: r + 13,
        'text-anchor': 'middle',
        fill: '#1a1a1a',
        stroke: '#ffffff',
        'stroke-width': 3,
        'paint-order': 'stroke',
        'font-weight': n.id === this.root ? 'bold' : null,
        text: n.name,
      }),
    );
    g.addEventListener('pointerdown', (e) => this.startDrag(e, n));
    this.nodeEls.set(n.id, g);
    return g;
  }

  select(id) {
    this.selected = id;
    for (const [nid, g] of this.nodeEls || []) g.classList.toggle('selected', nid === id);
  }

  /// Moves every drawn element to its node's position.
  positions() {
    for (const [id, g] of this.nodeEls) {
      const n = this.nodes.get(id);
      g.setAttribute('transform', `translate(${n.x.toFixed(1)},${n.y.toFixed(1)})`);
    }
    for (const el of this.edgeEls.values()) this.placeEdge(el);
    this.viewport.setAttribute('transform', `translate(${this.view.x.toFixed(1)},${this.view.y.toFixed(1)}) scale(${this.view.k.toFixed(4)})`);
  }

  placeEdge({ line, hit, strike, l }) {
    const a = this.nodes.get(l.source);
    const b = this.nodes.get(l.target);
    // The bend's side is taken from the pair in id order, so two links between the same
    // nodes bend apart whichever way they point.
    const [p, q] = l.source < l.target ? [a, b] : [b, a];
    const ex = q.x - p.x;
    const ey = q.y - p.y;
    const len = Math.sqrt(ex * ex + ey * ey) || 1;
    const cx = (a.x + b.x) / 2 + (-ey / len) * (l._curve || 0);
    const cy = (a.y + b.y) / 2 + (ex / len) * (l._curve || 0);
    const trim = (from, node) => {
      const vx = node.x - from.x;
      const vy = node.y - from.y;
      const d = Math.sqrt(vx * vx + vy * vy) || 1;
      const r = this.radius(node) + 2;
      return [node.x - (vx / d) * r, node.y - (vy / d) * r];
    };
    const c = { x: cx, y: cy };
    const [sx, sy] = trim(c, a);
    const [tx, ty] = trim(c, b);
    const d = `M${sx.toFixed(1)} ${sy.toFixed(1)} Q${cx.toFixed(1)} ${cy.toFixed(1)} ${tx.toFixed(1)} ${ty.toFixed(1)}`;
    line.setAttribute('d', d);
    hit.setAttribute('d', d);
    if (strike) {
      const mx = 0.25 * sx + 0.5 * cx + 0.25 * tx;
      const my = 0.25 * sy + 0.5 * cy + 0.25 * ty;
      const ux = (tx - sx) / (Math.hypot(tx - sx, ty - sy) || 1);
      const uy = (ty - sy) / (Math.hypot(tx - sx, ty - sy) || 1);
      // A cross over the middle: the relation is stated as not having happened.
      const a1 = [mx + (ux - uy) * 6, my + (uy + ux) * 6];
      const a2 = [mx - (ux - uy) * 6, my - (uy + ux) * 6];
      const b1 = [mx + (ux + uy) * 6, my + (uy - ux) * 6];
      const b2 = [mx - (ux + uy) * 6, my - (uy - ux) * 6];
      strike.setAttribute('d', `M${a1.join(' ')} L${a2.join(' ')} M${b1.join(' ')} L${b2.join(' ')}`);
    }
  }

  /// Scales and moves the view so every drawn node is in sight.
  fit() {
    const shown = [...this.nodeEls.keys()].map((id) => this.nodes.get(id));
    const rect = this.svg.getBoundingClientRect();
    const w = rect.width || 800;
    const h = rect.height || 600;
    if (!shown.length) return;
    const b = this.bounds(shown);
    const k = Math.min(1.3, w / (b.w || 1), h / (b.h || 1));
    this.view = { k, x: w / 2 - k * (b.x + b.w / 2), y: h / 2 - k * (b.y + b.h / 2) };
    this.positions();
  }

  bounds(nodes) {
    const xs = nodes.map((n) => n.x);
    const ys = nodes.map((n) => n.y);
    const x = Math.min(...xs) - 90;
    const y = Math.min(...ys) - 30;
    return { x, y, w: Math.max(...xs) + 90 - x, h: Math.max(...ys) + 40 - y };
  }

  zoom(factor, px, py) {
    const rect = this.svg.getBoundingClientRect();
    const x = px ?? rect.width / 2;
    const y = py ?? rect.height / 2;
    const k = Math.min(8, Math.max(0.1, this.view.k * factor));
    const f = k / this.view.k;
    this.view = { k, x: x - (x - this.view.x) * f, y: y - (y - this.view.y) * f };
    this.positions();
  }

  startDrag(e, n) {
    if (e.button !== 0) return;
    e.stopPropagation();
    this.drag = { node: n, x: e.clientX, y: e.clientY, nx: n.x, ny: n.y, moved: false };
    this.dragged = false;
  }

  listen() {
    this.svg.addEventListener('wheel', (e) => {
      e.preventDefault();
      const rect = this.svg.getBoundingClientRect();
      this.zoom(Math.exp(-e.deltaY * 0.0015), e.clientX - rect.left, e.clientY - rect.top);
    }, { passive: false });
    this.svg.addEventListener('pointerdown', (e) => {
      if (e.button !== 0 || this.drag) return;
      if (e.target !== this.svg && e.target !== this.background) return;
      this.pan = { x: e.clientX, y: e.clientY, vx: this.view.x, vy: this.view.y, moved: false };
    });
    window.addEventListener('pointermove', (e) => {
      if (this.drag) {
        const ddx = (e.clientX - this.drag.x) / this.view.k;
        const ddy = (e.clientY - this.drag.y) / this.view.k;
        if (!this.drag.moved && Math.hypot(ddx, ddy) * this.view.k < 4) return;
        this.drag.moved = true;
        this.drag.node.x = this.drag.nx + ddx;
        this.drag.node.y = this.drag.ny + ddy;
        this.drag.node.fixed = true;
        this.positions();
      } else if (this.pan) {
        const ddx = e.clientX - this.pan.x;
        const ddy = e.clientY - this.pan.y;
        if (!this.pan.moved && Math.hypot(ddx, ddy) < 4) return;
        this.pan.moved = true;
        this.view.x = this.pan.vx + ddx;
        this.view.y = this.pan.vy + ddy;
        this.positions();
      }
    });
    window.addEventListener('pointerup', () => {
      if (this.drag) {
        // The click that follows a drag does not select.
        this.dragged = this.drag.moved;
        setTimeout(() => {
          this.dragged = false;
        }, 0);
      }
      if (this.pan && !this.pan.moved) this.handlers.onBackground?.();
      this.drag = null;
      this.pan = null;
    });
  }

  /// The drawing as a standalone SVG document.
  svgText() {
    const shown = [...this.nodeEls.keys()].map((id) => this.nodes.get(id));
    const b = shown.length ? this.bounds(shown) : { x: 0, y: 0, w: 100, h: 100 };
    const copy = this.svg.cloneNode(true);
    copy.setAttribute('viewBox', `${b.x.toFixed(0)} ${b.y.toFixed(0)} ${b.w.toFixed(0)} ${b.h.toFixed(0)}`);
    copy.setAttribute('width', b.w.toFixed(0));
    copy.setAttribute('height', b.h.toFixed(0));
    copy.removeAttribute('class');
    const bg = copy.querySelector('rect.background');
    bg.setAttribute('x', b.x.toFixed(0));
    bg.setAttribute('y', b.y.toFixed(0));
    bg.setAttribute('width', b.w.toFixed(0));
    bg.setAttribute('height', b.h.toFixed(0));
    copy.querySelector('g.viewport').removeAttribute('transform');
    for (const el of copy.querySelectorAll('.edge-hit')) el.remove();
    return { text: new XMLSerializer().serializeToString(copy), width: b.w, height: b.h };
  }

  /// The drawing as a PNG, twice the SVG's size.
  png() {
    const { text, width, height } = this.svgText();
    return new Promise((resolve, reject) => {
      const img = new Image();
      const src = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
      img.onload = () => {
        const canvas = document.createElement('canvas');
        canvas.width = Math.ceil(width * 2);
        canvas.height = Math.ceil(height * 2);
        const ctx = canvas.getContext('2d');
        ctx.scale(2, 2);
        ctx.drawImage(img, 0, 0, width, height);
        URL.revokeObjectURL(src);
        canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('no PNG'))), 'image/png');
      };
      img.onerror = () => reject(new Error('the SVG did not load as an image'));
      img.src = src;
    });
  }
}

/// A small legend: one swatch per type and per predicate and modality.
export function legendSwatches() {
  const types = Object.entries(TYPE_STYLE).map(([t, st]) => ({
    label: t,
    svg: s('svg', { width: 18, height: 18, viewBox: '-9 -9 18 18' }, shapeElement(st.shape, 7, { fill: st.color })),
  }));
  const preds = Object.entries(PREDICATE_COLOR).map(([p, color]) => ({
    label: p,
    svg: s('svg', { width: 26, height: 10 }, s('line', { x1: 1, y1: 5, x2: 25, y2: 5, stroke: color, 'stroke-width': 3 })),
  }));
  const mods = Object.entries(MODALITY_DASH).map(([m, dash]) => ({
    label: m,
    svg: s('svg', { width: 26, height: 10 }, s('line', {
      x1: 1, y1: 5, x2: 25, y2: 5, stroke: '#444444', 'stroke-width': 2, 'stroke-dasharray': dash,
    }), m === 'negated' ? s('path', { d: 'M9 1 L17 9 M17 1 L9 9', stroke: '#444444', 'stroke-width': 1.5 }) : null),
  }));
  return { types, preds, mods };
}
