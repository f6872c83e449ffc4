// The panels and pages: an entity, a relation's evidence, a document, tagged text, candidates,
// the meeting timeline and the start page. Each returns elements built from data as text.

import * as api from './api.js';
import { h, s, put, route, entityHref, marked, find, safeUrl, cls } from './dom.js';
import { typeStyle, predicateColor, MODALITY_DASH, legendSwatches } from './graph.js';

const names = new Map();
/// An entity's name, looked up once; `known` seeds the cache from data at hand.
export function nameOf(id, known) {
  if (known) names.set(id, Promise.resolve(known));
  if (!names.has(id)) {
    names.set(id, api.entity(id).then((e) => e.name, () => id));
  }
  return names.get(id);
}

/// A link to an entity whose text becomes its name when known.
export function entityLink(id, known) {
  const a = route(entityHref(id), known || id, { class: 'entity-link', dataset: { id } });
  if (!known) nameOf(id).then((n) => { a.textContent = n; });
  return a;
}

export function typeBadge(type) {
  const st = typeStyle(type);
  const badge = h('span', { class: ['badge', `type-${cls(type)}`] }, type || 'other');
  badge.style.backgroundColor = st.color;
  return badge;
}

export function modalityBadge(m) {
  return h('span', { class: ['modality', `modality-${cls(m)}`] }, m);
}

const dates = (a, b) => (a ? (b && b !== a ? `${a} – ${b}` : a) : '');
const span = (start, end) => `${start || '…'} – ${end || 'now'}`;

function section(title, ...body) {
  return h('section', { class: 'panel-section' }, h('h3', { text: title }), ...body);
}

function table(head, rows) {
  return h('table', {}, h('thead', {}, h('tr', {}, head.map((c) => h('th', { text: c })))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c))))));
}

/// The entity panel: names, offices, memberships, relations, candidates from its documents.
export function entityPanel(e, { onRelation, nodeName }) {
  const other = (r) => (r.subject === e.id ? r.object : r.subject);
  const el = h('div', { class: 'entity', dataset: { id: e.id } },
    h('h2', { class: 'entity-name' }, e.name, ' ', typeBadge(e.type)),
    h('p', { class: 'muted' }, e.id, e.wikidata ? ` · Wikidata ${e.wikidata}` : '',
      ` · ${e.mentions} mention${e.mentions === 1 ? '' : 's'} in ${e.documents} document${e.documents === 1 ? '' : 's'}`),
    e.aliases?.length ? h('p', {}, h('b', { text: 'Also: ' }), e.aliases.join(' · ')) : null,
    e.acronyms?.length ? h('p', {}, h('b', { text: 'Acronyms: ' }), e.acronyms.join(' · ')) : null,
    e.country ? h('p', {}, h('b', { text: 'Country: ' }), entityLink(e.country, nodeName(e.country))) : null,
    e.date ? h('p', {}, h('b', { text: 'Date: ' }), e.date) : null,
    h('p', { class: 'actions' },
      route(`/meetings/${encodeURIComponent(e.id)}`, 'Who met whom', { class: 'button' })),
  );
  if (e.offices?.length) {
    el.append(section('Offices', table(['Role', 'Of', 'From', 'To'],
      e.offices.map((o) => [o.role, o.of ? entityLink(o.of, nodeName(o.of)) : '', o.start || '…', o.end || 'now']))));
  }
  if (e.member_of?.length) {
    el.append(section('Memberships', table(['Member of', 'From', 'To'],
      e.member_of.map((m) => [entityLink(m.of, nodeName(m.of)), m.start || '…', m.end || 'now']))));
  }
  if (e.organizers?.length) {
    el.append(section('Organised by', h('p', {}, e.organizers.map((o, i) => [i ? ', ' : '', entityLink(o, nodeName(o))]))));
  }
  const rels = e.top_relations || [];
  el.append(section('Strongest relations', rels.length
    ? h('ul', { class: 'relations' }, rels.map((r) => h('li', {},
      h('button', { class: 'link', onclick: () => onRelation(r) },
        r.subject === e.id ? '' : [entityLink(r.subject, nodeName(r.subject)), ' '],
        h('span', { class: 'predicate', text: r.predicate }), ' ',
        r.subject === e.id ? entityLink(other(r), nodeName(other(r))) : e.name),
      ' ', modalityBadge(r.modality), ` ×${r.support}`, r.first_date ? ` · ${dates(r.first_date, r.last_date)}` : '')))
    : h('p', { class: 'muted', text: 'No relations stored.' })));
  const cands = h('div', { class: 'candidates' }, h('p', { class: 'muted', text: 'Looking…' }));
  el.append(section('Candidates the text suggested', cands));
  suggestedCandidates(e).then((found) => {
    put(cands, found.length
      ? h('ul', {}, found.map((c) => h('li', {}, h('b', { text: c.text }), ` (${c.kind}, ×${c.count}) `,
        h('span', { class: 'muted context', text: c.context.sentence_text }))))
      : h('p', { class: 'muted', text: 'None near this entity.' }));
  }, (err) => put(cands, h('p', { class: 'error', text: err.message })));
  return el;
}

/// Candidates (names no gazetteer knows) seen in a sentence that names this entity.
async function suggestedCandidates(e) {
  const page = await api.candidates(1000);
  const needles = [e.name, e.surname, ...(e.aliases || []), ...(e.acronyms || [])]
    .filter((n) => n && n.length >= 3);
  const out = [];
  for (const c of page.items) {
    const context = c.contexts.find((ctx) => find(ctx.sentence_text, needles).length > 0);
    if (context) out.push({ ...c, context });
  }
  return out.slice(0, 20);
}

/// A relation's evidence: each sentence highlighted, with its document.
export function evidencePanel(rel, { nodeName, onClose }) {
  const subject = nodeName(rel.subject) || rel.subject;
  const object = nodeName(rel.object) || rel.object;
  const list = h('ol', { class: 'evidence-list' });
  const el = h('div', { class: 'evidence', dataset: { subject: rel.subject, predicate: rel.predicate, object: rel.object } },
    h('button', { class: 'close', title: 'close', 'aria-label': 'close', onclick: onClose }, '×'),
    h('h2', {}, entityLink(rel.subject, subject), ' ',
      h('span', { class: 'predicate', text: rel.predicate }), ' ', entityLink(rel.object, object)),
    h('p', {}, modalityBadge(rel.modality), ` support ${rel.support}`,
      Object.keys(rel.modalities || {}).length > 1
        ? ` (${Object.entries(rel.modalities).map(([m, n]) => `${m} ${n}`).join(', ')})` : '',
      rel.first_date ? ` · ${dates(rel.first_date, rel.last_date)}` : ''),
    list,
    (rel.evidence || []).length < rel.support
      ? h('p', { class: 'muted', text: `the first ${rel.evidence.length} of ${rel.support} sentences` }) : null);
  for (const ev of rel.evidence || []) {
    const sentence = h('blockquote', { class: 'sentence' }, ev.text);
    const meta = h('p', { class: 'meta muted' }, ev.document);
    list.append(h('li', { dataset: { document: ev.document } }, sentence, meta));
    api.documentById(ev.document).then((doc) => {
      put(sentence, highlighted(ev, doc, rel));
      const link = safeUrl(doc.url);
      put(meta,
        h('b', { class: 'doc-title', text: doc.title || doc.id }),
        doc.published ? ` · ${doc.published}` : '',
        ev.date && ev.date !== doc.published ? ` · about ${ev.date}` : '',
        ` · ${ev.modality}`,
        ' · ', route(`/document/${encodeURIComponent(doc.id)}?s=${ev.start}&e=${ev.end}`, 'open document', { class: 'open-document' }),
        link ? [' · ', h('a', { href: link, rel: 'noopener noreferrer', target: '_blank', text: doc.source || 'source' })] : '');
    }, () => {
      put(sentence, marked(ev.text, find(ev.text, [ev.trigger]).map((sp) => ({ ...sp, cls: 'trigger' }))));
    });
  }
  if (!rel.evidence?.length) list.append(h('li', { class: 'muted', text: 'No evidence stored.' }));
  return el;
}

/// The sentence of `ev` with the relation's two ends, the other names and the trigger marked.
function highlighted(ev, doc, rel) {
  const len = Array.from(ev.text).length;
  const spans = (doc.mentions || [])
    .filter((m) => m.start >= ev.start && m.end <= ev.end)
    .map((m) => {
      const end = m.entity === rel.subject || m.entity === rel.object;
      return {
        start: m.start - ev.start,
        end: m.end - ev.start,
        cls: ['mention', `type-${cls(m.type)}`, end ? 'relation-end' : null, m.candidate ? 'candidate' : null].filter(Boolean).join(' '),
        title: m.entity ? `${m.entity} (${m.type})` : `candidate ${m.type}`,
      };
    })
    .filter((sp) => sp.end <= len);
  const taken = (sp) => spans.some((o) => sp.start < o.end && o.start < sp.end);
  for (const sp of find(ev.text, [ev.trigger])) {
    if (!taken(sp)) spans.push({ ...sp, cls: 'trigger', title: 'trigger' });
  }
  return marked(ev.text, spans);
}

/// Marks mentions in `text` (code points `from`..`to` of the document).
function markedSlice(chars, from, to, mentions) {
  const spans = mentions
    .filter((m) => m.start >= from && m.end <= to)
    .map((m) => ({
      start: m.start - from,
      end: m.end - from,
      cls: ['mention', `type-${cls(m.type)}`, m.candidate ? 'candidate' : null].filter(Boolean).join(' '),
      title: m.entity ? `${m.entity} (${m.type}, ${m.kind})` : `candidate ${m.type}`,
      data: m.entity ? { entity: m.entity } : {},
    }));
  return marked(chars.slice(from, to).join(''), spans);
}

/// A whole document with its mentions marked; `focus` ([start, end]) is highlighted.
export function documentPage(doc, focus) {
  const chars = Array.from(doc.text);
  const body = h('div', { class: 'document-text' });
  const mentions = doc.mentions || [];
  const [fs, fe] = focus && focus[1] <= chars.length && focus[0] < focus[1] ? focus : [chars.length, chars.length];
  body.append(markedSlice(chars, 0, fs, mentions));
  const focused = h('span', { class: 'focus' }, markedSlice(chars, fs, fe, mentions));
  if (fe > fs) body.append(focused);
  body.append(markedSlice(chars, fe, chars.length, mentions));
  body.addEventListener('click', (e) => {
    const m = e.target.closest('mark[data-entity]');
    if (m) window.location.hash = `#${entityHref(m.dataset.entity)}`;
  });
  const link = safeUrl(doc.url);
  const rels = (doc.relations || []).filter((r) => r.predicate !== 'co_occurs');
  const el = h('article', { class: 'document', dataset: { id: doc.id } },
    h('h2', { class: 'doc-title', text: doc.title || doc.id }),
    h('p', { class: 'muted' }, doc.id, doc.published ? ` · published ${doc.published}` : '',
      doc.source ? ` · ${doc.source}` : '',
      link ? [' · ', h('a', { href: link, rel: 'noopener noreferrer', target: '_blank', text: link })] : ''),
    legend(mentions.map((m) => m.type)),
    body,
    rels.length ? section(`Relations (${rels.length})`, table(['Subject', 'Predicate', 'Object', 'Modality', 'Date'],
      rels.map((r) => [entityLink(r.subject), r.predicate, entityLink(r.object), r.modality, r.date || '']))) : null);
  if (fe > fs) setTimeout(() => focused.scrollIntoView({ block: 'center' }), 0);
  return el;
}

/// The types present, as coloured swatches.
function legend(types) {
  const seen = [...new Set(types)].sort();
  return h('p', { class: 'legend' }, seen.map((t) => h('mark', { class: ['mention', `type-${cls(t)}`], text: t })),
    h('mark', { class: 'mention candidate', text: 'candidate' }));
}

/// The tagger's answer for a pasted text.
export function tagResult(text, x) {
  const chars = Array.from(text);
  const mentions = x.mentions || [];
  const byId = new Map((x.entities || []).map((e) => [e.id, e]));
  const rels = (x.relations || []).filter((r) => r.predicate !== 'co_occurs');
  const label = (id) => byId.get(id)?.name || id;
  return h('div', { class: 'tag-result' },
    legend(mentions.map((m) => m.type)),
    h('div', { class: 'document-text tagged' }, markedSlice(chars, 0, chars.length, mentions)),
    section(`Mentions (${mentions.length})`, table(['Text', 'Type', 'Entity', 'How'],
      mentions.map((m) => [m.text, m.type, m.entity ? entityLink(m.entity, label(m.entity)) : 'candidate', m.kind]))),
    section(`Relations (${rels.length})`, rels.length ? table(['Subject', 'Predicate', 'Object', 'Modality', 'Date', 'Sentence'],
      rels.map((r) => [label(r.subject), r.predicate, label(r.object), r.modality, r.date || '', r.evidence?.text || '']))
      : h('p', { class: 'muted', text: 'None found.' })));
}

/// Every candidate, most frequent first.
export function candidatesPage(page) {
  return h('div', { class: 'candidates-page' },
    h('h2', { text: 'Candidates' }),
    h('p', { class: 'muted', text: 'Names seen in documents that no gazetteer knows, most frequent first.' }),
    page.items.length ? table(['Name', 'Kind', 'Seen', 'Where'], page.items.map((c) => [
      c.text, c.kind, String(c.count),
      h('ul', {}, c.contexts.map((ctx) => h('li', {}, h('span', { text: ctx.sentence_text }), ' ',
        route(`/document/${encodeURIComponent(ctx.document)}`, ctx.document, { class: 'muted' })))),
    ])) : h('p', { class: 'muted', text: 'None.' }),
    page.next_cursor ? h('p', { class: 'notice', text: 'Only the first page is shown.' }) : null);
}

/// Meetings along a date axis, then listed by date.
export function timeline(items, onMeeting) {
  const dated = items.filter((m) => m.first_date).sort((a, b) => (a.first_date < b.first_date ? -1 : a.first_date > b.first_date ? 1 : 0));
  const el = h('div', { class: 'timeline' }, h('h3', { text: `Meetings by date (${items.length})` }));
  if (!dated.length) {
    el.append(h('p', { class: 'muted', text: 'No dated meetings.' }));
    return el;
  }
  const day = (d) => Date.parse(`${d}T00:00:00Z`) / 86400000;
  let lo = day(dated[0].first_date);
  let hi = Math.max(...dated.map((m) => day(m.last_date || m.first_date)));
  if (hi - lo < 2) { lo -= 1; hi += 1; }
  const width = 900;
  const pad = 40;
  const x = (d) => pad + ((day(d) - lo) / (hi - lo)) * (width - 2 * pad);
  // Few meetings get a label each and a row per meeting of the same day; many are stacked
  // in columns a marker wide, labelled by their tooltips only.
  const labelled = dated.length <= 30;
  const rows = new Map();
  const placed = dated.map((m) => {
    const key = labelled ? m.first_date : Math.round(x(m.first_date) / 11);
    const row = rows.get(key) || 0;
    rows.set(key, row + 1);
    return { m, row };
  });
  const step = labelled ? 16 : 11;
  const height = 40 + step * Math.min(40, Math.max(...rows.values()));
  const axis = s('svg', { class: 'timeline-axis', viewBox: `0 0 ${width} ${height}`, width: '100%', height, 'font-size': 10, 'font-family': 'system-ui, sans-serif' },
    s('line', { x1: pad, y1: 20, x2: width - pad, y2: 20, stroke: '#999999' }));
  const ticks = Math.min(6, Math.round(hi - lo) + 1);
  for (let i = 0; i < ticks; i++) {
    const d = new Date((lo + ((hi - lo) * i) / Math.max(1, ticks - 1)) * 86400000).toISOString().slice(0, 10);
    axis.append(s('line', { x1: x(d), y1: 16, x2: x(d), y2: 24, stroke: '#999999' }),
      s('text', { x: x(d), y: 12, 'text-anchor': 'middle', fill: '#555555', text: d }));
  }
  const color = predicateColor('met');
  for (const { m, row } of placed) {
    if (row >= 40) continue;
    const y = 34 + row * step;
    const x1 = x(m.first_date);
    const x2 = x(m.last_date || m.first_date);
    const g = s('g', { class: ['meeting', `modality-${cls(m.modality)}`], tabindex: 0, onclick: () => onMeeting(m) },
      s('title', { text: `${m.first_date}: ${m.subject.name} met ${m.object.name} (${m.modality}, ×${m.support})` }));
    if (x2 > x1) g.append(s('line', { x1, y1: y, x2, y2: y, stroke: color, 'stroke-width': 2, 'stroke-dasharray': MODALITY_DASH[m.modality] }));
    g.append(s('circle', {
      cx: x1, cy: y, r: 5,
      fill: m.modality === 'asserted' ? color : '#ffffff',
      stroke: m.modality === 'negated' ? '#888888' : color,
      'stroke-width': 2,
      'stroke-dasharray': m.modality === 'asserted' ? null : '2 2',
    }));
    if (labelled) g.append(s('text', { x: x1 + 9, y: y + 3.5, fill: '#333333', text: `${m.subject.name} – ${m.object.name}` }));
    axis.append(g);
  }
  el.append(axis);
  const byDate = new Map();
  for (const m of dated) {
    if (!byDate.has(m.first_date)) byDate.set(m.first_date, []);
    byDate.get(m.first_date).push(m);
  }
  el.append(h('dl', { class: 'meeting-list' }, [...byDate].map(([d, ms]) => [
    h('dt', { text: d }),
    ms.map((m) => h('dd', {}, h('button', { class: 'link', onclick: () => onMeeting(m) },
      `${m.subject.name} met ${m.object.name}`), ' ', modalityBadge(m.modality), ` ×${m.support}`)),
  ])));
  return el;
}

/// The start page: what the page does, sizes, the best connected entities.
export function homePage() {
  const sizes = h('p', { class: 'muted', text: 'Counting…' });
  const top = h('ol', { class: 'central' });
  const { types, preds, mods } = legendSwatches();
  const swatches = (items) => h('ul', { class: 'swatches' }, items.map((i) => h('li', {}, i.svg, ' ', i.label)));
  api.stats().then((st) => put(sizes, `${st.documents} documents, ${st.entities} entities, ${st.relations} relations; the graph has ${st.graph.nodes} nodes and ${st.graph.edges} edges.`),
    (e) => put(sizes, e.message));
  api.central(15).then((c) => put(top, c.items.map((r) => h('li', {}, entityLink(r.id, r.name), ' ', typeBadge(r.type)))),
    () => {});
  return h('div', { class: 'home' },
    h('h2', { text: 'Who met whom, in the news' }),
    h('p', { text: 'Search a person, country, organisation or summit above and open it to see its neighbourhood. Click a node to expand or open it, click an edge to read the sentences that state it.' }),
    sizes,
    section('Most connected', top),
    section('Entity types', swatches(types)),
    section('Predicates', swatches(preds)),
    section('Modality', swatches(mods)));
}
