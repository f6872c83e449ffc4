// The explorer: routes (#/entity/ID, #/meetings, #/document/ID, #/tag, #/candidates), the
// search box, the filters and the network view.

import * as api from './api.js';
import { h, put, route, entityHref, cls, download } from './dom.js';
import { GraphView, PREDICATES, MODALITIES, TYPE_STYLE } from './graph.js';
import * as views from './views.js';

/// Most nodes one neighbourhood request asks for, and most the view holds after expanding.
const MAX_NODES = 150;
const MAX_VIEW_NODES = 600;
const DEFAULT_PREDICATES = PREDICATES.filter((p) => p !== 'co_occurs');
const TYPES = Object.keys(TYPE_STYLE).filter((t) => t !== 'other');

const $ = (sel) => document.querySelector(sel);

const state = {
  mode: null, // 'graph' or 'meetings'
  center: null,
  truncated: false,
  meetingsCut: false,
  filters: {
    predicates: new Set(DEFAULT_PREDICATES),
    types: new Set(TYPES),
    otherTypes: true,
    modalities: new Set(['asserted', 'planned', 'hypothetical']),
    since: '',
    until: '',
    minSupport: 0,
    depth: 1,
    maxNodes: MAX_NODES,
  },
  load: 0,
};

let graph;

function status(kind, text) {
  const el = $('#status');
  el.dataset.state = kind;
  put(el, text || '');
}

function fail(err) {
  status('error', err.message || String(err));
}

/// The request parameters of the current filters around `center`.
function request(center, extra = {}) {
  const f = state.filters;
  const preds = [...f.predicates];
  const same = preds.length === DEFAULT_PREDICATES.length && DEFAULT_PREDICATES.every((p) => f.predicates.has(p));
  // The server keeps listed types only; with "other" on, types are left to the page.
  const allTypes = f.otherTypes;
  return {
    center,
    depth: f.depth,
    predicates: same ? undefined : preds,
    types: allTypes ? undefined : [...f.types],
    minSupport: f.minSupport,
    since: f.since,
    until: f.until,
    maxNodes: f.maxNodes,
    ...extra,
  };
}

function knownType(t) {
  return TYPES.includes(t) ? state.filters.types.has(t) : state.filters.otherTypes;
}

/// Which links the view draws: the filters the server does not apply (modality) and those it
/// does, again, for links merged from earlier requests.
function visible(l) {
  const f = state.filters;
  if (!f.modalities.has(l.modality)) return false;
  if (!f.predicates.has(l.predicate)) return false;
  if ((l.support || 0) < f.minSupport) return false;
  const a = graph.nodes.get(l.source);
  const b = graph.nodes.get(l.target);
  const keep = (n) => n.id === graph.root || knownType(n.type);
  return keep(a) && keep(b);
}

function notice() {
  const el = $('#notice');
  const parts = [];
  if (state.truncated) {
    parts.push(`This view was cut to ${state.filters.maxNodes} nodes (max_nodes): narrow the filters or raise the limit.`);
  }
  if (state.meetingsCut) parts.push('Only the first page of meetings is shown: narrow the dates or pick an entity.');
  const hidden = [...graph.links.values()].filter((l) => !visible(l)).length;
  if (hidden) parts.push(`${hidden} relation${hidden === 1 ? '' : 's'} hidden by the filters.`);
  el.hidden = parts.length === 0;
  el.dataset.truncated = String(state.truncated || state.meetingsCut);
  put(el, parts.join(' '));
}

function draw(layout = true) {
  if (layout) graph.layout();
  graph.render();
  if (layout) graph.fit();
  notice();
  downloads();
  $('#graph-pane').dataset.center = graph.root || '';
  $('#graph-pane').dataset.mode = state.mode || '';
}

/// The download links of the current view.
function downloads() {
  const f = state.mode === 'meetings'
    ? request(state.center || undefined, { predicates: ['met'], types: undefined, minSupport: 0 })
    : request(state.center);
  const base = `newsgraph-${state.center || 'meetings'}`;
  const dot = $('#download-dot');
  dot.href = api.graphUrl('dot', f);
  dot.setAttribute('download', `${base}.dot`);
  const gml = $('#download-graphml');
  gml.href = api.graphUrl('graphml', f);
  gml.setAttribute('download', `${base}.graphml`);
}

async function loadNeighbourhood(id) {
  const ticket = ++state.load;
  status('loading', 'Loading…');
  const g = await api.graph(request(id));
  if (ticket !== state.load) return;
  state.truncated = g.truncated;
  state.meetingsCut = false;
  graph.set(g.nodes, g.links, id);
  draw();
  status('ready', `${g.nodes.length} nodes, ${g.links.length} relations`);
}

async function expand(node) {
  if (graph.nodes.size >= MAX_VIEW_NODES) {
    status('ready', `The view holds ${graph.nodes.size} nodes already; open ${node.name} instead.`);
    return;
  }
  status('loading', `Expanding ${node.name}…`);
  const g = await api.graph(request(node.id, { depth: 1 }));
  const added = graph.merge(g.nodes, g.links, node.id);
  state.truncated = state.truncated || g.truncated;
  draw();
  status('ready', `${added} new node${added === 1 ? '' : 's'} around ${node.name}`);
}

async function loadMeetings(id) {
  const ticket = ++state.load;
  status('loading', 'Loading meetings…');
  const f = state.filters;
  const page = await api.meetings({ entity: id, since: f.since, until: f.until, limit: 500 });
  if (ticket !== state.load) return;
  const nodes = new Map();
  const links = [];
  for (const m of page.items) {
    nodes.set(m.subject.id, m.subject);
    nodes.set(m.object.id, m.object);
    links.push({
      source: m.subject.id, target: m.object.id, predicate: 'met', support: m.support,
      modality: m.modality, modalities: m.modalities, first_date: m.first_date, last_date: m.last_date,
    });
  }
  if (id && !nodes.has(id)) {
    const e = await api.entity(id);
    nodes.set(id, { id, name: e.name, type: e.type });
  }
  state.truncated = false;
  state.meetingsCut = Boolean(page.next_cursor);
  put($('#timeline-pane'), views.timeline(page.items, (m) => showRelation(m.subject.id, 'met', m.object.id)));
  graph.set([...nodes.values()], links, id || null);
  draw();
  status('ready', `${page.items.length} meeting${page.items.length === 1 ? '' : 's'}`);
}

const nodeName = (id) => graph.nodes.get(id)?.name;

function showEvidence(rel) {
  put($('#selection'), views.evidencePanel(rel, { nodeName, onClose: () => put($('#selection')) }));
  $('#selection').scrollTop = 0;
  $('#detail').scrollTop = 0;
}

async function showRelation(subject, predicate, object) {
  try {
    const rel = await api.relation(subject, predicate, object);
    if (rel) showEvidence(rel);
    else status('error', `No ${predicate} relation between ${subject} and ${object}`);
  } catch (e) {
    fail(e);
  }
}

function nodeCard(n) {
  put($('#selection'), h('div', { class: 'node-card', dataset: { id: n.id } },
    h('button', { class: 'close', title: 'close', 'aria-label': 'close', onclick: () => put($('#selection')) }, '×'),
    h('h2', {}, n.name, ' ', views.typeBadge(n.type)),
    h('p', { class: 'actions' },
      h('button', { class: 'button expand', onclick: () => expand(n).catch(fail) }, 'Expand neighbours'),
      ' ', route(entityHref(n.id), 'Open', { class: 'button open' }),
      ' ', route(`/meetings/${encodeURIComponent(n.id)}`, 'Who met whom', { class: 'button' }))));
}

async function showEntity(id) {
  const pane = $('#entity');
  put(pane, h('p', { class: 'muted', text: 'Loading…' }));
  const e = await api.entity(id);
  views.nameOf(id, e.name);
  put(pane, views.entityPanel(e, { nodeName, onRelation: (r) => showEvidence(r) }));
}

/// Shows the panes of a route; pages without a graph have no filters.
function show(pane, detail = true) {
  for (const p of ['#graph-pane', '#timeline-pane', '#page-pane']) $(p).hidden = !pane.includes(p);
  const graphic = pane.includes('#graph-pane');
  $('#filters').hidden = !graphic;
  $('#detail').hidden = !detail;
  $('main').dataset.layout = `${graphic ? 'filters ' : ''}${detail ? 'detail' : ''}`.trim();
}

/// The route in the location's hash: `[name, id, params]`.
function parseHash() {
  const raw = window.location.hash.replace(/^#\/?/, '');
  const [path, query] = raw.split('?');
  const [name, ...rest] = path.split('/');
  return [name || 'home', rest.length ? decodeURIComponent(rest.join('/')) : null, new URLSearchParams(query || '')];
}

async function navigate() {
  const [name, id, params] = parseHash();
  for (const a of document.querySelectorAll('nav a')) a.classList.toggle('active', a.dataset.nav === name);
  put($('#selection'));
  try {
    switch (name) {
      case 'entity':
        state.mode = 'graph';
        state.center = id;
        show(['#graph-pane']);
        await Promise.all([loadNeighbourhood(id), showEntity(id)]);
        break;
      case 'meetings':
        state.mode = 'meetings';
        state.center = id;
        show(['#graph-pane', '#timeline-pane']);
        if (id) showEntity(id).catch(fail);
        else put($('#entity'), h('p', { class: 'muted', text: 'All meetings in the date range; open an entity for its own.' }));
        await loadMeetings(id);
        break;
      case 'document': {
        show(['#page-pane']);
        status('loading', 'Loading document…');
        const doc = await api.documentById(id);
        const s = Number(params.get('s'));
        const e = Number(params.get('e'));
        put($('#page-pane'), views.documentPage(doc, params.has('s') ? [s, e] : null));
        status('ready', '');
        break;
      }
      case 'tag':
        show(['#page-pane'], false);
        put($('#page-pane'), tagForm());
        status('ready', '');
        break;
      case 'candidates':
        show(['#page-pane'], false);
        status('loading', 'Loading candidates…');
        put($('#page-pane'), views.candidatesPage(await api.candidates(200)));
        status('ready', '');
        break;
      default:
        state.center = null;
        show(['#page-pane'], false);
        put($('#page-pane'), views.homePage());
        put($('#entity'));
        status('ready', '');
    }
  } catch (e) {
    fail(e);
  }
}

function tagForm() {
  const text = h('textarea', { id: 'tag-text', rows: 8, placeholder: 'Paste a news text here' });
  text.value = 'Joe Biden will meet Vladimir Putin in Geneva on Wednesday, after the NATO summit in Brussels.';
  const date = h('input', { id: 'tag-date', type: 'date', value: '2021-06-14', 'aria-label': 'published' });
  const out = h('div', { id: 'tag-output' });
  const run = async () => {
    status('loading', 'Tagging…');
    try {
      const x = await api.tag(text.value, date.value);
      put(out, views.tagResult(text.value, x));
      status('ready', `${x.mentions.length} mentions`);
    } catch (e) {
      fail(e);
    }
  };
  return h('div', { class: 'tag-page' },
    h('h2', { text: 'Tag a text' }),
    h('p', { class: 'muted', text: 'The text is tagged by the server and not stored.' }),
    text,
    h('p', {}, h('label', {}, 'Published ', date), ' ', h('button', { id: 'tag-run', class: 'button', onclick: run }, 'Tag')),
    out);
}

/// The search box: results as the user types, Enter opens the first.
function search() {
  const input = $('#search');
  const list = $('#results');
  let timer = null;
  let asked = 0;
  const open = (id) => {
    list.hidden = true;
    input.value = '';
    window.location.hash = `#${entityHref(id)}`;
  };
  const lookup = async () => {
    const q = input.value.trim();
    const ticket = ++asked;
    if (!q) {
      list.hidden = true;
      return;
    }
    try {
      const page = await api.searchEntities(q);
      if (ticket !== asked) return;
      put(list, page.items.length
        ? page.items.map((e) => h('li', {}, h('button', {
          class: 'result', dataset: { id: e.id }, onclick: () => open(e.id),
        }, h('span', { class: 'result-name', text: e.name }), ' ', views.typeBadge(e.type),
        e.mentions ? h('span', { class: 'muted', text: ` ${e.mentions}×` }) : '')))
        : h('li', { class: 'muted', text: 'Nothing found' }));
      list.hidden = false;
    } catch (e) {
      fail(e);
    }
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(lookup, 150);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      const first = list.querySelector('button.result');
      if (first) open(first.dataset.id);
    } else if (e.key === 'Escape') {
      list.hidden = true;
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      list.querySelector('button.result')?.focus();
    }
  });
  list.addEventListener('keydown', (e) => {
    const buttons = [...list.querySelectorAll('button.result')];
    const at = buttons.indexOf(document.activeElement);
    if (e.key === 'ArrowDown' && at + 1 < buttons.length) buttons[at + 1].focus();
    else if (e.key === 'ArrowUp') (at > 0 ? buttons[at - 1] : input).focus();
    else if (e.key === 'Escape') input.focus();
    else return;
    e.preventDefault();
  });
  document.addEventListener('click', (e) => {
    if (!e.target.closest('.search')) list.hidden = true;
  });
}

/// The filter form, built from the known predicates, types and modalities.
function filters() {
  const f = state.filters;
  let timer = null;
  const changed = (refetch) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!refetch) {
        draw(false);
      } else if (state.mode === 'graph' && state.center) {
        loadNeighbourhood(state.center).catch(fail);
      } else if (state.mode === 'meetings') {
        loadMeetings(state.center).catch(fail);
      }
    }, 200);
  };
  const group = (title, name, values, set, refetch, extra) => {
    const boxes = values.map((v) => h('label', { class: ['check', `f-${name}-${cls(v)}`] },
      h('input', {
        type: 'checkbox', name, value: v, checked: set.has(v),
        onchange: (e) => {
          if (e.target.checked) set.add(v);
          else set.delete(v);
          changed(refetch);
        },
      }), ' ', v));
    const all = (on) => () => {
      for (const b of boxes) {
        const input = b.querySelector('input');
        input.checked = on;
        if (on) set.add(input.value);
        else set.delete(input.value);
      }
      changed(refetch);
    };
    return h('fieldset', { class: ['filter', `f-${name}`] },
      h('legend', {}, title, ' ',
        h('button', { type: 'button', class: ['link', 'all'], onclick: all(true) }, 'all'), ' ',
        h('button', { type: 'button', class: ['link', 'none'], onclick: all(false) }, 'none')),
      boxes, extra || null);
  };
  const other = h('label', { class: 'check type-other' }, h('input', {
    type: 'checkbox', name: 'type', value: 'other', checked: true,
    onchange: (e) => { f.otherTypes = e.target.checked; changed(true); },
  }), ' other');
  const field = (label, input) => h('label', { class: 'field' }, label, input);
  const number = (id, value, min, max, apply) => h('input', {
    id, type: 'number', value, min, max,
    onchange: (e) => { apply(Number(e.target.value) || 0); changed(true); },
  });
  put($('#filters'),
    h('h2', { text: 'Filters' }),
    group('Predicate', 'predicate', PREDICATES, f.predicates, true),
    group('Entity type', 'type', TYPES, f.types, true, other),
    group('Modality', 'modality', MODALITIES, f.modalities, false),
    h('fieldset', { class: 'dates' }, h('legend', { text: 'Dates' }),
      field('since ', h('input', { id: 'since', type: 'date', onchange: (e) => { f.since = e.target.value; changed(true); } })),
      field('until ', h('input', { id: 'until', type: 'date', onchange: (e) => { f.until = e.target.value; changed(true); } }))),
    h('fieldset', { class: 'limits' }, h('legend', { text: 'Limits' }),
      field('least support ', number('min-support', 0, 0, 1000, (v) => { f.minSupport = v; })),
      field('depth ', number('depth', 1, 1, 3, (v) => { f.depth = Math.min(3, Math.max(1, v)); })),
      field('most nodes ', number('max-nodes', MAX_NODES, 1, 2000, (v) => { f.maxNodes = Math.min(2000, Math.max(1, v)); }))));
}

function toolbar() {
  $('#zoom-in').addEventListener('click', () => graph.zoom(1.25));
  $('#zoom-out').addEventListener('click', () => graph.zoom(0.8));
  $('#zoom-fit').addEventListener('click', () => graph.fit());
  $('#relayout').addEventListener('click', () => {
    for (const n of graph.nodes.values()) n.fixed = n.id === graph.root;
    draw();
  });
  $('#download-svg').addEventListener('click', () => {
    download(new Blob([graph.svgText().text], { type: 'image/svg+xml' }), `newsgraph-${state.center || 'meetings'}.svg`);
  });
  $('#download-png').addEventListener('click', () => {
    graph.png().then((blob) => download(blob, `newsgraph-${state.center || 'meetings'}.png`), fail);
  });
}

function init() {
  graph = new GraphView($('#graph'), {
    onNode: (n) => nodeCard(n),
    onOpen: (n) => { window.location.hash = `#${entityHref(n.id)}`; },
    onEdge: (l) => showRelation(l.source, l.predicate, l.target),
    onBackground: () => graph.select(null),
  });
  graph.visibleLink = visible;
  search();
  filters();
  toolbar();
  window.addEventListener('hashchange', navigate);
  navigate();
}

init();
