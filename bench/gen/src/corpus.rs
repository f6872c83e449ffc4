//! A deterministic generator of news-like documents for scale runs.
//!
//! Names come from the default gazetteers (people, countries, cities, organisations, events);
//! sentences come from frames covering every relation pattern the rules know (met, held talks
//! with, was greeted by, will meet, is expected to meet, did not attend, traveled to, arrived
//! in, criticized, called on, joined, titles such as `NATO Secretary General X`, `the summit in
//! Y`), mixed with filler sentences, so that the density of names per kilobyte resembles real
//! news. The same seed always gives the same documents; no external text is used.
//!
//! This file has no dependencies beyond `std` and `serde_json`, so the criterion benches of the
//! library crates include it with `#[path]`.
#![allow(dead_code)]

use std::collections::HashMap;

const GAZETTEERS: &[&str] = &[
    include_str!("../../../gazetteers/people.gaz"),
    include_str!("../../../gazetteers/countries.gaz"),
    include_str!("../../../gazetteers/cities.gaz"),
    include_str!("../../../gazetteers/organizations.gaz"),
    include_str!("../../../gazetteers/events.gaz"),
];

/// SplitMix64: small, fast and good enough for picking words.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9e37_79b9_7f4a_7c15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * n as f64) as usize % n.max(1)
    }

    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }

    /// Skewed towards the front: a few names are in the news all the time.
    pub fn skewed(&mut self, n: usize) -> usize {
        ((self.unit().powf(2.5)) * n as f64) as usize % n.max(1)
    }
}

#[derive(Debug, Clone)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub surname: String,
    /// A title with its country or organisation: `NATO Secretary General`.
    pub title: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Named {
    pub id: String,
    pub name: String,
    /// Demonym (countries) or acronym (organisations).
    pub short: Option<String>,
}

/// The names the generator draws from, in a seeded order so that the skew does not favour
/// the alphabet.
#[derive(Debug, Clone)]
pub struct Names {
    pub people: Vec<Person>,
    pub countries: Vec<Named>,
    pub cities: Vec<Named>,
    pub orgs: Vec<Named>,
    pub events: Vec<Named>,
}

fn str_field(v: &serde_json::Value, k: &str) -> Option<String> {
    v.get(k)?.as_str().map(str::to_string)
}

fn first_of(v: &serde_json::Value, k: &str) -> Option<String> {
    v.get(k)?.as_array()?.first()?.as_str().map(str::to_string)
}

impl Names {
    /// Reads the default gazetteers embedded in this file.
    pub fn load(seed: u64) -> Names {
        let mut entries = Vec::new();
        for text in GAZETTEERS {
            for line in text.lines() {
                let line = line.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
                    entries.push(v);
                }
            }
        }
        let mut by_id: HashMap<String, (String, Option<String>, Option<String>)> = HashMap::new();
        for v in &entries {
            if let (Some(id), Some(name)) = (str_field(v, "id"), str_field(v, "name")) {
                by_id.insert(id, (name, first_of(v, "acronyms"), first_of(v, "demonyms")));
            }
        }
        let mut names = Names {
            people: Vec::new(),
            countries: Vec::new(),
            cities: Vec::new(),
            orgs: Vec::new(),
            events: Vec::new(),
        };
        for v in &entries {
            let (Some(id), Some(name), Some(kind)) = (
                str_field(v, "id"),
                str_field(v, "name"),
                str_field(v, "type"),
            ) else {
                continue;
            };
            match kind.as_str() {
                "person" => {
                    let words: Vec<&str> = name.split_whitespace().collect();
                    if words.len() < 2 {
                        continue;
                    }
                    let surname = str_field(v, "surname")
                        .unwrap_or_else(|| words[words.len() - 1].to_string());
                    let title = v
                        .get("offices")
                        .and_then(|o| o.as_array())
                        .and_then(|o| o.last())
                        .and_then(|o| {
                            let role = o.get("role")?.as_str()?;
                            let of = o.get("of")?.as_str()?;
                            let (n, acr, dem) = by_id.get(of)?;
                            let prefix = acr.as_ref().or(dem.as_ref()).unwrap_or(n);
                            Some(format!("{prefix} {role}"))
                        });
                    names.people.push(Person {
                        id,
                        name,
                        surname,
                        title,
                    });
                }
                "country" => names.countries.push(Named {
                    id,
                    name,
                    short: first_of(v, "demonyms"),
                }),
                "city" => names.cities.push(Named {
                    id,
                    name,
                    short: None,
                }),
                "organization" => names.orgs.push(Named {
                    id,
                    name,
                    short: first_of(v, "acronyms"),
                }),
                "event" | "summit" | "treaty" => names.events.push(Named {
                    id,
                    name,
                    short: None,
                }),
                _ => {}
            }
        }
        let mut rng = Rng::new(seed ^ 0x5eed);
        shuffle(&mut names.people, &mut rng);
        shuffle(&mut names.countries, &mut rng);
        shuffle(&mut names.cities, &mut rng);
        shuffle(&mut names.orgs, &mut rng);
        shuffle(&mut names.events, &mut rng);
        names
    }
}

fn shuffle<T>(xs: &mut [T], rng: &mut Rng) {
    for i in (1..xs.len()).rev() {
        let j = rng.below(i + 1);
        xs.swap(i, j);
    }
}

/// A relation a generated sentence states (or denies, or plans), by gazetteer id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    pub subject: String,
    pub predicate: &'static str,
    pub object: String,
    pub modality: &'static str,
}

/// One generated document.
#[derive(Debug, Clone)]
pub struct Doc {
    pub id: String,
    pub title: String,
    pub text: String,
    /// `YYYY-MM-DD`.
    pub published: String,
    pub source: String,
    pub facts: Vec<Fact>,
}

impl Doc {
    /// One JSON Lines record: `{"id","title","text","published","source"}`, no newline.
    pub fn to_json_line(&self) -> String {
        let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
        format!(
            "{{\"id\":{},\"title\":{},\"text\":{},\"published\":{},\"source\":{}}}",
            q(&self.id),
            q(&self.title),
            q(&self.text),
            q(&self.published),
            q(&self.source)
        )
    }
}

const SOURCES: &[&str] = &[
    "Example Wire",
    "Sample Daily",
    "The Generated Times",
    "Synthetic Herald",
    "Placeholder Post",
];

const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

const TOPICS: &[&str] = &[
    "trade",
    "climate change",
    "energy security",
    "migration",
    "nuclear arms control",
    "cybersecurity",
    "public health",
    "tariffs",
    "sanctions",
    "the peace process",
    "defense spending",
    "food security",
    "human rights",
    "the ceasefire",
    "debt relief",
    "fishing rights",
    "grain exports",
    "the border dispute",
];

const ACTS: &[&str] = &[
    "increase defense spending",
    "release political prisoners",
    "return to the negotiating table",
    "respect the ceasefire",
    "cut emissions faster",
    "open its borders to aid convoys",
    "withdraw its troops",
    "hold free elections",
    "lift the export ban",
];

const ADJECTIVES: &[&str] = &[
    "constructive",
    "frank",
    "difficult",
    "productive",
    "tense",
    "cordial",
    "useful",
    "long overdue",
];

/// Sentences with no names: the connective tissue of a news story.
const FILLER: &[&str] = &[
    "The talks lasted about {n} hours, officials said.",
    "Analysts said the outcome remained uncertain.",
    "Details of the agreement were not released.",
    "The statement did not mention {t}.",
    "Officials declined to comment on the negotiations.",
    "A joint declaration is expected to be published later.",
    "Protesters gathered outside the venue on {w}.",
    "The government said {n} people had been evacuated.",
    "Reporters were not allowed into the room.",
    "The meeting was described as {a} by both delegations.",
    "Negotiators worked through the night to close the gaps.",
    "Prices rose by {n} percent in the past year, according to official figures.",
    "The plan still needs the approval of parliament.",
    "Critics said the proposal did not go far enough on {t}.",
    "A spokesperson said further talks on {t} were likely.",
    "The opposition called the result a setback.",
    "Security was tight around the conference centre.",
    "It was the {o} round of talks this year.",
    "Observers described the atmosphere as {a}.",
    "The ministry said the figures would be revised in {n} weeks.",
    "Both sides agreed to set up a working group that will report back within {n} days.",
    "The announcement came after weeks of speculation about the future of the agreement.",
    "Several ministers were absent because of a vote in parliament on {w}.",
    "The central bank kept interest rates unchanged at {n} percent, citing uncertainty over {t}.",
    "Some delegates left early, saying the draft text on {t} had been watered down.",
    "Aid agencies warned that the situation could deteriorate quickly without more funding.",
    "The document, which runs to {n} pages, sets out a timetable for the next steps.",
    "Business groups welcomed the move but asked for more detail on how it would work.",
    "A senior official, speaking on condition of anonymity, said the mood had been {a}.",
    "Polls suggest that public support for the plan has fallen over the past {n} months.",
];

/// Sentences that name something without relating two names.
const MENTIONS: &[&str] = &[
    "Markets in {C} fell {n} percent on {w}.",
    "The {O} published a report on {t} on {w}.",
    "Protests continued in {C} for a {o} day.",
    "Officials in {K} declined to comment.",
    "Heavy rain caused flooding in parts of {K} this week.",
    "The {D} economy grew by {n} percent last quarter.",
    "{X} said the talks had been {a}.",
    "{X} told reporters the outcome was {a}.",
    "According to {X}, the discussions on {t} would continue.",
    "He said {K} would not change its position on {t}.",
    "The summit in {C} will focus on {t}.",
    "Delegations from {K} and {K2} are due in {C} on {w}.",
];

/// (frame, predicate, modality). `{A}` and `{B}` are people (`{X}` a person already named),
/// `{K}` a country, `{D}` its demonym, `{C}` a city, `{O}` an organisation, `{E}` an event.
/// The predicate relates `{A}` to `{B}`, or to the place or organisation the frame names.
pub const RELATIONS: &[(&str, &str, &str)] = &[
    ("{A} met {B} in {C} on {w}.", "met", "asserted"),
    ("{A} held talks with {B} on {t}.", "met", "asserted"),
    (
        "{A} was greeted by {B} at the presidential palace.",
        "met",
        "asserted",
    ),
    ("{A} will meet {B} in {C} next month.", "met", "planned"),
    (
        "{A} is expected to meet {B} on the sidelines of the summit in {C}.",
        "met",
        "planned",
    ),
    (
        "{A} did not attend the meeting with {B} on {w}.",
        "met",
        "negated",
    ),
    (
        "{A} hosted {B} for a working dinner on {w}.",
        "met",
        "asserted",
    ),
    (
        "{A} and {B} held a bilateral meeting on {t}.",
        "met",
        "asserted",
    ),
    (
        "{A} refused to meet {B} during the visit.",
        "met",
        "negated",
    ),
    (
        "If {A} meets {B}, the talks on {t} could resume.",
        "met",
        "hypothetical",
    ),
    ("{A} sat down with {B} to discuss {t}.", "met", "asserted"),
    (
        "{A} spoke by phone with {B} about {t}.",
        "spoke_with",
        "asserted",
    ),
    (
        "{A} had a phone call with {B} on {w}.",
        "spoke_with",
        "asserted",
    ),
    (
        "{A} attended the {E} alongside {B}.",
        "attended",
        "asserted",
    ),
    (
        "{A} did not attend the summit in {C}.",
        "attended",
        "negated",
    ),
    ("{A} traveled to {K} on {w}.", "traveled_to", "asserted"),
    (
        "{A} arrived in {C} for talks with {B}.",
        "traveled_to",
        "asserted",
    ),
    (
        "{A} visited {K} last week to discuss {t}.",
        "traveled_to",
        "asserted",
    ),
    (
        "{A} will travel to {C} later this month.",
        "traveled_to",
        "planned",
    ),
    ("{A} criticized {B} over {t}.", "criticized", "asserted"),
    (
        "{A} condemned the {D} government over {t}.",
        "criticized",
        "asserted",
    ),
    (
        "{A} accused {K} of blocking progress on {t}.",
        "criticized",
        "asserted",
    ),
    ("{A} called on {B} to {v}.", "called_on", "asserted"),
    ("{A} urged {K} to {v}.", "called_on", "asserted"),
    ("{K} joined the {O} in {y}.", "member_of", "asserted"),
    (
        "{T} {A} said the talks with {B} were {a}.",
        "met",
        "asserted",
    ),
];

/// A deterministic stream of documents: the n-th document depends only on the seed and n.
#[derive(Debug, Clone)]
pub struct Generator {
    names: Names,
    seed: u64,
    next: u64,
}

/// The cast of one document: a few people, places and organisations the story is about.
struct Cast<'a> {
    people: Vec<&'a Person>,
    introduced: Vec<bool>,
    countries: Vec<&'a Named>,
    cities: Vec<&'a Named>,
    orgs: Vec<&'a Named>,
}

impl Generator {
    pub fn new(seed: u64) -> Generator {
        Generator {
            names: Names::load(seed),
            seed,
            next: 0,
        }
    }

    /// Starts the stream at document `n` (documents are independent of each other).
    pub fn starting_at(mut self, n: u64) -> Generator {
        self.next = n;
        self
    }

    pub fn names(&self) -> &Names {
        &self.names
    }

    /// Document `n` of this seed.
    pub fn doc(&self, n: u64) -> Doc {
        let mut rng = Rng::new(
            self.seed.wrapping_mul(0x100_0000_01b3) ^ n.wrapping_mul(0x2545_f491_4f6c_dd1d),
        );
        let names = &self.names;
        let mut cast = Cast {
            people: (0..2 + rng.below(4))
                .map(|_| &names.people[rng.skewed(names.people.len())])
                .collect(),
            introduced: Vec::new(),
            countries: (0..1 + rng.below(3))
                .map(|_| &names.countries[rng.skewed(names.countries.len())])
                .collect(),
            cities: (0..1 + rng.below(2))
                .map(|_| &names.cities[rng.skewed(names.cities.len())])
                .collect(),
            orgs: (0..1 + rng.below(2))
                .map(|_| &names.orgs[rng.skewed(names.orgs.len())])
                .collect(),
        };
        cast.introduced = vec![false; cast.people.len()];
        let mut facts = Vec::new();
        let title = {
            let (a, b) = (cast.people[0], cast.people[1]);
            let c = cast.cities[0];
            match rng.below(4) {
                0 => format!("{} and {} meet in {}", a.name, b.name, c.name),
                1 => format!("{} criticizes {} over {}", a.name, b.name, rng.pick(TOPICS)),
                2 => format!(
                    "Talks in {} end without agreement on {}",
                    c.name,
                    rng.pick(TOPICS)
                ),
                _ => format!("{} to visit {}", a.name, cast.countries[0].name),
            }
        };
        let sentences = 10 + rng.below(31);
        let mut text = String::with_capacity(sentences * 110);
        let mut in_paragraph = 0;
        for s in 0..sentences {
            let sentence = if s == 0 || rng.chance(0.16) {
                let (frame, predicate, modality) = rng.pick(RELATIONS);
                fill(
                    frame,
                    &mut cast,
                    &mut rng,
                    Some((predicate, modality, &mut facts)),
                )
            } else if rng.chance(0.2) {
                fill(rng.pick(MENTIONS), &mut cast, &mut rng, None)
            } else {
                fill(rng.pick(FILLER), &mut cast, &mut rng, None)
            };
            if in_paragraph > 0 && (in_paragraph >= 3 || rng.chance(0.4)) {
                text.push_str("\n\n");
                in_paragraph = 0;
            } else if in_paragraph > 0 {
                text.push(' ');
            }
            text.push_str(&sentence);
            in_paragraph += 1;
        }
        let day = rng.below(11 * 365) as i64 + days_from_civil(2015, 1, 1);
        let (y, m, d) = civil_from_days(day);
        Doc {
            id: format!("gen-{:x}-{n:08}", self.seed),
            title,
            text,
            published: format!("{y:04}-{m:02}-{d:02}"),
            source: rng.pick(SOURCES).to_string(),
            facts,
        }
    }
}

impl Iterator for Generator {
    type Item = Doc;

    fn next(&mut self) -> Option<Doc> {
        let d = self.doc(self.next);
        self.next += 1;
        Some(d)
    }
}

/// How a person is named: in full the first time (sometimes with a title), by surname after.
fn person(cast: &mut Cast<'_>, i: usize, rng: &mut Rng, titled: bool) -> String {
    let p = cast.people[i];
    if cast.introduced[i] && rng.chance(0.6) {
        return p.surname.clone();
    }
    cast.introduced[i] = true;
    match (&p.title, titled || rng.chance(0.3)) {
        (Some(t), true) => format!("{t} {}", p.name),
        _ => p.name.clone(),
    }
}

/// Fills a frame's slots from the cast; records the relation a relation frame states.
fn fill(
    frame: &str,
    cast: &mut Cast<'_>,
    rng: &mut Rng,
    fact: Option<(&'static str, &'static str, &mut Vec<Fact>)>,
) -> String {
    let a = rng.below(cast.people.len());
    let mut b = rng.below(cast.people.len());
    if b == a {
        b = (a + 1) % cast.people.len();
    }
    let country = cast.countries[rng.below(cast.countries.len())];
    let country2 = cast.countries[rng.below(cast.countries.len())];
    let city = cast.cities[rng.below(cast.cities.len())];
    let org = cast.orgs[rng.below(cast.orgs.len())];
    let mut out = String::with_capacity(frame.len() + 40);
    let mut object: Option<String> = None;
    let mut rest = frame;
    let mut titled = false;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open + rest[open..].find('}').unwrap_or(rest.len() - open - 1);
        let slot = &rest[open + 1..close];
        rest = &rest[close + 1..];
        match slot {
            "T" => {
                // `NATO Secretary General {A}`: the title of A goes in front.
                if let Some(t) = &cast.people[a].title {
                    out.push_str(t);
                } else {
                    out.push_str("Minister");
                }
                titled = true;
                cast.introduced[a] = true;
                rest = rest.trim_start_matches(" {A}");
                out.push(' ');
                out.push_str(&cast.people[a].name);
            }
            "A" => {
                let s = person(cast, a, rng, titled);
                out.push_str(&s);
            }
            "B" => {
                let s = person(cast, b, rng, false);
                out.push_str(&s);
                object.get_or_insert_with(|| cast.people[b].id.clone());
            }
            "X" => {
                let i = cast.introduced.iter().position(|&x| x).unwrap_or(a);
                let s = person(cast, i, rng, false);
                out.push_str(&s);
            }
            "K" => {
                out.push_str(&country.name);
                object.get_or_insert_with(|| country.id.clone());
            }
            "K2" => out.push_str(&country2.name),
            "D" => {
                out.push_str(country.short.as_deref().unwrap_or(&country.name));
                object.get_or_insert_with(|| country.id.clone());
            }
            "C" => {
                out.push_str(&city.name);
                object.get_or_insert_with(|| city.id.clone());
            }
            "O" => {
                let use_short = org.short.is_some() && rng.chance(0.6);
                out.push_str(if use_short {
                    org.short.as_deref().unwrap_or(&org.name)
                } else {
                    &org.name
                });
                object.get_or_insert_with(|| org.id.clone());
            }
            "E" => {
                let e = &cast_event(rng);
                out.push_str(e);
            }
            "w" => out.push_str(rng.pick(WEEKDAYS)),
            "t" => out.push_str(rng.pick(TOPICS)),
            "v" => out.push_str(rng.pick(ACTS)),
            "a" => out.push_str(rng.pick(ADJECTIVES)),
            "n" => out.push_str(&(2 + rng.below(60)).to_string()),
            "y" => out.push_str(&(1950 + rng.below(75)).to_string()),
            "o" => out.push_str(rng.pick(&["second", "third", "fourth", "fifth", "sixth"])),
            _ => {}
        }
    }
    out.push_str(rest);
    if let Some((predicate, modality, facts)) = fact {
        let subject = if frame.starts_with("{K}") {
            country.id.clone()
        } else {
            cast.people[a].id.clone()
        };
        let object = match predicate {
            "member_of" => Some(org.id.clone()),
            _ => object,
        };
        if let Some(object) = object {
            if object != subject {
                facts.push(Fact {
                    subject,
                    predicate,
                    object,
                    modality,
                });
            }
        }
    }
    // Sentences start with a capital even when a frame begins with a lower-case name.
    let mut chars = out.chars();
    match chars.next() {
        Some(c) if c.is_lowercase() => c.to_uppercase().chain(chars).collect(),
        _ => out,
    }
}

fn cast_event(rng: &mut Rng) -> String {
    // Events are few; the frame still reads as news with a generic summit.
    match rng.below(3) {
        0 => "summit".to_string(),
        1 => "climate conference".to_string(),
        _ => "donor conference".to_string(),
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}
