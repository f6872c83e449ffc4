//! Relations read off positions and facts: located_in, member_of and co_occurs.

use newsgraph_model::{DateSource, EntityType, Modality, Predicate};

use crate::doc::{Doc, R};
use crate::relations::{allowed, Arg, Extractor};

impl<'a> Extractor<'a> {
    /// Relations read off positions: `the NATO summit in Brussels` (located_in) and
    /// `NATO member Turkey` / `X, a member of Y` (member_of).
    pub(crate) fn positional(&self, doc: &Doc<'a>, s: usize, args: &[Arg], out: &mut Vec<R>) {
        let last = doc.sentence_tokens[s].1;
        let date = (doc.published, doc.published.map(|_| DateSource::Published));
        for (i, a) in args.iter().enumerate() {
            let Some(ae) = a.entity else { continue };
            let next = |k: usize| doc.tokens.get(k).filter(|_| k < last).map(|x| x.lower);
            let following = args.get(i + 1);
            if a.kind == EntityType::SUMMIT && matches!(next(a.last + 1), Some("in" | "at")) {
                if let Some(b) = following.filter(|b| {
                    b.first == a.last + 2
                        && b.entity.is_some()
                        && allowed(Predicate::TraveledTo, false, b)
                }) {
                    self.push(
                        doc,
                        out,
                        s,
                        ae,
                        Predicate::LocatedIn,
                        b.entity.unwrap_or(ae),
                        Modality::Asserted,
                        "in".into(),
                        0.8,
                        None,
                        date,
                    );
                }
            }
            if a.kind == EntityType::ORGANIZATION
                && matches!(
                    next(a.last + 1),
                    Some("member" | "members" | "ally" | "allies")
                )
            {
                let skip = usize::from(matches!(
                    next(a.last + 2),
                    Some("state" | "states" | "country" | "countries")
                ));
                if let Some(b) = following
                    .filter(|b| b.first == a.last + 2 + skip && b.kind == EntityType::COUNTRY)
                {
                    if let Some(be) = b.entity {
                        self.push(
                            doc,
                            out,
                            s,
                            be,
                            Predicate::MemberOf,
                            ae,
                            Modality::Asserted,
                            doc.tokens[a.last + 1].lower.to_string(),
                            0.8,
                            None,
                            date,
                        );
                    }
                }
            }
            // `X, a member of Y` / `X is a member of Y`.
            let k = a.last + 1;
            let lead = matches!(next(k), Some("," | "is" | "are" | "was" | "as"));
            let det = matches!(next(k + 1), Some("a" | "an" | "the"));
            if lead
                && det
                && next(k + 2) == Some("member")
                && next(k + 3) == Some("of")
                && matches!(
                    a.kind,
                    EntityType::COUNTRY | EntityType::PERSON | EntityType::ORGANIZATION
                )
            {
                let at = if next(k + 4) == Some("the") {
                    k + 5
                } else {
                    k + 4
                };
                if let Some(b) = args
                    .iter()
                    .find(|b| b.first == at && b.kind == EntityType::ORGANIZATION)
                {
                    if let Some(be) = b.entity {
                        self.push(
                            doc,
                            out,
                            s,
                            ae,
                            Predicate::MemberOf,
                            be,
                            Modality::Asserted,
                            "member of".into(),
                            0.8,
                            None,
                            date,
                        );
                    }
                }
            }
        }
    }

    /// `member_of` from the gazetteer's facts: a country and an organisation it belonged to
    /// on the document's date, named in one sentence (a lower confidence than a stated fact).
    pub(crate) fn memberships(&self, doc: &Doc<'a>, s: usize, out: &mut Vec<R>) {
        let ents: Vec<usize> = doc.mentions_in(s).iter().filter_map(|m| m.entity).collect();
        let date = (doc.published, doc.published.map(|_| DateSource::Published));
        for &a in &ents {
            let Some(member) = self.gaz.get(&doc.entities[a].id) else {
                continue;
            };
            for ms in &member.member_of {
                let Some(&b) = ents.iter().find(|&&b| doc.entities[b].id == ms.of) else {
                    continue;
                };
                let current = doc.published.is_none_or(|d| ms.period().contains(d));
                if current {
                    self.push(
                        doc,
                        out,
                        s,
                        a,
                        Predicate::MemberOf,
                        b,
                        Modality::Asserted,
                        "(gazetteer)".into(),
                        0.5,
                        None,
                        date,
                    );
                }
            }
        }
    }

    /// `co_occurs`: every pair of entities named in one sentence, kept apart from the typed
    /// relations (at most the first 12 entities of a sentence).
    pub(crate) fn co_occurrences(&self, doc: &Doc<'a>, s: usize, out: &mut Vec<R>) {
        let mut ents: Vec<usize> = doc.mentions_in(s).iter().filter_map(|m| m.entity).collect();
        ents.sort_unstable();
        ents.dedup();
        ents.truncate(12);
        let date = (doc.published, doc.published.map(|_| DateSource::Published));
        for (i, &a) in ents.iter().enumerate() {
            for &b in &ents[i + 1..] {
                self.push(
                    doc,
                    out,
                    s,
                    a,
                    Predicate::CoOccurs,
                    b,
                    Modality::Asserted,
                    String::new(),
                    0.3,
                    None,
                    date,
                );
            }
        }
    }
}
