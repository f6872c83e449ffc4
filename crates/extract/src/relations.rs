//! Typed relations from trigger phrases, titles and positions, with modality and dates.
//!
//! Works on the token layer of each sentence, not on a parser: a trigger phrase (lemmas from
//! `triggers.rules`) picks its subject from the left of the clause and its objects from the
//! right, expanding coordinations; modality cues from `modality.rules` are read in the
//! trigger's clause; pronouns and role phrases (`the US president`) stand for people.

use rustc_hash::FxHashMap as HashMap;

use chrono::NaiveDate;
use newsgraph_gazetteer::normalize::fold_str;
use newsgraph_gazetteer::Gazetteer;
use newsgraph_model::{DateSource, EntityType, Evidence, Modality, Predicate, Relation};

use crate::doc::{Doc, R};
use crate::rules::{Frame, Rules, Trigger};
use crate::tagger::Tagger;

/// Something that can fill a relation's slot: a mention, a pronoun or a role phrase.
#[derive(Debug, Clone)]
pub(crate) struct Arg<'t> {
    /// Document entity; None for candidates and ambiguous names, which block but never link.
    pub entity: Option<usize>,
    pub kind: &'t str,
    pub first: usize,
    pub last: usize,
    pub confidence: f32,
    /// An organisation or country acting through its people (`G7 leaders`).
    pub delegation: bool,
}

const BE: &[&str] = &["is", "are", "was", "were", "be", "been", "being"];
pub(crate) const DETERMINERS: &[&str] = &[
    "the", "a", "an", "its", "their", "his", "her", "other", "fellow", "also", "both",
];
/// Words before a trigger word that make it a noun (`a visit`, `his call`).
const NOUN_MARKERS: &[&str] = &[
    "a", "an", "the", "his", "her", "its", "their", "our", "my", "your",
];
const COORDINATORS: &[&str] = &["and", ",", "or", "as well as", "&"];

/// The types a predicate's subject and object may have.
pub(crate) fn allowed(p: Predicate, subject: bool, a: &Arg) -> bool {
    let person = a.kind == EntityType::PERSON;
    let actor = person || matches!(a.kind, EntityType::COUNTRY | EntityType::ORGANIZATION);
    match (p, subject) {
        (Predicate::Met | Predicate::SpokeWith, _) => person,
        (Predicate::TraveledTo, true) => person,
        (Predicate::TraveledTo, false) => {
            matches!(
                a.kind,
                EntityType::COUNTRY | EntityType::CITY | EntityType::REGION | EntityType::LOCATION
            )
        }
        (Predicate::Attended, true) => actor,
        (Predicate::Attended, false) => {
            matches!(a.kind, EntityType::SUMMIT | EntityType::EVENT)
        }
        (Predicate::MemberOf, true) => actor,
        (Predicate::MemberOf, false) => a.kind == EntityType::ORGANIZATION,
        _ => actor,
    }
}

/// What the relation rules need to know of a word form, found with one lookup per token.
#[derive(Debug, Default)]
pub(crate) struct WordInfo {
    /// The triggers the form can start: those of its lemma, then those of the form itself.
    pub triggers: Vec<usize>,
    /// The modality cues whose first word it is.
    pub cues: Vec<usize>,
    pub pronoun: bool,
}

/// The word forms that start a trigger (as themselves or through their lemma) or a modality
/// cue, or are pronouns.
#[derive(Debug, Default)]
pub(crate) struct WordIndex {
    forms: HashMap<String, WordInfo>,
    /// Cues without words, which stand anywhere.
    pub wordless_cues: Vec<usize>,
}

impl WordIndex {
    pub fn get(&self, form: &str) -> Option<&WordInfo> {
        self.forms.get(form)
    }
}

pub(crate) fn word_index(rules: &Rules) -> WordIndex {
    let mut by_first: HashMap<&str, Vec<usize>> = HashMap::default();
    for (i, t) in rules.triggers.iter().enumerate() {
        if let Some(Some(w)) = t.words.first() {
            by_first.entry(w).or_default().push(i);
        }
    }
    let mut out: HashMap<String, WordInfo> = HashMap::default();
    for form in rules.forms().chain(by_first.keys().copied()) {
        let lemma = rules.lemma(form);
        let mut triggers = by_first.get(lemma).cloned().unwrap_or_default();
        if lemma != form {
            triggers.extend(by_first.get(form).into_iter().flatten());
        }
        if !triggers.is_empty() {
            out.entry(form.to_string()).or_default().triggers = triggers;
        }
    }
    for p in &rules.pronouns {
        out.entry(p.clone()).or_default().pronoun = true;
    }
    let mut wordless_cues = Vec::new();
    for (i, cue) in rules.cues.iter().enumerate() {
        match cue.words.first() {
            Some(w) => out.entry(w.clone()).or_default().cues.push(i),
            None => wordless_cues.push(i),
        }
    }
    WordIndex {
        forms: out,
        wordless_cues,
    }
}

/// A modality with the date it came with.
type EventTime = (Modality, Option<NaiveDate>, Option<DateSource>);

pub(crate) struct Extractor<'a> {
    pub tagger: &'a Tagger<'a>,
    pub rules: &'a Rules,
    pub gaz: &'a Gazetteer,
    pub offices: &'a HashMap<(String, String), Vec<usize>>,
    pub words: &'a WordIndex,
}

impl<'a> Extractor<'a> {
    pub fn relations(&self, doc: &mut Doc<'a>) -> Vec<R> {
        let mut out: Vec<R> = Vec::new();
        let words: Vec<Option<&WordInfo>> =
            doc.tokens.iter().map(|x| self.words.get(x.lower)).collect();
        let pronouns = self.resolve_pronouns(doc, &words);
        let role_refs = self.role_references(doc);
        let mut objects_taken: Vec<usize> = Vec::new();
        for s in 0..doc.sentences.len() {
            let args = self.args(doc, s, &pronouns, &role_refs);
            objects_taken.clear();
            let (first, last) = doc.sentence_tokens[s];
            let mut t = first;
            while t < last {
                let Some((trig, end)) = self.trigger_at(doc, words[t], t, last) else {
                    t += 1;
                    continue;
                };
                let before = out.len();
                let found = (trig, t, end);
                self.apply(doc, &words, s, found, &args, &mut objects_taken, &mut out);
                t = if out.len() > before { end } else { t + 1 };
            }
            self.holds_roles(doc, s, &mut out);
            self.positional(doc, s, &args, &mut out);
            self.memberships(doc, s, &mut out);
            self.co_occurrences(doc, s, &mut out);
        }
        self.inherit_nominal_modality(&mut out);
        out
    }

    /// The longest trigger phrase starting at token `t`; exact word forms beat lemmas.
    fn trigger_at<'r>(
        &'r self,
        doc: &Doc<'a>,
        word: Option<&WordInfo>,
        t: usize,
        last: usize,
    ) -> Option<(&'r Trigger, usize)> {
        let lower = doc.tokens[t].lower;
        let mut best: Option<(&Trigger, usize, bool)> = None;
        for &i in word.into_iter().flat_map(|w| &w.triggers) {
            let trig = &self.rules.triggers[i];
            let exact = trig.words[0].as_deref() == Some(lower);
            if let Some(end) = self.match_phrase(doc, trig, t, last) {
                let better = match best {
                    None => true,
                    Some((_, e, x)) => end > e || (end == e && exact && !x),
                };
                if better {
                    best = Some((trig, end, exact));
                }
            }
        }
        best.map(|(tr, e, _)| (tr, e))
    }

    fn match_phrase(&self, doc: &Doc<'a>, trig: &Trigger, t: usize, last: usize) -> Option<usize> {
        let word_ok = |i: usize, w: &str| {
            i < last && {
                let tok = &doc.tokens[i];
                tok.lower == w || self.rules.lemma(tok.lower) == w
            }
        };
        let mut i = t;
        let mut k = 0;
        while k < trig.words.len() {
            match &trig.words[k] {
                Some(w) => {
                    if !word_ok(i, w) {
                        return None;
                    }
                    i += 1;
                    k += 1;
                }
                None => {
                    let next = trig.words[k + 1].as_deref()?;
                    let found = (i..(i + 5).min(last)).find(|&j| {
                        word_ok(j, next) && !doc.tokens[i..j].iter().any(|x| !x.is_word)
                    })?;
                    i = found + 1;
                    k += 2;
                }
            }
        }
        Some(i)
    }

    /// Pronoun tokens and the person each refers back to (the last person named before it),
    /// in token order.
    fn resolve_pronouns(&self, doc: &Doc<'a>, words: &[Option<&WordInfo>]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut last_person: Option<(usize, usize)> = None; // (entity, sentence)
        let mut mi = 0;
        for (t, tok) in doc.tokens.iter().enumerate() {
            while mi < doc.mentions.len() && doc.mentions[mi].start < tok.end {
                let m = &doc.mentions[mi];
                if m.kind == EntityType::PERSON {
                    last_person = m.entity.map(|e| (e, m.sentence));
                }
                mi += 1;
            }
            if words[t].is_some_and(|w| w.pronoun) && doc.mention_at_token(t).is_none() {
                if let Some((e, s)) = last_person {
                    if doc.token_sentence[t] <= s + 2 {
                        out.push((t, e));
                    }
                }
            }
        }
        out
    }

    /// `the US president`, `the Turkish president`: a country or organisation, then a title,
    /// with no name after it, stands for whoever held that office on the document's date.
    fn role_references(&self, doc: &mut Doc<'a>) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let Some(date) = doc.published else {
            return out;
        };
        for mi in 0..doc.mentions.len() {
            let m = &doc.mentions[mi];
            let Some(of) = m.entity else { continue };
            if !matches!(m.kind, EntityType::COUNTRY | EntityType::ORGANIZATION) {
                continue;
            }
            let first = doc.token_at_or_after(m.end);
            let mut t = first;
            // `'s` after the organisation (`Britain's prime minister`).
            if doc.tokens.get(t).is_some_and(|x| x.lower == "'s") {
                t += 1;
            }
            let start = t;
            while t < doc.tokens.len()
                && t - start < 3
                && (self.rules.title_modifiers.contains(doc.tokens[t].lower)
                    || self.rules.title_heads.contains(doc.tokens[t].lower))
            {
                t += 1;
            }
            if t == start || !self.rules.title_heads.contains(doc.tokens[t - 1].lower) {
                continue;
            }
            // A name right after makes it a title, not a reference.
            if t < doc.tokens.len() && doc.mention_at_token(t).is_some() {
                continue;
            }
            let role: Vec<&str> = doc.tokens[start..t].iter().map(|x| x.lower).collect();
            let role = role.join(" ");
            let of_id = doc.entities[of].id.clone();
            let holders: Vec<usize> = self
                .offices
                .get(&(role.clone(), of_id))
                .into_iter()
                .flatten()
                .copied()
                .filter(|&p| {
                    self.gaz
                        .offices_on(&self.gaz.entities()[p], Some(date))
                        .any(|o| {
                            fold_str(&o.role, true) == role
                                && o.of.as_deref() == Some(doc.entities[of].id.as_str())
                        })
                })
                .collect();
            if let [p] = holders[..] {
                let e = doc.entity_index(&self.gaz.entities()[p]);
                // The determiner before the organisation belongs to the phrase.
                let mut s = doc.token_at_or_after(doc.mentions[mi].start);
                if s > 0 && doc.tokens[s - 1].lower == "the" {
                    s -= 1;
                }
                out.push((s, t, e));
            }
        }
        out
    }

    /// Everything in sentence `s` that can fill a slot, in token order.
    fn args(
        &self,
        doc: &Doc<'a>,
        s: usize,
        pronouns: &[(usize, usize)],
        role_refs: &[(usize, usize, usize)],
    ) -> Vec<Arg<'a>> {
        let (first, last) = doc.sentence_tokens[s];
        let mut args: Vec<Arg> = Vec::new();
        for m in doc.mentions_in(s) {
            let a = doc.token_at_or_after(m.start);
            let b = doc.token_before(m.end).unwrap_or(a).max(a);
            let next = doc.tokens.get(b + 1).filter(|_| b + 1 < last);
            let delegation = matches!(m.kind, EntityType::COUNTRY | EntityType::ORGANIZATION)
                && next.is_some_and(|n| self.rules.delegations.contains(n.lower));
            args.push(Arg {
                entity: m.entity,
                kind: m.kind,
                first: a,
                last: if delegation { b + 1 } else { b },
                confidence: 0.9,
                delegation,
            });
        }
        let from = pronouns.partition_point(|&(t, _)| t < first);
        let to = pronouns.partition_point(|&(t, _)| t < last);
        for &(t, e) in &pronouns[from..to] {
            args.push(Arg {
                entity: Some(e),
                kind: EntityType::PERSON,
                first: t,
                last: t,
                confidence: 0.6,
                delegation: false,
            });
        }
        for &(a, b, e) in role_refs {
            if (first..last).contains(&a) {
                // The role phrase replaces the organisation mention inside it.
                args.retain(|x| !(a <= x.first && x.last < b));
                args.push(Arg {
                    entity: Some(e),
                    kind: EntityType::PERSON,
                    first: a,
                    last: b - 1,
                    confidence: 0.7,
                    delegation: false,
                });
            }
        }
        args.sort_by_key(|a| (a.first, a.last));
        args
    }

    pub(crate) fn is_boundary(&self, doc: &Doc<'a>, t: usize) -> bool {
        let w = doc.tokens[t].lower;
        matches!(
            w,
            "." | ";" | ":" | "\"" | "'" | "!" | "?" | "(" | ")" | "—" | "–" | "-"
        ) || self.rules.boundaries.contains(w)
    }

    /// Whether an argument stands right after a preposition (so it is no clause subject).
    fn after_preposition(&self, doc: &Doc<'a>, a: &Arg, first: usize) -> bool {
        let mut t = a.first;
        while t > first {
            let w = doc.tokens[t - 1].lower;
            if DETERMINERS.contains(&w) || w.chars().all(|c| c.is_ascii_digit()) {
                t -= 1;
                continue;
            }
            return self.rules.prepositions.contains(w);
        }
        false
    }

    /// The subject: the nearest fitting argument to the left in the clause that is neither
    /// after a preposition nor an earlier trigger's object.
    fn subject(
        &self,
        doc: &Doc<'a>,
        s: usize,
        p: Predicate,
        trig_start: usize,
        args: &[Arg],
        taken: &[usize],
    ) -> Option<usize> {
        let first = doc.sentence_tokens[s].0;
        let quote_or_colon = (first..trig_start)
            .rev()
            .find(|&t| matches!(doc.tokens[t].lower, "\"" | ":" | ";"));
        let floor = quote_or_colon.map_or(first, |q| q + 1);
        args.iter()
            .enumerate()
            .rev()
            .filter(|(_, a)| a.last < trig_start && a.first >= floor)
            .filter(|(i, _)| !taken.contains(i))
            .filter(|(_, a)| !self.after_preposition(doc, a, floor))
            .find(|(_, a)| {
                // Candidates and ambiguous names block: the subject is someone we cannot name.
                a.entity.is_none() && a.kind == EntityType::PERSON
                    || allowed(p, true, a)
                    || a.delegation && allowed_delegation(p)
            })
            .and_then(|(i, a)| a.entity.map(|_| i))
    }

    /// The objects after `from`: the first fitting argument, then those coordinated with it.
    fn objects(
        &self,
        doc: &Doc<'a>,
        s: usize,
        p: Predicate,
        from: usize,
        args: &[Arg],
    ) -> Vec<usize> {
        let last = doc.sentence_tokens[s].1;
        let mut out = Vec::new();
        let mut t = from;
        let mut budget = 10;
        let mut closed = false;
        while t < last && budget > 0 {
            if let Some((i, a)) = args.iter().enumerate().find(|(_, a)| a.first == t) {
                if allowed(p, false, a) {
                    if a.entity.is_some() {
                        out.push(i);
                    } else if out.is_empty() {
                        return out;
                    }
                    t = a.last + 1;
                    // Coordination: `X and Y`, `X, Y and Z`; after the `and`, a comma ends the list.
                    let mut k = t;
                    let mut joined = false;
                    while k < last && COORDINATORS.contains(&doc.tokens[k].lower) {
                        if doc.tokens[k].lower == "," && closed {
                            joined = false;
                            break;
                        }
                        closed |= doc.tokens[k].lower != ",";
                        joined = true;
                        k += 1;
                    }
                    if !joined {
                        break;
                    }
                    t = k;
                    budget = 10;
                    continue;
                }
                t = a.last + 1;
                budget -= 1;
                continue;
            }
            let w = doc.tokens[t].lower;
            if self.is_boundary(doc, t) || (w == "," && out.is_empty() && t > from) {
                break;
            }
            // Before the first object only the words of a name's role phrase may intervene
            // (`meet with the President of the European Council Charles Michel`).
            let tok = &doc.tokens[t];
            let skippable = DETERMINERS.contains(&w)
                || w == "of"
                || w == "'s"
                || (t == from && self.rules.prepositions.contains(w))
                || self.rules.title_heads.contains(w)
                || self.rules.title_modifiers.contains(w)
                || self.rules.title_past.contains(w)
                || self.rules.delegations.contains(w)
                || (out.is_empty()
                    && tok.is_word
                    && (tok.capitalized || w.chars().all(|c| c.is_ascii_digit())));
            if !skippable {
                break;
            }
            t += 1;
            budget -= 1;
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn apply(
        &self,
        doc: &Doc<'a>,
        words: &[Option<&WordInfo>],
        s: usize,
        (trig, t, end): (&Trigger, usize, usize),
        args: &[Arg],
        taken: &mut Vec<usize>,
        out: &mut Vec<R>,
    ) {
        let p = trig.predicate;
        let prev = (t > doc.sentence_tokens[s].0).then(|| doc.tokens[t - 1].lower);
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        let next = doc
            .tokens
            .get(end)
            .filter(|_| end < doc.sentence_tokens[s].1)
            .map(|x| x.lower);
        let frame = if trig.frame == Frame::Noun && prev.is_some_and(|w| BE.contains(&w)) {
            Frame::Verb // `is meeting Putin`
        } else {
            trig.frame
        };
        // `a visit to Ireland` is a noun: no verb frame's subject stands before it.
        if frame == Frame::Verb && prev.is_some_and(|w| NOUN_MARKERS.contains(&w)) {
            return;
        }
        match frame {
            Frame::Noun => {
                if next == Some("between") {
                    let objs = self.objects(doc, s, p, end + 1, args);
                    for (i, &a) in objs.iter().enumerate() {
                        for &b in &objs[i + 1..] {
                            pairs.push((a, b));
                        }
                    }
                } else if matches!(next, Some("with")) {
                    // `X's meeting with Y` names its subject; otherwise the clause's.
                    let possessor = (t >= 2 && doc.tokens[t - 1].lower == "'s")
                        .then(|| {
                            args.iter().position(|a| {
                                a.last + 2 == t && allowed(p, true, a) && a.entity.is_some()
                            })
                        })
                        .flatten();
                    let subj = possessor.or_else(|| self.subject(doc, s, p, t, args, taken));
                    if let Some(sj) = subj {
                        for o in self.objects(doc, s, p, end + 1, args) {
                            pairs.push((sj, o));
                        }
                    }
                }
            }
            Frame::Verb => {
                let passive = prev.is_some_and(|w| BE.contains(&w)) && next == Some("by");
                let subj = self.subject(doc, s, p, t, args, taken);
                let objs = self.objects(doc, s, p, end, args);
                if let Some(sj) = subj {
                    let close = args[sj].last + 4 >= t
                        && doc
                            .tokens
                            .get(args[sj].last + 1..t)
                            .is_some_and(|between| between.iter().all(|x| x.is_word));
                    if objs.is_empty() && p.is_symmetric() && close {
                        // `X and Y met`: the coordinated subjects meet each other.
                        let group = self.coordinated_before(doc, sj, args, p);
                        for (i, &a) in group.iter().enumerate() {
                            for &b in &group[i + 1..] {
                                pairs.push((a, b));
                            }
                        }
                    }
                    // `Macron and Scholz met Zelensky`: each coordinated subject.
                    let subjects = if objs.is_empty() || !close {
                        vec![sj]
                    } else {
                        self.coordinated_before(doc, sj, args, p)
                    };
                    for o in objs {
                        for &sj in &subjects {
                            pairs.push(if passive && !p.is_symmetric() {
                                (o, sj)
                            } else {
                                (sj, o)
                            });
                        }
                    }
                }
            }
        }
        if pairs.is_empty() {
            return;
        }
        let modality = self.modality(doc, words, s, t, end);
        let (date, source) = self.date(doc, s, modality);
        let trigger_text = doc.text[doc.tokens[t].start..doc.tokens[end - 1].end].to_string();
        for (a, b) in pairs {
            let (sa, oa) = (&args[a], &args[b]);
            let (Some(se), Some(oe)) = (sa.entity, oa.entity) else {
                continue;
            };
            if se == oe {
                continue;
            }
            if !taken.contains(&b) {
                taken.push(b);
            }
            self.push(
                doc,
                out,
                s,
                se,
                p,
                oe,
                modality,
                trigger_text.clone(),
                sa.confidence.min(oa.confidence),
                None,
                (date, source),
            );
        }
    }

    /// The arguments coordinated with `sj` to its left (`Biden and Putin met`).
    fn coordinated_before(
        &self,
        doc: &Doc<'a>,
        sj: usize,
        args: &[Arg],
        p: Predicate,
    ) -> Vec<usize> {
        let mut group = vec![sj];
        let mut cur = sj;
        let mut prev = sj;
        // Walk left over the role phrase words of the next name (`and Russian President`).
        while prev > 0 {
            prev -= 1;
            // Arguments that share a token (`Angela'Merkel`) are never a coordination.
            let Some(between) = doc.tokens.get(args[prev].last + 1..args[cur].first) else {
                break;
            };
            let joins = !between.is_empty()
                && between.iter().all(|x| {
                    let w = x.lower;
                    COORDINATORS.contains(&w)
                        || DETERMINERS.contains(&w)
                        || self.rules.title_heads.contains(w)
                        || self.rules.title_modifiers.contains(w)
                })
                && (group.len() > 1 || between.iter().any(|x| x.lower == "and"));
            let in_role = !allowed(p, true, &args[prev])
                && between.iter().all(|x| {
                    self.rules.title_heads.contains(x.lower)
                        || self.rules.title_modifiers.contains(x.lower)
                });
            if in_role {
                // A demonym or organisation inside the role phrase: look past it.
                cur = prev;
                continue;
            }
            if !joins || !allowed(p, true, &args[prev]) || args[prev].entity.is_none() {
                break;
            }
            group.push(prev);
            cur = prev;
        }
        group
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn push(
        &self,
        doc: &Doc<'a>,
        out: &mut Vec<R>,
        s: usize,
        subject: usize,
        predicate: Predicate,
        object: usize,
        modality: Modality,
        trigger: String,
        confidence: f32,
        role: Option<String>,
        (date, date_source): (Option<NaiveDate>, Option<DateSource>),
    ) {
        let (subject, object) =
            if predicate.is_symmetric() && doc.entities[object].id < doc.entities[subject].id {
                (object, subject)
            } else {
                (subject, object)
            };
        // Relations come sentence by sentence: this sentence's are the last ones.
        let dup = out
            .iter()
            .rev()
            .take_while(|r| r.rel.sentence == s)
            .any(|r| {
                r.subject == subject
                    && r.object == object
                    && r.rel.predicate == predicate
                    && r.rel.role == role
            });
        if dup {
            return;
        }
        out.push(R {
            subject,
            object,
            span: doc.sentences[s],
            rel: Relation {
                subject: doc.entities[subject].id.clone(),
                predicate,
                object: doc.entities[object].id.clone(),
                modality,
                role,
                sentence: s,
                evidence: Evidence {
                    start: 0,
                    end: 0,
                    text: String::new(),
                },
                trigger,
                confidence,
                date,
                date_source,
            },
        });
    }

    /// A nominal event with no cue of its own (`the meeting between X and Y`) is the event
    /// stated before in the document: it takes that one's modality and date.
    fn inherit_nominal_modality(&self, out: &mut [R]) {
        let mut seen: HashMap<(usize, Predicate, usize), EventTime> = HashMap::default();
        for r in out.iter_mut() {
            let key = (r.subject, r.rel.predicate, r.object);
            let nominal = || {
                let trigger = fold_str(&r.rel.trigger, true);
                self.rules.triggers.iter().any(|t| {
                    t.frame == Frame::Noun
                        && t.words.len() == 1
                        && t.words[0].as_deref() == Some(trigger.as_str())
                })
            };
            match seen.get(&key) {
                Some(&(m, d, ds)) if r.rel.modality == Modality::Asserted && nominal() => {
                    r.rel.modality = m;
                    if r.rel.date_source != Some(DateSource::Text) {
                        r.rel.date = d;
                        r.rel.date_source = ds;
                    }
                }
                _ => {
                    seen.entry(key)
                        .or_insert((r.rel.modality, r.rel.date, r.rel.date_source));
                }
            }
        }
    }
}

fn allowed_delegation(p: Predicate) -> bool {
    matches!(
        p,
        Predicate::Attended | Predicate::Criticized | Predicate::CalledOn | Predicate::MemberOf
    )
}
