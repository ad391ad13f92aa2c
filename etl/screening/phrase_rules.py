"""The phrase rules, one block per indicator family (red-flags.md numbering).

Patterns aim at the shape of a red flag (who pays, who keeps what), not at single
words, so lawful HR text ("direct deposit", "I-9 documents on your first day") passes.
"""

from etl.screening.phrase_rule import PhraseRule, rx, words
from etl.screening.result import Family

# Cost borne by the employer, or explicitly nothing to pay.
_EMPLOYER_PAYS = rx(
    r"""\b(?:at\s+no\s+(?:cost|charge)|free(?:\s+of\s+charge)?|no\s+(?:cost|charge)|
    paid\s+by\s+(?:the\s+)?(?:employer|company|us)|pays?\s+nothing|nothing\s+to\s+pay|
    (?:we|employer|company|families|clients)\s+(?:will\s+)?(?:pay|pays|cover|covers)\b)"""
)

# 1. Worker-paid fees -------------------------------------------------------------------
_FEE_NAMES = (
    r"placement|recruitment|recruiting|processing|registration|application|training|visa|"
    r"uniform|onboarding|manning|agency|service|program|sponsorship|certification|enrollment|"
    r"membership|interview|orientation|activation|starter|kit|course|exam|background"
)
FEES = [
    PhraseRule(
        "fees.named_fee",
        Family.WORKER_FEES,
        "Worker pays a recruitment, training, visa or similar fee",
        rx(rf"\b(?:{_FEE_NAMES})\s+(?:\w+\s+)?(?:fees?|charges?)\b"),
        reassurance=_EMPLOYER_PAYS,
        anchors=words("fee fees charge charges"),
    ),
    PhraseRule(
        "fees.worker_pays",
        Family.WORKER_FEES,
        "Worker pays money to get or keep the job",
        rx(
            r"""\b(?:you|candidates?|applicants?|workers?|trainees?|hires?)\s+
            (?:must\s+|will\s+|need\s+to\s+|have\s+to\s+)?pay\b
            |(?<!we\s)(?<!to\s)\bpay\s+(?:a|the|our|an|\$)\s*(?:[\w$,.\-]+\s+){0,5}?
              (?:fees?|deposit|charge)\b
            |\bsend\s+\$\s?\d|\b(?:charges?|costs?)\s+(?:you\s+)?\$\s?\d
            |\b(?:payable|paid)\s+(?:by\s+(?:the\s+)?(?:candidate|applicant|worker)|before)\b
            |\bbuy[\s-]in\b|\$\s?[\d,]+\s+(?:route\s+)?investment
            |\b(?:membership|registration|subscription|enrollment)\b[^.;!?\n]{0,20}\$\s?\d"""
        ),
        reassurance=_EMPLOYER_PAYS,
        anchors=words(
            "pay payable paid send charge charges cost costs buy investment membership registration "
            "subscription enrollment"
        ),
    ),
    PhraseRule(
        "fees.deposit",
        Family.WORKER_FEES,
        'Worker pays a "deposit"',
        rx(
            r"""\b(?:security|refundable|initial|training|escrow)\s+deposit\b
            |\bdeposit\s+of\s+\$|\$\s?[\d,]+(?:\.\d\d)?\s+(?:one-time\s+)?(?:fee|deposit)\b"""
        ),
        reassurance=_EMPLOYER_PAYS,
        anchors=words("deposit fee"),
    ),
    PhraseRule(
        "fees.purchase_required",
        Family.WORKER_FEES,
        "Worker must buy a kit, uniform, course or software",
        rx(
            r"""\b(?:purchase|buy)\s+(?:the|our|a|your|their)?\s*(?:[\w-]+\s+){0,3}?
            (?:kit|starter|pack|package|license|uniforms?|portfolio|software|course)\b
            |\bphoto\s*shoot\b[^.;!?\n]{0,30}\$|\b(?:top\s+up|recharge)\b"""
        ),
        reassurance=_EMPLOYER_PAYS,
        anchors=words("purchase buy photo photoshoot top recharge"),
    ),
    PhraseRule(
        "fees.deducted_costs",
        Family.WORKER_FEES,
        "Fees or equipment costs taken out of the worker's pay",
        rx(
            r"""\b(?:fees?|uniforms?|shoes|equipment|course|visa\s+costs)\b[^.;!?\n]{0,40}
            \b(?:deducted|taken\s+from\s+your|from\s+your\s+first\s+(?:check|paycheck))"""
        ),
        reassurance=_EMPLOYER_PAYS,
        anchors=words("deducted taken first"),
    ),
    PhraseRule(
        "fees.debt_repaid_from_wages",
        Family.WORKER_FEES,
        "Travel or recruitment costs are a debt repaid from wages",
        rx(
            r"""\b(?:repa(?:y|id)|advance\w*)\b[^.;!?\n]{0,50}
            \b(?:from|out\s+of)\s+(?:your\s+|each\s+|the\s+)?
            (?:salary|wages|pay|paychecks?|checks?|tips|earnings|final\s+check)\b
            |\buntil\s+the\s+debt\b|\bcash\s+advance\b"""
        ),
        anchors=words("repay repaid advance advanced advances debt"),
    ),
    PhraseRule(
        "fees.money_through_worker",
        Family.WORKER_FEES,
        "Worker asked to deposit a check or move money for the employer",
        rx(
            r"""\b(?:receive|mail\s+you|send\s+you)\s+(?:a\s+)?(?:company\s+|cashier'?s\s+)?
              (?:check|cheque)\b
            |\bdeposit\s+(?:it|the\s+check|checks|the\s+cheque)\b
            |\b(?:forward|transfer|send)\s+(?:the\s+)?(?:funds|balance|extra|money)\b
            |\breceive\s+(?:customer\s+)?(?:payments|funds|transfers|donation)
            |\bgift\s+cards?\b|\bbitcoin\s+atms?\b|\bwestern\s+union\b"""
        ),
        anchors=words("receive mail send deposit forward transfer gift bitcoin western"),
    ),
]

# 2. Document retention -----------------------------------------------------------------
_DOCS = (
    r"passports?|ids?|identity\s+documents|identification|travel\s+documents|documents|"
    r"papers|work\s+permits?|social\s+security\s+cards?|ssn\s+cards?|license\s+documents"
)
_WORKER_KEEPS = rx(r"\b(?:you|workers?)\s+(?:\w+\s+)?(?:keep|retain|hold)\b|\bown\b")
DOCUMENTS = [
    PhraseRule(
        "documents.held_by_employer",
        Family.DOCUMENT_RETENTION,
        "Employer or agency keeps the worker's passport, ID or work permit",
        rx(
            rf"""\b(?:keeps?|kept|holds?|held|retains?|retained|collects?|collected|store[sd]?|
            submit(?:ted)?|hand(?:ed)?\s+over|handed\s+in|confiscate[sd]?)\b
            [^.;!?\n]{{0,40}}?\b(?:{_DOCS})\b
            |\b(?:{_DOCS})\b[^.;!?\n]{{0,30}}?\b(?:keeps?|kept|held|holds|stored|retained|
            collected|confiscated|handed\s+over|are\s+submitted|will\s+be\s+kept)\b"""
        ),
        reassurance=_WORKER_KEEPS,
        anchors=words("passport passports id ids identity identification documents papers permit permits social ssn"),
    ),
]

# 3. Housing and transport by the employer, and deductions for them ---------------------
_LODGING = (
    r"housing|lodging|accommodation|apartment|bunkhouse|dorm(?:itory)?|room|bed|"
    r"trailers?|camp|hostel|motel|hotel|house|cabin|place\s+to\s+stay"
)
LODGING_WORDS = words(
    "housing lodging accommodation accommodations apartment bunkhouse dorm dormitory room bed trailer trailers "
    "camp hostel motel hotel house cabin place"
)
_RIDES = r"transport(?:ation)?|rides?|shuttle|bus|van"
HOUSING = [
    PhraseRule(
        "housing.deducted_from_pay",
        Family.HOUSING_TRANSPORT,
        "Housing, meals or transport charged against the worker's pay",
        rx(
            rf"""\b(?:{_LODGING}|{_RIDES}|rent|board|meals?|utilities|gas|travel)\b
            [^.;!?\n]{{0,60}}?\b(?:deducted|deduction|taken\s+(?:out|from)|comes?\s+out\s+of|
            charged|withheld|from\s+(?:your\s+|each\s+)?(?:wages|pay|paychecks?|salary|
            checks|commission|share|draw|settlements))
            |\b(?:deducted|charged)\b[^.;!?\n]{{0,20}}\b(?:{_LODGING}|rent)\b
            |\b(?:rent|lodging|camp\s+fees?|camp\s+costs?)\b[^.;!?\n]{{0,15}}\$\s?\d"""
        ),
        reassurance=_EMPLOYER_PAYS,
        anchors=LODGING_WORDS
        | words("transport transportation ride rides shuttle bus van rent board meal meals utilities gas travel"),
    ),
    PhraseRule(
        "housing.employer_housing",
        Family.HOUSING_TRANSPORT,
        "Worker lives in housing controlled by the employer",
        rx(
            rf"""\blive-in\b|\blive\s+in\s+(?:nanny|caregiver|housekeeper|helper|maid|position|role|job)\b
            |\b(?:live|stay|sleep)\s+(?:above|at|in|inside|with)\s+(?:the|our|a)\s+
              (?:shop|house|home|spa|site|residence|care\s+home|compound|other)
            |\b(?:{_LODGING})\b[^.;!?\n]{{0,25}}?\b(?:provided|supplied|arranged|included|on\s+site|
              on\s+the\s+(?:farm|property|ranch)|by\s+(?:the\s+)?(?:owner|company|crew\s+boss))
            |\b(?:provide[sd]?|arranges?)\s+(?:a\s+)?(?:{_LODGING})\b
            |\b(?:labou?r|man|company|worker|staff|crew)\s+(?:camp|house|housing|dorm)\b
            |\broom\s+and\s+board\b|\bcamp\s+lodging\b"""
        ),
        reassurance=rx(
            r"\b(?:at\s+no\s+(?:cost|charge)|free|no\s+charge|optional|stipend|"
            r"meets\s+h-2a|you\s+choose)\b"
        ),
        anchors=LODGING_WORDS | words("live stay sleep"),
    ),
    PhraseRule(
        "housing.employer_transport",
        Family.HOUSING_TRANSPORT,
        "Employer controls the worker's transport",
        rx(
            rf"""\b(?:{_RIDES})\b(?:\s+\w+){{0,4}}?\s+(?:provided|supplied|arranged|advanced)\b
            |\b(?:drives?|picks?)\s+you\b|\bprovide[sd]?\s+(?:{_RIDES})\b"""
        ),
        reassurance=_EMPLOYER_PAYS,
        anchors=words("transport transportation ride rides shuttle bus van drive drives pick picks"),
    ),
]

# 4. Travel abroad or to a remote site; visas "guaranteed" ------------------------------
_ABROAD_PLACES = (
    r"dubai|qatar|saudi(?:\s+arabia)?|uae|kuwait|oman|bahrain|cambodia|myanmar|myawaddy|"
    r"thailand|laos|malaysia|japan|tokyo|cyprus|europe|poland|czechia|canada|london|"
    r"fiji|asia|the\s+gulf(?:\s+region)?"
)
TRAVEL = [
    PhraseRule(
        "travel.visa_arranged",
        Family.TRAVEL_VISA,
        'Visa or work permit "guaranteed" or arranged by the recruiter',
        rx(
            r"""\b(?:guaranteed\s+(?:work\s+)?(?:visa|work\s+permit|lmia)|
            (?:visa|work\s+permit|lmia)s?\b[^.;!?\n]{0,25}?\b(?:guaranteed|arranged|provided|
              handled|processing)|
            (?:we|sponsor)\s+(?:arrange|sponsor|handle)s?\s+(?:the\s+|your\s+)?visa|
            free\s+visa|visa\s+support|artist\s+visa)\b"""
        ),
        anchors=words("visa visas permit permits lmia"),
    ),
    PhraseRule(
        "travel.paid_travel",
        Family.TRAVEL_VISA,
        "Employer pays or advances travel to the job",
        rx(
            r"""\b(?:flights?|airfare|tickets?|travel)\b[^.;!?\n]{0,25}?\b(?:arranged|paid|provided|
              covered|advanced)\b
            |\b(?:pays?|cover)\s+(?:your|the)\s+(?:\w+\s+)?(?:flights?|tickets?|airfare|move)\b
            |\b(?:paid|free)\s+(?:flights?|tickets?)\b|\ball\s+expenses\s+paid\b
            |\bfly[\s-]in\b|\b(?:fly|travel)\s+(?:out\s+)?immediately\b"""
        ),
        anchors=words("flight flights airfare ticket tickets travel pay pays paid cover free expenses fly"),
    ),
    PhraseRule(
        "travel.abroad_or_remote",
        Family.TRAVEL_VISA,
        "Job abroad or at a remote site",
        rx(
            rf"""\b(?:abroad|overseas)\b|\b(?:in|to|for|from)\s+(?:{_ABROAD_PLACES})\b
            |\bremote\s+(?:\w+\s+){{0,2}}?(?:site|camp|location|island|farm|field|mine|mining|
              bush|desert|mountain)s?\b|\bno\s+road\s+access\b"""
        ),
        negatable=False,  # "no road access" is itself the indicator
        anchors=words(
            "abroad overseas remote road dubai qatar saudi uae kuwait oman bahrain cambodia myanmar "
            "myawaddy thailand laos malaysia japan tokyo cyprus europe poland czechia canada london "
            "fiji asia gulf"
        ),
    ),
]

# 5. Pay far above the market: the text half (the wage-table half is in field_rules) -----
PAY = [
    PhraseRule(
        "pay.guaranteed_high_pay",
        Family.PAY_ABOVE_MARKET,
        "Guaranteed or very high pay promised",
        rx(
            r"""\bguaranteed\s+(?:income|high\s+pay|earnings|salary)\b|\bhigh\s+(?:salary|income)\b
            |\bearn\s+big\b|\b(?:five\s+times|\w+\s+times\s+more)\b
            |\bearn\s+(?:up\s+to\s+)?\$\s?[\d,]+\s*(?:\+\s*)?(?:a|per|/)?\s*(?:week|day|daily|
              weekly|month|monthly)\b
            |\$\s?\d{1,2},?\d{3}\s*(?:/|per|a)\s*week\b|\$\s?[3-9]\d\d\s*(?:/|per|a)\s*day\b"""
        ),
        # Amounts alone only from $1,000 a week or $300 a day: "$125/week" is usually a cost.
        negatable=False,  # "no experience" often sits in the same clause and is not a denial
        anchors=words("guaranteed high earn times $"),
    ),
]

# 6. Cash, crypto, or pay withheld until later ------------------------------------------
_PAY_NOUN = r"pay|paid|payment|salary|wages?|earnings|commissions?|money|draw"
CASH = [
    PhraseRule(
        "pay.cash_or_crypto",
        Family.CASH_OR_WITHHELD_PAY,
        "Paid in cash or crypto",
        rx(
            rf"""\b(?:{_PAY_NOUN})\b[^.;!?\n]{{0,20}}?\b(?:in\s+)?(?:cash|crypto|bitcoin|usdt|btc)\b
            |\bcash\s+(?:only|weekly|daily|draw|every|at\s+the\s+end|fridays?)\b"""
        ),
        anchors=words("cash crypto bitcoin usdt btc"),
    ),
    PhraseRule(
        "pay.withheld_until_end",
        Family.CASH_OR_WITHHELD_PAY,
        "Pay withheld or held back until the end of the contract or season",
        rx(
            r"""\b(?:pay|salary|wages?|earnings|commissions?)\b[^.;!?\n]{0,60}?
              \b(?:(?:at|until|upon|when)\s+(?:the\s+)?(?:end|completion|contract\s+ends|
                season\s+closes|you\s+return)|on\s+(?:job\s+)?completion)\b
            |\b(?:salary|wages|pay|earnings)\b[^.;!?\n]{0,30}?\b(?:held|withheld|banked|retained|
              saved\s+for\s+you|accumulate|released)\b
            |\bholdback\b|\bpaid\s+only\s+if\s+you\s+finish\b
            |\b(?:manages?|receives?)\s+your\s+(?:earnings|salary|wages)\b
            |\binstead\s+of\s+wages\b"""
        ),
        anchors=words(
            "end ends completion closes return held withheld banked retained saved accumulate "
            "released holdback finish manage manages receive receives instead"
        ),
    ),
]

# 9. Urgency; hired without an interview ------------------------------------------------
URGENCY = [
    PhraseRule(
        "urgency.no_interview",
        Family.URGENCY_NO_INTERVIEW,
        "Hired without an interview, or interview by chat only",
        rx(
            r"""\bno\s+interview(?:\s+(?:required|needed))?\b|\bwithout\s+(?:an\s+)?interview\b
            |\bhired\s+(?:on\s+the\s+spot|today)\b|\byou'?ve\s+been\s+selected\b
            |\boffer\s+(?:given|made)\s+(?:the\s+)?same\s+day\b
            |\binterview\w*\b[^.;!?\n]{0,40}\b(?:chat|text|telegram|hangouts|whatsapp|signal)\b"""
        ),
        negatable=False,  # the pattern carries its own "no"; a denial comes before it
        reassurance=rx(r"\b(?:never|don't|do\s+not|won't|will\s+not)\s+(?:\w+\s+)?(?:hire|hires|offer|make)\b"),
        anchors=words("interview interviews interviewed interviewing hired selected same"),
    ),
    PhraseRule(
        "urgency.start_now",
        Family.URGENCY_NO_INTERVIEW,
        "Pressure to start immediately",
        rx(
            r"""\b(?:start|starting|begin)\s+(?:earning\s+)?(?:today|tomorrow|immediately)\b
            |\bimmediate\s+(?:hire|start|hiring)\b|\burgent(?:ly)?\b|\blimited\s+spots\b"""
        ),
        anchors=words("start starting begin immediate urgent urgently limited"),
    ),
]

# 10. SSN, bank details or ID copies before an offer ------------------------------------
_PERSONAL_DATA = (
    r"ssn|social\s+security\s+(?:number|card|\#)|bank\s+(?:account|routing|details|"
    r"information|login|card)|routing\s+number|banking\s+credentials|date\s+of\s+birth|dob|"
    r"photo\s+of\s+(?:your|their)\s+(?:driver'?s?\s+license|id)|copy\s+of\s+your\s+"
    r"(?:driver'?s?\s+license|id|passport)|id\s+copies|driver'?s?\s+license|"
    r"photo\s+of\s+your\s+\w+"
)
PERSONAL_DATA = [
    PhraseRule(
        "data.requested_early",
        Family.PERSONAL_DATA_EARLY,
        "SSN, bank details or ID copies asked for before any offer",
        rx(
            rf"""\b(?:send|provide|upload|text|e-?mail|submit|reply\s+with|include|need|ask\s+for|
            asks\s+for|create\s+an\s+account\s+with|enter|form\s+asks\s+for)\b
            [^.;!?\n]{{0,60}}?\b(?:{_PERSONAL_DATA})\b"""
        ),
        reassurance=rx(r"\bafter\s+(?:you\s+accept|an?\s+(?:conditional\s+)?offer|hire)\b"),
        anchors=words("ssn social bank banking routing birth dob photo copy id license"),
    ),
]

# 11. Excessive hours; restrictions on movement or phones -------------------------------
HOURS = [
    PhraseRule(
        "hours.excessive_text",
        Family.HOURS_MOVEMENT,
        "More than 60 hours a week or 12+ hour days every day",
        rx(
            r"""\b(?:6[1-9]|[7-9]\d|1[0-6]\d)\s*\+?\s*(?:hours|hrs)\b
              (?:\s*(?:per|a|each|/)\s*week|\s+weekly|\s+available)?
            |\b(?:1[2-9]|2[0-4])\s*(?:hours?|hrs?)\s*(?:a|per|each|/)\s*day\b
            |\b1[4-9][-\s]hour\s+days\b
            |\b(?:7|seven)\s+days\s+a\s+week\b|\b(?:7|seven)-day\s+weeks\b
            |\b1[2-9][-\s]hour\s+shifts?\b[^.;!?\n]{0,20}\b(?:six|6|seven|7)\s+days\b
            |\b(?:six|6)\s+days,\s+1[2-9]\s+hours
            |\bno\s+days\s+off\b|\bwork\s+all\s+days\b|\bone\s+day\s+off\s+per\s+month\b
            |\bday\s+and\s+night\b|\b24[-/\s](?:hour|7)\s+availability\b
            |\btill\s+dark\b|\bto\s+midnight\s+every\s?day\b|\bas\s+long\s+as\s+the\s+\w+\s+requires\b"""
        ),
        negatable=False,
        reassurance=rx(r"\bopen\s+(?:7|seven)\b"),  # business hours, not the worker's
        anchors=words("hours hrs hour hr days day availability dark midnight long"),
    ),
    PhraseRule(
        "movement.restricted",
        Family.HOURS_MOVEMENT,
        "Worker not free to leave the site or change employer",
        rx(
            r"""\bnot\s+(?:allowed|permitted)\s+to\s+leave\b
            |\b(?:may|must|should|can)\s+(?:not|only)\s+(?:go\s+out|leave)\b
            |\b(?:cannot|can't)\s+(?:leave|go\s+out|transfer\s+to\s+other\s+employers)\b
            |\bmust\s+stay\s+(?:with|at|on|in)\b|\bstays?\s+with\s+(?:the\s+)?(?:shop|team|crew)\b
            |\b(?:remain|stay)\s+(?:on|at|in)\s+(?:the\s+)?(?:premises|site|camp|property)\b
            |\bnobody\s+leaves\b|\bno\s+leaving\b|\bleave\s+the\s+(?:house|home)\s+alone\b
            |\bwithout\s+the\s+\w+'?s?\s+permission\b|\bflights?\s+out\s+only\b
            |\b(?:leav\w*|quit\w*)\b[^.;!?\n]{0,40}\b(?:penalty|compensation|you\s+lose)\b"""
        ),
        negatable=False,
        anchors=words(
            "leave leaves leaving go transfer stay stays remain nobody permission flight flights quit quits quitting"
        ),
    ),
    PhraseRule(
        "movement.phones_taken",
        Family.HOURS_MOVEMENT,
        "Phones collected or banned",
        rx(
            r"""\bphones?\b[^.;!?\n]{0,30}?\b(?:collected|handed\s+in|confiscated|kept|not\s+permitted|
              not\s+allowed|taken)\b
            |\bkeeps\s+(?:cell\s+)?phones\b|\bno\s+(?:cell\s+)?phones\b"""
        ),
        negatable=False,
        anchors=words("phone phones"),
    ),
]

# 12. High-risk sectors in text (SOC and industry are checked in field_rules) ------------
SECTOR = [
    PhraseRule(
        "sector.high_risk_text",
        Family.HIGH_RISK_SECTOR,
        "High-risk sector (domestic, farm, sales crew, modelling, massage, hostess)",
        rx(
            r"""\b(?:domestic\s+(?:worker|helper)s?|housemaids?|maids?|nanny|nannies|au\s+pair|
            caregivers?|farm\s*(?:workers?|crew|jobs?)|harvest\w*|orchard|dairy|greenhouse|
            door[-\s]to[-\s]door|sales\s+(?:crew|team)|model(?:l)?ing|models?|massage|
            hostess(?:es)?|cabaret|dancers?)\b"""
        ),
        negatable=False,
        anchors=words(
            "domestic maid maids housemaid housemaids nanny nannies au caregiver caregivers farm "
            "farmworker farmworkers harvest harvesting harvester harvesters harvests orchard dairy "
            "greenhouse door sales model models modeling modelling massage hostess hostesses cabaret "
            "dancer dancers"
        ),
    ),
]

PHRASE_RULES: list[PhraseRule] = [
    *FEES,
    *DOCUMENTS,
    *HOUSING,
    *TRAVEL,
    *PAY,
    *CASH,
    *URGENCY,
    *PERSONAL_DATA,
    *HOURS,
    *SECTOR,
]
