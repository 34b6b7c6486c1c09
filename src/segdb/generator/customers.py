"""Customer simulation: archetype-driven demographics, contact data and lifecycle."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import columns as col
from . import reference as ref
from .config import CHURN_GAP_DAYS, GeneratorConfig, signup_bounds_days
from .seasonality import DAY, SeasonalSampler

CUSTOMER_ID_WIDTH = 8


def customer_ids(numbers: np.ndarray) -> pa.Array:
    return col.ids("C", numbers, CUSTOMER_ID_WIDTH)


# ---- name pools (flattened per country) ----------------------------------------------
@dataclass(frozen=True)
class _Pool:
    names: pa.Array
    folded: pa.Array
    starts: np.ndarray
    sizes: np.ndarray

    def pick(self, rng: np.random.Generator, country: np.ndarray) -> np.ndarray:
        size = self.sizes[country]
        return self.starts[country] + np.floor(rng.random(len(country)) * size).astype(np.int64)


def _pool(by_country: dict[str, tuple[str, ...]]) -> _Pool:
    names: list[str] = []
    starts, sizes = [], []
    for c in ref.COUNTRIES:
        starts.append(len(names))
        sizes.append(len(by_country[c]))
        names.extend(by_country[c])
    return _Pool(
        col.strings(names),
        col.strings([ref.ascii_fold(n) for n in names]),
        np.array(starts, dtype=np.int64),
        np.array(sizes, dtype=np.int64),
    )


FEMALE = _pool(ref.FIRST_NAMES_F)
MALE = _pool(ref.FIRST_NAMES_M)
LAST = _pool(ref.LAST_NAMES)
DOMAINS = _pool(ref.EMAIL_DOMAINS)

# ---- geography lookups -----------------------------------------------------------------
_CITY_COUNTRY = np.array([ref.COUNTRIES.index(c.country) for c in ref.CITIES])
_MAX_CITIES = int(np.bincount(_CITY_COUNTRY).max())
CITY_PROBS = np.zeros((len(ref.COUNTRIES), _MAX_CITIES))
CITY_INDEX = np.zeros((len(ref.COUNTRIES), _MAX_CITIES), dtype=np.int64)
for _ci, _code in enumerate(ref.COUNTRIES):
    _idx = np.array([i for i, c in enumerate(ref.CITIES) if c.country == _code])
    CITY_PROBS[_ci, : len(_idx)] = [ref.CITIES[i].weight for i in _idx]
    CITY_INDEX[_ci, : len(_idx)] = _idx
CITY_NAMES = col.strings([c.name for c in ref.CITIES])
CITY_REGIONS = col.strings([c.region for c in ref.CITIES])
CITY_AREA = col.strings([c.area for c in ref.CITIES])
# Mobile prefixes per country (US has none: its mobile numbers look like landlines).
MOBILE = _pool({c: ref.MOBILE_PREFIXES[c] or ("",) for c in ref.COUNTRIES})
MOBILE_SHARE = np.array([ref.MOBILE_SHARE[c] for c in ref.COUNTRIES])
_POSTAL_KIND = np.array([("num", "nl", "gb").index(c.postal[0]) for c in ref.CITIES])
_POSTAL_LO = np.array([c.postal[1] if c.postal[0] != "gb" else 0 for c in ref.CITIES])
_POSTAL_HI = np.array([c.postal[2] if c.postal[0] != "gb" else 0 for c in ref.CITIES])
_GB_OUT: list[str] = []
_GB_START, _GB_SIZE = [], []
for _c in ref.CITIES:
    _GB_START.append(len(_GB_OUT))
    outs = _c.postal[1] if _c.postal[0] == "gb" else ("",)
    _GB_SIZE.append(len(outs))
    _GB_OUT.extend(outs)
GB_OUTWARD = col.strings(_GB_OUT)
GB_START = np.array(_GB_START)
GB_SIZE = np.array(_GB_SIZE)
NL_LETTERS = list("ABCDEFGHJKLMNPRTVWXZ")
GB_LETTERS = list("ABDEFGHJLNPQRSTUWXYZ")
# Length of the national significant number (without trunk 0); German mobiles have 11.
NSN_LENGTH = np.array([10, 9, 9, 10, 9, 10, 10])


@dataclass
class CustomerBlock:
    """One block of simulated customers (arrays are aligned, one entry per customer)."""

    number: np.ndarray
    ids: pa.Array
    arch: np.ndarray
    country: np.ndarray
    city: np.ndarray
    age: np.ndarray
    birth_days: np.ndarray
    gender_kind: np.ndarray
    gender: pa.Array
    first_name: pa.Array
    last_name: pa.Array
    first_ascii: pa.Array
    last_ascii: pa.Array
    email: pa.Array
    phone: pa.Array
    phone_area: pa.Array
    phone_sub: pa.Array
    region: pa.Array
    city_name: pa.Array
    postal_code: pa.Array
    income: np.ndarray
    education: np.ndarray
    occupation: np.ndarray
    marital: np.ndarray
    household: np.ndarray
    acquisition: np.ndarray
    signup: np.ndarray
    active_end: np.ndarray
    updated: np.ndarray
    rate: np.ndarray  # purchase rate while active, per day
    fav_cat: np.ndarray
    device_pref: np.ndarray
    channel_pref: np.ndarray

    @property
    def n(self) -> int:
        return len(self.number)


# ---- contact data ----------------------------------------------------------------------
def make_names(rng, country: np.ndarray, gender_kind: np.ndarray):
    """(first, last, first_ascii, last_ascii) Arrow arrays."""
    female = (gender_kind == 0) | ((gender_kind >= 2) & (rng.random(len(country)) < 0.5))
    fi = FEMALE.pick(rng, country)
    mi = MALE.pick(rng, country)
    li = LAST.pick(rng, country)
    first = pc.if_else(pa.array(female), FEMALE.names.take(fi), MALE.names.take(mi))
    first_ascii = pc.if_else(pa.array(female), FEMALE.folded.take(fi), MALE.folded.take(mi))
    return first, LAST.names.take(li), first_ascii, LAST.folded.take(li)


def make_emails(rng, first_ascii, last_ascii, numbers: np.ndarray, country: np.ndarray):
    """Lower-case e-mail addresses; the customer number keeps them unique."""
    n = len(numbers)
    num = col.int_str(numbers)
    initial = pc.utf8_slice_codeunits(first_ascii, 0, 1)
    patterns = [
        col.concat(first_ascii, ".", last_ascii, num),
        col.concat(initial, last_ascii, num),
        col.concat(first_ascii, last_ascii, num),
        col.concat(first_ascii, "_", last_ascii, num),
        col.concat(last_ascii, ".", first_ascii, num),
    ]
    which = col.sample_cat(rng, (0.35, 0.15, 0.2, 0.1, 0.2), n=n)
    local = pc.choose(pa.array(which), *patterns)
    domain = DOMAINS.names.take(DOMAINS.pick(rng, country))
    return col.concat(local, "@", domain)


def make_addresses(rng, country: np.ndarray):
    """(city index, region, city, postal_code)."""
    n = len(country)
    j = col.sample_cat(rng, CITY_PROBS, groups=country)
    city = CITY_INDEX[country, j]
    lo, hi = _POSTAL_LO[city], _POSTAL_HI[city]
    number = lo + np.floor(rng.random(n) * (hi - lo + 1)).astype(np.int64)
    plain = col.int_str(number, 5)
    l1 = rng.integers(0, len(NL_LETTERS), n)
    l2 = rng.integers(0, len(NL_LETTERS), n)
    nl = col.concat(col.int_str(number, 4), " ", col.take(NL_LETTERS, l1), col.take(NL_LETTERS, l2))
    outward = GB_OUTWARD.take(
        GB_START[city] + np.floor(rng.random(n) * GB_SIZE[city]).astype(np.int64)
    )
    g1 = rng.integers(0, len(GB_LETTERS), n)
    g2 = rng.integers(0, len(GB_LETTERS), n)
    gb = col.concat(
        outward,
        " ",
        col.int_str(rng.integers(1, 10, n)),
        col.take(GB_LETTERS, g1),
        col.take(GB_LETTERS, g2),
    )
    postal = pc.choose(pa.array(_POSTAL_KIND[city]), plain, nl, gb)
    return city, CITY_REGIONS.take(city), CITY_NAMES.take(city), postal


def make_phones(rng, country: np.ndarray, city: np.ndarray):
    """(phone in national format, area code, subscriber number) Arrow arrays."""
    n = len(country)
    mobile = rng.random(n) < MOBILE_SHARE[country]
    area = pc.if_else(
        pa.array(mobile), MOBILE.names.take(MOBILE.pick(rng, country)), CITY_AREA.take(city)
    )
    area_len = pc.utf8_length(area).to_numpy().astype(np.int64)
    nsn = NSN_LENGTH[country]
    nsn = np.where(mobile & (country == ref.COUNTRIES.index("DE")), 11, nsn)
    sub_len = nsn - area_len
    lo = 10 ** (sub_len - 1)
    sub_num = lo + np.floor(rng.random(n) * (10**sub_len - lo)).astype(np.int64)
    us = country == ref.COUNTRIES.index("US")
    us_num = 2_000_000 + np.floor(rng.random(n) * 8_000_000).astype(np.int64)
    sub = col.int_str(np.where(us, us_num, sub_num))

    def s(a, b):
        return pc.utf8_slice_codeunits(sub, a, b)

    full = col.concat(area, sub)

    def f(a, b):
        return pc.utf8_slice_codeunits(full, a, b)

    sub_len_a = pa.array(sub_len)
    de = col.concat("0", area, " ", sub)
    fr = col.concat("0", area, " ", s(0, 2), " ", s(2, 4), " ", s(4, 6), " ", s(6, 8))
    es = col.concat(f(0, 3), " ", f(3, 6), " ", f(6, 9))
    it = col.concat(area, " ", sub)
    nl = pc.if_else(
        pc.equal(sub_len_a, 8), col.concat("0", area, " ", sub),
        col.concat("0", area, " ", s(0, 3), " ", s(3, 7)),
    )  # fmt: skip
    gb = pc.if_else(
        pc.equal(sub_len_a, 8),
        col.concat("0", area, " ", s(0, 4), " ", s(4, 8)),
        pc.if_else(
            pc.equal(sub_len_a, 7),
            col.concat("0", area, " ", s(0, 3), " ", s(3, 7)),
            col.concat("0", area, " ", sub),
        ),
    )
    us_fmt = col.concat("(", area, ") ", s(0, 3), "-", s(3, 7))
    phone = pc.choose(pa.array(country), de, fr, es, it, nl, gb, us_fmt)
    return phone, area, sub


def phone_variant(rng: np.random.Generator, country: str, area: str, sub: str) -> str:
    """A valid phone number in a non-canonical format (dirt kind `phone_variant`).

    Every variant keeps the digits unambiguous: an international prefix (+cc / 00cc)
    followed by the national number without trunk 0, or the national number with it.
    """
    cc = ref.CALLING_CODES[ref.COUNTRIES.index(country)]
    full = area + sub
    if country == "FR":
        pairs = " ".join(sub[i : i + 2] for i in range(0, 8, 2))
        options = [
            f"+33 {area} {pairs}", f"0033 {area}{sub}", f"0{area}{sub}",
            ".".join([f"0{area}"] + [sub[i : i + 2] for i in range(0, 8, 2)]),
            "-".join([f"0{area}"] + [sub[i : i + 2] for i in range(0, 8, 2)]),
            f"+33{area}{sub}",
        ]  # fmt: skip
    elif country == "ES":
        options = [
            f"+34 {full[:3]} {full[3:6]} {full[6:]}", f"0034 {full}", full,
            f"{full[:3]}-{full[3:6]}-{full[6:]}", f"+34{full}",
            f"{full[:3]} {full[3:5]} {full[5:7]} {full[7:]}",
        ]  # fmt: skip
    elif country == "IT":
        options = [
            f"+39 {area} {sub}", f"0039 {area}{sub}", f"{area}/{sub}", f"{area}-{sub}",
            f"+39{area}{sub}", f"{area}{sub}",
        ]  # fmt: skip
    elif country == "US":
        e, ln = sub[:3], sub[3:]
        options = [
            f"+1 {area}-{e}-{ln}", f"{area}-{e}-{ln}", f"{area}.{e}.{ln}", f"{area}{e}{ln}",
            f"1-{area}-{e}-{ln}", f"+1 ({area}) {e}-{ln}",
        ]  # fmt: skip
    else:  # DE, NL, GB: trunk prefix 0
        options = [
            f"+{cc} {area} {sub}", f"00{cc}-{area}-{sub}", f"(0{area}) {sub}", f"0{area}/{sub}",
            f"0{area}-{sub}", f"+{cc}{area}{sub}", f"0{area}{sub}",
        ]  # fmt: skip
    return options[int(rng.integers(0, len(options)))]


# ---- demographics ----------------------------------------------------------------------
def _age_band(age: np.ndarray) -> np.ndarray:
    return np.searchsorted(np.array(ref.AGE_BANDS), age, side="right")


def make_gender(rng, n: int):
    kind = col.sample_cat(rng, ref.GENDER_KIND_SHARES, n=n)
    vocab: list[str] = []
    probs = np.zeros((4, max(len(s) for s in ref.GENDER_SPELLINGS)))
    starts = []
    for k, spellings in enumerate(ref.GENDER_SPELLINGS):
        starts.append(len(vocab))
        vocab.extend(s for s, _ in spellings)
        probs[k, : len(spellings)] = [w for _, w in spellings]
    j = col.sample_cat(rng, probs, groups=kind)
    return kind, col.take(vocab, np.array(starts)[kind] + j)


def simulate_customers(
    rng: np.random.Generator,
    cfg: GeneratorConfig,
    numbers: np.ndarray,
    arch: np.ndarray,
    sampler: SeasonalSampler,
) -> CustomerBlock:
    n = len(numbers)
    specs = cfg.archetypes
    start_s, end_s = cfg.start_s, cfg.end_s
    days = cfg.window_days

    def per_arch(attr: str) -> np.ndarray:
        return np.array([getattr(s, attr) for s in specs])

    # Lifecycle: sign-up (seasonal), dropout, purchase rate.
    bounds = np.array([signup_bounds_days(s, days) for s in specs])
    a = start_s + (bounds[arch, 0] * DAY).astype(np.int64)
    b = start_s + (bounds[arch, 1] * DAY).astype(np.int64)
    signup = sampler.sample(rng, a, b)
    active_end = np.full(n, end_s, dtype=np.int64)
    churn_lo = np.array([(s.churn_fraction or (1.0, 1.0))[0] for s in specs])
    churn_hi = np.array([(s.churn_fraction or (1.0, 1.0))[1] for s in specs])
    has_churn = np.array([s.churn_fraction is not None for s in specs])[arch]
    f = churn_lo[arch] + rng.random(n) * (churn_hi[arch] - churn_lo[arch])
    horizon = np.maximum(end_s - int(CHURN_GAP_DAYS * DAY) - signup, 0)
    active_end = np.where(has_churn, signup + (f * horizon).astype(np.int64), active_end)
    shape = per_arch("rate_shape")[arch]
    rate = rng.gamma(shape, per_arch("orders_per_year")[arch] / shape) / 365.25
    touched = rng.random(n) < 0.7
    updated = np.where(
        touched, signup + np.floor(rng.random(n) * (end_s - signup)).astype(np.int64), signup
    )

    # Demographics.
    age_mean, age_sd = np.array([s.age for s in specs]).T
    age = rng.normal(age_mean[arch], age_sd[arch])
    age = np.where(age < 18.0, 18.0 + rng.random(n) * 2.0, np.minimum(age, 85.0 - rng.random(n)))
    old = rng.random(n) < 0.012
    age = np.where(old, 86.0 + rng.random(n) * 9.0, age)
    end_day = end_s // DAY
    birth_days = (end_day - np.floor(age * 365.25)).astype(np.int32)
    band = _age_band(age)
    country = col.sample_cat(rng, ref.COUNTRY_SHARES, n=n)
    gender_kind, gender = make_gender(rng, n)
    first, last, first_ascii, last_ascii = make_names(rng, country, gender_kind)
    email = make_emails(rng, first_ascii, last_ascii, numbers, country)
    city, region, city_name, postal = make_addresses(rng, country)
    phone, phone_area, phone_sub = make_phones(rng, country, city)
    age_income = np.array([0.55, 0.85, 1.1, 1.05, 0.75])[band]
    income = rng.lognormal(
        np.log(per_arch("income_median")[arch] * np.array(ref.COUNTRY_INCOME_FACTOR)[country])
        + np.log(age_income),
        0.45,
    )
    income = (np.round(income / 100.0) * 100).astype(np.int64)
    education = col.sample_cat(rng, np.array([s.education_mix for s in specs]), groups=arch)
    occupation = col.sample_cat(rng, np.array([s.occupation_mix for s in specs]), groups=arch)
    u = rng.random(n)
    occupation = np.where((age < 25) & (u < 0.55), ref.OCCUPATION.index("student"), occupation)
    retire_p = np.where(age >= 67, 0.85, np.where(age >= 60, 0.3, 0.0))
    occupation = np.where(u > 1 - retire_p, ref.OCCUPATION.index("retired"), occupation)
    marital = col.sample_cat(rng, ref.MARITAL_BY_AGE, groups=band)
    couple = np.isin(marital, [1, 2])
    kids = rng.poisson(np.where(age < 50, 0.9, 0.3))
    alone = col.sample_cat(rng, (0.62, 0.25, 0.09, 0.04), n=n) + 1
    household = np.where(couple, np.minimum(2 + kids, 7), alone)
    acquisition = col.sample_cat(rng, np.array([s.acquisition_mix for s in specs]), groups=arch)
    fav_cat = col.sample_cat(rng, np.array([s.category_prefs for s in specs]), groups=arch)
    dev_band = np.searchsorted(np.array([30.0, 50.0]), age, side="right")
    device_pref = col.sample_cat(rng, ref.DEVICE_MIX_BY_AGE, groups=dev_band)
    channel_pref = col.sample_cat(rng, np.array([s.channel_mix for s in specs]), groups=arch)

    return CustomerBlock(
        number=numbers,
        ids=customer_ids(numbers),
        arch=arch,
        country=country,
        city=city,
        age=age,
        birth_days=birth_days,
        gender_kind=gender_kind,
        gender=gender,
        first_name=first,
        last_name=last,
        first_ascii=first_ascii,
        last_ascii=last_ascii,
        email=email,
        phone=phone,
        phone_area=phone_area,
        phone_sub=phone_sub,
        region=region,
        city_name=city_name,
        postal_code=postal,
        income=income,
        education=education,
        occupation=occupation,
        marital=marital,
        household=household,
        acquisition=acquisition,
        signup=signup,
        active_end=active_end,
        updated=updated,
        rate=rate,
        fav_cat=fav_cat,
        device_pref=device_pref,
        channel_pref=channel_pref,
    )


def customers_table(block: CustomerBlock) -> pa.Table:
    from .tables import schema

    return pa.Table.from_arrays(
        [
            block.ids,
            block.email,
            block.phone,
            block.first_name,
            block.last_name,
            col.dates(block.birth_days),
            block.gender,
            col.ints(block.income),
            col.take(ref.EDUCATION, block.education),
            col.take(ref.OCCUPATION, block.occupation),
            col.take(ref.MARITAL_STATUS, block.marital),
            col.ints(block.household),
            col.take(ref.COUNTRIES, block.country),
            block.region,
            block.city_name,
            block.postal_code,
            col.timestamps(block.signup),
            col.take(ref.ACQUISITION_CHANNELS, block.acquisition),
            col.timestamps(block.updated),
        ],
        schema=schema("customers", dirty=False),
    )
