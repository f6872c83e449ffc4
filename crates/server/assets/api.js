// The /v1 API, as the page uses it. Every request goes to the server that served the page.

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

/// A `/v1/...` URL with the non-empty parameters of `params` (arrays are comma-joined).
export function url(path, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) {
      if (v.length) q.set(k, v.join(','));
    } else {
      q.set(k, String(v));
    }
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

async function answer(res) {
  const type = res.headers.get('content-type') || '';
  if (!res.ok) {
    let detail = `${res.status} ${res.statusText}`;
    if (type.includes('json')) {
      try {
        const p = await res.json();
        if (p && p.detail) detail = p.detail;
      } catch (_) {
        // keep the status line
      }
    }
    throw new ApiError(res.status, detail);
  }
  return type.includes('json') ? res.json() : res.text();
}

export async function get(path, params) {
  return answer(await fetch(url(path, params), { headers: { accept: 'application/json' } }));
}

async function post(path, body) {
  return answer(
    await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    }),
  );
}

export const searchEntities = (q, limit = 12) => get('/v1/entities', { q, limit });
export const entity = (id) => get(`/v1/entities/${encodeURIComponent(id)}`);
export const stats = () => get('/v1/stats');
export const central = (limit = 12) => get('/v1/central', { limit });
export const candidates = (limit = 1000) => get('/v1/candidates', { limit });
export const tag = (text, published) => post('/v1/tag', { text, published: published || undefined });

const documents = new Map();
/// A stored document with its mentions; kept for the page's life (documents do not change
/// under an id without a new ingest, and a reload fetches again).
export function documentById(id) {
  if (!documents.has(id)) {
    const p = get(`/v1/documents/${encodeURIComponent(id)}`);
    p.catch(() => documents.delete(id));
    documents.set(id, p);
  }
  return documents.get(id);
}

/// The relation (subject, predicate, object) with its first 100 sentences, or null.
export async function relation(subject, predicate, object) {
  const page = await get('/v1/relations', { subject, predicate, object, limit: 5, evidence: 100 });
  return page.items.find((r) => r.predicate === predicate) || null;
}

/// The graph export URL for `format` (`json`, `dot`, `graphml`) with the view's filters.
export function graphUrl(format, f) {
  return url('/v1/graph', {
    format,
    center: f.center,
    depth: f.depth,
    predicate: f.predicates,
    type: f.types,
    min_support: f.minSupport > 0 ? f.minSupport : undefined,
    since: f.since,
    until: f.until,
    max_nodes: f.maxNodes,
  });
}

export const graph = (f) => get(graphUrl('json', f));

export const meetings = (f) =>
  get('/v1/meetings', { entity: f.entity, since: f.since, until: f.until, limit: f.limit });
