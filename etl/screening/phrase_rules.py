"""The phrase rules, one block per family: the ILO's eleven forced-labour indicators, the trade
markers (commercial sex and illicit massage, travelling sales crews, overseas recruitment), and the
recruitment and scam signals of red-flags.md.

Patterns aim at the shape of a red flag (who pays, who keeps what), not at single words, so lawful
HR text ("direct deposit", "I-9 documents on your first day") passes. A rule that can only see one
ambiguous word ("abroad", "housing", "cash") is `weak`: it holds a posting only beside a signal of
another family (screener.decide).
"""

from etl.screening.phrase_rule import PhraseRule, rx, words
from etl.screening.result import FAR, IC3, ILO, POLARIS, Family, red_flag

# Cost borne by the employer, or explicitly nothing to pay.
_EMPLOYER_PAYS = rx(
    r"""\b(?:at\s+no\s+(?:cost|charge)|free(?:\s+of\s+charge)?|no\s+(?:cost|charge)|
    paid\s+by\s+(?:the\s+)?(?:employer|company|us)|pays?\s+nothing|nothing\s+to\s+pay|
    (?:we|employer|company|families|clients)\s+(?:will\s+)?(?:pay|pays|cover|covers)\b)"""
)
# Words that show a service is for the business's customers, not the worker ("arrange
# accommodation for guests" at a hotel front desk).
_FOR_CUSTOMERS = rx(
    r"""\bfor\s+(?:our\s+|the\s+)?(?:guests?|clients?|customers?|visitors?|travell?ers?|patients?|
    residents?|students?|delegates?|members?|tenants?|passengers?|families|attendees)\b
    |\bguests?'?\b|\bclients?'\b|\bcustomers?'\b|\breservations?\b|\bbookings?\b"""
)

# 1. Worker-paid fees (red-flags.md 1; FAR 52.222-50 bans recruitment fees) ---------------
_FEE_NAMES = (
    r"placement|recruitment|recruiting|processing|registration|application|training|visa|"
    r"uniform|onboarding|manning|agency|service|program|sponsorship|certification|enrollment|"
    r"membership|interview|orientation|activation|starter|kit|course|exam|background|deployment|medical"
)
_FEES_SOURCE = f"{red_flag(1)}; {FAR}; {IC3}"
FEES = [
    PhraseRule(
        "fees.named_fee",
        Family.WORKER_FEES,
        "Worker pays a recruitment, training, visa or similar fee",
        rx(rf"\b(?:{_FEE_NAMES})\s+(?:\w+\s+)?(?:fees?|charges?)\b"),
        source=_FEES_SOURCE,
        reassurance=_EMPLOYER_PAYS,
        anchors=words("fee fees charge charges"),
    ),
    PhraseRule(
        "fees.worker_pays",
        Family.WORKER_FEES,
        "Worker pays money to get or keep the job",
        rx(
            r"""\b(?:you|candidates?|applicants?|workers?|trainees?|hires?)\s+
            (?:must\s+|will\s+|need\s+to\s+|have\s+to\s+)?pay\b(?!\s+(?:attention|close|careful))
            |(?<!we\s)(?<!to\s)\bpay\s+(?:a|the|our|an|\$)\s*(?:[\w$,.\-]+\s+){0,5}?
              (?:fees?|deposit|charge)\b
            |(?<!we\s)(?<!will\s)\bpay\s+\$\s?[\d,]+\s+(?:for\s+(?:your|the)|to\s+(?:us|our))\b
            |\bsend\s+\$\s?\d|\b(?:charges?|costs?)\s+(?:you\s+)?\$\s?\d
            |\b(?:payable|paid)\s+(?:by\s+(?:the\s+)?(?:candidate|applicant|worker)|before)\b
            |\bbuy[\s-]in\b|\$\s?[\d,]+\s+(?:route\s+)?investment
            |\b(?:membership|registration|subscription|enrollment)\b[^.;!?\n]{0,20}\$\s?\d"""
        ),
        source=_FEES_SOURCE,
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
            |\b(?:deposit|fee)\s+of\s+\$|\$\s?[\d,]+(?:\.\d\d)?\s+(?:one-time\s+)?(?:fee|deposit)\b"""
        ),
        source=_FEES_SOURCE,
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
            |\bphoto\s*shoot\b[^.;!?\n]{0,30}\$|\b(?:top\s+up|recharge)\s+(?:your\s+)?(?:account|balance|wallet)\b"""
        ),
        source=f"{red_flag(1)}; {IC3}",
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
        source=_FEES_SOURCE,
        reassurance=_EMPLOYER_PAYS,
        anchors=words("deducted taken first"),
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
            |\breceive\s+(?:customer\s+)?(?:payments\s+into|funds|transfers|donation)
            |\bbuy\s+gift\s+cards?\b|\bbitcoin\s+atms?\b|\bwestern\s+union\b"""
        ),
        source=IC3,
        anchors=words("receive mail send deposit forward transfer buy bitcoin western"),
    ),
]

# ILO 9. Debt bondage -----------------------------------------------------------------------
DEBT = [
    PhraseRule(
        "debt.repaid_from_wages",
        Family.DEBT_BONDAGE,
        "Travel or recruitment costs are a debt repaid from wages",
        rx(
            r"""\b(?:repa(?:y|id)|advance\w*|loan\w*)\b[^.;!?\n]{0,50}
            \b(?:from|out\s+of)\s+(?:your\s+|each\s+|the\s+)?(?:\w+\s+)?
            (?:salary|wages|pay|paychecks?|checks?|tips|earnings|final\s+check|settlements?|shares?)\b
            |\buntil\s+(?:the|your)\s+(?:debt|loan)\b|\bcash\s+advance\b"""
        ),
        source=f"{ILO}: debt bondage; {red_flag(1)}",
        anchors=words("repay repaid advance advanced advances loan loans debt cash"),
    ),
    PhraseRule(
        "debt.work_off",
        Family.DEBT_BONDAGE,
        "Worker works off a debt to the employer or recruiter",
        rx(
            r"""\bwork\s+off\s+(?:the|your|any)\s+(?:\w+\s+){0,2}?(?:debt|cost|costs|fees?|loan|ticket|travel|advance)\b
            |\b(?:pay|paid|paying)\s+back\s+(?:the|your)\s+(?:\w+\s+){0,2}?(?:travel|ticket|airfare|flight|visa|fees?|
              recruitment|transport|advance|loan)\b
            |\brepay\w*\b[^.;!?\n]{0,40}\b(?:little\s+by\s+little|bit\s+by\s+bit|in\s+(?:weekly\s+)?install?ments|
              each\s+week|every\s+week|over\s+time)\b
            |\b(?:paid|pay|repaid)\s+back\s+(?:from|out\s+of)\s+(?:your\s+|what\s+you\s+)?(?:wages|salary|pay|earn\w*|tips)
            |\byou\s+(?:will\s+)?owe\s+(?:us|the\s+(?:company|agency|recruiter|boss|owner))\b
            |\bowe\s+(?:us|the\s+(?:company|agency|recruiter))\s+(?:for|the)\b
            |\b(?:debt|loan)\s+(?:is\s+|will\s+be\s+)?(?:deducted|taken|repaid|cleared)\b"""
        ),
        source=f"{ILO}: debt bondage; {POLARIS}",
        anchors=words("off back owe debt loan repay repaid repaying repayment"),
    ),
]

# ILO 7. Retention of identity documents (red-flags.md 2) --------------------------------
_DOCS = (
    r"passports?|ids?|identity\s+documents|identification|travel\s+documents|documents|"
    r"papers|work\s+permits?|social\s+security\s+cards?|ssn\s+cards?|license\s+documents|id\s+cards?"
)
_WORKER_KEEPS = rx(
    r"\b(?:you|workers?)\s+(?:\w+\s+)?(?:keep|retain|hold)\b|\bown\b|\bwith\s+you\b"
    # Lawful handling: visitors' IDs at a front desk, I-9 documents checked at hire.
    r"|\b(?:visitors?|guests?|customers?|patients?|members?|students?|clients?)'?\b"
    r"|\bi-9\b|\bfirst\s+day\b|\bnew\s+hires?\b|\bonboarding\b|\bverif\w+"
)
DOCUMENTS = [
    PhraseRule(
        "documents.held_by_employer",
        Family.DOCUMENT_RETENTION,
        "Employer or agency keeps the worker's passport, ID or work permit",
        rx(
            rf"""\b(?:keeps?|kept|holds?|held|retains?|retained|collects?|collected|store[sd]?|
            submit(?:ted)?|hand(?:ed)?\s+over|handed\s+in|confiscate[sd]?|safekeeping\s+of|looks?\s+after)\b
            [^.;!?\n]{{0,40}}?\b(?:{_DOCS})\b
            |\b(?:{_DOCS})\b[^.;!?\n]{{0,30}}?\b(?:keeps?|kept|held|holds|stored|retained|
            collected|confiscated|handed\s+over|are\s+submitted|will\s+be\s+kept|stay\s+with|remain\s+with|
            safekeeping|in\s+the\s+(?:office|safe)|in\s+good\s+hands|looked\s+after|safe\s+with)\b
            |\bhold\s+onto\s+(?:your|their|all)\s+(?:{_DOCS})\b"""
        ),
        source=f"{ILO}: retention of identity documents; {red_flag(2)}; {FAR}",
        reassurance=_WORKER_KEEPS,
        anchors=words(
            "passport passports id ids identity identification documents papers permit permits social ssn cards"
        ),
    ),
]

# ILO 1. Abuse of vulnerability ----------------------------------------------------------------
VULNERABILITY = [
    PhraseRule(
        "vulnerability.no_papers",
        Family.ABUSE_OF_VULNERABILITY,
        "Aimed at people without papers or legal status",
        rx(
            r"""\bno\s+(?:papers|documents|ssn|social\s+security(?:\s+number)?|id|green\s+card|
              work\s+permit|legal\s+status|immigration\s+status)\s+(?:needed|required|necessary|ok|asked|
              no\s+problem|checked)\b
            |\b(?:papers|documents|status|ssn|id|work\s+permits?|permits?)\s+(?:is\s+|are\s+)?not\s+(?:needed|required|necessary|checked)\b
            |\bundocumented\s+(?:welcome|ok|okay|accepted|fine|workers\s+welcome)\b
            |\b(?:without|regardless\s+of)\s+(?:papers|legal\s+status|immigration\s+status)\b
            |\bno\s+questions\s+asked\b|\bno\s+e-?verify\b|\bwe\s+don'?t\s+(?:check|ask\s+for)\s+(?:papers|status|id)"""
        ),
        source=f"{ILO}: abuse of vulnerability; {POLARIS}",
        negatable=False,  # the pattern carries its own "no"
        anchors=words("papers documents ssn social id green permit status immigration undocumented questions verify"),
    ),
    PhraseRule(
        "vulnerability.targets_desperation",
        Family.ABUSE_OF_VULNERABILITY,
        "Aimed at people in debt, homeless, just arrived or otherwise desperate",
        rx(
            r"""\b(?:in\s+debt|homeless|desperate|new\s+arrivals?|just\s+arrived|runaways?|
              recently\s+released|need\s+money\s+(?:fast|now|urgently))\b[^.;!?\n]{0,30}\b(?:welcome|apply|ok|accepted|
              we\s+can\s+help|call|no\s+problem)\b
            |\b(?:we|boss|employer|owner)\s+(?:will\s+|can\s+)?(?:help|sort\s+out|fix|handle)\s+(?:you\s+)?(?:with\s+)?(?:your\s+)?
              (?:immigration|visa\s+status|papers|status)\b"""
        ),
        source=f"{ILO}: abuse of vulnerability; {POLARIS}",
        anchors=words("debt homeless desperate new just runaway runaways released money help sort fix handle"),
    ),
]

# ILO 2. Deception (and red-flags.md 5: pay far above the market) -----------------------------
DECEPTION = [
    PhraseRule(
        "deception.guaranteed_high_pay",
        Family.DECEPTION,
        "Guaranteed or very high pay promised",
        rx(
            r"""\bguaranteed\s+(?:income|high\s+pay|earnings|monthly\s+income|profit)\b|\bhigh\s+income\b
            |\bearn\s+big\b|\b(?:five\s+times|\w+\s+times\s+more)\b|\b\d+\s?x\s+(?:what\s+you|more|your)\b
            |\bearn\s+(?:up\s+to\s+)?\$\s?[\d,]+\s*(?:\+\s*)?(?:a|per|/)?\s*(?:week|day|daily|
              weekly)\b
            |\$\s?\d{1,2},?\d{3}\s*(?:/|per|a)\s*week\b|\$\s?[3-9]\d\d\s*(?:/|per|a)\s*day\b"""
        ),
        # Amounts alone only from $1,000 a week or $300 a day: "$125/week" is usually a cost.
        source=f"{ILO}: deception; {red_flag(5)}",
        negatable=False,  # "no experience" often sits in the same clause and is not a denial
        anchors=words("guaranteed high earn times $ x what more your"),
    ),
    PhraseRule(
        "deception.terms_on_arrival",
        Family.DECEPTION,
        "Job, pay or contract only revealed after the worker arrives",
        rx(
            r"""\b(?:details|contract|duties|salary|pay|terms|job\s+(?:title|duties|location))\b[^.;!?\n]{0,40}?
              \b(?:explained|given|discussed|signed|decided|confirmed|assigned|provided|shown)\s+
              (?:on|upon|after)\s+(?:your\s+)?arrival\b
            |\b(?:on|upon|after)\s+arrival\b[^.;!?\n]{0,40}\b(?:new|different|another)\s+(?:contract|job|employer|position)\b
            |\bmay\s+(?:be\s+)?(?:change|changed|reassigned)\s+(?:on|upon|after)\s+arrival\b
            |\b(?:once|when|after)\s+you\s+(?:arrive|get\s+here|are\s+here)\b[^.;!?\n]{0,40}\b(?:we\s+will\s+(?:tell|decide|assign|
              let\s+you\s+know)|you\s+will\s+(?:learn|find\s+out|be\s+(?:told|assigned|placed)))"""
        ),
        source=f"{ILO}: deception; {red_flag(9)}",
        anchors=words("arrival arrive"),
    ),
    PhraseRule(
        "deception.visa_guaranteed",
        Family.DECEPTION,
        'Visa or work permit "guaranteed" (no recruiter can promise one)',
        rx(
            r"""\bguaranteed\s+(?:work\s+)?(?:visa|work\s+permit|lmia|green\s+card)
            |\b(?:visa|work\s+permit|lmia|green\s+card)s?\b[^.;!?\n]{0,25}?\b(?:guaranteed|100\s?%)
            |\bfree\s+visa\b|\bartist\s+visa\b"""
        ),
        source=f"{ILO}: deception; {red_flag(4)}",
        anchors=words("visa visas permit permits lmia green"),
    ),
]

# ILO 3. Restriction of movement (red-flags.md 11) -----------------------------------------------
MOVEMENT = [
    PhraseRule(
        "movement.restricted",
        Family.RESTRICTION_OF_MOVEMENT,
        "Worker not free to leave the site or change employer",
        rx(
            r"""\bnot\s+(?:allowed|permitted)\s+to\s+(?:leave|go\s+out)\b
            |\b(?:may|must|should|can)\s+(?:not|only)\s+(?:go\s+out|leave)\b
            |\b(?:do\s+not|don'?t|never)\s+leave\s+the\s+(?:premises|property|building|house|home|site|compound|spa|shop|farm)\b
            |\b(?:cannot|can't)\s+(?:leave|go\s+out|transfer\s+to\s+other\s+employers)\b
            |\b(?:cannot|can't|can\s+not|not\s+allowed\s+to|may\s+not|must\s+not)\s+(?:quit|resign|change\s+(?:jobs?|employers?))\b
            |\bmust\s+stay\s+(?:with|at|on|in)\b|\bstays?\s+with\s+(?:the\s+)?(?:shop|team|crew)\b
            |\b(?:remain|stay)\s+(?:on|at|in)\s+(?:the\s+)?(?:premises|site|camp|property|compound)\b
            |\bnobody\s+leaves\b|\bno\s+leaving\b|\bleave\s+the\s+(?:house|home)\s+alone\b
            |\bleav\w*\s+(?:the\s+)?(?:premises|property|compound|site|house|building)\s+(?:only\s+)?
              (?:without|with)\s+(?:a\s+|the\s+|your\s+)?(?:manager|supervisor|boss|permission|escort)
            |\bwithout\s+the\s+\w+'?s?\s+permission\b|\bflights?\s+out\s+only\b
            |\bescorted\s+(?:at\s+all\s+times|to\s+and\s+from|outside)\b|\bcurfew\b
            |\bgates?\s+(?:are\s+|is\s+)?locked\s+(?:at\s+night|after)"""
        ),
        source=f"{ILO}: restriction of movement; {red_flag(11)}",
        negatable=False,
        anchors=words(
            "leave leaves leaving go transfer stay stays remain nobody permission flight flights escorted curfew "
            "gate gates quit resign change"
        ),
    ),
]

# ILO 4. Isolation -------------------------------------------------------------------------------
ISOLATION = [
    PhraseRule(
        "isolation.phones_taken",
        Family.ISOLATION,
        "Phones collected, or contact with family cut off",
        rx(
            r"""\bphones?\b[^.;!?\n]{0,30}?\b(?:collected|handed\s+in|confiscated|kept\s+by|taken\s+away|
              held\s+by)\b
            |\b(?:keeps|collects|takes)\s+(?:your\s+|all\s+)?(?:cell\s+|mobile\s+)?phones\b
            |\bphones?\s+(?:stay|remain|are\s+kept|are\s+held|are\s+locked)\s+(?:in|at|with)\s+(?:the\s+)?
              (?:office|manager|boss|supervisor|safe|captain|owner)\b
            |\bno\s+(?:outside\s+)?contact\s+with\s+(?:your\s+)?(?:family|friends|anyone|outsiders)\b
            |\bnot\s+(?:allowed|permitted)\s+to\s+(?:call|contact|phone|visit)\s+(?:your\s+)?(?:family|friends|home)\b
            |\b(?:calls?|contact)\s+(?:home|with\s+(?:your\s+)?family)\b[^.;!?\n]{0,30}\b(?:permission|not\s+allowed|
              once\s+a\s+month|restricted)\b"""
        ),
        source=f"{ILO}: isolation; {red_flag(11)}",
        negatable=False,
        anchors=words("phone phones keeps collects takes contact call calls"),
    ),
    PhraseRule(
        "isolation.phone_kept",
        Family.ISOLATION,
        "Employer takes or keeps the worker's phone",
        rx(
            r"""\b(?:takes?|took|keeps?|holds?|collects?|confiscates?)\s+your\s+(?:cell\s+|mobile\s+)?phone\b
            |\bphones?\s+(?:\w+\s+)?for\s+safekeeping\b"""
        ),
        source=f"{ILO}: isolation; {red_flag(11)}",
        anchors=words("phone phones"),
    ),
    PhraseRule(
        "isolation.no_phones",
        Family.ISOLATION,
        "Phones banned (many plants ban them on the floor only)",
        rx(r"""\bno\s+(?:cell\s+|mobile\s+)?phones\b"""),
        source=f"{ILO}: isolation; {red_flag(11)}",
        negatable=False,
        reassurance=rx(r"\b(?:floor|line|shift|production|clean\s?room|during|while|lockers?|breaks?|area)\b"),
        anchors=words("phones"),
        weak=True,
    ),
    PhraseRule(
        "isolation.remote_site",
        Family.ISOLATION,
        "Job at a remote or isolated site",
        rx(
            r"""\bremote\s+(?:\w+\s+){0,2}?(?:camp|island|farm|mine|mining|bush|desert|compound|vessel)s?\b
            |\bno\s+road\s+access\b|\b(?:months|weeks)\s+at\s+sea\b|\bisolated\s+(?:location|site|area|camp)\b"""
        ),
        source=f"{ILO}: isolation; {red_flag(4)}",
        negatable=False,
        anchors=words("remote road sea isolated"),
        weak=True,
    ),
]

# ILO 5. Physical and sexual violence -------------------------------------------------------------
VIOLENCE = [
    PhraseRule(
        "violence.physical_or_sexual",
        Family.PHYSICAL_SEXUAL_VIOLENCE,
        "Physical punishment or sexual demands described as part of the job",
        rx(
            r"""\bphysical(?:ly)?\s+(?:punish\w*|disciplin\w*|correct\w*)\b|\bcorporal\s+punishment\b
            |\bpunished\s+physically\b|\bbeatings?\b|\bbeaten\b
            |\bsexual\s+favou?rs?\b|\b(?:accept|tolerate|allow)\s+(?:touching|physical\s+contact|advances)\b
            |\b(?:spend\s+the\s+night|sleep)\s+with\s+(?:clients|customers|the\s+boss|guests)\b
            |\bdate\s+(?:clients|customers|guests)\b"""
        ),
        source=f"{ILO}: physical and sexual violence; {POLARIS}",
        anchors=words(
            "physical physically corporal punished beating beatings beaten sexual accept tolerate allow spend sleep "
            "date"
        ),
    ),
]

# ILO 6. Intimidation and threats ---------------------------------------------------------------
THREATS = [
    PhraseRule(
        "threats.intimidation",
        Family.INTIMIDATION_THREATS,
        "Threats of denunciation, deportation, fines or harm to make the worker stay",
        rx(
            r"""\breport(?:ed)?\s+(?:you\s+)?to\s+(?:immigration|ice|the\s+police|police|the\s+authorities|authorities)\b
            |\b(?:will|could|may)\s+be\s+deported\b|\bdeport\w*\b
            |\bblack-?listed\b
            |\b(?:leav\w*|quit\w*|run\s+away|break\w*\s+(?:the\s+)?contract)\b[^.;!?\n]{0,40}
              \b(?:penalty|penalt(?:ies)|fined?|compensation|you\s+lose|forfeit\w*|owe)\b
            |\b(?:fines?|fined)\s+(?:for|of\s+\$)\s*(?:mistakes|lateness|complaints|talking|\d)|\bfined\s+\$\s?\d+\s+for\b
            |\byour\s+family\s+(?:will|must)\s+(?:pay|be\s+responsible)\b"""
        ),
        source=f"{ILO}: intimidation and threats; {POLARIS}",
        negatable=False,
        reassurance=rx(
            r"\b(?:no|never|without)\s+(?:a\s+)?(?:penalty|penalties|fines?)\b|\bfree\s+to\s+(?:leave|quit|resign)\b"
        ),
        anchors=words(
            "report reported deported deport deportation blacklisted black leave leaving leaves quit quitting quits "
            "run break breaking breaks fine fines fined family"
        ),
    ),
]

# ILO 8. Withholding of wages (red-flags.md 6) ----------------------------------------------------
WAGES = [
    PhraseRule(
        "wages.withheld_until_end",
        Family.WITHHOLDING_OF_WAGES,
        "Pay withheld or held back until the end of the contract or season",
        rx(
            r"""\b(?:pay|salary|wages?|earnings|commissions?)\b[^.;!?\n]{0,60}?
              \b(?:(?:at|until|upon|when)\s+(?:the\s+)?(?:end|completion|contract\s+ends|
                season\s+closes|you\s+return)|on\s+(?:job\s+)?completion)\b
            |\b(?:salary|wages|pay|paychecks?|earnings)\b[^.;!?\n]{0,30}?\b(?:held\s+back|withheld|banked|retained|
              saved\s+for\s+you|accumulate|held\s+until|kept\s+(?:safe|by))\b
            |\bholdback\b|\bpaid\s+only\s+if\s+you\s+finish\b
            |\b(?:manages?|receives?|keeps?)\s+your\s+(?:earnings|salary|wages)\b
            |\binstead\s+of\s+wages\b|\b(?:wages|salary|pay)\s+(?:will\s+be\s+|is\s+|are\s+)?(?:sent|paid|given|handed)\s+
              (?:directly\s+)?to\s+(?:your\s+family|your\s+sponsor|the\s+(?:agency|recruiter|agent|crew\s+leader|crew\s+boss|
              contractor|boss))\b
            |\b(?:first|initial)\s+(?:\w+\s+)?(?:weeks?|months?)\s+(?:are\s+)?(?:unpaid|without\s+pay)\b
            |\bunpaid\s+(?:trial|probation)\b"""
        ),
        source=f"{ILO}: withholding of wages; {red_flag(6)}",
        anchors=words(
            "end ends completion closes return held withheld banked retained saved accumulate "
            "holdback finish manage manages receive receives keep keeps kept instead sent unpaid without given handed"
        ),
    ),
]

# ILO 10. Abusive working and living conditions (and deductions for housing, red-flags.md 3) ----
_LODGING = (
    r"housing|lodging|accommodations?|apartment|bunkhouse|dorm(?:itory)?|room|bed|"
    r"trailers?|camp|hostel|motel|house|cabin|place\s+to\s+stay"
)
LODGING_WORDS = words(
    "housing lodging accommodation accommodations apartment bunkhouse dorm dormitory room bed trailer trailers "
    "camp hostel motel house cabin place"
)
_RIDES = r"transport(?:ation)?|rides?|shuttle|bus|van"
CONDITIONS = [
    PhraseRule(
        "conditions.housing_deducted",
        Family.ABUSIVE_CONDITIONS,
        "Housing, meals or transport charged against the worker's pay",
        rx(
            rf"""\b(?:{_LODGING}|{_RIDES}|rent|board|meals?|food|utilities|gas|travel)\b
            [^.;!?\n]{{0,60}}?\b(?:deducted|deduction|taken\s+(?:out|from)|comes?\s+out\s+of|
            withheld|from\s+(?:your\s+|each\s+)?(?:wages|pay|paychecks?|salary|
            checks|commission|share|draw|settlements))
            |\b(?:deducted|charged)\b[^.;!?\n]{{0,20}}\b(?:{_LODGING}|rent)\b
            |\b(?:rent|lodging|camp\s+fees?|camp\s+costs?|bed\s+fee)\b[^.;!?\n]{{0,15}}\$\s?\d
            |\b(?:{_LODGING}|bunk)\b[^.;!?\n]{{0,15}}\$\s?\d+\s*(?:a|per|/)\s*(?:week|day|night)\b
            |\$\s?\d+\s*(?:a|per|/)\s*(?:day|week)\s+for\s+(?:the\s+|your\s+)?(?:ride|rides|van|transport\w*|bed|room|
              bunk|housing|trailer)\b"""
        ),
        source=f"{ILO}: abusive working and living conditions; {red_flag(3)}",
        reassurance=_EMPLOYER_PAYS,
        anchors=LODGING_WORDS
        | words(
            "transport transportation ride rides shuttle bus van rent board meal meals food utilities gas travel "
            "deducted charged bed bunk"
        ),
        also=words(
            "deducted deduction taken comes withheld wages pay paycheck paychecks salary checks commission share draw "
            "settlements charged rent lodging camp bed $"
        ),
    ),
    PhraseRule(
        "conditions.degrading",
        Family.ABUSIVE_CONDITIONS,
        "Degrading living or working conditions (sleeping at work, crowded rooms, no breaks)",
        rx(
            r"""\b(?:sleep|sleeping|sleeps)\s+(?:in|on|at)\s+(?:the\s+)?(?:shop|store|floor|kitchen|salon|restaurant|
              van|truck|factory|warehouse|boat|workshop|back\s+room|storeroom)\b
            |\b(?:live|lives|living)\s+in\s+the\s+(?:\w+\s+)?(?:warehouse|factory|shop|loft|basement|storeroom|workshop|garage)\b
            |\b(?:\d{1,2}|six|eight|ten|twelve)\s+(?:workers|people|men|women|girls|persons)\s+(?:per|to\s+a|in\s+one|
              share\s+(?:a|one))\s+(?:room|trailer|bedroom|container)\b
            |\bno\s+(?:lunch\s+|rest\s+)?breaks\b(?!\s+in\s+(?:service|employment|coverage))
            |\bno\s+(?:safety|protective)\s+(?:gear|equipment)\s+(?:is\s+)?(?:provided|given)\b
            |\b(?:meals|food)\s+(?:is\s+|are\s+)?(?:leftovers|once\s+a\s+day)\b"""
        ),
        source=f"{ILO}: abusive working and living conditions; {POLARIS}",
        negatable=False,
        anchors=words(
            "sleep sleeping sleeps live lives living workers people men women girls persons breaks safety protective "
            "meals food"
        ),
    ),
]

# ILO 11. Excessive overtime (red-flags.md 11) ---------------------------------------------------
OVERTIME = [
    PhraseRule(
        "overtime.excessive_text",
        Family.EXCESSIVE_OVERTIME,
        "More than 60 hours a week, 12+ hour days every day, or no days off",
        rx(
            r"""\b(?:6[1-9]|[7-9]\d|1[0-6]\d)\s*\+?\s*(?:hours|hrs)\b
              (?:\s*(?:per|a|each|/)\s*week|\s+weekly|\s+available)?
            |\b(?:1[3-9]|2[0-4])\s*(?:hours?|hrs?)\s*(?:a|per|each|/)\s*day\b
            |\b1[4-9][-\s]hour\s+days\b
            |\b(?:work|works|working|worked)\s+(?:\w+\s+)?(?:7|seven)\s+days\s+a\s+week\b|\b(?:7|seven)-day\s+(?:work\s+)?weeks\b
            |\b1[2-9][-\s]hour\s+(?:shifts?|days)\b[^.;!?\n]{0,20}\b(?:six|6|seven|7)\s+days\b
            |\b(?:six|6)\s+days,\s+1[2-9]\s+hours
            |\bno\s+days\s+off\b|\bwork\s+all\s+days\b|\bone\s+day\s+off\s+(?:per|a|each)\s+month\b
            |\btill\s+dark\b|\bto\s+midnight\s+every\s?day\b|\bas\s+long\s+as\s+the\s+\w+\s+requires\b"""
        ),
        source=f"{ILO}: excessive overtime; {red_flag(11)}",
        negatable=False,
        reassurance=rx(r"\bopen\s+(?:7|seven)\b"),  # business hours, not the worker's
        anchors=words("hours hrs hour hr days day dark midnight long"),
    ),
    PhraseRule(
        "overtime.every_day",
        Family.EXCESSIVE_OVERTIME,
        "Available every day of the week or day and night",
        rx(r"""\b(?:7|seven)\s+days\s+a\s+week\b|\bday\s+and\s+night\b"""),
        source=f"{ILO}: excessive overtime; {red_flag(11)}",
        negatable=False,
        # "Open seven days a week", "shifts available seven days a week": the schedule, not one worker's.
        reassurance=rx(
            r"\b(?:open|operates?|operating|shifts|schedules?|coverage|any|rotating|choose|pick|available\s+shifts|support)\b"
        ),
        anchors=words("days day night"),
        weak=True,
    ),
]

# Commercial sex and illicit massage (red-flags.md; Polaris: illicit massage, escort services) ----
_LICENSED_TRADE = rx(
    r"""\b(?:massage|masseuse|masseur|therap(?:ist|y)|esthetician|aesthetician|cosmetolog\w*|nail\s+tech\w*|
    spa|bodywork\w*|reflexolog\w*|acupress\w*|facial\w*)\b"""
)
_COMMERCIAL_SEX_SOURCE = f"{POLARIS}: illicit massage, health and beauty; red-flags.md (commercial-sex markers)"
COMMERCIAL_SEX = [
    PhraseRule(
        "sex_trade.no_license_needed",
        Family.COMMERCIAL_SEX,
        'Licensed occupation offered "no license needed"',
        rx(
            r"""\bno\s+(?:massage\s+|state\s+|professional\s+)?(?:license|licence|certification|certificate)s?\s*
              (?:is\s+)?(?:needed|required|necessary|ok|needed\s+to\s+start|no\s+problem)\b
            |\b(?:license|licence)\s+(?:is\s+)?not\s+(?:needed|required|necessary)\b
            |\bunlicensed\s+(?:ok|okay|welcome|fine|accepted)\b|\bwithout\s+(?:a\s+)?(?:license|licence)\b"""
        ),
        source=_COMMERCIAL_SEX_SOURCE,
        negatable=False,  # the pattern carries its own "no"
        anchors=words("license licence licenses certification certificate unlicensed"),
        context=_LICENSED_TRADE,
    ),
    PhraseRule(
        "sex_trade.lives_at_business",
        Family.COMMERCIAL_SEX,
        "Worker lives on site, above or behind the business",
        rx(
            rf"""\b(?:live|lives|living|stay|stays|staying|sleep|sleeps|reside)\s+(?:\w+\s+)?(?:above|behind|in\s+the\s+back\s+of|
              inside|in|at)\s+(?:the|our)\s+(?:business|spa|shop|salon|store|parlou?r|studio|premises|massage|club|bar)\b
            |\b(?:{_LODGING}|living\s+quarters)\b[^.;!?\n]{{0,25}}?\b(?:above|behind|inside|in\s+the\s+back\s+of|at)\s+
              (?:the|our)\s+(?:business|spa|shop|salon|store|parlou?r|studio|premises|club|bar)\b
            |\blive\s+on\s+(?:the\s+)?premises\b|\b(?:girls|ladies)\s+(?:live|stay|sleep)\s+(?:in|at|above|upstairs)\b"""
        ),
        source=_COMMERCIAL_SEX_SOURCE,
        anchors=LODGING_WORDS | words("live lives living stay stays staying sleep sleeps reside quarters girls ladies"),
    ),
    PhraseRule(
        "sex_trade.always_available",
        Family.COMMERCIAL_SEX,
        "Worker available around the clock (24/7)",
        rx(
            r"""\b(?:available|availability|on\s+call|work)\s+(?:\w+\s+)?24\s?(?:/|-|\s)\s?7\b
            |\b24\s?/\s?7\s+availability\b|\b24[-\s]hour\s+availability\b
            |\bavailable\s+(?:at\s+)?(?:all\s+hours|any\s+time\s+of\s+(?:the\s+)?(?:day\s+or\s+night|night))\b"""
        ),
        source=f"{_COMMERCIAL_SEX_SOURCE}; {ILO}: excessive overtime",
        negatable=False,
        reassurance=rx(r"\b(?:rotation|rotating|support|coverage|operations?|facility|center|centre|desk)\b"),
        anchors=words("available availability call work hour hours all any"),
        weak=True,
    ),
    PhraseRule(
        "sex_trade.age_appearance",
        Family.COMMERCIAL_SEX,
        "Age or appearance wording (young, attractive, photos of yourself)",
        rx(
            r"""\b(?:young|pretty|attractive|beautiful|sexy|slim|hot|cute)\s+(?:asian\s+|latina\s+|
              foreign\s+)?(?:girls?|ladies|lady|women|woman|females?)\b
            |\bsexy\b|\bopen[-\s]minded\s+(?:girls?|ladies|women|females?)\b
            |\b(?:aged?|ages|girls|ladies|women)\s+1[89]\s?(?:-|to|\u2013)\s?2\d\b|\bbetween\s+18\s+and\s+2\d\b
            |\bunder\s+(?:2[0-9]|30)\s+(?:years|yrs)\b|\bmust\s+be\s+under\s+(?:2[0-9]|30)\b
            |\b(?:full[-\s]body|bikini|swimsuit|lingerie|body)\s+(?:photos?|pictures?|pics?|shots?)\b
            |\bsend\s+(?:\w+\s+)?(?:photos?|pictures?|pics?|selfies?)\s+of\s+yourself\b
            |\bhappy\s+endings?\b|\bfull\s+service\b|\bsensual\b|\berotic\b|\bbody\s+(?:rub|slide)s?\b
            |\b(?:generous|vip|wealthy)\s+(?:gentlemen|clients|customers)\b|\bgentlemen'?s\s+club\b"""
        ),
        source=_COMMERCIAL_SEX_SOURCE,
        anchors=words(
            "young pretty attractive beautiful sexy slim hot cute open minded age aged ages girls ladies women between "
            "under full bikini "
            "swimsuit lingerie body send happy sensual erotic generous vip wealthy gentlemen gentleman"
        ),
    ),
]

# Travelling sales crews (Polaris typology: traveling sales crews; red-flags.md 12) ------------
SALES_CREW = [
    PhraseRule(
        "sales_crew.travelling",
        Family.SALES_CREW,
        "Travelling sales crew",
        rx(
            r"""\btravell?ing\s+(?:sales|magazine|subscription|marketing|door[-\s]to[-\s]door)\s+(?:crews?|teams?|groups?)\b
            |\b(?:sales|magazine|subscription|marketing|door[-\s]to[-\s]door)\s+crews?\b
            |\btravel\s+and\s+sell\b|\bsell\s+and\s+travel\b
            |\btravel\w*\s+(?:the\s+(?:country|us|u\.s\.)|across\s+the\s+(?:country|us|u\.s\.|states)|
              (?:from\s+)?state\s+to\s+state|(?:from\s+)?city\s+to\s+city|coast\s+to\s+coast)\b[^.;!?\n]{0,60}
              \b(?:sell\w*|sales|door[-\s]to[-\s]door|magazines?|subscriptions?)\b
            |\b(?:sell\w*|sales|magazines?|subscriptions?)\b[^.;!?\n]{0,60}\btravel\w*\s+(?:the\s+country|
              (?:from\s+)?state\s+to\s+state|(?:from\s+)?city\s+to\s+city|coast\s+to\s+coast)\b"""
        ),
        source=f"{POLARIS}: traveling sales crews; {red_flag(12)}",
        anchors=words("travelling traveling sales magazine subscription marketing door travel travels traveled sell"),
    ),
]

# Housing and transport controlled by the employer (red-flags.md 3): weak on its own ------------
HOUSING = [
    PhraseRule(
        "housing.employer_housing",
        Family.HOUSING_TRANSPORT,
        "Worker lives in housing controlled by the employer",
        rx(
            rf"""\blive-in\b|\blive\s+in\s+(?:nanny|caregiver|housekeeper|helper|maid|position|role|job)\b
            |\b(?:live|stay)\s+(?:with)\s+(?:the|our|a)\s+(?:family|employer|boss)\b
            |\b(?:{_LODGING})\b[^.;!?\n]{{0,25}}?\b(?:provided|supplied|arranged|included|on\s+site|
              on\s+the\s+(?:farm|property|ranch)|by\s+(?:the\s+)?(?:owner|company|crew\s+boss))
            |\b(?:provide[sd]?|arranges?)\s+(?:a\s+)?(?:{_LODGING})\b
            |\b(?:labou?r|man|company|worker|staff|crew)\s+(?:camp|house|housing|dorm)\b
            |\broom\s+and\s+board\b|\bcamp\s+lodging\b"""
        ),
        source=red_flag(3),
        reassurance=rx(
            r"\b(?:at\s+no\s+(?:cost|charge)|free|no\s+charge|optional|stipend|allowance|"
            r"meets\s+h-2a|you\s+choose|relocation)\b|" + _FOR_CUSTOMERS.pattern
        ),
        anchors=LODGING_WORDS | words("live stay"),
        weak=True,
    ),
    PhraseRule(
        "housing.employer_transport",
        Family.HOUSING_TRANSPORT,
        "Employer controls the worker's transport",
        rx(
            rf"""\b(?:{_RIDES})\b(?:\s+\w+){{0,4}}?\s+(?:provided|supplied|arranged|advanced)\b
            |\b(?:drives?|picks?)\s+you\s+(?:up\s+)?(?:to|from|every|each|daily)\b|\bprovide[sd]?\s+(?:{_RIDES})\b
            |\b(?:are|is|get|gets)\s+driven\s+to\s+(?:and\s+from\s+)?(?:work|the\s+(?:job|site|spa|shop))\b"""
        ),
        source=red_flag(3),
        reassurance=rx(_EMPLOYER_PAYS.pattern + "|" + _FOR_CUSTOMERS.pattern),
        anchors=words(
            "transport transportation ride rides shuttle bus van drive drives driven pick picks provide provided "
            "provides"
        ),
        weak=True,
    ),
]

# Travel abroad and visas (red-flags.md 4): weak on its own, since lawful postings mention both ---
_ABROAD_PLACES = (
    r"dubai|qatar|saudi(?:\s+arabia)?|uae|kuwait|oman|bahrain|cambodia|myanmar|myawaddy|"
    r"thailand|laos|malaysia|japan|tokyo|cyprus|europe|poland|czechia|canada|london|"
    r"fiji|asia|the\s+gulf(?:\s+region)?"
)
TRAVEL = [
    PhraseRule(
        "travel.visa_arranged",
        Family.TRAVEL_VISA,
        "Visa or work permit arranged by the recruiter",
        rx(
            r"""\b(?:visa|work\s+permit|lmia)s?\b[^.;!?\n]{0,25}?\b(?:arranged|provided|handled|processing)\b
            |\b(?:we|sponsor|agency)\s+(?:arrange|handle|process)s?\s+(?:the\s+|your\s+)?(?:visa|work\s+permit)
            |\bvisa\s+support\b"""
        ),
        source=red_flag(4),
        anchors=words("visa visas permit permits lmia"),
        weak=True,
    ),
    PhraseRule(
        "travel.paid_travel",
        Family.TRAVEL_VISA,
        "Employer pays or advances travel to the job",
        rx(
            r"""\b(?:flights?|airfare|air\s+tickets?|plane\s+tickets?)\b[^.;!?\n]{0,25}?\b(?:arranged|paid|provided|
              covered|advanced)\b
            |\b(?:pays?|cover)\s+(?:your|the)\s+(?:\w+\s+)?(?:flights?|air\s+tickets?|airfare)\b
            |\b(?:paid|free)\s+(?:flights?|air\s+tickets?|airfare)\b|\ball\s+expenses\s+paid\b
            |\bfly[\s-]in\b|\b(?:fly|travel)\s+(?:out\s+)?immediately\b"""
        ),
        source=red_flag(4),
        anchors=words("flight flights airfare air plane expenses fly immediately"),
        weak=True,
    ),
    PhraseRule(
        "travel.abroad",
        Family.TRAVEL_VISA,
        "Job abroad",
        rx(
            rf"""(?<!study\s)\b(?:abroad|overseas)\b(?!\s+(?:offices?|markets?|clients?|customers?|partners?|
              programs?|students?|suppliers?|teams?|colleagues?|subsidiaries|operations))
            |\b(?:work|job|jobs|positions?|employment|placement|relocate|move)\s+(?:\w+\s+){{0,2}}?(?:in|to)\s+(?:{_ABROAD_PLACES})\b"""
        ),
        source=red_flag(4),
        negatable=False,
        anchors=words(
            "abroad overseas dubai qatar saudi uae kuwait oman bahrain cambodia myanmar "
            "myawaddy thailand laos malaysia japan tokyo cyprus europe poland czechia canada london "
            "fiji asia gulf"
        ),
        weak=True,
    ),
]

# Overseas recruitment with agency fees (Polaris; ILO; FAR 52.222-50) ------------------------
OVERSEAS = [
    PhraseRule(
        "overseas.fee_for_job_abroad",
        Family.OVERSEAS_RECRUITMENT,
        "Agency charges a fee for a job abroad",
        rx(
            r"""\b(?:agency|placement|processing|recruitment|deployment|visa|medical)\s+(?:\w+\s+)?fees?\b
              [^.;!?\n]{0,60}\b(?:abroad|overseas|dubai|qatar|saudi|gulf|canada|europe|poland|japan|malaysia|
              deployment|departure|visa)\b
            |\b(?:abroad|overseas|dubai|qatar|saudi|gulf|canada|europe|poland|japan|malaysia)\b[^.;!?\n]{0,60}
              \b(?:agency|placement|processing|recruitment|deployment)\s+(?:\w+\s+)?fees?\b"""
        ),
        source=f"{POLARIS}; {ILO}: deception and debt bondage; {FAR}; {red_flag(1)}",
        reassurance=_EMPLOYER_PAYS,
        anchors=words("fee fees"),
    ),
]

# Cash or crypto pay (red-flags.md 6): cash is weak (tips and cash registers are lawful) -------
_PAY_NOUN = r"pay|paid|payment|salary|wages?|earnings|commissions?|draw"
CASH = [
    PhraseRule(
        "pay.cash",
        Family.CASH_PAY,
        "Paid in cash",
        rx(
            rf"""\b(?:{_PAY_NOUN})\b\s+(?:\w+\s+){{0,3}}?(?:in|by)\s+cash\b(?!\s+(?:register|drawer|handling|office))
            |\bcash\s+(?:only|pay|payment|weekly|daily|every\s+(?:day|night|week|friday)|at\s+the\s+end)\b
            |\bpaid\s+cash\b|\boff\s+the\s+books\b|\bunder\s+the\s+table\b|\bno\s+paperwork\b"""
        ),
        source=f"{red_flag(6)}",
        reassurance=rx(r"\btips?\b|\bgratuit"),
        anchors=words("cash books table paperwork"),
        weak=True,
    ),
    PhraseRule(
        "pay.crypto",
        Family.CASH_PAY,
        "Paid in crypto",
        rx(rf"""\b(?:{_PAY_NOUN})\b[^.;!?\n]{{0,20}}?\b(?:in\s+)?(?:crypto\w*|bitcoin|usdt|btc)\b"""),
        source=f"{red_flag(6)}; {IC3}",
        anchors=words("crypto cryptocurrency bitcoin usdt btc"),
    ),
]

# Urgency; hired without an interview (red-flags.md 9) -----------------------------------------
URGENCY = [
    PhraseRule(
        "urgency.no_interview",
        Family.URGENCY_NO_INTERVIEW,
        "Hired without an interview, or interview by chat only",
        rx(
            r"""\bno\s+interview(?:\s+(?:required|needed))?\b|\bwithout\s+(?:an\s+)?interview\b
            |\byou'?ve\s+been\s+selected\b
            |\boffer\s+(?:given|made)\s+(?:the\s+)?same\s+day\b
            |\binterview\w*\b[^.;!?\n]{0,40}\b(?:chat|telegram|hangouts|whatsapp|text\s+message)\b"""
        ),
        source=f"{red_flag(9)}; {IC3}",
        negatable=False,  # the pattern carries its own "no"; a denial comes before it
        reassurance=rx(r"\b(?:never|don't|do\s+not|won't|will\s+not)\s+(?:\w+\s+)?(?:hire|hires|offer|make)\b"),
        anchors=words("interview interviews interviewed interviewing selected same"),
    ),
    PhraseRule(
        "urgency.start_now",
        Family.URGENCY_NO_INTERVIEW,
        "Pressure to start immediately",
        rx(
            r"""\b(?:start|starting|begin)\s+(?:earning\s+)?(?:today|tomorrow|immediately)\b
            |\bimmediate\s+(?:hire|start|hiring)\b|\burgent(?:ly)?\b|\blimited\s+spots\b|\bhired\s+(?:on\s+the\s+spot|today)\b"""
        ),
        source=red_flag(9),
        anchors=words("start starting begin immediate urgent urgently limited hired"),
        weak=True,
    ),
]

# SSN, bank details or ID copies before an offer (red-flags.md 10) -------------------------------
_PERSONAL_DATA = (
    r"ssn|social\s+security\s+(?:number|card|\#)|bank\s+(?:account|routing|details|"
    r"information|login|card)|routing\s+number|banking\s+credentials|date\s+of\s+birth|dob|"
    r"photo\s+of\s+(?:your|their)\s+(?:driver'?s?\s+license|id)|(?:copy|copies|scan)\s+of\s+your\s+"
    r"(?:driver'?s?\s+license|id|passport)|id\s+copies|photo\s+of\s+your\s+(?:id|passport|card)"
)
PERSONAL_DATA = [
    PhraseRule(
        "data.requested_early",
        Family.PERSONAL_DATA_EARLY,
        "SSN, bank details or ID copies asked for before any offer",
        rx(
            rf"""\b(?:send|provide|upload|text|e-?mail|submit|reply\s+with|include|ask\s+for|
            asks\s+for|create\s+an\s+account\s+with|enter|form\s+asks\s+for)\b
            [^.;!?\n]{{0,60}}?\b(?:{_PERSONAL_DATA})\b"""
        ),
        source=f"{red_flag(10)}; {IC3}",
        reassurance=rx(
            r"\bafter\s+(?:you\s+accept|an?\s+(?:conditional\s+|job\s+)?offer|hire|hiring|you\s+are\s+hired)\b"
            r"|\b(?:direct\s+deposit|payroll)\b|\bfirst\s+day\b|\bonboarding\b|\bi-9\b"
        ),
        anchors=words("ssn social bank banking routing birth dob photo copy copies scan id"),
    ),
]

# High-risk sectors in text (red-flags.md 12): review priority only, never a hold ----------------
SECTOR = [
    PhraseRule(
        "sector.high_risk_text",
        Family.HIGH_RISK_SECTOR,
        "High-risk sector (domestic, farm, sales crew, modelling, massage, hostess)",
        rx(
            r"""\b(?:domestic\s+(?:worker|helper)s?|housemaids?|maids?|nanny|nannies|au\s+pair|
            caregivers?|farm\s*(?:workers?|crew|jobs?)|harvest\w*|orchard|dairy|greenhouse|
            door[-\s]to[-\s]door|sales\s+crew|
            (?:fashion|photo|promotional|glamou?r|fitness|print|runway|hand|foot|webcam|cam)\s+models?|
            model(?:l)?ing\s+(?:jobs?|agency|agencies|gigs?|work|career|opportunit\w*|contracts?)|
            models?\s+(?:wanted|needed)|massage\s+(?:therapists?|parlou?rs?|spa|jobs?)|masseuses?|
            hostess(?:es)?|cabaret|dancers?)\b"""
        ),
        source=f"{red_flag(12)}; {POLARIS}",
        negatable=False,
        anchors=words(
            "domestic maid maids housemaid housemaids nanny nannies au caregiver caregivers farm "
            "farmworker farmworkers harvest harvesting harvester harvesters harvests orchard dairy "
            "greenhouse door sales model models modeling modelling massage masseuse masseuses hostess hostesses "
            "cabaret dancer dancers"
        ),
    ),
]

PHRASE_RULES: list[PhraseRule] = [
    *VULNERABILITY,
    *DECEPTION,
    *MOVEMENT,
    *ISOLATION,
    *VIOLENCE,
    *THREATS,
    *DOCUMENTS,
    *WAGES,
    *DEBT,
    *CONDITIONS,
    *OVERTIME,
    *COMMERCIAL_SEX,
    *SALES_CREW,
    *OVERSEAS,
    *FEES,
    *HOUSING,
    *TRAVEL,
    *CASH,
    *URGENCY,
    *PERSONAL_DATA,
    *SECTOR,
]
