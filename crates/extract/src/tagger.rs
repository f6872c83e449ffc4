//! From raw alias hits to mentions: longest match, ambiguity resolved in the document's
//! context, surnames, summits, role cues and candidate names.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use newsgraph_gazetteer::normalize::fold_str;
use newsgraph_gazetteer::{surname_of, Gazetteer, Matcher};
use newsgraph_model::{parse_partial_date, DateBound, Entity, EntityType, MentionKind};

use crate::doc::{Doc, M};
use crate::rules::Rules;
use crate::when::{is_weekday_or_month, MONTHS, WEEKDAYS};

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

/// Which type wins an ambiguous name when nothing in the document decides it: a country,
/// then a city of a million people, a region (`Virginia` the state over a town of that name),
/// an organisation, a smaller city, anything else, a person.
fn type_rank(e: &Entity) -> u8 {
    match e.kind.as_str() {
        EntityType::COUNTRY => 0,
        EntityType::CITY if e.population.unwrap_or(0) >= 1_000_000 => 1,
        EntityType::REGION => 2,
        EntityType::ORGANIZATION => 3,
        EntityType::CITY => 4,
        EntityType::PERSON => 6,
        _ => 5,
    }
}

/// Edit distance, for first names spelled another way (Radoskaw / Radosław).
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
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
type CandidateSpan = (usize, usize, &'static str, Option<(usize, usize)>);

/// A span of a full name, and whether it names a person.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Span {
    pub start: usize,
    pub end: usize,
    pub person: bool,
    /// A one-word city, region or other place that is no country (`Washington`, `George`).
    pub small_place: bool,
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
    /// The title words, weekdays and months: no word of a candidate name.
    pub title_and_date_words: &'a HashSet<String>,
}

/// The title words ([`Tagger::is_title_word`]), weekdays and months, in one set.
pub(crate) fn title_and_date_words(rules: &Rules) -> HashSet<String> {
    let dates = WEEKDAYS.iter().chain(&MONTHS).map(|w| w.to_string());
    rules
        .title_heads
        .iter()
        .chain(&rules.title_modifiers)
        .cloned()
        .chain(dates)
        .collect()
}

/// How many of the gazetteer's people share each surname.
pub(crate) fn surname_counts(gaz: &Gazetteer) -> HashMap<String, usize> {
    let mut counts: HashMap<String, usize> = HashMap::default();
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
pub(crate) const NOTABLE_YEARS: i64 = 15;

/// The given names of the gazetteer's people, folded.
pub(crate) fn given_names(gaz: &Gazetteer) -> HashSet<String> {
    let mut names = HashSet::default();
    for e in gaz
        .entities()
        .iter()
        .filter(|e| e.kind.is(EntityType::PERSON))
    {
        // Where the family name comes first (`Park Geun-hye`, surname `Park`), the first word
        // is no given name.
        let family = e.surname.as_deref().map(|s| fold_str(s, true));
        for n in std::iter::once(&e.name).chain(&e.aliases) {
            let mut words = n.split_whitespace();
            let (Some(first), Some(_)) = (words.next(), words.next()) else {
                continue;
            };
            let w = fold_str(first, true);
            if w.chars().all(char::is_alphabetic) && family.as_deref() != Some(w.as_str()) {
                names.insert(w);
            }
        }
    }
    names
}

impl<'a> Tagger<'a> {
    /// Finds and links every mention of the document.
    pub fn tag(&self, doc: &mut Doc<'a>) {
        let hits = self.matcher.find(doc.text);
        // Longest match wins; nested and overlapping later matches are dropped. The candidates
        // of all chosen hits are one list, each hit a range of it.
        let mut all: Vec<Cand> = Vec::with_capacity(hits.len());
        let mut ranges: Vec<(usize, usize, std::ops::Range<usize>)> =
            Vec::with_capacity(hits.len());
        let mut last_end = 0;
        for h in hits {
            if h.start < last_end {
                continue;
            }
            let first = all.len();
            for &r in h.refs.iter() {
                let a = self.matcher.alias(r);
                let e = a.entity as usize;
                match all[first..].iter_mut().find(|c| c.entity == e) {
                    Some(c) if kind_rank(a.kind) < kind_rank(c.how) => c.how = a.kind,
                    Some(_) => {}
                    None => all.push(Cand {
                        entity: e,
                        how: a.kind,
                    }),
                }
            }
            last_end = h.end;
            ranges.push((h.start, h.end, first..all.len()));
        }
        let chosen: Vec<(usize, usize, &[Cand])> = ranges
            .into_iter()
            .map(|(s, e, r)| (s, e, &all[r]))
            .collect();
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
                small_place: !doc.text[*s..*e].contains(' ')
                    && c.iter().all(|c| {
                        let k = &self.entity(c.entity).kind;
                        k.is_place() && !k.is(EntityType::COUNTRY)
                    }),
            })
            .collect();
        let mut mentions = Vec::with_capacity(chosen.len());
        for &(start, end, cands) in &chosen {
            if let Some(m) = self.resolve(doc, start, end, cands, &context, &spans) {
                mentions.push(m);
            }
        }
        // A name widened to its first name may reach into the next span: keep the first.
        mentions.sort_by_key(|m: &M<'a>| (m.start, std::cmp::Reverse(m.end)));
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

    pub(crate) fn entity(&self, i: usize) -> &'a Entity {
        &self.gaz.entities()[i]
    }

    pub(crate) fn mention(
        &self,
        doc: &mut Doc<'a>,
        start: usize,
        end: usize,
        e: usize,
        how: MentionKind,
    ) -> M<'a> {
        let ent = self.entity(e);
        let kind = ent.kind.0.as_str();
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
        doc: &mut Doc<'a>,
        start: usize,
        end: usize,
        cands: &[Cand],
        context: &HashSet<usize>,
        spans: &[Span],
    ) -> Option<M<'a>> {
        let narrowed;
        let cands = if cands.len() > 1 {
            narrowed = self.narrow(doc, start, end, cands, context)?;
            &narrowed[..]
        } else {
            cands
        };
        if cands.len() > 1 {
            let mut ids: Vec<String> = cands
                .iter()
                .map(|c| self.entity(c.entity).id.clone())
                .collect();
            ids.sort();
            let kind = self.entity(cands[0].entity).kind.0.as_str();
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
        if matches!(c.how, MentionKind::Name | MentionKind::Alias)
            && self.entity(c.entity).kind.is_place()
            && self.place_in_other_name(doc, start, end, c.entity, spans)
        {
            return None;
        }
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

    /// Narrows the candidates of an ambiguous span by the document's context, types,
    /// populations and offices; none when only surnames of people not notable enough remain.
    fn narrow(
        &self,
        doc: &Doc<'a>,
        start: usize,
        end: usize,
        cands: &[Cand],
        context: &HashSet<usize>,
    ) -> Option<Vec<Cand>> {
        let mut cands = cands.to_vec();
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
                .map(|c| type_rank(self.entity(c.entity)))
                .min()
                .unwrap_or(0);
            cands.retain(|c| type_rank(self.entity(c.entity)) == best);
            self.prefer_population(&mut cands);
            self.prefer_office_holders(doc, &mut cands);
        }
        Some(cands)
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
    fn prefer_office_holders(&self, doc: &Doc<'a>, cands: &mut Vec<Cand>) {
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

    /// `<organisers> summit` spans (NATO summit, EU-US summit, G7 Leaders' Summit) become one
    /// summit mention; the organisers' own mentions inside it are not emitted.
    fn summits(&self, doc: &mut Doc<'a>) {
        let mut out: Vec<M<'a>> = Vec::with_capacity(doc.mentions.len());
        let mentions = std::mem::take(&mut doc.mentions);
        let text = doc.text;
        let mut i = 0;
        while i < mentions.len() {
            // The longest run of organisers joined by dashes or slashes, starting here.
            let mut j = i;
            while j + 1 < mentions.len() {
                let gap = doc.between(mentions[j].end, mentions[j + 1].start);
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
                        m.kind,
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
                        kind: EntityType::SUMMIT,
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
    fn summit_entity(&self, doc: &mut Doc<'a>, organisers: &[usize]) -> usize {
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
        doc.own_entity_index(e)
    }

    /// Role cues on people (`US President Joe Biden` → "President"), and candidate names
    /// that a role cue or an apposition introduces.
    fn roles_and_candidates(&self, doc: &mut Doc<'a>) {
        for i in 0..doc.mentions.len() {
            if doc.mentions[i].kind == EntityType::PERSON {
                let start = doc.mentions[i].start;
                doc.mentions[i].role = self.title_before(doc, start);
            }
        }
        let name_words: Vec<bool> = (0..doc.tokens.len())
            .map(|i| doc.tokens[i].capitalized && self.candidate_word(doc, i))
            .collect();
        let mut extra = Vec::new();
        let mut s = 0;
        while s < doc.sentences.len() {
            let (first, last) = doc.sentence_tokens[s];
            let mut t = first;
            while t < last {
                // Every candidate starts with a capital, and most words have none.
                if !doc.tokens[t].capitalized {
                    t += 1;
                    continue;
                }
                if let Some((ts, te, kind, role)) = self.candidate_at(doc, &name_words, t, last) {
                    let mut m = M::candidate(doc.tokens[ts].start, doc.tokens[te - 1].end, kind, s);
                    m.role = role;
                    extra.push(m);
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
        // A candidate that would cut through a mention gives way to it; one that holds
        // mentions whole absorbs them (`Center for European Reform` is no mention of Europe).
        let crosses = |c: &M, m: &M<'a>| {
            c.start < m.end && m.start < c.end && !(c.start <= m.start && m.end <= c.end)
        };
        extra.retain(|c| !doc.mentions.iter().any(|m| crosses(c, m)));
        doc.mentions
            .retain(|m| !extra.iter().any(|c| c.start <= m.start && m.end <= c.end));
        doc.mentions.extend(extra);
        doc.mentions.sort_by_key(|m| (m.start, m.end));
    }

    pub(crate) fn is_title_word(&self, w: &str) -> bool {
        self.rules.title_heads.contains(w) || self.rules.title_modifiers.contains(w)
    }

    /// The title words right before a byte offset: a run of title words and capitalised
    /// words that ends in a title head (`Prime Minister`, `Socialist MEP`).
    pub fn title_before(&self, doc: &Doc<'a>, start: usize) -> Option<(usize, usize)> {
        let sentence = doc.sentence_of(start);
        let first = doc.sentence_tokens[sentence].0;
        let mut t = doc.token_before(start)?;
        if t < first || !self.rules.title_heads.contains(doc.tokens[t].lower) {
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
            let ok = self.is_title_word(tok.lower)
                || self.rules.title_past.contains(tok.lower)
                || (tok.capitalized && p != first && !is_weekday_or_month(tok.lower));
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
    /// Whether token `i` can be a word of a candidate name: a capitalised word, no title,
    /// weekday or month, outside the mentions.
    fn candidate_word(&self, doc: &Doc<'a>, i: usize) -> bool {
        let tok = &doc.tokens[i];
        // The cheap tests first: most capitalised words are names, inside mentions.
        tok.is_word
            && tok.capitalized
            && doc.mention_at_token(i).is_none()
            && tok
                .lower
                .chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
            && !self.title_and_date_words.contains(tok.lower)
    }

    /// `name_words` holds [`Tagger::candidate_word`] of each token.
    fn candidate_at(
        &self,
        doc: &Doc<'a>,
        name_words: &[bool],
        t: usize,
        last: usize,
    ) -> Option<CandidateSpan> {
        let name_word = |i: usize| i < last && name_words[i];
        let tok = &doc.tokens[t];
        // An organisation: head word first, then of/for/on and capitalised words.
        if tok.capitalized && self.rules.organization_heads.contains(tok.lower) && t > 0 {
            let mut e = t + 1;
            let mut words = 1;
            while e + 1 < last
                && matches!(doc.tokens[e].lower, "for" | "of" | "on" | "and")
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
                return Some((t, e, EntityType::ORGANIZATION, None));
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
                return Some((t, e, EntityType::PERSON, Some(role)));
            }
        }
        // Before an apposition: `Ian Bond, director of ...`.
        let comma = e < last && doc.tokens[e].lower == ",";
        let next = doc.tokens.get(e + 1).filter(|_| e + 1 < last);
        if comma && next.is_some_and(|n| self.rules.title_heads.contains(n.lower)) {
            return Some((t, e, EntityType::PERSON, None));
        }
        // A known given name and a capitalised word (`Anne Sacoolas`, `Harry Dunn`); at the
        // start of a sentence only when the given name is no ordinary word.
        let first = doc.tokens[t].lower;
        let sentence_start = t == doc.sentence_tokens[doc.token_sentence[t]].0;
        if self.given_names.contains(first) && !(sentence_start && self.gaz.is_common_word(first)) {
            return Some((t, e, EntityType::PERSON, None));
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
    let mut idx: HashMap<(String, String), Vec<usize>> = HashMap::default();
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
    fn title_and_date_word_set() {
        let rules = Rules::load(&[]).unwrap();
        let set = title_and_date_words(&rules);
        let words = [
            "president",
            "prime",
            "minister",
            "monday",
            "june",
            "may",
            "smith",
            "the",
        ];
        let all = rules.title_heads.iter().chain(&rules.title_modifiers);
        for w in words.into_iter().chain(all.map(String::as_str)) {
            let want = rules.title_heads.contains(w)
                || rules.title_modifiers.contains(w)
                || is_weekday_or_month(w);
            assert_eq!(set.contains(w), want, "{w}");
        }
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("radoslaw", "radoskaw"), 1);
        assert_eq!(edit_distance("tim", "tom"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
