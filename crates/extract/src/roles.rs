//! `holds_role` from titles and appositions, checked against the gazetteer's dated offices.

use newsgraph_gazetteer::normalize::fold_str;
use newsgraph_model::{DateSource, EntityType, Modality, Predicate};

use crate::doc::{Doc, R};
use crate::relations::{Extractor, DETERMINERS};

impl<'a> Extractor<'a> {
    /// `holds_role` from titles: `US President Joe Biden`, `the President of the European
    /// Council Charles Michel`, `President Biden` (organisation from the dated offices), and
    /// appositions (`X, director of policy for the Y`).
    pub(crate) fn holds_roles(&self, doc: &mut Doc<'a>, s: usize, out: &mut Vec<R>) {
        for i in doc.mention_range(s) {
            if doc.mentions[i].kind != EntityType::PERSON {
                continue;
            }
            let Some(person) = doc.mentions[i].entity else {
                continue;
            };
            let found = self
                .role_before(doc, i)
                .or_else(|| self.role_of_before(doc, i))
                .or_else(|| self.role_apposition(doc, i));
            let Some((role, org, confidence)) = found else {
                continue;
            };
            if !self.title_current(doc, person, &role) {
                continue;
            }
            let date = (doc.published, doc.published.map(|_| DateSource::Published));
            self.push(
                doc,
                out,
                s,
                person,
                Predicate::HoldsRole,
                org,
                Modality::Asserted,
                role.clone(),
                confidence,
                Some(role),
                date,
            );
        }
    }

    /// Whether a title fits the person's dated offices on the document's date: when the
    /// gazetteer knows offices of theirs with this head word (`President`), one must be held
    /// then, so an article of 2021 calling Trump `President` does not make him one.
    fn title_current(&self, doc: &Doc<'a>, person: usize, role: &str) -> bool {
        let Some(date) = doc.published else {
            return true;
        };
        let Some(ent) = self.gaz.get(&doc.entities[person].id) else {
            return true;
        };
        let folded = fold_str(role, true);
        let head = folded.split(' ').next_back().unwrap_or_default();
        let same_head = |o: &&newsgraph_model::Office| {
            fold_str(&o.role, true).split(' ').next_back() == Some(head)
        };
        !ent.offices.iter().any(|o| same_head(&o))
            || self.gaz.offices_on(ent, Some(date)).any(|o| same_head(&o))
    }

    /// The role words as written and whether they mark a past office.
    fn role_text(&self, doc: &Doc<'a>, span: (usize, usize)) -> Option<String> {
        let text = &doc.text[span.0..span.1];
        let past = text
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| self.rules.title_past.contains(&w.to_lowercase()));
        (!past).then(|| text.split_whitespace().collect::<Vec<_>>().join(" "))
    }

    /// `[org] TITLE PERSON`: the organisation right before the title, the one the title
    /// implies, or the one the person's dated office names.
    fn role_before(&self, doc: &mut Doc<'a>, i: usize) -> Option<(String, usize, f32)> {
        let span = doc.mentions[i].role?;
        let role = self.role_text(doc, span)?;
        let folded = fold_str(&role, true);
        if let Some(id) = folded
            .split(' ')
            .rev()
            .find_map(|w| self.rules.implied.get(w))
            .or_else(|| self.rules.implied.get(&folded))
        {
            return Some((role, doc.entity_index(self.gaz.get(id)?), 0.85));
        }
        let t = doc.token_at_or_after(span.0);
        if t > 0 {
            if let Some(mi) = doc.mention_at_token(t - 1) {
                let m = &doc.mentions[mi];
                let gap = doc.between(m.end, span.0).trim();
                let adjacent = m.end <= span.0 && (gap.is_empty() || gap == "'s" || gap == "’s");
                if adjacent && matches!(m.kind, EntityType::COUNTRY | EntityType::ORGANIZATION) {
                    if let Some(e) = m.entity {
                        return Some((role, e, 0.9));
                    }
                }
            }
        }
        self.office_org(doc, doc.mentions[i].entity?, &folded)
            .map(|o| (role, o, 0.7))
    }

    /// The organisation of the person's office on the document's date whose role ends with
    /// the title's head word.
    fn office_org(&self, doc: &mut Doc<'a>, person: usize, title: &str) -> Option<usize> {
        let head = title.split(' ').next_back()?;
        let ent = self.gaz.get(&doc.entities[person].id)?;
        let mut orgs: Vec<&str> = self
            .gaz
            .offices_on(ent, doc.published)
            .filter(|o| fold_str(&o.role, true).split(' ').next_back() == Some(head))
            .filter_map(|o| o.of.as_deref())
            .collect();
        orgs.dedup();
        if doc.published.is_none() || orgs.len() != 1 {
            return None;
        }
        let org = self.gaz.get(orgs[0])?;
        Some(doc.entity_index(org))
    }

    /// `the TITLE of [the] ORG PERSON` (`the President of the European Council Charles Michel`).
    fn role_of_before(&self, doc: &Doc<'a>, i: usize) -> Option<(String, usize, f32)> {
        let m = &doc.mentions[i];
        let t = doc.token_at_or_after(m.start);
        let org_mi = doc.mention_at_token(t.checked_sub(1)?)?;
        let org = &doc.mentions[org_mi];
        if !matches!(org.kind, EntityType::COUNTRY | EntityType::ORGANIZATION) {
            return None;
        }
        let mut k = doc.token_at_or_after(org.start).checked_sub(1)?;
        if doc.tokens[k].lower == "the" {
            k = k.checked_sub(1)?;
        }
        if doc.tokens[k].lower != "of" {
            return None;
        }
        let span = self.tagger.title_before(doc, doc.tokens[k].start)?;
        let role = self.role_text(doc, span)?;
        Some((role, org.entity?, 0.9))
    }

    /// `PERSON, [the] [ORG] TITLE [of|for|at [the] ORG]`.
    fn role_apposition(&self, doc: &Doc<'a>, i: usize) -> Option<(String, usize, f32)> {
        let m = &doc.mentions[i];
        let last = doc.sentence_tokens[m.sentence].1;
        let mut t = doc.token_at_or_after(m.end);
        if t >= last || doc.tokens[t].lower != "," {
            return None;
        }
        t += 1;
        while t < last && DETERMINERS.contains(&doc.tokens[t].lower) {
            t += 1;
        }
        // `X, NATO Secretary General`: the organisation first.
        let lead_org = doc.mention_at_token(t).filter(|&mi| {
            let o = &doc.mentions[mi];
            matches!(o.kind, EntityType::COUNTRY | EntityType::ORGANIZATION) && o.entity.is_some()
        });
        if let Some(mi) = lead_org {
            t = doc.token_at_or_after(doc.mentions[mi].end);
        }
        let role_start = t;
        while t < last
            && (self.rules.title_heads.contains(doc.tokens[t].lower)
                || self.rules.title_modifiers.contains(doc.tokens[t].lower))
        {
            t += 1;
        }
        if t == role_start || !self.rules.title_heads.contains(doc.tokens[t - 1].lower) {
            return None;
        }
        let mut role_end = t;
        if let Some(mi) = lead_org {
            let role = self.role_text(
                doc,
                (doc.tokens[role_start].start, doc.tokens[role_end - 1].end),
            )?;
            return Some((role, doc.mentions[mi].entity?, 0.8));
        }
        // `director of foreign policy for the Center ...`: the role runs to the last
        // of/for/at before the organisation.
        let mut k = t;
        while k < last && k - t < 8 {
            let w = doc.tokens[k].lower;
            if w == "," || self.is_boundary(doc, k) {
                return None;
            }
            if let Some(mi) = doc.mention_at_token(k) {
                let o = &doc.mentions[mi];
                let after = &doc.text[o.end..];
                let possessive = after.starts_with("'s") || after.starts_with("’s");
                let prep = doc.tokens[k - 1].lower;
                let prep = if prep == "the" {
                    doc.tokens[k - 2].lower
                } else {
                    prep
                };
                if !possessive
                    && matches!(prep, "of" | "for" | "at")
                    && matches!(o.kind, EntityType::COUNTRY | EntityType::ORGANIZATION)
                {
                    let cut = if doc.tokens[k - 1].lower == "the" {
                        k - 2
                    } else {
                        k - 1
                    };
                    role_end = role_end.max(cut);
                    let role = self.role_text(
                        doc,
                        (doc.tokens[role_start].start, doc.tokens[role_end - 1].end),
                    )?;
                    return Some((role, o.entity?, 0.8));
                }
                return None;
            }
            k += 1;
        }
        None
    }
}
