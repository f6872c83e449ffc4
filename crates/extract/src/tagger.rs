//! From raw alias hits to mentions: longest match, ambiguity resolved in the document's
//! context, surnames, summits, role cues and candidate names.

use std::collections::{HashMap, HashSet};

use newsgraph_gazetteer::normalize::fold_str;
use newsgraph_gazetteer::{surname_of, Gazetteer, Matcher};
use newsgraph_model::{parse_partial_date, DateBound, Entity, EntityType, MentionKind};

use crate::doc::{Doc, M};
use crate::rules::Rules;

const WEEKDAYS_MONTHS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Preference among the ways one entity was matched at one place.
fn kind_rank(k: MentionKind) -> u8 {
    match k {
        MentionKind::Name => 0,
        MentionKind::Alias => 1,
        MentionKind::Acronym => 2,
        MentionKind::Demonym => 3,
        _ => 4,
    }
}

/// Which type wins an ambiguous name when nothing in the document decides it.
fn type_rank(t: &str) -> u8 {
    match t {
        EntityType::COUNTRY => 0,
        EntityType::ORGANIZATION => 1,
        EntityType::CITY => 2,
        EntityType::REGION => 3,
        EntityType::PERSON => 5,
        _ => 4,
    }
}

/// Edit distance, for first names spelled another way (Radoskaw / Radosław).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// A candidate name: first and end token, proposed type, role span.
type CandidateSpan = (usize, usize, String, Option<(usize, usize)>);

/// A span of a full name, and whether it names a person.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Span {
    start: usize,
    end: usize,
    person: bool,
}

/// A candidate entity of a hit: gazetteer index and the best way it matched.
#[derive(Debug, Clone, Copy)]
struct Cand {
    entity: usize,
    how: MentionKind,
}

pub(crate) struct Tagger<'a> {
    pub gaz: &'a Gazetteer,
    pub matcher: &'a Matcher,
    pub rules: &'a Rules,
    /// First words of people's names (`michael`, `abraham`): a surname alone that is also
    /// a given name says too little.
    pub given_names: &'a HashSet<String>,
    /// How many people share each surname (folded).
    pub surname_counts: &'a HashMap<String, usize>,
}

/// How many of the gazetteer's people share each surname.
pub(crate) fn surname_counts(gaz: &Gazetteer) -> HashMap<String, usize> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for e in gaz
        .entities()
        .iter()
        .filter(|e| e.kind.is(EntityType::PERSON))
    {
        if let Some(s) = surname_of(e) {
            *counts.entry(fold_str(&s, true)).or_default() += 1;
        }
    }
    counts
}

/// How long after leaving office a person is still named by surname alone.
const NOTABLE_YEARS: i64 = 15;

/// The given names of the gazetteer's people, folded.
pub(crate) fn given_names(gaz: &Gazetteer) -> HashSet<String> {
    gaz.entities()
        .iter()
        .filter(|e| e.kind.is(EntityType::PERSON))
        .flat_map(|e| std::iter::once(&e.name).chain(&e.aliases))
        .filter(|n| n.split_whitespace().count() >= 2)
        .filter_map(|n| n.split_whitespace().next())
        .map(|w| fold_str(w, true))
        .filter(|w| w.chars().all(char::is_alphabetic))
        .collect()
}

impl Tagger<'_> {
    /// Finds and links every mention of the document.
    pub fn tag(&self, doc: &mut Doc<'_>) {
        let hits = self.matcher.find(doc.text);
        // Longest match wins; nested and overlapping later matches are dropped.
        let mut chosen: Vec<(usize, usize, Vec<Cand>)> = Vec::new();
        let mut last_end = 0;
        for h in hits {
            if h.start < last_end {
                continue;
            }
            let mut cands: Vec<Cand> = Vec::new();
            for &r in &h.refs {
                let a = self.matcher.alias(r);
                let e = a.entity as usize;
                match cands.iter_mut().find(|c| c.entity == e) {
                    Some(c) if kind_rank(a.kind) < kind_rank(c.how) => c.how = a.kind,
                    Some(_) => {}
                    None => cands.push(Cand {
                        entity: e,
                        how: a.kind,
                    }),
                }
            }
            last_end = h.end;
            chosen.push((h.start, h.end, cands));
        }
        // Entities the document names without doubt: one candidate, by a full name or acronym.
        let context: HashSet<usize> = chosen
            .iter()
            .filter(|(_, _, c)| c.len() == 1 && c[0].how != MentionKind::Partial)
            .map(|(_, _, c)| c[0].entity)
            .collect();
        // Spans of full names (not surnames alone): a word inside one is no first name.
        let spans: Vec<Span> = chosen
            .iter()
            .filter(|(_, _, c)| c.iter().any(|c| c.how != MentionKind::Partial))
            .map(|(s, e, c)| Span {
                start: *s,
                end: *e,
                person: c
                    .iter()
                    .any(|c| self.entity(c.entity).kind.is(EntityType::PERSON)),
            })
            .collect();
        let mut mentions = Vec::with_capacity(chosen.len());
        for (start, end, cands) in chosen {
            if let Some(m) = self.resolve(doc, start, end, cands, &context, &spans) {
                mentions.push(m);
            }
        }
        // A name widened to its first name may reach into the next span: keep the first.
        mentions.sort_by_key(|m: &M| (m.start, std::cmp::Reverse(m.end)));
        let mut last_end = 0;
        mentions.retain(|m| {
            let keep = m.start >= last_end;
            if keep {
                last_end = m.end;
            }
            keep
        });
        doc.mentions = mentions;
        self.summits(doc);
        self.roles_and_candidates(doc);
        self.surnames_of_candidates(doc, &context);
        doc.mentions.sort_by_key(|m| (m.start, m.end));
    }

    /// A surname alone that is the last name of a candidate person in the same document
    /// (`Kobe Bryant ... Bryant said`) is that person, not a gazetteer namesake: unlinked.
    fn surnames_of_candidates(&self, doc: &mut Doc<'_>, context: &HashSet<usize>) {
        let last_names: HashSet<String> = doc
            .mentions
            .iter()
            .filter(|m| m.candidate && m.kind == EntityType::PERSON)
            .filter_map(|m| doc.text[m.start..m.end].split_whitespace().next_back())
            .map(|w| fold_str(w, true))
            .collect();
        if last_names.is_empty() {
            return;
        }
        for m in &mut doc.mentions {
            let Some(e) = m.entity else { continue };
            let gaz_index = self.gaz.index_of(&doc.entities[e].id);
            let named = gaz_index.is_some_and(|g| context.contains(&g));
            if m.how == MentionKind::Partial
                && !named
                && last_names.contains(&fold_str(&doc.text[m.start..m.end], true))
            {
                m.entity = None;
                m.candidate = true;
                m.how = MentionKind::Candidate;
            }
        }
    }

    fn entity(&self, i: usize) -> &Entity {
        &self.gaz.entities()[i]
    }

    fn mention(
        &self,
        doc: &mut Doc<'_>,
        start: usize,
        end: usize,
        e: usize,
        how: MentionKind,
    ) -> M {
        let ent = self.entity(e);
        let kind = ent.kind.0.clone();
        let idx = doc.entity_index(ent);
        M {
            start,
            end,
            entity: Some(idx),
            kind,
            how,
            sentence: doc.sentence_of(start),
            candidate: false,
            candidates: Vec::new(),
            role: None,
        }
    }

    /// Decides what one chosen span is: a linked mention, an ambiguous one, a candidate name,
    /// or nothing (a surname that is only a common word here).
    fn resolve(
        &self,
        doc: &mut Doc<'_>,
        start: usize,
        end: usize,
        mut cands: Vec<Cand>,
        context: &HashSet<usize>,
        spans: &[Span],
    ) -> Option<M> {
        if cands.len() > 1 {
            let named: Vec<Cand> = cands
                .iter()
                .copied()
                .filter(|c| context.contains(&c.entity))
                .collect();
            if named.len() == 1 {
                cands = named;
            } else {
                if cands.iter().any(|c| c.how != MentionKind::Partial) {
                    cands.retain(|c| c.how != MentionKind::Partial);
                } else {
                    // Surnames alone, none named in full: only the notable ones, if any.
                    if self.alone_blocked(doc, start, end) {
                        return None;
                    }
                    cands.retain(|c| self.notable(doc, start, self.entity(c.entity)));
                    if cands.is_empty() {
                        return None;
                    }
                }
                let best = cands
                    .iter()
                    .map(|c| type_rank(self.entity(c.entity).kind.as_str()))
                    .min()
                    .unwrap_or(0);
                cands.retain(|c| type_rank(self.entity(c.entity).kind.as_str()) == best);
                self.prefer_population(&mut cands);
                self.prefer_office_holders(doc, &mut cands);
            }
        }
        if cands.len() > 1 {
            let mut ids: Vec<String> = cands
                .iter()
                .map(|c| self.entity(c.entity).id.clone())
                .collect();
            ids.sort();
            let kind = self.entity(cands[0].entity).kind.0.clone();
            return Some(M {
                start,
                end,
                entity: None,
                kind,
                how: cands[0].how,
                sentence: doc.sentence_of(start),
                candidate: false,
                candidates: ids,
                role: None,
            });
        }
        let c = *cands.first()?;
        if self.entity(c.entity).kind.is(EntityType::PERSON) {
            if let Some(m) = self.first_name_of_someone_else(doc, start, end, spans) {
                return Some(m);
            }
        }
        if c.how != MentionKind::Partial {
            return Some(self.mention(doc, start, end, c.entity, c.how));
        }
        self.surname(doc, start, end, c.entity, context, spans)
    }

    /// A person's name followed by a capitalised word that is no known name (or only a
    /// place's, as in `Kobe Bryant`) is part of someone else's name (`Philippe Lamberts` is
    /// not King Philippe): a candidate.
    fn first_name_of_someone_else(
        &self,
        doc: &Doc<'_>,
        start: usize,
        end: usize,
        spans: &[Span],
    ) -> Option<M> {
        let t = doc.token_at_or_after(end);
        let tok = doc.tokens.get(t)?;
        let same_sentence = doc.sentence_of(tok.start) == doc.sentence_of(start);
        let unknown_name =
            same_sentence && &doc.text[end..tok.start] == " " && self.name_word(doc, t, spans);
        unknown_name.then(|| M {
            start,
            end: tok.end,
            entity: None,
            kind: EntityType::PERSON.to_string(),
            how: MentionKind::Candidate,
            sentence: doc.sentence_of(start),
            candidate: true,
            candidates: Vec::new(),
            role: None,
        })
    }

    /// Cities: a much larger population wins (Paris, France over Paris, Texas).
    fn prefer_population(&self, cands: &mut Vec<Cand>) {
        if cands.len() < 2 {
            return;
        }
        let mut pops: Vec<(u64, usize)> = cands
            .iter()
            .enumerate()
            .map(|(i, c)| (self.entity(c.entity).population.unwrap_or(0), i))
            .collect();
        pops.sort_unstable_by(|a, b| b.cmp(a));
        if pops[0].0 > 0 && pops[0].0 >= 2 * pops[1].0 {
            *cands = vec![cands[pops[0].1]];
        }
    }

    /// People: the one who held an office on the document's date.
    fn prefer_office_holders(&self, doc: &Doc<'_>, cands: &mut Vec<Cand>) {
        if cands.len() < 2 || doc.published.is_none() {
            return;
        }
        let holders: Vec<Cand> = cands
            .iter()
            .copied()
            .filter(|c| {
                self.gaz
                    .offices_on(self.entity(c.entity), doc.published)
                    .next()
                    .is_some()
            })
            .collect();
        if holders.len() == 1 {
            *cands = holders;
        }
    }

    /// A surname alone: with a first name before it (the person's, perhaps spelled another
    /// way, or someone else's), or alone when the document or the gazetteer leaves no doubt.
    fn surname(
        &self,
        doc: &mut Doc<'_>,
        start: usize,
        end: usize,
        e: usize,
        context: &HashSet<usize>,
        spans: &[Span],
    ) -> Option<M> {
        let ent = self.entity(e);
        if let Some(t) = doc.token_before(start) {
            let tok = &doc.tokens[t];
            let same_sentence = doc.token_sentence[t] == doc.sentence_of(start);
            let first_token = doc.sentence_tokens[doc.token_sentence[t]].0 == t;
            let gap = &doc.text[tok.end..start];
            let looks_like_first_name = same_sentence
                && gap.chars().all(|c| c == ' ')
                && !gap.is_empty()
                && self.name_word(doc, t, spans)
                && !(first_token && self.gaz.is_common_word(&tok.lower));
            if looks_like_first_name {
                let given: Vec<String> = std::iter::once(&ent.name)
                    .chain(&ent.aliases)
                    .filter_map(|n| n.split_whitespace().next())
                    .map(|w| fold_str(w, true))
                    .collect();
                let first = tok.lower.clone();
                let close = given.iter().any(|g| {
                    let d = edit_distance(g, &first);
                    d == 0 || (d <= 2 && g.len() >= 5 && first.len() >= 5)
                });
                let tstart = tok.start;
                if close {
                    return Some(self.mention(doc, tstart, end, e, MentionKind::Partial));
                }
                // Someone else of that name: a candidate, never a wrong link.
                return Some(M {
                    start: tstart,
                    end,
                    entity: None,
                    kind: EntityType::PERSON.to_string(),
                    how: MentionKind::Candidate,
                    sentence: doc.sentence_of(start),
                    candidate: true,
                    candidates: Vec::new(),
                    role: None,
                });
            }
        }
        let folded = fold_str(&doc.text[start..end], true);
        let t0 = doc.token_at_or_after(start);
        let s0 = doc.sentence_tokens[doc.sentence_of(start)];
        let prev = (t0 > s0.0).then(|| &doc.tokens[t0 - 1]);
        let te = doc.token_at_or_after(end);
        let next = doc.tokens.get(te).filter(|_| te < s0.1);
        let month_like = WEEKDAYS_MONTHS.contains(&folded.as_str());
        let next_is_number = next.is_some_and(|n| n.lower.chars().all(|c| c.is_ascii_digit()));
        let after_preposition =
            prev.is_some_and(|p| self.rules.prepositions.contains(p.lower.as_str()));
        if month_like && (!context.contains(&e) || next_is_number || after_preposition) {
            return None;
        }
        if context.contains(&e) {
            return Some(self.mention(doc, start, end, e, MentionKind::Partial));
        }
        if self.alone_blocked(doc, start, end) || !self.notable(doc, start, ent) {
            return None;
        }
        Some(self.mention(doc, start, end, e, MentionKind::Partial))
    }

    /// Whether token `t` can be part of a person's name no gazetteer knows: a capitalised
    /// word (not in capitals, not a title, month or weekday) that is no known name, or only
    /// a one-word place or organisation name (`Kobe`, `Eugene`, `Lincoln`).
    fn name_word(&self, doc: &Doc<'_>, t: usize, spans: &[Span]) -> bool {
        let tok = &doc.tokens[t];
        let text = &doc.text[tok.start..tok.end];
        let plain = tok.is_word
            && tok.capitalized
            && text.chars().any(char::is_lowercase)
            && tok.lower.chars().all(char::is_alphabetic)
            && !self.is_title_word(&tok.lower)
            && !self.rules.title_past.contains(tok.lower.as_str())
            && !WEEKDAYS_MONTHS.contains(&tok.lower.as_str());
        plain
            && spans
                .iter()
                .filter(|s| s.start < tok.end && tok.start < s.end)
                .all(|s| !s.person && s.start == tok.start && s.end == tok.end)
    }

    /// Whether a surname standing alone here must not link to anyone: a common word at the
    /// start of a sentence or quote or inside a longer name, a month, capitals, a given name.
    fn alone_blocked(&self, doc: &Doc<'_>, start: usize, end: usize) -> bool {
        let folded = fold_str(&doc.text[start..end], true);
        let original = &doc.text[start..end];
        let t0 = doc.token_at_or_after(start);
        let s0 = doc.sentence_tokens[doc.sentence_of(start)];
        let prev = (t0 > s0.0).then(|| &doc.tokens[t0 - 1]);
        let te = doc.token_at_or_after(end);
        let next = doc.tokens.get(te).filter(|_| te < s0.1);
        let common = folded
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .all(|w| self.gaz.is_common_word(w));
        let starts_clause =
            prev.is_none_or(|p| !p.is_word && !matches!(p.lower.as_str(), "," | "'s"));
        let in_longer_name = prev.is_some_and(|p| p.capitalized && p.is_word && t0 - 1 > s0.0)
            || next.is_some_and(|n| n.capitalized && n.is_word);
        let shouting = original.chars().filter(|c| c.is_alphabetic()).count() > 1
            && !original.chars().any(char::is_lowercase);
        let titled = self.titled(doc, start).is_some();
        // Part of a hyphenated name (`Kimberly-Clark`, `Browne-Jorgensen`).
        let hyphenated = doc.text[end..].starts_with(['-', '‐'])
            && doc.text[end..]
                .chars()
                .nth(1)
                .is_some_and(char::is_alphabetic)
            || doc.text[..start].ends_with(['-', '‐'])
                && doc.text[..start]
                    .chars()
                    .rev()
                    .nth(1)
                    .is_some_and(char::is_alphabetic);
        // After an initial (`Robert F. Kennedy`): someone's full name.
        let after_initial = t0 >= 2
            && doc.tokens[t0 - 1].lower == "."
            && doc.tokens[t0 - 2].lower.chars().count() == 1
            && doc.tokens[t0 - 2].capitalized;
        hyphenated
            || after_initial
            || (common && (starts_clause || in_longer_name))
            || WEEKDAYS_MONTHS.contains(&folded.as_str())
            || shouting
            || (self.given_names.contains(&folded) && !titled)
    }

    /// The title head right before the name (`President Roosevelt`), if any.
    fn titled(&self, doc: &Doc<'_>, start: usize) -> Option<String> {
        let t = doc.token_before(start)?;
        let w = &doc.tokens[t].lower;
        self.rules
            .title_heads
            .contains(w.as_str())
            .then(|| w.to_string())
    }

    /// Whether this person may be named by surname alone here: a surname of three letters or
    /// more (or one the gazetteer gives), and either right after a title of an office they
    /// had taken by then, or in office near the date; a surname many people share needs the
    /// person in office on the very date.
    fn notable(&self, doc: &Doc<'_>, start: usize, ent: &Entity) -> bool {
        let surname = surname_of(ent).unwrap_or_default();
        if surname.chars().filter(|c| c.is_alphabetic()).count() < 3 && ent.surname.is_none() {
            return false;
        }
        let begun = |o: &newsgraph_model::Office| {
            doc.published.is_none_or(|d| {
                o.start
                    .as_deref()
                    .and_then(|s| parse_partial_date(s, DateBound::Start))
                    .is_none_or(|s| s <= d)
            })
        };
        if let Some(head) = self.titled(doc, start) {
            return ent.offices.iter().any(|o| {
                begun(o) && fold_str(&o.role, true).split(' ').next_back() == Some(head.as_str())
            });
        }
        let shared = self
            .surname_counts
            .get(&fold_str(&surname, true))
            .copied()
            .unwrap_or(0);
        if shared >= 3 {
            return doc.published.is_some()
                && self.gaz.offices_on(ent, doc.published).next().is_some();
        }
        self.in_office_near(ent, doc.published)
    }

    /// Whether a person held an office that had not ended more than [`NOTABLE_YEARS`] before
    /// the date (any office when the document is undated).
    fn in_office_near(&self, e: &Entity, date: Option<chrono::NaiveDate>) -> bool {
        e.offices.iter().any(|o| {
            let Some(d) = date else { return true };
            let start = o
                .start
                .as_deref()
                .and_then(|s| parse_partial_date(s, DateBound::Start));
            let end = o
                .end
                .as_deref()
                .and_then(|s| parse_partial_date(s, DateBound::End));
            start.is_none_or(|s| s <= d)
                && end.is_none_or(|e| (d - e).num_days() <= NOTABLE_YEARS * 366)
        })
    }

    /// `<organisers> summit` spans (NATO summit, EU-US summit, G7 Leaders' Summit) become one
    /// summit mention; the organisers' own mentions inside it are not emitted.
    fn summits(&self, doc: &mut Doc<'_>) {
        let mut out: Vec<M> = Vec::with_capacity(doc.mentions.len());
        let mentions = std::mem::take(&mut doc.mentions);
        let text = doc.text;
        let mut i = 0;
        while i < mentions.len() {
            // The longest run of organisers joined by dashes or slashes, starting here.
            let mut j = i;
            while j + 1 < mentions.len() {
                let gap = &text[mentions[j].end..mentions[j + 1].start];
                if matches!(gap.trim(), "-" | "–" | "—" | "/") && mentions[j + 1].entity.is_some()
                {
                    j += 1;
                } else {
                    break;
                }
            }
            let organisers_ok = mentions[i..=j].iter().all(|m| {
                m.entity.is_some()
                    && matches!(
                        m.kind.as_str(),
                        EntityType::ORGANIZATION
                            | EntityType::COUNTRY
                            | EntityType::REGION
                            | EntityType::PERSON
                    )
            });
            let after = &text[mentions[j].end..];
            let summit_end = organisers_ok.then(|| summit_word(after)).flatten();
            match summit_end {
                Some(len) => {
                    let end = mentions[j].end + len;
                    let organisers: Vec<usize> =
                        mentions[i..=j].iter().filter_map(|m| m.entity).collect();
                    let e = self.summit_entity(doc, &organisers);
                    out.push(M {
                        start: mentions[i].start,
                        end,
                        entity: Some(e),
                        kind: EntityType::SUMMIT.to_string(),
                        how: MentionKind::Summit,
                        sentence: mentions[i].sentence,
                        candidate: false,
                        candidates: Vec::new(),
                        role: None,
                    });
                    i = j + 1;
                }
                None => {
                    out.push(mentions[i].clone());
                    i += 1;
                }
            }
        }
        doc.mentions = out;
    }

    /// The summit entity of these organisers in the document's month.
    fn summit_entity(&self, doc: &mut Doc<'_>, organisers: &[usize]) -> usize {
        let short = |e: &Entity| {
            e.acronyms
                .first()
                .filter(|a| !a.contains('.'))
                .cloned()
                .unwrap_or_else(|| e.name.clone())
        };
        let names: Vec<String> = organisers
            .iter()
            .map(|&o| short(&doc.entities[o]))
            .collect();
        let ids: Vec<String> = organisers
            .iter()
            .map(|&o| doc.entities[o].id.clone())
            .collect();
        let base = format!("{} summit", names.join("-"));
        let month = doc.published.map(|d| d.format("%Y-%m").to_string());
        let (id, name) = match &month {
            Some(m) => {
                let pretty = parse_partial_date(m, DateBound::Start)
                    .map(|d| d.format("%B %Y").to_string())
                    .unwrap_or_default();
                (
                    format!("{}-{m}", newsgraph_model::slug(&base)),
                    format!("{base} ({pretty})"),
                )
            }
            None => (newsgraph_model::slug(&base), base),
        };
        if let Some(i) = doc.entity_by_id(&id) {
            return i;
        }
        let mut e = Entity::new(id, EntityType::SUMMIT, name);
        e.organizers = ids;
        e.date = month;
        doc.entity_index(&e)
    }

    /// Role cues on people (`US President Joe Biden` → "President"), and candidate names
    /// that a role cue or an apposition introduces.
    fn roles_and_candidates(&self, doc: &mut Doc<'_>) {
        for i in 0..doc.mentions.len() {
            if doc.mentions[i].kind == EntityType::PERSON {
                let start = doc.mentions[i].start;
                doc.mentions[i].role = self.title_before(doc, start);
            }
        }
        let mut extra = Vec::new();
        let mut s = 0;
        while s < doc.sentences.len() {
            let (first, last) = doc.sentence_tokens[s];
            let mut t = first;
            while t < last {
                if let Some((ts, te, kind, role)) = self.candidate_at(doc, t, last) {
                    extra.push(M {
                        start: doc.tokens[ts].start,
                        end: doc.tokens[te - 1].end,
                        entity: None,
                        kind,
                        how: MentionKind::Candidate,
                        sentence: s,
                        candidate: true,
                        candidates: Vec::new(),
                        role,
                    });
                    t = te;
                } else {
                    t += 1;
                }
            }
            s += 1;
        }
        if extra.is_empty() {
            return;
        }
        // A candidate organisation absorbs the gazetteer mentions inside it
        // (`Center for European Reform` is not a mention of Europe).
        doc.mentions
            .retain(|m| !extra.iter().any(|c| c.start <= m.start && m.end <= c.end));
        doc.mentions.extend(extra);
        doc.mentions.sort_by_key(|m| (m.start, m.end));
    }

    fn is_title_word(&self, w: &str) -> bool {
        self.rules.title_heads.contains(w) || self.rules.title_modifiers.contains(w)
    }

    /// The title words right before a byte offset: a run of title words and capitalised
    /// words that ends in a title head (`Prime Minister`, `Socialist MEP`).
    pub fn title_before(&self, doc: &Doc<'_>, start: usize) -> Option<(usize, usize)> {
        let sentence = doc.sentence_of(start);
        let first = doc.sentence_tokens[sentence].0;
        let mut t = doc.token_before(start)?;
        if t < first
            || !self
                .rules
                .title_heads
                .contains(doc.tokens[t].lower.as_str())
        {
            return None;
        }
        let end = doc.tokens[t].end;
        let mut begin = doc.tokens[t].start;
        while t > first {
            let p = t - 1;
            let tok = &doc.tokens[p];
            if doc.mention_at_token(p).is_some() || !tok.is_word {
                break;
            }
            let ok = self.is_title_word(&tok.lower)
                || self.rules.title_past.contains(tok.lower.as_str())
                || (tok.capitalized
                    && p != first
                    && !WEEKDAYS_MONTHS.contains(&tok.lower.as_str()));
            if !ok {
                break;
            }
            begin = tok.start;
            t = p;
        }
        Some((begin, end))
    }

    /// A candidate name starting at token `t`: capitalised words after a title
    /// (`MEP Tonino Picula`), before an apposition (`Ian Bond, director of`), or an
    /// organisation name built on a head word (`Center for European Reform`).
    fn candidate_at(&self, doc: &Doc<'_>, t: usize, last: usize) -> Option<CandidateSpan> {
        let name_word = |i: usize| {
            i < last && {
                let tok = &doc.tokens[i];
                tok.is_word
                    && tok.capitalized
                    && tok
                        .lower
                        .chars()
                        .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
                    && !self.is_title_word(&tok.lower)
                    && !WEEKDAYS_MONTHS.contains(&tok.lower.as_str())
                    && doc.mention_at_token(i).is_none()
            }
        };
        let tok = &doc.tokens[t];
        // An organisation: head word first, then of/for/on and capitalised words.
        if tok.capitalized && self.rules.organization_heads.contains(tok.lower.as_str()) && t > 0 {
            let mut e = t + 1;
            let mut words = 1;
            while e + 1 < last
                && matches!(doc.tokens[e].lower.as_str(), "for" | "of" | "on" | "and")
                && doc.tokens[e + 1].capitalized
            {
                let mut k = e + 1;
                while k < last && doc.tokens[k].capitalized && doc.tokens[k].is_word {
                    k += 1;
                    words += 1;
                }
                e = k;
            }
            if words >= 2 {
                return Some((t, e, EntityType::ORGANIZATION.to_string(), None));
            }
        }
        if !name_word(t) {
            return None;
        }
        let mut e = t;
        while e < last && e - t < 3 && name_word(e) {
            e += 1;
        }
        let len = e - t;
        if len < 2 {
            return None;
        }
        // After a title: `MEP Tonino Picula`, `co-leader Philippe Lamberts`.
        if t > 0 && doc.token_sentence[t - 1] == doc.token_sentence[t] {
            if let Some(role) = self.title_before(doc, doc.tokens[t].start) {
                return Some((t, e, EntityType::PERSON.to_string(), Some(role)));
            }
        }
        // Before an apposition: `Ian Bond, director of ...`.
        let comma = e < last && doc.tokens[e].lower == ",";
        let next = doc.tokens.get(e + 1).filter(|_| e + 1 < last);
        if comma && next.is_some_and(|n| self.rules.title_heads.contains(n.lower.as_str())) {
            return Some((t, e, EntityType::PERSON.to_string(), None));
        }
        // A known given name and a capitalised word (`Anne Sacoolas`, `Harry Dunn`); at the
        // start of a sentence only when the given name is no ordinary word.
        let first = &doc.tokens[t].lower;
        let sentence_start = t == doc.sentence_tokens[doc.token_sentence[t]].0;
        if self.given_names.contains(first.as_str())
            && !(sentence_start && self.gaz.is_common_word(first))
        {
            return Some((t, e, EntityType::PERSON.to_string(), None));
        }
        None
    }
}

/// If `after` (the text right after an organiser) continues with `summit` (perhaps
/// `leaders' summit`), the byte length up to the end of that word.
fn summit_word(after: &str) -> Option<usize> {
    let trimmed = after.trim_start_matches([' ', '\u{a0}']);
    let lead = after.len() - trimmed.len();
    if lead == 0 {
        return None;
    }
    let mut rest = trimmed;
    let mut used = lead;
    for prefix in ["leaders' ", "leaders’ ", "Leaders' ", "Leaders’ "] {
        if let Some(r) = rest.strip_prefix(prefix) {
            used += prefix.len();
            rest = r;
            break;
        }
    }
    let word_end = rest
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(rest.len());
    let word = &rest[..word_end];
    word.eq_ignore_ascii_case("summit")
        .then_some(used + word_end)
}

/// Index of persons by (title head word, organisation) for the offices held, to resolve
/// `the US president` to the holder on a date.
pub(crate) fn office_index(gaz: &Gazetteer) -> HashMap<(String, String), Vec<usize>> {
    let mut idx: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for (i, e) in gaz.entities().iter().enumerate() {
        for o in &e.offices {
            if let Some(of) = &o.of {
                let role = fold_str(&o.role, true);
                idx.entry((role, of.clone())).or_default().push(i);
            }
        }
    }
    for v in idx.values_mut() {
        v.dedup();
    }
    idx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summit_words() {
        let cases = [
            (" summit in Brussels", Some(7)),
            (" Summit", Some(7)),
            (" leaders’ summit", Some(18)),
            ("summit", None),
            (" summitry", None),
            (" meeting", None),
        ];
        for (after, want) in cases {
            assert_eq!(summit_word(after), want, "{after}");
        }
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("radoslaw", "radoskaw"), 1);
        assert_eq!(edit_distance("tim", "tom"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
