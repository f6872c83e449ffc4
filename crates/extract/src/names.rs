//! People's names: surnames alone, first names of someone else, and when a surname may
//! stand for a person without the full name in the document.

use rustc_hash::FxHashSet as HashSet;

use newsgraph_gazetteer::normalize::fold_str;
use newsgraph_gazetteer::surname_of;
use newsgraph_model::{Entity, EntityType, MentionKind};

use crate::doc::{Doc, M};
use crate::tagger::{edit_distance, Span, Tagger, NOTABLE_YEARS};
use crate::when::is_weekday_or_month;

impl<'a> Tagger<'a> {
    /// A person's name followed by a capitalised word that is no known name (or only a
    /// place's, as in `Kobe Bryant`) is part of someone else's name (`Philippe Lamberts` is
    /// not King Philippe): a candidate.
    pub(crate) fn first_name_of_someone_else(
        &self,
        doc: &Doc<'a>,
        start: usize,
        end: usize,
        spans: &[Span],
    ) -> Option<M<'a>> {
        let t = doc.token_at_or_after(end);
        let tok = doc.tokens.get(t)?;
        let same_sentence = doc.sentence_of(tok.start) == doc.sentence_of(start);
        let unknown_name =
            same_sentence && doc.between(end, tok.start) == " " && self.name_word(doc, t, spans);
        unknown_name
            .then(|| M::candidate(start, tok.end, EntityType::PERSON, doc.sentence_of(start)))
    }

    /// A surname alone: with a first name before it (the person's, perhaps spelled another
    /// way, or someone else's), or alone when the document or the gazetteer leaves no doubt.
    pub(crate) fn surname(
        &self,
        doc: &mut Doc<'a>,
        start: usize,
        end: usize,
        e: usize,
        context: &HashSet<usize>,
        spans: &[Span],
    ) -> Option<M<'a>> {
        let ent = self.entity(e);
        if let Some(t) = doc.token_before(start) {
            let tok = &doc.tokens[t];
            let same_sentence = doc.token_sentence[t] == doc.sentence_of(start);
            let first_token = doc.sentence_tokens[doc.token_sentence[t]].0 == t;
            let gap = doc.between(tok.end, start);
            let looks_like_first_name = same_sentence
                && gap.chars().all(|c| c == ' ')
                && !gap.is_empty()
                && self.name_word(doc, t, spans)
                && !(first_token && self.gaz.is_common_word(tok.lower));
            if looks_like_first_name {
                let given: Vec<String> = std::iter::once(&ent.name)
                    .chain(&ent.aliases)
                    .filter_map(|n| n.split_whitespace().next())
                    .map(|w| fold_str(w, true))
                    .collect();
                let first = tok.lower;
                let close = given.iter().any(|g| {
                    let d = edit_distance(g, first);
                    d == 0 || (d <= 2 && g.len() >= 5 && first.len() >= 5)
                });
                let tstart = tok.start;
                if close {
                    return Some(self.mention(doc, tstart, end, e, MentionKind::Partial));
                }
                // Someone else of that name: a candidate, never a wrong link.
                let sentence = doc.sentence_of(start);
                return Some(M::candidate(tstart, end, EntityType::PERSON, sentence));
            }
        }
        let folded = fold_str(&doc.text[start..end], true);
        let t0 = doc.token_at_or_after(start);
        let s0 = doc.sentence_tokens[doc.sentence_of(start)];
        let prev = (t0 > s0.0).then(|| &doc.tokens[t0 - 1]);
        let te = doc.token_at_or_after(end);
        let next = doc.tokens.get(te).filter(|_| te < s0.1);
        let month_like = is_weekday_or_month(folded.as_str());
        let next_is_number = next.is_some_and(|n| n.lower.chars().all(|c| c.is_ascii_digit()));
        let after_preposition = prev.is_some_and(|p| self.rules.prepositions.contains(p.lower));
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
    pub(crate) fn name_word(&self, doc: &Doc<'a>, t: usize, spans: &[Span]) -> bool {
        let tok = &doc.tokens[t];
        let text = &doc.text[tok.start..tok.end];
        let plain = tok.is_word
            && tok.capitalized
            && text.chars().any(char::is_lowercase)
            && tok.lower.chars().all(char::is_alphabetic)
            && !self.is_title_word(tok.lower)
            && !self.rules.title_past.contains(tok.lower)
            && !is_weekday_or_month(tok.lower);
        plain
            && spans
                .iter()
                .filter(|s| s.start < tok.end && tok.start < s.end)
                .all(|s| !s.person && s.start == tok.start && s.end == tok.end)
    }

    /// Whether a surname standing alone here must not link to anyone: a common word at the
    /// start of a sentence or quote or inside a longer name, a month, capitals, a given name.
    pub(crate) fn alone_blocked(&self, doc: &Doc<'a>, start: usize, end: usize) -> bool {
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
        let starts_clause = prev.is_none_or(|p| !p.is_word && !matches!(p.lower, "," | "'s"));
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
            || is_weekday_or_month(folded.as_str())
            || shouting
            || (self.given_names.contains(&folded) && !titled)
    }

    /// The title head right before the name (`President Roosevelt`), if any.
    pub(crate) fn titled(&self, doc: &Doc<'a>, start: usize) -> Option<String> {
        let t = doc.token_before(start)?;
        let w = doc.tokens[t].lower;
        self.rules.title_heads.contains(w).then(|| w.to_string())
    }

    /// Whether this person may be named by surname alone here: a surname of three letters or
    /// more (or one the gazetteer gives), and either right after a title of an office they
    /// had taken by then, or in office near the date; a surname many people share needs the
    /// person in office on the very date.
    pub(crate) fn notable(&self, doc: &Doc<'a>, start: usize, ent: &Entity) -> bool {
        let surname = surname_of(ent).unwrap_or_default();
        if surname.chars().filter(|c| c.is_alphabetic()).count() < 3 && ent.surname.is_none() {
            return false;
        }
        let begun = |o: &newsgraph_model::Office| {
            doc.published
                .is_none_or(|d| o.period().start.is_none_or(|s| s <= d))
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
    pub(crate) fn in_office_near(&self, e: &Entity, date: Option<chrono::NaiveDate>) -> bool {
        e.offices.iter().any(|o| {
            let Some(d) = date else { return true };
            let period = o.period();
            period.start.is_none_or(|s| s <= d)
                && period
                    .end
                    .is_none_or(|e| (d - e).num_days() <= NOTABLE_YEARS * 366)
        })
    }

    /// A surname alone, or a one-word place, that is the last name of a candidate person in
    /// the same document (`Kobe Bryant ... Bryant said`, `Darcy Richardson ... Richardson`) is
    /// that person, not a gazetteer namesake: unlinked.
    pub(crate) fn surnames_of_candidates(&self, doc: &mut Doc<'a>, context: &HashSet<usize>) {
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
            let text = &doc.text[m.start..m.end];
            let one_word_place = !text.contains(' ')
                && matches!(m.how, MentionKind::Name | MentionKind::Alias)
                && doc.entities[e].kind.is_place()
                && !doc.entities[e].kind.is(EntityType::COUNTRY);
            if (m.how == MentionKind::Partial || one_word_place)
                && !named
                && last_names.contains(&fold_str(text, true))
            {
                m.entity = None;
                m.candidate = true;
                m.how = MentionKind::Candidate;
                m.kind = EntityType::PERSON;
            }
        }
    }

    /// Whether a one-word place name is here part of another name: next to a capitalised
    /// word no gazetteer knows (`Paris Saint-Germain`, `Darcy Richardson`, `South West
    /// Railway`) unless that word starts a person's name (`Scotland Nicola Sturgeon`), next to
    /// another one-word place (`George Washington`), joined by a hyphen to an unknown word
    /// (`Spider-Man`), a city that is also a given name where no preposition makes it a place
    /// (`his children Elizabeth and Susan`), or an ordinary word opening a sentence (`Nice to
    /// meet you`).
    pub(crate) fn place_in_other_name(
        &self,
        doc: &Doc<'a>,
        start: usize,
        end: usize,
        e: usize,
        spans: &[Span],
    ) -> bool {
        let original = &doc.text[start..end];
        if original.contains(char::is_whitespace) {
            return false;
        }
        let folded = fold_str(original, true);
        // The token holding the start; a name inside a longer token (`Spider-Man`) has no
        // neighbours of its own.
        let t0 = doc.tokens.partition_point(|t| t.end <= start);
        let Some(word) = doc.tokens.get(t0) else {
            return false;
        };
        let inside = word.start < start || end < word.end;
        let s0 = doc.sentence_tokens[doc.sentence_of(start)];
        let te = doc.token_at_or_after(end);
        let covered = |t: usize| {
            let tok = &doc.tokens[t];
            spans
                .iter()
                .find(|s| s.start < tok.end && tok.start < s.end)
        };
        let unknown_word = |t: usize| {
            let tok = &doc.tokens[t];
            let text = &doc.text[tok.start..tok.end];
            tok.is_word
                && tok.capitalized
                && text.chars().any(char::is_lowercase)
                && tok.lower.chars().all(|c| c.is_alphabetic() || c == '-')
                && !self.is_title_word(tok.lower)
                && !is_weekday_or_month(tok.lower)
                && covered(t).is_none()
        };
        let spaced = |a: usize, b: usize| doc.between(a, b) == " ";
        // After an initial (`John R. Bolton`).
        if !inside
            && t0 >= 2
            && doc.tokens[t0 - 1].lower == "."
            && doc.tokens[t0 - 2].lower.chars().count() == 1
            && doc.tokens[t0 - 2].capitalized
        {
            return true;
        }
        if !inside && te < s0.1 && spaced(end, doc.tokens[te].start) {
            let given = self.given_names.contains(doc.tokens[te].lower);
            if (unknown_word(te) && !given) || covered(te).is_some_and(|s| s.small_place) {
                return true;
            }
        }
        if !inside && t0 > s0.0 && spaced(doc.tokens[t0 - 1].end, start) {
            let p = t0 - 1;
            if (p > s0.0 && unknown_word(p)) || covered(p).is_some_and(|s| s.small_place) {
                return true;
            }
        }
        // Inside a hyphenated word whose other part is no known name (`Spider-Man`).
        if inside && word.start <= start && end <= word.end {
            let rest: Vec<&str> = doc.text[word.start..word.end]
                .split(['-', '‐'])
                .filter(|part| !part.is_empty() && *part != original)
                .collect();
            let unknown = rest.iter().any(|part| {
                part.chars().next().is_some_and(char::is_uppercase)
                    && !spans.iter().any(|s| doc.text[s.start..s.end] == **part)
            });
            if unknown {
                return true;
            }
        }
        let prev = (t0 > s0.0).then(|| &doc.tokens[t0 - 1]);
        let after_preposition = prev.is_some_and(|p| self.rules.prepositions.contains(p.lower));
        let city = self.entity(e).kind.is(EntityType::CITY);
        if city && self.given_names.contains(&folded) && !after_preposition {
            return true;
        }
        // Countries are exempt: `Turkey` opening a sentence is the country.
        let starts_clause = prev.is_none_or(|p| !p.is_word && !matches!(p.lower, "," | "'s"));
        !self.entity(e).kind.is(EntityType::COUNTRY)
            && self.gaz.is_common_word(&folded)
            && starts_clause
    }
}
