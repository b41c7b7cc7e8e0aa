"""Word lists the demo portfolio is made of: names, roles, phrases.

Plain data, no logic: :mod:`kamtui.ops.demo` draws from these with a seeded
random generator, so the same seed always gives the same portfolio.
"""

from __future__ import annotations

# Company names are PREFIX + " " + SUFFIX; the suffix hints at the industry.
COMPANY_PREFIXES = (
    "Northwind", "Bluepeak", "Harbor", "Lumen", "Cedar", "Ironbridge", "Solstice", "Redwood",
    "Vantage", "Kestrel", "Orchid", "Granite", "Meridian", "Tidewater", "Aurora", "Brightline",
    "Copperleaf", "Silverlake", "Summit", "Evergreen", "Falcon", "Juniper", "Atlas", "Pioneer",
    "Quarry", "Riverstone", "Sable", "Westgate", "Zephyr", "Oakhurst", "Maple", "Crescent",
)  # fmt: skip

#: industry -> (name suffixes, sub-segments)
INDUSTRIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "SaaS": (("Software", "Cloud", "Labs"), ("HR Tech", "MarTech", "DevTools")),
    "Retail": (("Retail", "Stores", "Market"), ("Grocery", "Fashion", "E-commerce")),
    "Logistics": (("Logistics", "Freight", "Shipping"), ("Last Mile", "Cold Chain", "3PL")),
    "Healthcare": (("Health", "Clinics", "Care"), ("Hospitals", "Diagnostics", "Telehealth")),
    "Fintech": (("Pay", "Capital", "Finance"), ("Payments", "Lending", "Insurtech")),
    "Manufacturing": (
        ("Industries", "Manufacturing", "Works"),
        ("Automotive", "Food", "Chemicals"),
    ),
    "Education": (("Learning", "Academy"), ("Higher Ed", "K-12", "Corporate Training")),
    "Energy": (("Energy", "Power"), ("Renewables", "Utilities")),
}

COMPANY_SIZES = ("1-50", "51-200", "201-1000", "1001-5000", "5000+")

#: country -> (email top-level domain, phone number pattern; '#' is a random digit)
COUNTRIES = (
    ("com", "+1 415 555 01##"),
    ("com", "+1 212 555 01##"),
    ("co.uk", "+44 20 7946 0###"),
    ("de", "+49 30 9018 2###"),
    ("com.br", "+55 11 9####-####"),
    ("es", "+34 91 123 4###"),
    ("io", "+31 20 794 6###"),
)

FIRST_NAMES = (
    "Anna", "Ben", "Carla", "David", "Elena", "Farid", "Grace", "Hiro", "Isabel", "Jonas",
    "Kavya", "Liam", "Maria", "Nadia", "Oscar", "Priya", "Quentin", "Rosa", "Samuel", "Tomas",
    "Uma", "Victor", "Wen", "Ximena", "Yusuf", "Zoe", "Amara", "Bruno", "Chloe", "Diego",
    "Emma", "Felipe", "Hannah", "Ivan", "Julia", "Kenji", "Lucia", "Mateo", "Noor", "Olivia",
)  # fmt: skip
LAST_NAMES = (
    "Smith", "Jones", "Diaz", "Okafor", "Müller", "Rossi", "Tanaka", "Silva", "Novak", "Kowalski",
    "Haddad", "Nguyen", "Larsen", "Costa", "Fischer", "Moreau", "Patel", "Johansson", "Ortiz",
    "Schmidt", "Kim", "Reyes", "O'Brien", "Andersen", "Ferreira", "Bauer", "Ito", "Mendes",
)  # fmt: skip

#: buying level -> (roles, internal areas)
ROLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "Decision Maker": (("CEO", "COO", "CTO", "VP Operations", "Chief Digital Officer"),
                       ("Executive", "Operations")),
    "Budget Owner": (("CFO", "Finance Director", "Head of Procurement"),
                     ("Finance", "Procurement")),
    "Influencer": (("Head of IT", "Operations Manager", "Product Lead",
                    "Head of Customer Service"), ("IT", "Operations", "Product")),
    "End User": (("Operations Analyst", "Customer Service Lead", "Data Analyst",
                  "Store Manager"), ("Operations", "Customer Service", "Sales")),
    "Administrator": (("IT Administrator", "Systems Administrator", "Platform Owner"),
                      ("IT",)),
}  # fmt: skip

#: Who on the KAM's side does what (the activities' Owner).
KAM = "Sam Rivera"
FINANCE = "Priya Nair"
CSM = "Tom Becker"
SOLUTIONS = "Lena Ortiz"

RESPONSIBLE = ("KAM", "CSM", "Solutions Engineering", "Product", "Support", "Finance", "Legal")
PAYMENT_METHODS = ("Bank transfer", "Credit card", "ACH", "SEPA direct debit")

PROJECTS = (
    ("SSO rollout", "All users sign in with the customer's identity provider"),
    ("Data warehouse integration", "Nightly sync of usage data into the customer's warehouse"),
    ("Mobile app pilot", "Two pilot teams use the mobile app daily for 6 weeks"),
    ("Regional expansion", "Three new regions live on the platform"),
    ("Executive dashboard", "Leadership reviews one dashboard every Monday"),
    ("API migration to v3", "Every integration moved off the deprecated v2 API"),
    ("Training programme", "80% of users certified at level 1"),
    ("Workflow automation", "Manual hand-offs cut by half"),
    ("Renewal business case", "A signed-off ROI case before the renewal talks"),
)
SUBPROJECTS = ("Phase 1: pilot group", "Phase 2: full rollout", "Security review")
DELAY_REASONS = (
    "Client dependency: waiting for their IT team to open firewall ports",
    "Internal bottleneck: integration team booked on another launch",
    "Scope change: the customer added two more sites",
    "Client dependency: sponsor on leave, sign-off postponed",
)
ACTUAL_RESULTS = (
    "Delivered as scoped, one week late",
    "Delivered; adoption above target in the first month",
    "Delivered a reduced scope; the rest moved to next quarter",
)

REVIEW_OPENINGS = (
    "Walked through last month's usage",
    "Reviewed the project plan",
    "Discussed the open support tickets",
    "Went over the adoption numbers by team",
    "Checked progress against this quarter's targets",
    "Talked about their new organisation chart",
)
REVIEW_TONES = {
    5: "Very positive: they want to expand to another team.",
    4: "Good energy; a few small asks.",
    3: "Neutral; they are busy with an internal reorganisation.",
    2: "Frustrated about slow support answers.",
    1: "Tense: they questioned the value for money and mentioned a competitor.",
}
NEXT_STEPS = (
    ("Send the usage report to {person}", "Email", "Immediate"),
    ("Share the revised proposal with {person}", "Email", "Task"),
    ("Book the training session with {person}'s team", "Call", "Task"),
    ("Check the open ticket with Support for {person}", "FUP", "Immediate"),
    ("Prepare the QBR deck", "Task", "Project"),
    ("Confirm next steps with {person} on WhatsApp", "WhatsApp", "Immediate"),
    ("Write the account plan notes", "Internal Note", "Strategy/Thinking"),
    ("Ask Finance about the billing question from {person}", "FUP", "Eliminate/Delegate"),
    ("Send the monthly adoption summary", "Email", "Recurrent"),
)
STANDALONE_TASKS = (
    ("Call {person} about the rollout timeline", "Call"),
    ("Email {person} the release notes", "Email"),
    ("Update the account plan", "Internal Note"),
    ("Review the support tickets before the next call", "Task"),
    ("Message {person} to confirm the workshop", "WhatsApp"),
    ("Chase the signed order form from {person}", "FUP"),
    ("Prepare the renewal pricing options", "Task"),
)
