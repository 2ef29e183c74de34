"""Invented vocabularies for the generator: companies, people, roles, places, words.

All names are made up; e-mail addresses use example.com, phone numbers the 555-01xx block
reserved for fiction.
"""

from __future__ import annotations

__all__: list[str] = []

_PREFIXES = (
    "Bluefin",
    "Cedarline",
    "Harborview",
    "Lumenworks",
    "Quartzite",
    "Tidewater",
    "Copperleaf",
    "Brightpath",
    "Ironbark",
    "Meadowlark",
    "Silverline",
    "Foxglove",
    "Kestrelwind",
    "Pinecrest",
    "Sablewood",
    "Tamarack",
    "Willowby",
    "Zephyrine",
    "Orchardly",
    "Granite Peak",
    "Marigold",
    "Lanternfish",
    "Oakhurst",
    "Bramblecote",
    "Driftwood",
)
_SUFFIXES = (
    "Analytics",
    "Labs",
    "Health",
    "Robotics",
    "Logistics",
    "Software",
    "Systems",
    "Bank",
    "Media",
    "Energy",
    "Foods",
    "Insurance",
    "Learning",
    "Games",
    "Studio",
)
#: A few names with accents so encodings matter.
_ACCENTED = (
    "Müller & Söhne Logistik",
    "Café Olé Media",
    "Niño Health Partners",
    "Björk & Lund Design",
)

COMPANIES_US: tuple[str, ...] = tuple(f"{p} {s}" for p in _PREFIXES for s in _SUFFIXES) + _ACCENTED

COMPANIES_DE: tuple[str, ...] = (
    "Müller & Söhne Logistik",
    "Lindenhof Software GmbH",
    "Rheinblick Analytics GmbH",
    "Nordlicht Energie AG",
    "Bergquell Gesundheit GmbH",
    "Sonnenfeld Versicherung AG",
    "Eichenwald Medien GmbH",
    "Kranich Robotik GmbH",
    "Hafenstadt Daten GmbH",
    "Tannenberg Lernen GmbH",
    "Falkenstein Finanz AG",
    "Weidenbach Spiele GmbH",
)

COMPANIES_CN: tuple[str, ...] = (
    "星河科技",
    "云帆数据",
    "青禾网络",
    "远山智能",
    "明湖软件",
    "北辰信息",
    "泊舟物流",
    "锦鲤游戏",
    "松风金融",
    "白鹭健康",
    "知行教育",
    "海棠传媒",
)

FIRST_NAMES = (
    "Avery",
    "Jordan",
    "Priya",
    "Mateo",
    "Keiko",
    "Lena",
    "Omar",
    "Tessa",
    "Rafael",
    "Imani",
    "Soren",
    "Noor",
    "Callum",
    "Yara",
    "Dmitri",
    "Ines",
    "Wren",
    "Kofi",
)
LAST_NAMES = (
    "Halvorsen",
    "Okafor",
    "Castellano",
    "Whitcombe",
    "Nakashima",
    "Delacroix",
    "Brannigan",
    "Esposito",
    "Lindqvist",
    "Achterberg",
    "Moreau",
    "Thornbury",
    "Ellery",
    "Quillfeather",
)
AREA_CODES = ("212", "312", "415", "512", "617", "206", "303", "404")

#: (family, yearly USD midpoint for a mid-level role, titles, skill gaps)
ROLE_FAMILIES: tuple[tuple[str, float, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "software",
        135_000,
        ("Software Engineer", "Backend Engineer", "Frontend Engineer", "Full Stack Developer"),
        ("system design", "Kubernetes", "Go", "algorithms", "AWS"),
    ),
    (
        "data_analysis",
        85_000,
        ("Data Analyst", "Business Intelligence Analyst", "Analytics Engineer"),
        ("SQL", "Tableau", "A/B testing", "Python", "dbt"),
    ),
    (
        "data_science",
        125_000,
        ("Data Scientist", "Machine Learning Engineer"),
        ("statistics", "deep learning", "SQL", "experiment design"),
    ),
    (
        "product",
        130_000,
        ("Product Manager", "Technical Product Manager"),
        ("roadmapping", "stakeholder management", "metrics"),
    ),
    (
        "design",
        100_000,
        ("UX Designer", "Product Designer", "UX Researcher"),
        ("Figma", "user research", "portfolio"),
    ),
    (
        "marketing",
        75_000,
        ("Marketing Coordinator", "Content Marketing Manager", "Growth Marketer"),
        ("SEO", "HubSpot", "copywriting"),
    ),
    (
        "customer",
        65_000,
        ("Customer Success Manager", "Support Specialist"),
        ("Salesforce", "Zendesk"),
    ),
)
FAMILY_WEIGHTS = (0.3, 0.22, 0.12, 0.1, 0.1, 0.09, 0.07)

#: (prefix, pay factor, probability)
SENIORITY: tuple[tuple[str, float, float], ...] = (
    ("Junior ", 0.75, 0.2),
    ("", 1.0, 0.45),
    ("Senior ", 1.3, 0.25),
    ("Lead ", 1.5, 0.1),
)

ROLES_CN = {
    "software": "后端工程师",
    "data_analysis": "数据分析师",
    "data_science": "算法工程师",
    "product": "产品经理",
    "design": "交互设计师",
    "marketing": "市场专员",
    "customer": "客户成功经理",
}
SENIORITY_CN = {"Junior ": "初级", "": "", "Senior ": "高级", "Lead ": "资深"}

#: (place, pay factor, probability) per locale; the generator converts currency separately.
LOCATIONS: dict[str, tuple[tuple[str, float, float], ...]] = {
    "us": (
        ("San Francisco, CA", 1.25, 0.1),
        ("New York, NY", 1.2, 0.12),
        ("Seattle, WA", 1.15, 0.08),
        ("Boston, MA", 1.12, 0.06),
        ("Austin, TX", 1.0, 0.08),
        ("Chicago, IL", 0.98, 0.08),
        ("Denver, CO", 0.97, 0.05),
        ("Atlanta, GA", 0.92, 0.05),
        ("Raleigh, NC", 0.9, 0.03),
        ("Columbus, OH", 0.88, 0.03),
        ("Remote", 1.0, 0.18),
        ("Remote (US)", 1.0, 0.05),
        ("Hybrid - New York, NY", 1.18, 0.04),
        ("Hybrid - Chicago, IL", 0.98, 0.03),
        ("Hybrid - Austin, TX", 1.0, 0.02),
    ),
    "de": (
        ("Berlin", 1.0, 0.35),
        ("München", 1.15, 0.2),
        ("Hamburg", 1.05, 0.15),
        ("Köln", 0.97, 0.1),
        ("Remote", 1.0, 0.15),
        ("Hybrid - Frankfurt am Main", 1.1, 0.05),
    ),
    "cn": (
        ("北京", 1.1, 0.3),
        ("上海", 1.1, 0.3),
        ("深圳", 1.05, 0.2),
        ("杭州", 1.0, 0.15),
        ("远程", 0.9, 0.05),
    ),
}

#: Yearly pay relative to the US midpoint and the currency, per locale.
CURRENCY = {"us": ("USD", 1.0), "de": ("EUR", 0.55), "cn": ("CNY", 2.2)}

#: (source, probability) for cold and for referred applications.
SOURCES_COLD: tuple[tuple[str, float], ...] = (
    ("LinkedIn", 0.32),
    ("Indeed", 0.2),
    ("Company website", 0.15),
    ("Recruiter", 0.08),
    ("Glassdoor", 0.07),
    ("Wellfound", 0.06),
    ("Handshake", 0.05),
    ("ZipRecruiter", 0.04),
    ("Hacker News", 0.03),
)
SOURCES_REFERRAL: tuple[tuple[str, float], ...] = (
    ("Referral", 0.6),
    ("LinkedIn", 0.25),
    ("Company website", 0.15),
)

NOTES = (
    "Tailored resume",
    "Cover letter sent",
    "Found via alumni newsletter",
    "Hiring manager active on LinkedIn",
    "Relocation needed",
    "Asked about visa sponsorship",
    "Great team page",
    "Took the skills quiz",
    "Applied late at night",
    "Reposted job",
    "Easy apply",
    "Long application form",
    "Portfolio link included",
)
NOTE_SHARE = 0.3
RESUMES = ("v1", "v2", "v3-data", "v3-eng")
