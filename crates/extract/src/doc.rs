//! The working form of one document: sentences, tokens, mentions and the entities they link,
//! all in byte offsets. Built by the tagger, read by the relation rules, turned into the
//! output [`Extraction`] at the end.

use std::borrow::Cow;

use rustc_hash::FxHashMap as HashMap;

use chrono::NaiveDate;
use newsgraph_model::{Entity, Extraction, Mention, MentionKind, Relation, Sentence};

use crate::offsets::CodePoints;
use crate::tokens::{Folds, Token};

/// A mention in byte offsets.
#[derive(Debug, Clone)]
pub(crate) struct M<'t> {
    pub start: usize,
    pub end: usize,
    /// Index into [`Doc::entities`].
    pub entity: Option<usize>,
    /// The entity type, borrowed from the gazetteer or a constant.
    pub kind: &'t str,
    pub how: MentionKind,
    pub sentence: usize,
    pub candidate: bool,
    /// Ids an ambiguous name could stand for.
    pub candidates: Vec<String>,
    /// Byte span of the title words before or after the person.
    pub role: Option<(usize, usize)>,
}

impl<'t> M<'t> {
    /// A name no gazetteer knows, of a proposed type: unlinked, `candidate: true`.
    pub fn candidate(start: usize, end: usize, kind: &'t str, sentence: usize) -> Self {
        M {
            start,
            end,
            entity: None,
            kind,
            how: MentionKind::Candidate,
            sentence,
            candidate: true,
            candidates: Vec::new(),
            role: None,
        }
    }
}

/// A relation in byte offsets, before conversion.
#[derive(Debug, Clone)]
pub(crate) struct R {
    pub subject: usize,
    pub object: usize,
    pub rel: Relation,
    /// Byte span of the evidence (the sentence).
    pub span: (usize, usize),
}

#[derive(Debug)]
pub(crate) struct Doc<'t> {
    pub text: &'t str,
    pub published: Option<NaiveDate>,
    pub sentences: Vec<(usize, usize)>,
    pub tokens: Vec<Token<'t>>,
    /// Sentence index of each token.
    pub token_sentence: Vec<usize>,
    /// Token range of each sentence.
    pub sentence_tokens: Vec<(usize, usize)>,
    /// Mentions sorted by start.
    pub mentions: Vec<M<'t>>,
    /// Gazetteer entities borrowed, summits made for the document owned.
    pub entities: Vec<Cow<'t, Entity>>,
    /// Index of each borrowed entity by id.
    by_id: HashMap<&'t str, usize>,
    /// Indices of the owned entities.
    owned: Vec<usize>,
}

impl<'t> Doc<'t> {
    /// `folds` holds the tokens' folded forms.
    pub fn new(text: &'t str, folds: &'t mut Folds, published: Option<NaiveDate>) -> Self {
        let sentences = crate::sentences::split(text);
        // Sentences are separated by white space only, so no token crosses a boundary: the
        // whole text is tokenized at once.
        let tokens = crate::tokens::tokenize(text, folds);
        let mut token_sentence = Vec::with_capacity(tokens.len());
        let mut sentence_tokens = Vec::with_capacity(sentences.len());
        let mut t = 0;
        for (i, &(_, e)) in sentences.iter().enumerate() {
            let first = t;
            while t < tokens.len() && tokens[t].start < e {
                t += 1;
            }
            token_sentence.resize(t, i);
            sentence_tokens.push((first, t));
        }
        Self {
            text,
            published,
            sentences,
            tokens,
            token_sentence,
            sentence_tokens,
            mentions: Vec::new(),
            entities: Vec::new(),
            by_id: HashMap::default(),
            owned: Vec::new(),
        }
    }

    /// The document-level index of an entity, adding it on first use.
    pub fn entity_index(&mut self, e: &'t Entity) -> usize {
        if let Some(i) = self.entity_by_id(&e.id) {
            return i;
        }
        self.by_id.insert(&e.id, self.entities.len());
        self.entities.push(Cow::Borrowed(e));
        self.entities.len() - 1
    }

    /// The document-level index of an entity made for this document, adding it on first use.
    pub fn own_entity_index(&mut self, e: Entity) -> usize {
        if let Some(i) = self.entity_by_id(&e.id) {
            return i;
        }
        self.owned.push(self.entities.len());
        self.entities.push(Cow::Owned(e));
        self.entities.len() - 1
    }

    pub fn entity_by_id(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied().or_else(|| {
            self.owned
                .iter()
                .copied()
                .find(|&i| self.entities[i].id == id)
        })
    }

    /// The text between two byte offsets; empty when they are out of order (spans that
    /// overlap) or not on character boundaries.
    pub fn between(&self, a: usize, b: usize) -> &'t str {
        self.text.get(a..b).unwrap_or("")
    }

    /// The sentence holding a byte offset.
    pub fn sentence_of(&self, byte: usize) -> usize {
        match self.sentences.binary_search_by(|&(s, _)| s.cmp(&byte)) {
            Ok(i) => i,
            Err(0) => 0,
            Err(i) => i - 1,
        }
    }

    /// The first token starting at or after a byte offset.
    pub fn token_at_or_after(&self, byte: usize) -> usize {
        self.tokens.partition_point(|t| t.start < byte)
    }

    /// The index of the token that ends at or before a byte offset, the last such.
    pub fn token_before(&self, byte: usize) -> Option<usize> {
        let i = self.tokens.partition_point(|t| t.end <= byte);
        i.checked_sub(1)
    }

    /// The mentions of sentence `s`: mentions are sorted by start, so they are one run.
    pub fn mentions_in(&self, s: usize) -> &[M<'t>] {
        &self.mentions[self.mention_range(s)]
    }

    /// The indices of the mentions of sentence `s`.
    pub fn mention_range(&self, s: usize) -> std::ops::Range<usize> {
        let a = self.mentions.partition_point(|m| m.sentence < s);
        let b = self.mentions.partition_point(|m| m.sentence <= s);
        a..b
    }

    /// The mention that covers a token, if any (none past the last token).
    pub fn mention_at_token(&self, t: usize) -> Option<usize> {
        let tok = self.tokens.get(t)?;
        let i = self.mentions.partition_point(|m| m.end <= tok.start);
        (i < self.mentions.len() && self.mentions[i].start < tok.end).then_some(i)
    }

    /// Turns the working form into the output shape, with code-point offsets.
    pub fn into_extraction(self, relations: Vec<R>) -> Extraction {
        let cp = CodePoints::new(self.text);
        let text = self.text;
        let mut used = vec![false; self.entities.len()];
        let mentions: Vec<Mention> = self
            .mentions
            .into_iter()
            .map(|m| {
                if let Some(e) = m.entity {
                    used[e] = true;
                }
                Mention {
                    start: cp.of(m.start),
                    end: cp.of(m.end),
                    text: text[m.start..m.end].to_string(),
                    entity: m.entity.map(|e| self.entities[e].id.clone()),
                    kind: m.kind.to_string(),
                    how: m.how,
                    sentence: m.sentence,
                    candidate: m.candidate,
                    candidates: m.candidates,
                    role: m.role.map(|(s, e)| text[s..e].to_string()),
                }
            })
            .collect();
        let relations: Vec<Relation> = relations
            .into_iter()
            .map(|r| {
                used[r.subject] = true;
                used[r.object] = true;
                let mut rel = r.rel;
                rel.evidence.start = cp.of(r.span.0);
                rel.evidence.end = cp.of(r.span.1);
                rel.evidence.text = text[r.span.0..r.span.1].to_string();
                rel
            })
            .collect();
        let entities = self
            .entities
            .into_iter()
            .zip(used)
            .filter_map(|(e, u)| u.then(|| e.into_owned()))
            .collect();
        Extraction {
            entities,
            mentions,
            sentences: self
                .sentences
                .iter()
                .map(|&(s, e)| Sentence {
                    start: cp.of(s),
                    end: cp.of(e),
                })
                .collect(),
            relations,
        }
    }
}
