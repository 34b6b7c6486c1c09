"""Static reference data for the demo generator: geography, names, vocabularies.

Everything here is plain data (no randomness). The simulation draws from these lists with
numpy, so the lists must keep a stable order: changing them changes the generated data.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# --------------------------------------------------------------------------------------
# Geography
# --------------------------------------------------------------------------------------

COUNTRIES: tuple[str, ...] = ("DE", "FR", "ES", "IT", "NL", "GB", "US")
COUNTRY_SHARES: tuple[float, ...] = (0.30, 0.15, 0.10, 0.10, 0.08, 0.12, 0.15)
CALLING_CODES: tuple[str, ...] = ("49", "33", "34", "39", "31", "44", "1")
# Relative income level used to scale archetype income medians.
COUNTRY_INCOME_FACTOR: tuple[float, ...] = (1.0, 0.95, 0.78, 0.85, 1.05, 1.02, 1.30)

# Spellings that are NOT ISO codes; injected as `country_name` dirt. Staging maps them back
# (they are all in the project's seeds/country_aliases.csv, compared lower-case).
COUNTRY_NAME_VARIANTS: dict[str, tuple[str, ...]] = {
    "DE": ("Germany", "Deutschland", "deutschland", "GERMANY", "DEU"),
    "FR": ("France", "france", "FRANCE", "FRA"),
    "ES": ("Spain", "España", "Espana", "spain"),
    "IT": ("Italy", "Italia", "italy"),
    "NL": ("Netherlands", "The Netherlands", "Nederland", "Holland"),
    "GB": ("United Kingdom", "UK", "Great Britain", "England"),
    "US": ("USA", "United States", "United States of America", "U.S.A."),
}


@dataclass(frozen=True)
class City:
    """A city with its region, postal-code rule and landline area code (without trunk 0)."""

    country: str
    name: str
    region: str
    weight: float
    postal: tuple  # ("num", lo, hi, width) | ("nl", lo, hi) | ("gb", (outward codes...))
    area: str


# fmt: off
CITIES: tuple[City, ...] = (
    # Germany: 5-digit PLZ, area codes without the trunk 0.
    City("DE", "Berlin", "Berlin", 3.7, ("num", 10115, 14199, 5), "30"),
    City("DE", "Hamburg", "Hamburg", 1.9, ("num", 20095, 22769, 5), "40"),
    City("DE", "München", "Bayern", 1.5, ("num", 80331, 81929, 5), "89"),
    City("DE", "Köln", "Nordrhein-Westfalen", 1.1, ("num", 50667, 51149, 5), "221"),
    City("DE", "Frankfurt am Main", "Hessen", 0.75, ("num", 60306, 60599, 5), "69"),
    City("DE", "Stuttgart", "Baden-Württemberg", 0.63, ("num", 70173, 70629, 5), "711"),
    City("DE", "Düsseldorf", "Nordrhein-Westfalen", 0.62, ("num", 40210, 40629, 5), "211"),
    City("DE", "Leipzig", "Sachsen", 0.6, ("num", 4103, 4357, 5), "341"),
    City("DE", "Dresden", "Sachsen", 0.56, ("num", 1067, 1328, 5), "351"),
    City("DE", "Hannover", "Niedersachsen", 0.54, ("num", 30159, 30669, 5), "511"),
    City("DE", "Nürnberg", "Bayern", 0.52, ("num", 90402, 90491, 5), "911"),
    # France: 5-digit codes postaux; area digit 1-5.
    City("FR", "Paris", "Île-de-France", 2.1, ("num", 75001, 75020, 5), "1"),
    City("FR", "Marseille", "Provence-Alpes-Côte d'Azur", 0.87, ("num", 13001, 13016, 5), "4"),
    City("FR", "Lyon", "Auvergne-Rhône-Alpes", 0.52, ("num", 69001, 69009, 5), "4"),
    City("FR", "Toulouse", "Occitanie", 0.5, ("num", 31000, 31500, 5), "5"),
    City("FR", "Nice", "Provence-Alpes-Côte d'Azur", 0.34, ("num", 6000, 6300, 5), "4"),
    City("FR", "Nantes", "Pays de la Loire", 0.32, ("num", 44000, 44300, 5), "2"),
    City("FR", "Strasbourg", "Grand Est", 0.29, ("num", 67000, 67200, 5), "3"),
    City("FR", "Bordeaux", "Nouvelle-Aquitaine", 0.26, ("num", 33000, 33300, 5), "5"),
    City("FR", "Lille", "Hauts-de-France", 0.23, ("num", 59000, 59800, 5), "3"),
    # Spain: 5-digit codes; area code is the leading part of the 9-digit number.
    City("ES", "Madrid", "Comunidad de Madrid", 3.3, ("num", 28001, 28055, 5), "91"),
    City("ES", "Barcelona", "Cataluña", 1.6, ("num", 8001, 8042, 5), "93"),
    City("ES", "Valencia", "Comunitat Valenciana", 0.8, ("num", 46001, 46026, 5), "96"),
    City("ES", "Sevilla", "Andalucía", 0.68, ("num", 41001, 41020, 5), "95"),
    City("ES", "Zaragoza", "Aragón", 0.67, ("num", 50001, 50021, 5), "976"),
    City("ES", "Málaga", "Andalucía", 0.58, ("num", 29001, 29018, 5), "95"),
    City("ES", "Bilbao", "País Vasco", 0.35, ("num", 48001, 48015, 5), "94"),
    # Italy: 5-digit CAP; landline area codes keep their leading 0.
    City("IT", "Roma", "Lazio", 2.8, ("num", 118, 199, 5), "06"),
    City("IT", "Milano", "Lombardia", 1.4, ("num", 20121, 20162, 5), "02"),
    City("IT", "Napoli", "Campania", 0.95, ("num", 80121, 80147, 5), "081"),
    City("IT", "Torino", "Piemonte", 0.85, ("num", 10121, 10156, 5), "011"),
    City("IT", "Palermo", "Sicilia", 0.63, ("num", 90121, 90151, 5), "091"),
    City("IT", "Bologna", "Emilia-Romagna", 0.39, ("num", 40121, 40141, 5), "051"),
    City("IT", "Firenze", "Toscana", 0.37, ("num", 50121, 50145, 5), "055"),
    # Netherlands: "1234 AB" postcodes.
    City("NL", "Amsterdam", "Noord-Holland", 0.92, ("nl", 1011, 1109), "20"),
    City("NL", "Rotterdam", "Zuid-Holland", 0.65, ("nl", 3011, 3089), "10"),
    City("NL", "Den Haag", "Zuid-Holland", 0.55, ("nl", 2491, 2599), "70"),
    City("NL", "Utrecht", "Utrecht", 0.36, ("nl", 3511, 3585), "30"),
    City("NL", "Eindhoven", "Noord-Brabant", 0.24, ("nl", 5611, 5658), "40"),
    City("NL", "Groningen", "Groningen", 0.23, ("nl", 9711, 9747), "50"),
    # United Kingdom: outward code + " " + digit + two letters.
    City("GB", "London", "London", 8.9, ("gb", ("SW1A", "EC1A", "W1D", "N1", "E1", "SE1")), "20"),
    City("GB", "Birmingham", "West Midlands", 1.1, ("gb", ("B1", "B5", "B15", "B29")), "121"),
    City("GB", "Manchester", "North West", 0.55, ("gb", ("M1", "M4", "M14", "M20")), "161"),
    City("GB", "Leeds", "Yorkshire and the Humber", 0.8, ("gb", ("LS1", "LS6", "LS11")), "113"),
    City("GB", "Glasgow", "Scotland", 0.63, ("gb", ("G1", "G3", "G12", "G41")), "141"),
    City("GB", "Edinburgh", "Scotland", 0.52, ("gb", ("EH1", "EH3", "EH10")), "131"),
    City("GB", "Bristol", "South West", 0.46, ("gb", ("BS1", "BS6", "BS8")), "117"),
    City("GB", "Cardiff", "Wales", 0.36, ("gb", ("CF10", "CF11", "CF24")), "29"),
    # United States: ZIP codes; region is the state.
    City("US", "New York", "NY", 8.3, ("num", 10001, 10292, 5), "212"),
    City("US", "Los Angeles", "CA", 3.9, ("num", 90001, 90089, 5), "213"),
    City("US", "Chicago", "IL", 2.7, ("num", 60601, 60661, 5), "312"),
    City("US", "Houston", "TX", 2.3, ("num", 77001, 77099, 5), "713"),
    City("US", "Phoenix", "AZ", 1.6, ("num", 85001, 85055, 5), "602"),
    City("US", "Philadelphia", "PA", 1.6, ("num", 19102, 19154, 5), "215"),
    City("US", "San Francisco", "CA", 0.87, ("num", 94102, 94134, 5), "415"),
    City("US", "Seattle", "WA", 0.74, ("num", 98101, 98199, 5), "206"),
    City("US", "Boston", "MA", 0.68, ("num", 2108, 2137, 5), "617"),
    City("US", "Miami", "FL", 0.44, ("num", 33101, 33199, 5), "305"),
)
# fmt: on

# Mobile prefixes (national significant number, without trunk 0) and subscriber lengths.
MOBILE_PREFIXES: dict[str, tuple[str, ...]] = {
    "DE": ("151", "152", "160", "170", "171", "172", "175", "176", "177", "179"),
    "FR": ("6", "7"),
    "ES": ("6", "7"),
    "IT": ("320", "328", "333", "338", "340", "347", "349", "366", "380", "393"),
    "NL": ("6",),
    "GB": ("7700", "7711", "7800", "7900", "7911", "7400", "7500"),
    "US": (),  # US numbers look the same for mobiles and landlines
}
MOBILE_SHARE: dict[str, float] = {
    "DE": 0.45, "FR": 0.5, "ES": 0.55, "IT": 0.55, "NL": 0.5, "GB": 0.5, "US": 0.0
}  # fmt: skip

# Junk phone values: none has more than 5 digits.
PHONE_JUNK: tuple[str, ...] = (
    "n/a", "N/A", "unknown", "-", "0", "00000", "123", "none", "tbd", "+", "xxx", "?"
)  # fmt: skip

# --------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------

FIRST_NAMES_F: dict[str, tuple[str, ...]] = {
    "DE": ("Anna", "Lena", "Sophie", "Marie", "Laura", "Julia", "Katharina", "Sabine", "Petra",
           "Monika", "Jana", "Lea", "Hannah", "Emma", "Mia", "Claudia", "Jessica", "Franziska",
           "Birgit", "Ursula"),
    "FR": ("Camille", "Léa", "Manon", "Chloé", "Emma", "Inès", "Sarah", "Julie", "Marie",
           "Céline", "Nathalie", "Isabelle", "Sophie", "Aurélie", "Margaux", "Élodie"),
    "ES": ("Lucía", "María", "Paula", "Laura", "Carmen", "Marta", "Sofía", "Ana", "Elena",
           "Cristina", "Isabel", "Alba", "Julia", "Pilar", "Raquel"),
    "IT": ("Giulia", "Chiara", "Francesca", "Sara", "Martina", "Valentina", "Alessia", "Elena",
           "Federica", "Silvia", "Paola", "Anna", "Laura", "Sofia", "Giorgia"),
    "NL": ("Emma", "Sophie", "Julia", "Anna", "Lisa", "Sanne", "Fleur", "Eva", "Lotte", "Anouk",
           "Iris", "Femke", "Maaike", "Noor"),
    "GB": ("Olivia", "Amelia", "Isla", "Emily", "Sophie", "Charlotte", "Jessica", "Hannah",
           "Chloe", "Lucy", "Sarah", "Rebecca", "Laura", "Grace", "Siobhan"),
    "US": ("Emily", "Jessica", "Ashley", "Sarah", "Jennifer", "Amanda", "Elizabeth", "Megan",
           "Lauren", "Olivia", "Madison", "Hannah", "Taylor", "Brianna", "Nicole", "Maria"),
}  # fmt: skip
FIRST_NAMES_M: dict[str, tuple[str, ...]] = {
    "DE": ("Lukas", "Jonas", "Leon", "Felix", "Maximilian", "Paul", "Thomas", "Michael",
           "Andreas", "Stefan", "Markus", "Tobias", "Florian", "Sebastian", "Jörg", "Uwe",
           "Klaus", "Niklas"),
    "FR": ("Lucas", "Hugo", "Louis", "Gabriel", "Arthur", "Jules", "Thomas", "Nicolas",
           "Julien", "Pierre", "Antoine", "François", "Mathieu", "Jérôme", "Théo"),
    "ES": ("Hugo", "Daniel", "Pablo", "Alejandro", "David", "Javier", "Carlos", "Sergio",
           "Jorge", "Antonio", "Manuel", "José", "Álvaro", "Adrián", "Iñigo"),
    "IT": ("Francesco", "Alessandro", "Lorenzo", "Matteo", "Andrea", "Marco", "Luca", "Giuseppe",
           "Davide", "Simone", "Federico", "Riccardo", "Stefano", "Niccolò"),
    "NL": ("Daan", "Sem", "Lucas", "Levi", "Finn", "Jesse", "Thijs", "Bram", "Ruben", "Lars",
           "Pieter", "Jeroen", "Sander", "Wouter"),
    "GB": ("Oliver", "George", "Harry", "Jack", "Jacob", "Thomas", "James", "William", "Daniel",
           "Matthew", "Callum", "Rhys", "Liam", "Ewan", "Owen"),
    "US": ("Michael", "Christopher", "Matthew", "Joshua", "David", "James", "Daniel", "Robert",
           "John", "Joseph", "Andrew", "Ryan", "Brandon", "Tyler", "Kevin", "Jose"),
}  # fmt: skip
LAST_NAMES: dict[str, tuple[str, ...]] = {
    "DE": ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
           "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf",
           "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann",
           "Hartmann", "Lange", "Werner", "Krause", "Lehmann", "Köhler", "Maier"),
    "FR": ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
           "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David",
           "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier"),
    "ES": ("García", "Rodríguez", "González", "Fernández", "López", "Martínez", "Sánchez",
           "Pérez", "Gómez", "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno",
           "Muñoz", "Álvarez", "Romero", "Alonso", "Gutiérrez", "Navarro", "Torres"),
    "IT": ("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
           "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa",
           "Giordano", "Rizzo", "Lombardi", "Moretti", "D'Angelo", "Fontana"),
    "NL": ("de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen",
           "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters",
           "Hendriks", "van Leeuwen", "Dekker", "Brouwer"),
    "GB": ("Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson",
           "Thomas", "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White",
           "Edwards", "Hughes", "Green", "Hall", "Wood", "Harris", "O'Brien", "MacDonald"),
    "US": ("Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
           "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson",
           "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson",
           "White", "Harris", "Clark", "Lewis", "Nguyen", "Kim", "Patel"),
}  # fmt: skip

EMAIL_DOMAINS: dict[str, tuple[str, ...]] = {
    "DE": ("gmail.com", "web.de", "gmx.de", "t-online.de", "outlook.de", "yahoo.de", "posteo.de"),
    "FR": ("gmail.com", "orange.fr", "free.fr", "laposte.net", "hotmail.fr", "sfr.fr"),
    "ES": ("gmail.com", "hotmail.es", "yahoo.es", "outlook.es", "telefonica.net"),
    "IT": ("gmail.com", "libero.it", "virgilio.it", "hotmail.it", "tiscali.it", "alice.it"),
    "NL": ("gmail.com", "ziggo.nl", "kpnmail.nl", "hotmail.nl", "outlook.com", "xs4all.nl"),
    "GB": ("gmail.com", "hotmail.co.uk", "yahoo.co.uk", "btinternet.com", "outlook.com"),
    "US": ("gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "aol.com"),
}

# Free-text gender spellings. Underlying kinds: female, male, non-binary, undisclosed.
GENDER_KIND_SHARES: tuple[float, ...] = (0.49, 0.48, 0.015, 0.015)
GENDER_SPELLINGS: tuple[tuple[tuple[str, float], ...], ...] = (
    (("F", 0.32), ("female", 0.25), ("Female", 0.22), ("f", 0.08), ("FEMALE", 0.05),
     ("woman", 0.08)),
    (("M", 0.32), ("male", 0.25), ("Male", 0.22), ("m", 0.08), ("MALE", 0.05), ("man", 0.08)),
    (("non-binary", 0.4), ("Non-binary", 0.2), ("nonbinary", 0.15), ("diverse", 0.15),
     ("X", 0.1)),
    (("prefer not to say", 0.45), ("unknown", 0.25), ("U", 0.15), ("Prefer not to say", 0.15)),
)  # fmt: skip

EDUCATION: tuple[str, ...] = (
    "primary", "secondary", "vocational", "bachelor", "master", "doctorate"
)  # fmt: skip
OCCUPATION: tuple[str, ...] = (
    "employee", "self_employed", "manager", "civil_servant", "student", "retired", "unemployed",
    "homemaker",
)  # fmt: skip
MARITAL_STATUS: tuple[str, ...] = ("single", "married", "partnership", "divorced", "widowed")
# Marital status mix by age band (<25, 25-34, 35-49, 50-64, 65+).
AGE_BANDS: tuple[float, ...] = (25.0, 35.0, 50.0, 65.0)
MARITAL_BY_AGE: tuple[tuple[float, ...], ...] = (
    (0.84, 0.05, 0.11, 0.0, 0.0),
    (0.45, 0.30, 0.22, 0.03, 0.0),
    (0.22, 0.55, 0.12, 0.10, 0.01),
    (0.15, 0.58, 0.07, 0.16, 0.04),
    (0.10, 0.55, 0.05, 0.12, 0.18),
)
ACQUISITION_CHANNELS: tuple[str, ...] = (
    "organic_search", "paid_search", "social", "referral", "email", "affiliate", "direct",
    "store", "marketplace",
)  # fmt: skip

# --------------------------------------------------------------------------------------
# Commerce
# --------------------------------------------------------------------------------------

ORDER_CHANNELS: tuple[str, ...] = ("web", "app", "store", "phone", "marketplace")
ORDER_STATUSES: tuple[str, ...] = ("completed", "cancelled", "returned", "pending")
CURRENCIES: tuple[str, ...] = ("EUR", "GBP", "USD")
FX_FROM_EUR: tuple[float, ...] = (1.0, 0.85, 1.10)
DISCOUNT_LEVELS: tuple[float, ...] = (0.05, 0.10, 0.15, 0.20, 0.25, 0.30, 0.50)


@dataclass(frozen=True)
class Category:
    name: str
    n_products: int
    price_median: float
    price_sigma: float
    qty_lambda: float  # extra units per order line (Poisson)
    # (subcategory, product nouns, price factor relative to the category median)
    subcategories: tuple[tuple[str, tuple[str, ...], float], ...]
    brands: tuple[str, ...]
    model_names: bool = True  # add a model name ("X200", "Pro 14") to product names


# fmt: off
CATEGORIES: tuple[Category, ...] = (
    Category("electronics", 60, 65.0, 0.45, 0.05, (
        ("smartphones", ("Smartphone", "Phone"), 3.0),
        ("laptops", ("Laptop", "Notebook", "Ultrabook"), 5.0),
        ("audio", ("Headphones", "Earbuds", "Speaker", "Soundbar"), 0.9),
        ("tv_video", ("TV", "Projector", "Streaming Stick"), 3.5),
        ("smart_home", ("Smart Plug", "Thermostat", "Camera", "Doorbell"), 0.6),
        ("accessories", ("Charger", "Cable", "Power Bank", "Case"), 0.15),
    ), ("Voltix", "Nordlicht", "Zentra", "Auralis", "Kyra", "Lumio", "Pixelon")),
    Category("fashion", 80, 40.0, 0.4, 0.2, (
        ("women", ("Dress", "Blouse", "Skirt", "Cardigan", "Jeans"), 1.0),
        ("men", ("Shirt", "Chinos", "Jacket", "Sweater", "Jeans"), 1.1),
        ("shoes", ("Sneakers", "Boots", "Loafers", "Sandals"), 1.6),
        ("accessories", ("Scarf", "Belt", "Wallet", "Cap", "Sunglasses"), 0.5),
        ("kids", ("T-Shirt", "Hoodie", "Rain Jacket", "Pyjamas"), 0.5),
    ), ("Maison Alba", "Stoffwerk", "Linnea", "Urban Fox", "Cotone", "Bravo Jeans")),
    Category("home_living", 60, 45.0, 0.45, 0.15, (
        ("furniture", ("Side Table", "Bookshelf", "Armchair", "Desk"), 2.5),
        ("kitchen", ("Pan Set", "Knife Block", "Kettle", "Coffee Grinder", "Blender"), 0.8),
        ("decor", ("Vase", "Picture Frame", "Cushion", "Candle Set"), 0.5),
        ("bedding", ("Duvet Cover", "Pillow", "Blanket", "Sheet Set"), 0.8),
        ("lighting", ("Floor Lamp", "Desk Lamp", "Pendant Light"), 1.2),
    ), ("Hygge Home", "Casa Verde", "Nordwood", "Atelier 9", "Kochlust")),
    Category("beauty", 45, 20.0, 0.35, 0.35, (
        ("skincare", ("Face Cream", "Serum", "Cleanser", "Sunscreen"), 1.0),
        ("makeup", ("Lipstick", "Mascara", "Foundation", "Palette"), 0.7),
        ("fragrance", ("Eau de Parfum", "Eau de Toilette", "Body Mist"), 2.2),
        ("haircare", ("Shampoo", "Conditioner", "Hair Oil"), 0.5),
    ), ("Belle Rive", "Aqualis", "Rosé & Co", "Verdana Skin", "Lumen")),
    Category("sports_outdoors", 45, 45.0, 0.45, 0.1, (
        ("fitness", ("Yoga Mat", "Dumbbell Set", "Resistance Bands", "Kettlebell"), 0.8),
        ("cycling", ("Bike Helmet", "Bike Light", "Cycling Gloves"), 0.9),
        ("running", ("Running Shoes", "Running Jacket", "Sports Watch"), 1.5),
        ("camping", ("Tent", "Sleeping Bag", "Backpack", "Camping Stove"), 1.6),
    ), ("Peakline", "Stride", "Alpenfuchs", "Velo Nova", "Terrafit")),
    Category("books_media", 50, 14.0, 0.35, 0.25, (
        ("books", ("Novel", "Cookbook", "Travel Guide", "Biography"), 1.0),
        ("ebooks", ("eBook",), 0.6),
        ("music", ("Vinyl", "CD Box"), 1.5),
        ("movies", ("Blu-ray", "DVD Collection"), 1.2),
    ), ("Seitenwind", "Papyrus", "Blue Owl", "Lettera", "Mundo Libro"), False),
    Category("toys_games", 35, 25.0, 0.45, 0.2, (
        ("toys", ("Building Set", "Plush Toy", "Doll", "RC Car"), 1.0),
        ("board_games", ("Board Game", "Puzzle", "Card Game"), 1.0),
        ("video_games", ("Video Game", "Controller"), 1.9),
        ("baby", ("Baby Monitor", "Teether", "Play Mat"), 1.2),
    ), ("Kleine Welt", "Ludo Lab", "Playmo", "Tiny Giants", "Brickfield")),
    Category("grocery", 25, 10.0, 0.35, 1.2, (
        ("coffee_tea", ("Coffee Beans", "Green Tea", "Espresso Pods"), 1.0),
        ("snacks", ("Chocolate", "Nut Mix", "Crackers"), 0.5),
        ("wine", ("Red Wine", "White Wine", "Sparkling Wine"), 1.4),
        ("organic", ("Olive Oil", "Honey", "Granola"), 0.9),
    ), ("Bio Garten", "Dolce Vita", "Kaffeehaus", "Terra Mia", "Sunfield"), False),
)
# fmt: on
CATEGORY_NAMES: tuple[str, ...] = tuple(c.name for c in CATEGORIES)

# --------------------------------------------------------------------------------------
# Web analytics
# --------------------------------------------------------------------------------------

DEVICES: tuple[str, ...] = ("mobile", "desktop", "tablet")
DEVICE_MIX_BY_AGE: tuple[tuple[float, ...], ...] = (  # <30, 30-49, 50+
    (0.72, 0.22, 0.06),
    (0.55, 0.35, 0.10),
    (0.36, 0.48, 0.16),
)
DEVICE_MIX_ANON: tuple[float, ...] = (0.62, 0.30, 0.08)
OPERATING_SYSTEMS: tuple[str, ...] = (
    "iOS", "Android", "Windows", "macOS", "Linux", "ChromeOS", "iPadOS"
)  # fmt: skip
OS_BY_DEVICE: tuple[tuple[float, ...], ...] = (
    (0.45, 0.55, 0.0, 0.0, 0.0, 0.0, 0.0),  # mobile
    (0.0, 0.0, 0.68, 0.25, 0.04, 0.03, 0.0),  # desktop
    (0.0, 0.38, 0.0, 0.0, 0.0, 0.0, 0.62),  # tablet
)
BROWSERS: tuple[str, ...] = ("Chrome", "Safari", "Firefox", "Edge", "Samsung Internet", "Opera")
BROWSER_BY_OS: tuple[tuple[float, ...], ...] = (
    (0.15, 0.80, 0.05, 0.0, 0.0, 0.0),  # iOS
    (0.75, 0.0, 0.06, 0.0, 0.18, 0.01),  # Android
    (0.62, 0.0, 0.10, 0.25, 0.0, 0.03),  # Windows
    (0.38, 0.55, 0.07, 0.0, 0.0, 0.0),  # macOS
    (0.45, 0.0, 0.55, 0.0, 0.0, 0.0),  # Linux
    (1.0, 0.0, 0.0, 0.0, 0.0, 0.0),  # ChromeOS
    (0.15, 0.85, 0.0, 0.0, 0.0, 0.0),  # iPadOS
)
APP_BROWSER = "App"  # browser value of sessions in the native app
TRAFFIC_SOURCES: tuple[str, ...] = (
    "organic_search", "paid_search", "direct", "email", "social", "referral", "affiliate",
    "price_comparison",
)  # fmt: skip
TRAFFIC_MIX_ANON: tuple[float, ...] = (0.38, 0.2, 0.12, 0.0, 0.17, 0.06, 0.03, 0.04)

# --------------------------------------------------------------------------------------
# Surveys
# --------------------------------------------------------------------------------------

INTERESTS: tuple[str, ...] = (
    "technology", "fashion", "home_living", "beauty_wellness", "sports_fitness", "reading",
    "gaming", "cooking", "travel",
)  # fmt: skip
# Interest most associated with each product category (same order as CATEGORIES).
CATEGORY_INTEREST: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 6, 7)
VALUES: tuple[str, ...] = (
    "quality", "price", "sustainability", "convenience", "brand", "innovation"
)  # fmt: skip
LIFESTYLES: tuple[str, ...] = (
    "urban_professional", "family_oriented", "active_outdoor", "homebody", "student_life",
    "retired_life", "traveller",
)  # fmt: skip
LIFESTYLE_BY_AGE: tuple[tuple[float, ...], ...] = (  # same bands as AGE_BANDS
    (0.20, 0.05, 0.18, 0.12, 0.35, 0.0, 0.10),
    (0.35, 0.20, 0.15, 0.13, 0.02, 0.0, 0.15),
    (0.25, 0.40, 0.12, 0.12, 0.0, 0.0, 0.11),
    (0.20, 0.25, 0.12, 0.18, 0.0, 0.12, 0.13),
    (0.05, 0.15, 0.10, 0.20, 0.0, 0.40, 0.10),
)
PRICE_SENSITIVITY: tuple[str, ...] = ("low", "medium", "high")
MOTIVATIONS: tuple[str, ...] = ("self_reward", "necessity", "gifts", "deals", "discovery")
SURVEY_QUESTIONS: tuple[str, ...] = (
    "interests", "values", "lifestyle", "price_sensitivity", "shopping_motivation"
)  # fmt: skip

# --------------------------------------------------------------------------------------
# E-mail and consents
# --------------------------------------------------------------------------------------

EMAIL_EVENT_TYPES: tuple[str, ...] = (
    "sent", "delivered", "bounce", "open", "click", "unsubscribe", "complaint"
)  # fmt: skip
CONSENT_TYPES: tuple[str, ...] = (
    "email_marketing", "sms_marketing", "data_sale_opt_out", "erasure_request"
)  # fmt: skip

# --------------------------------------------------------------------------------------
# Social media
# --------------------------------------------------------------------------------------

SOCIAL_PLATFORMS: tuple[str, ...] = (
    "instagram", "facebook", "tiktok", "x", "youtube", "linkedin", "pinterest"
)  # fmt: skip
SOCIAL_PLATFORM_MIX: tuple[float, ...] = (0.34, 0.24, 0.16, 0.08, 0.08, 0.04, 0.06)
# How exports spell a platform (dirt; staging maps them back through value_map).
SOCIAL_PLATFORM_VARIANTS: dict[str, tuple[str, ...]] = {
    "instagram": ("Instagram", "IG", "insta"),
    "facebook": ("Facebook", "FB", "meta"),
    "tiktok": ("TikTok", "tik tok"),
    "x": ("twitter", "Twitter", "X"),
    "youtube": ("YouTube", "yt"),
    "linkedin": ("LinkedIn", "linked in"),
    "pinterest": ("Pinterest",),
}
SOCIAL_INTERACTION_TYPES: tuple[str, ...] = (
    "follow", "unfollow", "like", "comment", "share", "mention", "message", "review"
)  # fmt: skip
SOCIAL_ADVOCACY_TYPES: tuple[str, ...] = ("share", "mention", "review")
# Interactions that carry text and therefore (mostly) a sentiment score.
SOCIAL_TEXT_TYPES: tuple[str, ...] = ("comment", "mention", "message", "review")

# --------------------------------------------------------------------------------------
# Dirt vocabularies
# --------------------------------------------------------------------------------------

UNPARSEABLE_DATES: tuple[str, ...] = (
    "31/02/2024", "2024-13-45", "not a date", "2023-02-29", "2024-06-31 12:00:00",
    "00/00/0000", "unknown", "32.01.2025", "2025-02-30", "TBD",
)  # fmt: skip
UNPARSEABLE_AMOUNTS: tuple[str, ...] = (
    "abc", "12,34,5", "N/A", "n/a", "1.2.3", "--", "twelve", "12..50", "EUR", "#VALUE!",
)  # fmt: skip


def ascii_fold(text: str) -> str:
    """Lower-case ASCII form of a name, for e-mail addresses ('Müller' -> 'mueller')."""
    text = text.lower()
    for src, dst in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(src, dst)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if ch.isascii() and ch.isalnum())
