"""Generate the Seattle-Tacoma sample catalog under sample_data/ (deterministic: fixed seed, fixed dates).

    .venv/bin/python scripts/make_sample_data.py            # writes sample_data/
    .venv/bin/python scripts/make_sample_data.py --out DIR  # somewhere else

Every employer, school program and person here is fictional. Dates are fixed so nothing expires
before 2028 except three postings that are expired on purpose.
"""

import argparse
import csv
import json
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

SEED = 20270
POSTED_FROM = date(2026, 9, 1)  # datePosted falls in the 120 days from here
VALID_THROUGH = ("2027-12-31", "2028-01-31", "2028-03-31", "2028-06-30")
EXPIRED_VALID_THROUGH = ("2025-03-31", "2025-06-15", "2025-11-30")
HOURS_PER_UNIT = {"HOUR": 1, "DAY": 8, "WEEK": 40, "MONTH": 2080 / 12, "YEAR": 2080}

# (city, ZIP) in the metro: ZIP3 980/981 (King), 983/984 (Pierce, Kitsap).
PLACES = [
    ("Seattle", "98101"),
    ("Seattle", "98108"),
    ("Seattle", "98122"),
    ("Seattle", "98134"),
    ("Seattle", "98106"),
    ("Tukwila", "98168"),
    ("SeaTac", "98188"),
    ("Burien", "98166"),
    ("Kent", "98032"),
    ("Renton", "98057"),
    ("Auburn", "98001"),
    ("Federal Way", "98003"),
    ("Bellevue", "98004"),
    ("Redmond", "98052"),
    ("Kirkland", "98033"),
    ("Lynnwood", "98036"),
    ("Tacoma", "98402"),
    ("Tacoma", "98409"),
    ("Fife", "98424"),
    ("Lakewood", "98499"),
    ("University Place", "98466"),
    ("Puyallup", "98371"),
    ("Bremerton", "98310"),
    ("Gig Harbor", "98335"),
]


@dataclass(frozen=True)
class Occupation:
    """A kind of entry- or mid-level job and how postings for it usually read."""

    key: str
    titles: tuple[str, ...]
    soc: str | None
    hourly: tuple[float, float]
    units: tuple[str, ...]
    duties: tuple[str, ...]
    skills: tuple[str, ...]
    employers: tuple[str, ...]
    industry: str
    schedules: tuple[str, ...]
    types: tuple[tuple[str, ...], ...] = (("FULL_TIME",),)
    education: str = "no requirements"
    experience_months: int = 0
    remote_share: float = 0.0


OCCUPATIONS = [
    Occupation(
        "warehouse",
        ("Warehouse Associate", "Order Picker", "Shipping and Receiving Clerk"),
        "53-7065.00",
        (20.5, 24.0),
        ("HOUR",),
        (
            "Pick and pack customer orders using a handheld scanner",
            "Load and unload trucks and containers",
            "Check incoming shipments against packing lists",
            "Keep aisles and work areas clean and safe",
            "Lift and move boxes up to 50 pounds",
        ),
        ("basic math", "working in a team", "following safety rules", "reading labels"),
        (
            "Puget Sound Distribution Co.",
            "Rainier Freight Services",
            "Evergreen Fulfillment LLC",
            "Harbor Point Logistics",
        ),
        "Warehousing and storage",
        (
            "Day shift, Mon-Fri 6am-2:30pm",
            "Swing shift, Tue-Sat 3pm-11:30pm",
            "Night shift, Sun-Thu 10pm-6:30am",
            "Weekend shift, Fri-Sun 6am-6:30pm",
        ),
        (("FULL_TIME",), ("PART_TIME",), ("TEMPORARY",), ("FULL_TIME", "TEMPORARY")),
    ),
    Occupation(
        "forklift",
        ("Forklift Operator", "Reach Truck Operator"),
        "53-7051.00",
        (22.0, 27.5),
        ("HOUR",),
        (
            "Operate sit-down and reach forklifts to move pallets",
            "Stage outbound loads by route",
            "Complete daily forklift safety checks",
            "Count inventory and report damaged goods",
        ),
        ("forklift certification (we can train)", "attention to detail", "safety awareness"),
        ("Harbor Point Logistics", "Rainier Freight Services", "Tideflats Cold Storage"),
        "Warehousing and storage",
        ("Day shift, Mon-Fri 5am-1:30pm", "Night shift, Sun-Thu 9pm-5:30am"),
        (("FULL_TIME",),),
        experience_months=6,
    ),
    Occupation(
        "food_prep",
        ("Food Service Worker", "Dishwasher", "Prep Cook"),
        "35-2021.00",
        (19.5, 22.0),
        ("HOUR",),
        (
            "Wash, peel and cut vegetables and fruit",
            "Run the dish machine and keep the dish area clean",
            "Label and date food for storage",
            "Restock stations during service",
        ),
        ("food handler card", "working quickly", "teamwork", "cleaning"),
        ("Salt & Cedar Kitchen", "Pike Street Eats", "Elliott Bay Catering", "Mountain View Senior Living"),
        "Restaurants and food service",
        (
            "Evening shift 2pm-10pm, includes weekends",
            "Mornings 6am-2pm, Wed-Sun",
            "Flexible hours, 20-30 hours per week",
        ),
        (("PART_TIME",), ("FULL_TIME",), ("PART_TIME", "TEMPORARY")),
    ),
    Occupation(
        "cook",
        ("Line Cook", "Cook", "Breakfast Cook"),
        "35-2014.00",
        (21.0, 26.0),
        ("HOUR",),
        (
            "Cook menu items on the grill, fryer and saute stations",
            "Follow recipes and portion sizes",
            "Keep the line stocked and clean",
            "Follow food safety and temperature rules",
        ),
        ("knife skills", "food handler card", "working under time pressure"),
        ("Salt & Cedar Kitchen", "Sound View Diner", "Elliott Bay Catering", "Ruston Way Grill"),
        "Restaurants and food service",
        ("Evening shift 3pm-11pm, Thu-Mon", "Breakfast shift 5:30am-2pm, Mon-Fri"),
        (("FULL_TIME",), ("PART_TIME",)),
        experience_months=6,
    ),
    Occupation(
        "housekeeping",
        ("Room Attendant", "Housekeeper", "Housekeeping Attendant"),
        "37-2012.00",
        (20.0, 23.5),
        ("HOUR",),
        (
            "Clean and prepare guest rooms to hotel standards",
            "Change linens and restock supplies",
            "Report maintenance problems to the supervisor",
            "Follow chemical safety rules",
        ),
        ("attention to detail", "working on your own", "cleaning"),
        ("Cedar & Sound Hotel", "Airport Way Suites", "Bayfront Inn Tacoma", "Lakeside Lodge Bellevue"),
        "Hotels and lodging",
        ("Day shift, 8am-4:30pm, weekends required", "Mon-Fri 9am-3pm"),
        (("FULL_TIME",), ("PART_TIME",)),
    ),
    Occupation(
        "home_health",
        ("Home Care Aide", "Home Health Aide", "Caregiver"),
        "31-1121.00",
        (21.5, 25.0),
        ("HOUR",),
        (
            "Help clients with bathing, dressing and meals",
            "Do light housekeeping and laundry",
            "Remind clients to take medication",
            "Write short visit notes",
        ),
        ("patience", "compassion", "Home Care Aide certification (we pay for training)"),
        ("Harbor Home Care", "Kindred Path In-Home Services", "Cascade Companion Care"),
        "Home health care services",
        (
            "Flexible hours, you choose your clients",
            "Weekday mornings, Mon-Fri 8am-12pm",
            "Overnight 10pm-8am, weekends",
        ),
        (("PART_TIME",), ("FULL_TIME",), ("PER_DIEM",)),
    ),
    Occupation(
        "cna",
        ("Certified Nursing Assistant", "Nursing Assistant (CNA)"),
        "31-1131.00",
        (23.0, 28.5),
        ("HOUR",),
        (
            "Help residents with daily living activities",
            "Take and record vital signs",
            "Turn and reposition residents safely",
            "Report changes in condition to the nurse",
        ),
        ("Washington NAC certification", "CPR", "caring for older adults"),
        ("Mountain View Senior Living", "Puget Care Center", "Commencement Bay Rehabilitation"),
        "Nursing and residential care",
        ("Day shift 6am-2:30pm, every other weekend", "Evening shift 2pm-10:30pm", "Night shift 10pm-6:30am"),
        (("FULL_TIME",), ("PART_TIME",), ("PER_DIEM",)),
        education="professional certificate",
    ),
    Occupation(
        "retail",
        ("Retail Sales Associate", "Cashier", "Stock Associate"),
        "41-2031.00",
        (19.0, 22.5),
        ("HOUR",),
        (
            "Greet customers and help them find products",
            "Run the register and handle returns",
            "Restock shelves and set up displays",
            "Keep the sales floor clean",
        ),
        ("customer service", "cash handling", "friendly attitude"),
        ("Northgate Home Goods", "Sound Outfitters", "Cascade Hardware Supply", "Westlake Market"),
        "Retail trade",
        ("Flexible hours, days, evenings and weekends", "Evenings and weekends, 4pm-10pm"),
        (("PART_TIME",), ("FULL_TIME",), ("TEMPORARY",)),
    ),
    Occupation(
        "customer_service",
        ("Customer Service Representative", "Call Center Agent"),
        "43-4051.00",
        (20.0, 24.5),
        ("HOUR", "YEAR"),
        (
            "Answer customer calls and chats",
            "Look up accounts and solve billing questions",
            "Write clear notes in the customer system",
            "Pass hard cases to a supervisor",
        ),
        ("typing", "clear speaking", "computer basics", "problem solving"),
        ("Sound Transit Services Co.", "Olympic Utilities Customer Center", "PNW Mobile Support"),
        "Administrative and support services",
        ("Mon-Fri 8am-4:30pm", "Tue-Sat 11am-7:30pm"),
        (("FULL_TIME",),),
        education="high school",
        remote_share=0.35,
    ),
    Occupation(
        "janitor",
        ("Janitor", "Custodian", "Commercial Cleaner"),
        "37-2011.00",
        (19.5, 23.0),
        ("HOUR",),
        (
            "Clean offices, restrooms and break rooms",
            "Empty trash and recycling",
            "Vacuum, sweep and mop floors",
            "Use cleaning chemicals safely",
        ),
        ("cleaning", "working on your own", "reliability"),
        ("Emerald Facility Services", "Rainier Building Maintenance", "Clearwater Janitorial Inc."),
        "Building services",
        ("Night shift, Mon-Fri 6pm-2:30am", "Evening shift 5pm-11pm, Sun-Thu"),
        (("FULL_TIME",), ("PART_TIME",)),
    ),
    Occupation(
        "landscaping",
        ("Landscape Laborer", "Grounds Maintenance Worker"),
        "37-3011.00",
        (20.0, 24.0),
        ("HOUR",),
        (
            "Mow, trim and edge lawns",
            "Plant shrubs and spread mulch",
            "Run leaf blowers and small equipment",
            "Load tools and materials onto trucks",
        ),
        ("outdoor work", "using small power tools", "teamwork"),
        ("Greenway Landscape Co.", "Cedar Grove Grounds Care", "Puyallup Valley Landscaping"),
        "Landscaping services",
        ("Mon-Fri 7am-3:30pm", "Day shift 7am-5:30pm, Mon-Thu"),
        (("FULL_TIME",), ("TEMPORARY",)),
    ),
    Occupation(
        "construction_helper",
        ("Construction Helper", "General Laborer", "Carpenter Helper"),
        "47-3012.00",
        (22.0, 28.0),
        ("HOUR",),
        (
            "Carry materials and clean up job sites",
            "Help carpenters measure and cut",
            "Set up and take down scaffolding",
            "Follow site safety rules and wear protective gear",
        ),
        ("using hand tools", "reading a tape measure", "lifting"),
        ("Northwest Framing Partners", "Summit Ridge Builders", "Duwamish Construction Group"),
        "Construction",
        ("Mon-Fri 6:30am-3pm", "Mon-Fri 7am-3:30pm, some Saturdays"),
        (("FULL_TIME",), ("TEMPORARY",)),
    ),
    Occupation(
        "bookkeeping",
        ("Bookkeeping Clerk", "Accounts Payable Clerk"),
        "43-3031.00",
        (23.0, 29.0),
        ("HOUR", "YEAR"),
        (
            "Enter invoices and payments",
            "Match bank statements to the ledger",
            "File records and answer vendor questions",
            "Prepare simple weekly reports",
        ),
        ("spreadsheets", "QuickBooks", "attention to detail", "basic accounting"),
        ("Lakeview Property Management", "Fife Auto Group", "Bellevue Dental Partners"),
        "Professional services",
        ("Mon-Fri 8am-5pm", "Part-time, 20 hours per week, flexible"),
        (("FULL_TIME",), ("PART_TIME",)),
        education="high school",
        experience_months=12,
        remote_share=0.2,
    ),
    Occupation(
        "medical_assistant",
        ("Medical Assistant", "Clinical Medical Assistant"),
        "31-9092.00",
        (24.0, 29.5),
        ("HOUR",),
        (
            "Room patients and take vital signs",
            "Update patient charts",
            "Give injections as directed",
            "Clean and restock exam rooms",
        ),
        ("Medical Assistant certification", "electronic health records", "caring for patients"),
        ("Rainier Family Clinic", "Tacoma Community Health", "Eastside Primary Care"),
        "Ambulatory health care",
        ("Mon-Fri 8am-5pm", "Tue-Sat 9am-5:30pm"),
        (("FULL_TIME",),),
        education="professional certificate",
    ),
    Occupation(
        "childcare",
        ("Childcare Assistant", "Assistant Teacher (Early Learning)"),
        "39-9011.00",
        (20.0, 23.5),
        ("HOUR",),
        (
            "Supervise and play with children ages 1 to 5",
            "Help with meals, naps and diapering",
            "Keep classrooms clean and safe",
            "Talk with parents at pick-up",
        ),
        ("patience", "first aid and CPR", "early childhood education credits (we help you get them)"),
        ("Little Harbor Early Learning", "Sunrise Kids Academy", "Beacon Hill Child Center"),
        "Child day care services",
        ("Mon-Fri 7am-3:30pm", "Mon-Fri 10am-6pm"),
        (("FULL_TIME",), ("PART_TIME",)),
        education="high school",
    ),
    Occupation(
        "security",
        ("Security Officer", "Unarmed Security Guard"),
        "33-9032.00",
        (21.0, 25.5),
        ("HOUR",),
        (
            "Patrol buildings and parking areas",
            "Check IDs at the front desk",
            "Write incident reports",
            "Call emergency services when needed",
        ),
        ("Washington guard card", "staying calm", "writing reports"),
        ("Cascade Shield Security", "Pier 91 Protective Services", "Tahoma Guard Services"),
        "Security services",
        ("Night shift 10pm-6am, includes weekends", "Swing shift 2pm-10pm", "Weekend days, Sat-Sun 7am-7pm"),
        (("FULL_TIME",), ("PART_TIME",)),
        education="high school",
    ),
    Occupation(
        "delivery",
        ("Delivery Driver", "Route Driver"),
        "53-3033.00",
        (21.0, 26.0),
        ("HOUR", "DAY"),
        (
            "Deliver packages on an assigned route",
            "Load the van in route order",
            "Take delivery photos with the app",
            "Do a vehicle check before each shift",
        ),
        ("valid driver's license", "clean driving record", "using a phone app for routes"),
        ("Swift Sound Delivery", "Last Mile Northwest", "Emerald Parcel Co."),
        "Couriers and delivery",
        ("10-hour shifts, 4 days a week, 7am-5:30pm", "Mon-Fri 8am-4:30pm"),
        (("FULL_TIME",), ("PART_TIME",)),
    ),
    Occupation(
        "admin",
        ("Administrative Assistant", "Office Assistant", "Front Desk Receptionist"),
        "43-6014.00",
        (21.0, 26.0),
        ("HOUR", "YEAR"),
        (
            "Answer phones and greet visitors",
            "Schedule appointments",
            "Type letters and keep files",
            "Order office supplies",
        ),
        ("Microsoft Word and Excel", "customer service", "organization"),
        (
            "Lakeview Property Management",
            "King County Legal Aid Society",
            "Bellevue Dental Partners",
            "Tacoma Community Health",
        ),
        "Administrative and support services",
        ("Mon-Fri 8:30am-5pm", "Mon-Thu 9am-3pm, 24 hours per week"),
        (("FULL_TIME",), ("PART_TIME",)),
        education="high school",
        remote_share=0.15,
    ),
    Occupation(
        "assembler",
        ("Production Assembler", "Manufacturing Associate", "Assembly Technician"),
        "51-2092.00",
        (21.0, 26.5),
        ("HOUR",),
        (
            "Assemble parts using hand and power tools",
            "Read simple work instructions and drawings",
            "Inspect finished parts for defects",
            "Keep the work cell clean",
        ),
        ("using hand tools", "attention to detail", "following instructions"),
        ("Kent Valley Aerospace Parts", "Pacific Marine Fabrication", "Auburn Precision Components"),
        "Manufacturing",
        (
            "Day shift, Mon-Fri 6am-2:30pm",
            "Second shift, Mon-Fri 2:30pm-11pm",
            "Weekend shift Fri-Sun 6am-6pm",
        ),
        (("FULL_TIME",),),
        education="high school",
    ),
    Occupation(
        "dental_assistant",
        ("Dental Assistant", "Registered Dental Assistant"),
        "31-9091.00",
        (25.0, 31.0),
        ("HOUR",),
        (
            "Seat patients and prepare exam rooms",
            "Sterilize tools",
            "Take dental X-rays",
            "Help the dentist during procedures",
        ),
        ("Washington dental assistant registration", "infection control", "caring for patients"),
        ("Bellevue Dental Partners", "Smile Harbor Dental", "Federal Way Family Dentistry"),
        "Ambulatory health care",
        ("Mon-Thu 7am-5:30pm", "Tue-Sat 8am-4:30pm"),
        (("FULL_TIME",), ("PART_TIME",)),
        education="professional certificate",
    ),
    Occupation(
        "it_help_desk",
        ("IT Help Desk Technician", "Desktop Support Technician"),
        "15-1232.00",
        (25.0, 33.0),
        ("HOUR", "YEAR"),
        (
            "Answer help desk tickets by phone and chat",
            "Reset passwords and set up accounts",
            "Set up laptops and printers",
            "Write simple how-to guides",
        ),
        ("Windows", "troubleshooting", "customer service", "CompTIA A+ (helpful)"),
        ("Sound IT Partners", "Rainier Tech Support LLC", "Puget Sound Credit Union"),
        "Information technology services",
        ("Mon-Fri 8am-5pm", "Mon-Fri 10am-6:30pm"),
        (("FULL_TIME",), ("CONTRACTOR",)),
        education="high school",
        experience_months=6,
        remote_share=0.4,
    ),
    Occupation(
        "hospitality_front",
        ("Hotel Front Desk Agent", "Guest Services Agent"),
        "43-4081.00",
        (20.5, 24.0),
        ("HOUR",),
        (
            "Check guests in and out",
            "Answer phone calls and emails",
            "Handle payments and room keys",
            "Help guests with directions and requests",
        ),
        ("customer service", "computer basics", "a second language is a plus"),
        ("Cedar & Sound Hotel", "Airport Way Suites", "Bayfront Inn Tacoma"),
        "Hotels and lodging",
        ("Evening shift 3pm-11pm, weekends", "Overnight audit 11pm-7am"),
        (("FULL_TIME",), ("PART_TIME",)),
    ),
    Occupation(
        "pharmacy_tech",
        ("Pharmacy Technician", "Pharmacy Assistant"),
        "29-2052.00",
        (23.5, 28.0),
        ("HOUR",),
        (
            "Count and label medication",
            "Enter prescriptions into the system",
            "Help customers at the counter",
            "Keep stock organized",
        ),
        ("Washington pharmacy assistant license", "accuracy", "customer service"),
        ("Westlake Market", "Tacoma Community Health", "Eastside Primary Care"),
        "Health and personal care stores",
        ("Mon-Fri 9am-5:30pm", "Evenings and weekends, 1pm-9:30pm"),
        (("FULL_TIME",), ("PART_TIME",)),
        education="professional certificate",
    ),
]

# Postings an exploitation screener should hold. Each trips one or more indicators.
SUSPICIOUS = [
    {
        "title": "Warehouse Helpers Needed - Start Today",
        "employer": "QuickStart Staffing Solutions",
        "html": "<p>No interview, start today! Warehouse helpers needed right away.</p>"
        "<ul><li>$45/hr no experience needed</li><li>Cash paid daily</li></ul>"
        "<p>Text or WhatsApp only: +1 206 555 0190. Do not call.</p>",
        "pay": (45, 45, "HOUR"),
        "hours": "Start today, any shift",
    },
    {
        "title": "Hotel Housekeepers - Housing Provided",
        "employer": "Pacific Hospitality Placement",
        "html": "<p>Housekeeping work at partner hotels. Housing provided by the company; rent of $250 per week is "
        "deducted from pay. Transport to hotels provided and deducted from pay.</p>"
        "<p>Placement fee $300, paid before your first day.</p><p>Contact our recruiter on WhatsApp.</p>",
        "pay": (700, 900, "WEEK"),
        "hours": "6 days a week, 11 hours a day",
    },
    {
        "title": "Farm and Packing Workers - Visa Guaranteed",
        "employer": "Golden Harvest Recruiting",
        "html": "<p>Work visa guaranteed for all applicants! We arrange your travel and your documents.</p>"
        "<p>For your safety we hold your passport during the contract.</p><p>Recruitment fee: $1,500.</p>"
        "<p>Send a copy of your passport to goldenharvest.jobs@gmail.com to apply.</p>",
        "pay": (3500, 4200, "MONTH"),
        "hours": "70 hours per week during harvest",
    },
    {
        "title": "Remote Data Entry - $45/hr, No Experience",
        "employer": "Summit Data Partners Group",
        "html": "<p>Earn $45/hr from home, no experience needed. Guaranteed high pay!</p>"
        "<p>To start, send your Social Security number and bank account details for direct deposit "
        "before the interview. Training kit costs $99, refunded after 3 months.</p>"
        "<p>Message us on Telegram @summitdatahire.</p>",
        "pay": (45, 45, "HOUR"),
        "hours": "Flexible",
        "remote": True,
    },
    {
        "title": "Restaurant Kitchen Staff - Live In",
        "employer": "Golden Dragon Kitchen Group",
        "html": "<p>Kitchen helpers. Room and board provided above the restaurant, deducted from wages.</p>"
        "<p>Pay in cash every month. Work 7 days a week, 12 hours a day.</p><p>Phones must be "
        "turned in during shifts.</p><p>Call the owner's cell to apply.</p>",
        "pay": (2400, 2400, "MONTH"),
        "hours": "12 hours a day, 7 days a week",
    },
    {
        "title": "Massage Therapist Assistants - Earn $5000/week",
        "employer": "Lotus Wellness Spa",
        "html": "<p>Young women wanted for spa work. No license needed, no experience. Earn $5000/week!</p>"
        "<p>Housing and transport provided. Must be available to travel. Uniform deposit $200.</p>"
        "<p>Apply by WhatsApp with a recent photo.</p>",
        "pay": (5000, 5000, "WEEK"),
        "hours": "Evenings and nights, 7 days a week",
    },
    {
        "title": "Construction Laborers - Cash Daily",
        "employer": "Reliable Crew Services",
        "html": "<p>Laborers needed now. Cash only, paid daily at the site. No paperwork.</p>"
        "<p>Van pickup at 5am from our house in Kent, $15 a day for the ride.</p>"
        "<p>Text Juan at 253-555-0144.</p>",
        "pay": (200, 240, "DAY"),
        "hours": "Mon-Sat 6am-6pm",
    },
    {
        "title": "Traveling Sales Crew - See the Country",
        "employer": "Liberty Magazine Crew",
        "html": "<p>Travel the country selling subscriptions with a fun crew! Hotel and travel provided, costs "
        "deducted from commissions. Earnings held until the end of the season.</p>"
        "<p>Leave today. Bring your ID - the crew manager keeps IDs safe while we travel.</p>",
        "pay": None,
        "hours": "Long days, 7 days a week",
    },
    {
        "title": "Nanny / Live-in Housekeeper",
        "employer": "Private Family (Bellevue)",
        "html": "<p>Live-in nanny and housekeeper for a busy family. Room provided. Must give us your passport "
        "for visa processing.</p><p>Work 6am-10pm. One day off a month.</p>"
        "<p>Email privatefamily.bellevue@yahoo.com with your photo and passport copy.</p>",
        "pay": (1500, 1500, "MONTH"),
        "hours": "6am-10pm, 7 days a week",
    },
    {
        "title": "Models and Hostesses Wanted",
        "employer": "Starlight Entertainment",
        "html": "<p>Hostesses and models for nightlife events. Earn $3000 a week, no experience. Pay a $150 "
        "registration fee for your portfolio.</p><p>DM us on Instagram or WhatsApp.</p>",
        "pay": (3000, 3000, "WEEK"),
        "hours": "Night shift, Thu-Sun 9pm-4am",
    },
    {
        "title": "Fish Processing Jobs in Alaska - Travel Paid",
        "employer": "North Seas Recruiting Agency",
        "html": "<p>Work on a processing ship in Alaska. Travel paid up front and deducted from your final check. "
        "Wages paid at the end of the contract.</p><p>Processing fee $450 to hold your spot.</p>"
        "<p>Apply by texting 206-555-0177.</p>",
        "pay": (16, 16, "HOUR"),
        "hours": "16 hours a day, 7 days a week",
    },
    {
        "title": "Caregiver Needed Urgently - Immediate Hire",
        "employer": "Angel Hands Placement",
        "html": "<p>Urgent! Immediate hire, no interview. Caregivers for private homes.</p>"
        "<p>Send your ID, SSN and bank details by WhatsApp so we can pay you.</p>",
        "pay": (38, 42, "HOUR"),
        "hours": "24-hour live-in shifts",
    },
    {
        "title": "Cleaning Crew - Weekly Cash",
        "employer": "Sparkle Team Cleaning",
        "html": "<p>House cleaning crew. $900 weekly in cash. Transportation provided from our crew house; housing "
        "available for $125/week deducted.</p><p>Must buy starter kit for $75.</p>"
        "<p>Contact on Signal only.</p>",
        "pay": (900, 900, "WEEK"),
        "hours": "Mon-Sat 7am-7pm",
    },
    {
        "title": "Restaurant Servers - Overseas Contract",
        "employer": "Global Dream Jobs Ltd",
        "html": "<p>Work abroad in a luxury resort. Visa guaranteed, flights provided. Agency fee of $2,000, "
        "we can take it from your wages.</p><p>We keep your passport safe during the contract.</p>"
        "<p>WhatsApp only.</p>",
        "pay": (4000, 4000, "MONTH"),
        "hours": "60-72 hours per week",
    },
    {
        "title": "Package Reshipper - Work From Home",
        "employer": "Parcel Forward Services",
        "html": "<p>Receive packages at home and reship them. $45/hr no experience. Paid in Bitcoin.</p>"
        "<p>Send your bank details and a copy of your ID to get started today.</p>",
        "pay": (45, 45, "HOUR"),
        "hours": "Flexible",
        "remote": True,
    },
]

# Legitimate postings whose words look alarming out of context: the screener must not hold them.
TRICKY_LEGIT = [
    {
        "title": "Warehouse Associate - No Fees Ever",
        "employer": "Evergreen Fulfillment LLC",
        "occ": "warehouse",
        "extra": "<p>We never charge workers fees of any kind: no hiring fee, no training fee, no uniform fee.</p>"
        "<p>Safety boots and uniforms are provided at no cost to you.</p>",
    },
    {
        "title": "Room Attendant",
        "employer": "Cedar & Sound Hotel",
        "occ": "housekeeping",
        "extra": "<p>We never hold your documents. Your ID and work papers stay with you.</p>"
        "<p>Pay is by direct deposit every two weeks, never in cash.</p>",
    },
    {
        "title": "Line Cook",
        "employer": "Salt & Cedar Kitchen",
        "occ": "cook",
        "extra": "<p>Uniforms and knives are provided by the employer at no cost. A free ORCA transit pass is a "
        "benefit, not a deduction.</p>",
    },
    {
        "title": "Home Care Aide - Paid Training",
        "employer": "Harbor Home Care",
        "occ": "home_health",
        "extra": "<p>We pay for your 75-hour Home Care Aide training; you never pay us anything. Overtime is "
        "voluntary and capped at 50 hours per week.</p>",
    },
    {
        "title": "Security Officer - Guard Card Paid",
        "employer": "Cascade Shield Security",
        "occ": "security",
        "extra": "<p>Interview this week; we never hire without meeting you. We reimburse your guard card fee.</p>",
    },
]


def money(amount: float, unit: str) -> float:
    """Round a pay figure the way postings print it."""
    if unit == "HOUR":
        return round(amount * 4) / 4
    if unit == "DAY":
        return round(amount / 5) * 5
    if unit == "WEEK":
        return round(amount / 10) * 10
    if unit == "MONTH":
        return round(amount / 50) * 50
    return round(amount / 500) * 500


@dataclass
class Posting:
    """One generated posting in a format-neutral shape."""

    id: str
    title: str
    employer: str
    html: str
    city: str | None
    zip: str | None
    pay: tuple[float, float, str] | None
    types: tuple[str, ...]
    work_hours: str
    soc: str | None
    industry: str | None
    skills: tuple[str, ...] = ()
    education: str | None = None
    experience_months: int | None = None
    remote: bool = False
    date_posted: str = ""
    valid_through: str = ""
    openings: int | None = None
    contact: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def description_html(occ: Occupation, title: str, employer: str, city: str, rng: random.Random) -> str:
    """A plain, realistic HTML description: intro, duties, helpful skills, benefits, how to apply."""
    duties = rng.sample(occ.duties, k=min(len(occ.duties), rng.randint(3, 4)))
    no_fees = " We never charge applicants fees." if rng.random() < 0.25 else ""
    benefits = rng.choice(
        [
            "Paid sick leave, medical and dental after 60 days, and a 401(k) match.",
            "Paid time off, health insurance and free parking.",
            "Paid training, a free ORCA transit card and employee discounts.",
            "Weekly pay by direct deposit, paid sick leave and a clear path to promotion.",
        ]
    )
    return (
        f"<p>{employer} is hiring a <strong>{title}</strong> in {city}. No long résumé needed.</p>"
        "<h3>What you will do</h3><ul>" + "".join(f"<li>{d}</li>" for d in duties) + "</ul>"
        "<h3>What helps</h3><ul>" + "".join(f"<li>{s.capitalize()}</li>" for s in occ.skills) + "</ul>"
        f"<p><em>Benefits:</em> {benefits}</p>"
        f"<p>How to apply: use the Apply button or visit us at our {city} location. Interviews are in person "
        f"or by video.{no_fees}</p>"
    )


def make_regular(occ: Occupation, n: int, rng: random.Random) -> Posting:
    """A legitimate posting for an occupation."""
    title = rng.choice(occ.titles)
    employer = rng.choice(occ.employers)
    city, zip_code = rng.choice(PLACES)
    unit = rng.choice(occ.units)
    low_h = rng.uniform(occ.hourly[0], (occ.hourly[0] + occ.hourly[1]) / 2)
    high_h = low_h + rng.uniform(1.0, occ.hourly[1] - occ.hourly[0] + 1.0)
    pay: tuple[float, float, str] | None = (
        money(low_h * HOURS_PER_UNIT[unit], unit),
        money(high_h * HOURS_PER_UNIT[unit], unit),
        unit,
    )
    if rng.random() < 0.08:
        pay = None  # some employers publish no pay
    remote = rng.random() < occ.remote_share
    posted = POSTED_FROM + timedelta(days=rng.randint(0, 120))
    return Posting(
        id=f"{occ.key}-{n:04d}",
        title=title,
        employer=employer,
        html=description_html(occ, title, employer, city, rng),
        city=city,
        zip=zip_code,
        pay=pay,
        types=rng.choice(occ.types),
        work_hours=rng.choice(occ.schedules),
        soc=occ.soc if rng.random() < 0.85 else None,
        industry=occ.industry,
        skills=occ.skills,
        education=occ.education,
        experience_months=occ.experience_months,
        remote=remote,
        date_posted=posted.isoformat(),
        valid_through=rng.choice(VALID_THROUGH),
        openings=rng.choice([1, 1, 1, 2, 3, 5, 10]),
    )


def make_postings(rng: random.Random) -> list[Posting]:
    """~365 regular postings, 15 suspicious, 5 tricky-legit, 3 expired."""
    postings = []
    for n in range(365):
        postings.append(make_regular(OCCUPATIONS[n % len(OCCUPATIONS)], n, rng))
    by_key = {o.key: o for o in OCCUPATIONS}
    for i, item in enumerate(TRICKY_LEGIT):
        base = make_regular(by_key[item["occ"]], 900 + i, rng)
        base.id, base.title, base.employer = f"legit-{i + 1:02d}", item["title"], item["employer"]
        base.html += item["extra"]
        postings.append(base)
    for i, item in enumerate(SUSPICIOUS):
        city, zip_code = rng.choice(PLACES)
        remote = bool(item.get("remote"))
        postings.append(
            Posting(
                id=f"flag-{i + 1:02d}",
                title=item["title"],
                employer=item["employer"],
                html=item["html"],
                city=None if remote else city,
                zip=None if remote else zip_code,
                pay=item["pay"],
                types=("FULL_TIME",),
                work_hours=item["hours"],
                soc=None,
                industry=None,
                remote=remote,
                date_posted=(POSTED_FROM + timedelta(days=rng.randint(0, 120))).isoformat(),
                valid_through=rng.choice(VALID_THROUGH),
            )
        )
    for i, when in enumerate(EXPIRED_VALID_THROUGH):
        old = make_regular(OCCUPATIONS[i], 950 + i, rng)
        old.id, old.valid_through, old.date_posted = f"expired-{i + 1:02d}", when, "2025-01-15"
        postings.append(old)
    rng.shuffle(postings)
    return postings


def jsonld_posting(p: Posting) -> dict[str, Any]:
    """schema.org JobPosting; single values and lists are both used, as in the wild."""
    node: dict[str, Any] = {
        "@type": "JobPosting",
        "identifier": {"@type": "PropertyValue", "name": p.employer, "value": p.id},
        "title": p.title,
        "description": p.html,
        "datePosted": p.date_posted,
        "validThrough": p.valid_through + "T23:59:00-08:00",
        "employmentType": list(p.types) if len(p.types) > 1 else p.types[0],
        "hiringOrganization": {"@type": "Organization", "name": p.employer},
        "url": f"https://jobs.example.org/{p.id}",
        "workHours": p.work_hours,
    }
    if p.remote:
        node["jobLocationType"] = "TELECOMMUTE"
        node["applicantLocationRequirements"] = {"@type": "State", "name": "Washington"}
    if p.city:
        node["jobLocation"] = {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": p.city,
                "addressRegion": "WA",
                "postalCode": p.zip,
                "addressCountry": "US",
            },
        }
    if p.pay:
        low, high, unit = p.pay
        value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": unit}
        if low == high:
            value["value"] = low
        else:
            value.update(minValue=low, maxValue=high)
        node["baseSalary"] = {"@type": "MonetaryAmount", "currency": "USD", "value": value}
    if p.soc:
        node["occupationalCategory"] = p.soc
    if p.industry:
        node["industry"] = p.industry
    if p.skills:
        node["skills"] = list(p.skills)
    if p.education:
        node["educationRequirements"] = {
            "@type": "EducationalOccupationalCredential",
            "credentialCategory": p.education,
        }
    if p.experience_months is not None:
        node["experienceRequirements"] = {
            "@type": "OccupationalExperienceRequirements",
            "monthsOfExperience": p.experience_months,
        }
    if p.openings:
        node["totalJobOpenings"] = p.openings
    return node


CSV_COLUMNS = [
    "id",
    "title",
    "employer",
    "description",
    "url",
    "employment_type",
    "pay_min",
    "pay_max",
    "pay_unit",
    "pay_currency",
    "city",
    "state",
    "zip",
    "country",
    "remote",
    "shifts",
    "days",
    "hours_per_week",
    "work_hours",
    "soc_code",
    "industry",
    "qualifications",
    "education",
    "experience_months",
    "requires_citizenship",
    "date_posted",
    "valid_through",
    "openings",
    "how_to_apply",
]


def csv_posting(p: Posting) -> dict[str, Any]:
    """A row of the project's jobs CSV (docs/formats/jobs-csv.md)."""
    low, high, unit = p.pay if p.pay else ("", "", "")
    return {
        "id": p.id,
        "title": p.title,
        "employer": p.employer,
        "description": p.html,
        "url": f"https://careers.example.org/{p.id}",
        "employment_type": ";".join(p.types),
        "pay_min": low,
        "pay_max": high,
        "pay_unit": unit,
        "pay_currency": "USD" if p.pay else "",
        "city": p.city or "",
        "state": "WA",
        "zip": p.zip or "",
        "country": "US",
        "remote": "yes" if p.remote else "no",
        "shifts": "",
        "days": "",
        "hours_per_week": "",
        "work_hours": p.work_hours,
        "soc_code": p.soc or "",
        "industry": p.industry or "",
        "qualifications": "; ".join(p.skills),
        "education": p.education or "",
        "experience_months": "" if p.experience_months is None else p.experience_months,
        "requires_citizenship": "no",
        "date_posted": p.date_posted,
        "valid_through": p.valid_through,
        "openings": p.openings or "",
        "how_to_apply": p.contact or "Apply online or in person.",
    }


FEDERAL = [
    # (title, agency, series code, series name, grade, pay unit, low, high, city)
    (
        "Housekeeping Aid",
        "Veterans Health Administration",
        "3566",
        "Custodial Working",
        "WG-2",
        "PH",
        21.90,
        25.55,
        "Seattle",
    ),
    (
        "Food Service Worker",
        "Veterans Health Administration",
        "7408",
        "Food Service Working",
        "WG-2",
        "Per Hour",
        21.90,
        25.55,
        "Tacoma",
    ),
    (
        "Nursing Assistant",
        "Veterans Health Administration",
        "0621",
        "Nursing Assistant",
        "GS-4",
        "PA",
        41560,
        54028,
        "Seattle",
    ),
    (
        "Medical Support Assistant",
        "Veterans Health Administration",
        "0679",
        "Medical Support Assistance",
        "GS-5",
        "Per Year",
        46496,
        60445,
        "Seattle",
    ),
    (
        "Materials Handler",
        "Department of the Army",
        "6907",
        "Materials Handler",
        "WG-5",
        "PH",
        26.01,
        30.35,
        "Joint Base Lewis-McChord",
    ),
    (
        "Motor Vehicle Operator",
        "Department of the Army",
        "5703",
        "Motor Vehicle Operating",
        "WG-6",
        "PH",
        27.00,
        31.50,
        "Joint Base Lewis-McChord",
    ),
    (
        "Custodial Worker",
        "General Services Administration",
        "3566",
        "Custodial Working",
        "WG-2",
        "PH",
        21.90,
        25.55,
        "Auburn",
    ),
    (
        "Transportation Security Officer",
        "Transportation Security Administration",
        "1802",
        "Compliance Inspection and Support",
        "SV-D",
        "PA",
        44905,
        65023,
        "SeaTac",
    ),
    (
        "Laborer",
        "U.S. Army Corps of Engineers",
        "3502",
        "Laboring",
        "WG-2",
        "Per Hour",
        22.50,
        26.25,
        "Seattle",
    ),
    (
        "Office Automation Clerk",
        "Social Security Administration",
        "0326",
        "Office Automation Clerical and Assistance",
        "GS-4",
        "PA",
        41560,
        54028,
        "Tacoma",
    ),
    (
        "IT Specialist (Customer Support)",
        "Department of Veterans Affairs",
        "2210",
        "Information Technology Management",
        "GS-9",
        "PA",
        69107,
        89835,
        "Seattle",
    ),
    ("Cook", "Federal Bureau of Prisons", "7404", "Cooking", "WG-8", "PH", 30.10, 35.12, "SeaTac"),
    (
        "Forklift Operator",
        "Defense Logistics Agency",
        "5704",
        "Fork Lift Operating",
        "WG-5",
        "PH",
        26.01,
        30.35,
        "Joint Base Lewis-McChord",
    ),
    (
        "Pharmacy Technician",
        "Veterans Health Administration",
        "0661",
        "Pharmacy Technician",
        "GS-5",
        "PA",
        46496,
        60445,
        "Tacoma",
    ),
    (
        "Dental Assistant",
        "Veterans Health Administration",
        "0681",
        "Dental Assistant",
        "GS-5",
        "Per Year",
        46496,
        60445,
        "Seattle",
    ),
    (
        "Security Guard",
        "Department of the Navy",
        "0085",
        "Security Guard",
        "GS-5",
        "PA",
        46496,
        60445,
        "Bremerton",
    ),
    (
        "Child and Youth Program Assistant",
        "Department of the Army",
        "1702",
        "Education and Training Technician",
        "CY-01",
        "PH",
        20.50,
        24.00,
        "Joint Base Lewis-McChord",
    ),
    (
        "Contact Representative",
        "Internal Revenue Service",
        "0962",
        "Contact Representative",
        "GS-5",
        "PA",
        46496,
        60445,
        "Seattle",
    ),
    (
        "Supply Technician",
        "Veterans Health Administration",
        "2005",
        "Supply Clerical and Technician",
        "GS-5",
        "PA",
        46496,
        60445,
        "Tacoma",
    ),
    (
        "Maintenance Worker",
        "National Park Service",
        "4749",
        "Maintenance Mechanic",
        "WG-7",
        "PH",
        28.50,
        33.20,
        "Seattle",
    ),
    (
        "Sterile Processing Technician",
        "Veterans Health Administration",
        "0622",
        "Medical Supply Aide and Technician",
        "GS-5",
        "PA",
        46496,
        60445,
        "Seattle",
    ),
    (
        "Human Resources Assistant",
        "Department of the Army",
        "0203",
        "Human Resources Assistance",
        "GS-5",
        "PA",
        46496,
        60445,
        "Joint Base Lewis-McChord",
    ),
    (
        "Warehouse Worker",
        "Defense Logistics Agency",
        "6907",
        "Materials Handler",
        "WG-4",
        "Per Hour",
        24.60,
        28.70,
        "Fife",
    ),
    (
        "Recreation Aid",
        "Department of the Army",
        "0189",
        "Recreation Aid and Assistant",
        "NF-01",
        "PH",
        19.50,
        21.00,
        "Joint Base Lewis-McChord",
    ),
    (
        "Administrative Support Assistant",
        "Environmental Protection Agency",
        "0303",
        "Miscellaneous Clerk and Assistant",
        "GS-6",
        "PA",
        51824,
        67368,
        "Seattle",
    ),
    ("Painter Helper", "Department of the Navy", "4102", "Painting", "WG-5", "PH", 26.01, 30.35, "Bremerton"),
    (
        "Medical Records Technician",
        "Veterans Health Administration",
        "0675",
        "Medical Records Technician",
        "GS-6",
        "PA",
        51824,
        67368,
        "Seattle",
    ),
    (
        "Laundry Worker",
        "Veterans Health Administration",
        "7304",
        "Laundry Working",
        "WG-2",
        "PH",
        21.90,
        25.55,
        "Tacoma",
    ),
]


def usajobs_item(i: int, row: tuple[Any, ...], rng: random.Random) -> dict[str, Any]:
    """One SearchResultItems entry shaped like the live API's."""
    title, agency, series, series_name, grade, unit, low, high, city = row
    pid = f"WA-{27000 + i * 37}-{series}"
    posted = POSTED_FROM + timedelta(days=rng.randint(0, 90))
    part_time = i % 7 == 3
    return {
        "MatchedObjectId": str(800000 + i),
        "MatchedObjectDescriptor": {
            "PositionID": pid,
            "PositionTitle": title,
            "PositionURI": f"https://www.usajobs.gov/job/{800000 + i}",
            "ApplyURI": [f"https://www.usajobs.gov/job/{800000 + i}/apply"],
            "PositionLocationDisplay": f"{city}, Washington",
            "PositionLocation": [
                {
                    "LocationName": f"{city}, Washington",
                    "CountryCode": "United States",
                    "CountrySubDivisionCode": "Washington",
                    "CityName": f"{city}, Washington",
                    "Latitude": 47.5,
                    "Longitude": -122.3,
                }
            ],
            "OrganizationName": agency,
            "DepartmentName": "Department of Veterans Affairs" if "Veterans" in agency else agency,
            "JobCategory": [{"Name": series_name, "Code": series}],
            "JobGrade": [{"Code": grade.split("-")[0]}],
            "PositionSchedule": [
                {"Name": "Part-time" if part_time else "Full-time", "Code": "2" if part_time else "1"}
            ],
            "PositionOfferingType": [{"Name": "Temporary" if i % 9 == 4 else "Permanent", "Code": "15317"}],
            "QualificationSummary": "<p>You qualify at this grade if you have 6 months of experience "
            f"doing work like {title.lower()} duties, or related training.</p>",
            "PositionRemuneration": [
                {
                    "MinimumRange": str(low),
                    "MaximumRange": str(high),
                    "RateIntervalCode": unit,
                    "Description": unit,
                }
            ],
            "PositionStartDate": posted.isoformat() + "T00:00:00.0000",
            "PositionEndDate": "2027-12-31T23:59:59.9970",
            "PublicationStartDate": posted.isoformat() + "T00:00:00.0000",
            "ApplicationCloseDate": rng.choice(["2027-12-31", "2028-01-15"]) + "T23:59:59.9970",
            "UserArea": {
                "Details": {
                    "JobSummary": f"<p>The {agency} is hiring a {title} in {city}, Washington.</p>",
                    "WhoMayApply": {"Name": "United States Citizens", "Code": ""},
                    "LowGrade": grade.split("-")[1],
                    "HighGrade": grade.split("-")[1],
                    "MajorDuties": [
                        f"Performs {title.lower()} work following established procedures.",
                        "Keeps records and reports problems to the supervisor.",
                        "Follows safety and security rules.",
                    ],
                    "HowToApply": "<p>Apply online through USAJOBS before the closing date. Upload a résumé "
                    "and any required documents.</p>",
                    "TeleworkEligible": title.startswith(("IT Specialist", "Contact Representative")),
                    "RemoteIndicator": False,
                }
            },
        },
    }


@dataclass(frozen=True)
class ProgramSpec:
    """A training program and the format it is published in."""

    fmt: str
    provider: str
    name: str
    cip: str
    socs: tuple[str, ...]
    credential: str
    weeks: float | None
    hours: float | None
    tuition: float | None
    total: float | None
    delivery: str
    timing: tuple[str, ...]
    description: str


PROVIDERS = {
    "Green River College": ("Auburn", "98092", "community college"),
    "Renton Technical College": ("Renton", "98056", "technical college"),
    "Seattle Central College": ("Seattle", "98122", "community college"),
    "Bates Technical College": ("Tacoma", "98405", "technical college"),
    "Lake Washington Institute of Technology": ("Kirkland", "98034", "technical college"),
    "Clover Park Technical College": ("Lakewood", "98499", "technical college"),
    "South Seattle College": ("Seattle", "98106", "community college"),
    "Highline College": ("Des Moines", "98198", "community college"),
    "Tacoma Community College": ("Tacoma", "98466", "community college"),
    "Puget Sound Caregiver Training Center": ("Kent", "98032", "vocational school"),
    "Harborview Forklift & Logistics Academy": ("Fife", "98424", "vocational school"),
    "Northwest Commercial Driving School": ("Tukwila", "98168", "vocational school"),
}

P = ProgramSpec
PROGRAMS = [
    P(
        "ctdl",
        "Renton Technical College",
        "Nursing Assistant Certified (NAC)",
        "51.3902",
        ("31-1131.00",),
        "Certificate",
        10,
        135,
        1450,
        1850,
        "in_person",
        ("Daytime", "Evening"),
        "Prepares students for the Washington NAC exam: personal care, vital signs, infection control "
        "and clinical practice in a long-term care facility.",
    ),
    P(
        "ctdl",
        "Bates Technical College",
        "Medical Assistant",
        "51.0801",
        ("31-9092.00",),
        "Certificate",
        44,
        None,
        6200,
        7400,
        "hybrid",
        ("Daytime",),
        "Clinical and administrative skills for outpatient clinics, with an externship.",
    ),
    P(
        "ctdl",
        "Lake Washington Institute of Technology",
        "Dental Assisting",
        "51.0601",
        ("31-9091.00",),
        "AssociateOfAppliedScienceDegree",
        66,
        None,
        9800,
        12500,
        "in_person",
        ("Daytime",),
        "Chairside assisting, radiography and infection control. Graduates may register as dental assistants.",
    ),
    P(
        "ctdl",
        "Clover Park Technical College",
        "Welding Technology",
        "48.0508",
        ("51-4121.00",),
        "Certificate",
        55,
        None,
        7400,
        9900,
        "in_person",
        ("Evening", "Weekend"),
        "Shielded metal arc, MIG and TIG welding, blueprint reading and shop safety.",
    ),
    P(
        "ctdl",
        "South Seattle College",
        "Culinary Arts - Commercial Cooking",
        "12.0503",
        ("35-2014.00", "35-1011.00"),
        "Certificate",
        33,
        None,
        4300,
        5200,
        "in_person",
        ("Daytime",),
        "Hands-on cooking in a working restaurant kitchen, food safety and kitchen math.",
    ),
    P(
        "ctdl",
        "Green River College",
        "Accounting Technician / Bookkeeping",
        "52.0302",
        ("43-3031.00",),
        "Certificate",
        33,
        None,
        4100,
        4800,
        "online",
        ("Evening",),
        "Bookkeeping, payroll, QuickBooks and spreadsheets. Fully online with evening live sessions.",
    ),
    P(
        "ctdl",
        "Seattle Central College",
        "IT Help Desk Support",
        "11.1006",
        ("15-1232.00",),
        "Certificate",
        22,
        None,
        3300,
        3900,
        "hybrid",
        ("Evening",),
        "Help desk skills, Windows, networking basics and preparation for CompTIA A+.",
    ),
    P(
        "ctdl",
        "Puget Sound Caregiver Training Center",
        "Home Care Aide Basic Training (75 hours)",
        "51.2602",
        ("31-1122.00", "31-1121.00"),
        "CertificateOfCompletion",
        3,
        75,
        0,
        0,
        "in_person",
        ("Daytime", "Weekend"),
        "The state-required 75-hour training for home care aides, free to students hired by partner agencies.",
    ),
    P(
        "ctdl",
        "Harborview Forklift & Logistics Academy",
        "Forklift Operator Certification",
        "49.0209",
        ("53-7051.00",),
        "Certification",
        1,
        16,
        275,
        325,
        "in_person",
        ("Weekend",),
        "Classroom and hands-on forklift training with OSHA-compliant certification.",
    ),
    P(
        "ctdl",
        "Bates Technical College",
        "Pre-Apprenticeship Construction Trades (PACT)",
        "46.0000",
        ("47-2061.00", "47-2031.00"),
        "Certificate",
        11,
        330,
        0,
        600,
        "in_person",
        ("Daytime",),
        "Construction math, safety, tools and a path into union apprenticeships.",
    ),
    P(
        "ctdl",
        "Renton Technical College",
        "Pharmacy Technician",
        "51.0805",
        ("29-2052.00",),
        "Certificate",
        33,
        None,
        4800,
        5900,
        "hybrid",
        ("Daytime", "Evening"),
        "Pharmacy law, medication math and dispensing, with a retail or hospital externship.",
    ),
    P(
        "ctdl",
        "Clover Park Technical College",
        "Logistics and Supply Chain Fundamentals",
        "52.0203",
        ("43-5071.00", "53-7065.00"),
        "Certificate",
        22,
        None,
        2900,
        3400,
        "online",
        ("Evening",),
        "Warehouse operations, inventory systems and shipping documents.",
    ),
    P(
        "schema",
        "Highline College",
        "Early Childhood Education Initial Certificate",
        "19.0709",
        ("39-9011.00", "25-2011.00"),
        "Certificate",
        11,
        None,
        1300,
        1600,
        "hybrid",
        ("Evening", "Weekend"),
        "The state ECE Initial Certificate: child development, health and safety, and family partnerships.",
    ),
    P(
        "schema",
        "Tacoma Community College",
        "Phlebotomy Technician",
        "51.1009",
        ("31-9097.00",),
        "Certificate",
        11,
        120,
        1650,
        2100,
        "in_person",
        ("Evening",),
        "Blood draws, specimen handling and patient safety, with a clinical practicum.",
    ),
    P(
        "schema",
        "Seattle Central College",
        "Office Administration",
        "52.0401",
        ("43-6014.00",),
        "Certificate",
        33,
        None,
        4000,
        4700,
        "online",
        ("Daytime", "Evening"),
        "Microsoft Office, business writing, scheduling and customer service.",
    ),
    P(
        "schema",
        "Northwest Commercial Driving School",
        "Commercial Driver's License (CDL) Class A",
        "49.0205",
        ("53-3032.00",),
        "Certificate",
        4,
        160,
        6200,
        6800,
        "in_person",
        ("Daytime", "Weekend"),
        "Behind-the-wheel training and ELDT theory for the Washington CDL Class A test.",
    ),
    P(
        "schema",
        "Green River College",
        "Automotive Technology",
        "47.0604",
        ("49-3023.00",),
        "AssociateOfAppliedScienceDegree",
        77,
        None,
        11200,
        14100,
        "in_person",
        ("Daytime",),
        "Brakes, engines, electrical systems and diagnostics in a working shop.",
    ),
    P(
        "schema",
        "Lake Washington Institute of Technology",
        "Manufacturing Technician",
        "15.0613",
        ("51-2092.00", "51-9061.00"),
        "Certificate",
        22,
        None,
        3100,
        3800,
        "in_person",
        ("Evening",),
        "Assembly, measuring, quality checks and lean manufacturing.",
    ),
    P(
        "schema",
        "South Seattle College",
        "Landscape Horticulture",
        "01.0605",
        ("37-3011.00", "37-1012.00"),
        "Certificate",
        33,
        None,
        4200,
        5000,
        "in_person",
        ("Daytime",),
        "Plant care, irrigation, equipment and sustainable landscape maintenance.",
    ),
    P(
        "schema",
        "Puget Sound Caregiver Training Center",
        "Nursing Assistant Certified - Evening and Weekend",
        "51.3902",
        ("31-1131.00",),
        "Certificate",
        8,
        140,
        1350,
        1700,
        "in_person",
        ("Evening", "Weekend"),
        "The NAC course on evenings and weekends for people who work days.",
    ),
    P(
        "schema",
        "Clover Park Technical College",
        "Hospitality and Hotel Operations",
        "52.0904",
        ("43-4081.00", "37-2012.00"),
        "Certificate",
        22,
        None,
        2800,
        3300,
        "hybrid",
        ("Daytime",),
        "Front desk systems, housekeeping management and guest service.",
    ),
    P(
        "schema",
        "Tacoma Community College",
        "Customer Service Fundamentals",
        "52.0411",
        ("43-4051.00",),
        "Certificate",
        6,
        60,
        450,
        520,
        "online",
        ("Evening",),
        "Communication, problem solving and CRM software for call center and service roles.",
    ),
    P(
        "etpl",
        "Renton Technical College",
        "Nursing Assistant Certified I-BEST",
        "51.3902",
        ("31-1131.00",),
        "Industry-Recognized Certificate",
        11,
        150,
        1500,
        1900,
        "in_person",
        ("Daytime",),
        "NAC training with English language support from a second instructor (I-BEST).",
    ),
    P(
        "etpl",
        "Bates Technical College",
        "Commercial Truck Driving",
        "49.0205",
        ("53-3032.00",),
        "Occupational Licensure",
        10,
        300,
        7500,
        8300,
        "in_person",
        ("Daytime",),
        "Class A CDL training with range and road practice.",
    ),
    P(
        "etpl",
        "Clover Park Technical College",
        "HVAC/R Technician",
        "47.0201",
        ("49-9021.00",),
        "Associate Degree",
        77,
        None,
        10400,
        13200,
        "in_person",
        ("Evening",),
        "Heating, ventilation, air conditioning and refrigeration service and installation.",
    ),
    P(
        "etpl",
        "Green River College",
        "Welding Fabrication",
        "48.0508",
        ("51-4121.00",),
        "Certificate",
        44,
        None,
        5900,
        7800,
        "in_person",
        ("Daytime", "Evening"),
        "Welding processes, layout and fabrication for manufacturing jobs.",
    ),
    P(
        "etpl",
        "Harborview Forklift & Logistics Academy",
        "Warehouse Skills and Forklift Bootcamp",
        "52.0203",
        ("53-7051.00", "53-7065.00"),
        "Industry-Recognized Certificate",
        -1,
        -1,
        850,
        950,
        "hybrid",
        ("Weekend",),
        "Self-paced online theory plus hands-on forklift practice on Saturdays.",
    ),
    P(
        "etpl",
        "Puget Sound Caregiver Training Center",
        "Home Care Aide Certification Prep",
        "51.2602",
        ("31-1122.00",),
        "Occupational Licensure",
        4,
        75,
        0,
        0,
        "hybrid",
        ("Evening",),
        "Home care aide training and help scheduling the state certification exam.",
    ),
    P(
        "etpl",
        "South Seattle College",
        "Electrical Pre-Apprenticeship",
        "46.0302",
        ("47-2111.00", "47-3013.00"),
        "Certificate",
        22,
        480,
        2600,
        3200,
        "in_person",
        ("Evening", "Weekend"),
        "Electrical theory, code basics and hands-on wiring to prepare for an apprenticeship.",
    ),
    P(
        "etpl",
        "Seattle Central College",
        "Security Officer Training",
        "43.0109",
        ("33-9032.00",),
        "Occupational Licensure",
        2,
        40,
        300,
        380,
        "in_person",
        ("Weekend",),
        "Guard card training, report writing and de-escalation.",
    ),
    P(
        "etpl",
        "Highline College",
        "Medical Billing and Coding",
        "51.0713",
        ("29-2072.00",),
        "Certificate",
        33,
        None,
        4200,
        5100,
        "online",
        ("Evening",),
        "ICD-10 and CPT coding, billing software and insurance claims.",
    ),
    P(
        "etpl",
        "Lake Washington Institute of Technology",
        "Machining Technology",
        "48.0501",
        ("51-4041.00",),
        "Certificate",
        44,
        None,
        6400,
        8800,
        "in_person",
        ("Daytime",),
        "Manual and CNC machining, measurement and blueprint reading.",
    ),
    P(
        "etpl",
        "Tacoma Community College",
        "Bookkeeping Certificate",
        "52.0302",
        ("43-3031.00",),
        "Certificate",
        22,
        None,
        2900,
        3400,
        "online",
        ("Evening", "Weekend"),
        "Accounting basics, payroll and QuickBooks online.",
    ),
    P(
        "scorecard",
        "Renton Technical College",
        "Practical Nursing, Vocational Nursing and Nursing Assistants.",
        "51.39",
        (),
        "Undergraduate Certificate or Diploma",
        None,
        None,
        None,
        None,
        "in_person",
        (),
        "",
    ),
    P(
        "scorecard",
        "Bates Technical College",
        "Allied Health and Medical Assisting Services.",
        "51.08",
        (),
        "Undergraduate Certificate or Diploma",
        None,
        None,
        None,
        None,
        "in_person",
        (),
        "",
    ),
    P(
        "scorecard",
        "Clover Park Technical College",
        "Precision Metal Working.",
        "48.05",
        (),
        "Undergraduate Certificate or Diploma",
        None,
        None,
        None,
        None,
        "in_person",
        (),
        "",
    ),
    P(
        "scorecard",
        "Green River College",
        "Accounting and Related Services.",
        "52.03",
        (),
        "Associate's Degree",
        None,
        None,
        None,
        None,
        "online",
        (),
        "",
    ),
    P(
        "scorecard",
        "South Seattle College",
        "Culinary Arts and Related Services.",
        "12.05",
        (),
        "Undergraduate Certificate or Diploma",
        None,
        None,
        None,
        None,
        "in_person",
        (),
        "",
    ),
    P(
        "scorecard",
        "Lake Washington Institute of Technology",
        "Dental Support Services and Allied Professions.",
        "51.06",
        (),
        "Associate's Degree",
        None,
        None,
        None,
        None,
        "in_person",
        (),
        "",
    ),
    P(
        "scorecard",
        "Seattle Central College",
        "Computer/Information Technology Administration and Management.",
        "11.10",
        (),
        "Undergraduate Certificate or Diploma",
        None,
        None,
        None,
        None,
        "online",
        (),
        "",
    ),
    P(
        "scorecard",
        "Highline College",
        "Early Childhood Education (Teacher Education).",
        "13.12",
        (),
        "Associate's Degree",
        None,
        None,
        None,
        None,
        "in_person",
        (),
        "",
    ),
]

UNITIDS = {
    "Renton Technical College": "236382",
    "Bates Technical College": "234669",
    "Clover Park Technical College": "234979",
    "Green River College": "235431",
    "South Seattle College": "236656",
    "Lake Washington Institute of Technology": "235671",
    "Seattle Central College": "236638",
    "Highline College": "235556",
}
CREDLEV = {"Undergraduate Certificate or Diploma": "1", "Associate's Degree": "2"}


def ctid(name: str) -> str:
    """A stable, fake CTID (ce- + UUID-shaped hex) derived from a name."""
    import hashlib

    h = hashlib.sha1(name.encode()).hexdigest()
    return f"ce-{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def lang(text: str) -> dict[str, str]:
    return {"en-US": text}


def ctdl_graph(specs: list[ProgramSpec]) -> dict[str, Any]:
    """A CTDL @graph: one CredentialOrganization per provider, then programs that reference them."""
    graph: list[dict[str, Any]] = []
    for provider in sorted({s.provider for s in specs}):
        city, zip_code, kind = PROVIDERS[provider]
        graph.append(
            {
                "@id": f"https://credentialengineregistry.org/resources/{ctid(provider)}",
                "@type": "ceterms:CredentialOrganization",
                "ceterms:ctid": ctid(provider),
                "ceterms:name": lang(provider),
                "ceterms:agentType": [
                    {
                        "@type": "ceterms:CredentialAlignmentObject",
                        "ceterms:targetNode": "orgType:Postsecondary",
                        "ceterms:targetNodeName": lang(kind.title()),
                    }
                ],
                "ceterms:address": [
                    {
                        "@type": "ceterms:Place",
                        "ceterms:addressLocality": lang(city),
                        "ceterms:addressRegion": lang("WA"),
                        "ceterms:postalCode": zip_code,
                        "ceterms:addressCountry": lang("US"),
                    }
                ],
            }
        )
    delivery_nodes = {
        "in_person": "deliveryType:InPerson",
        "online": "deliveryType:OnlineOnly",
        "hybrid": "deliveryType:BlendedDelivery",
    }
    for s in specs:
        city, zip_code, _ = PROVIDERS[s.provider]
        org = f"https://credentialengineregistry.org/resources/{ctid(s.provider)}"
        kind = (
            "ceterms:LearningProgram"
            if s.credential in {"Certificate", "CertificateOfCompletion"} and s.hours
            else (f"ceterms:{s.credential}")
        )
        duration = f"PT{int(s.hours)}H" if s.hours and s.weeks and s.weeks <= 4 else f"P{int(s.weeks or 0)}W"
        node: dict[str, Any] = {
            "@id": f"https://credentialengineregistry.org/resources/{ctid(s.provider + s.name)}",
            "@type": kind,
            "ceterms:ctid": ctid(s.provider + s.name),
            "ceterms:name": lang(s.name),
            "ceterms:description": lang(s.description),
            "ceterms:subjectWebpage": f"https://www.example.edu/{ctid(s.name)[3:11]}",
            "ceterms:ownedBy": [org],
            "ceterms:offeredBy": [org],
            "ceterms:instructionalProgramType": [
                {
                    "@type": "ceterms:CredentialAlignmentObject",
                    "ceterms:framework": "https://nces.ed.gov/ipeds/cipcode/",
                    "ceterms:frameworkName": lang("Classification of Instructional Programs"),
                    "ceterms:codedNotation": s.cip,
                }
            ],
            "ceterms:occupationType": [
                {
                    "@type": "ceterms:CredentialAlignmentObject",
                    "ceterms:frameworkName": lang("Standard Occupational Classification"),
                    "ceterms:codedNotation": code,
                }
                for code in s.socs
            ],
            "ceterms:estimatedCost": [
                {
                    "@type": "ceterms:CostProfile",
                    "ceterms:directCostType": {
                        "ceterms:targetNode": "costType:Tuition",
                        "ceterms:targetNodeName": lang("Tuition"),
                    },
                    "ceterms:price": s.tuition,
                    "ceterms:currency": "USD",
                },
                {
                    "@type": "ceterms:CostProfile",
                    "ceterms:directCostType": {
                        "ceterms:targetNode": "costType:TechnologyFee",
                        "ceterms:targetNodeName": lang("Books, supplies and fees"),
                    },
                    "ceterms:price": (s.total or 0) - (s.tuition or 0),
                    "ceterms:currency": "USD",
                },
            ],
            "ceterms:estimatedDuration": [{"@type": "ceterms:DurationProfile", "ceterms:exactDuration": duration}],
            "ceterms:learningDeliveryType": [
                {
                    "@type": "ceterms:CredentialAlignmentObject",
                    "ceterms:targetNode": delivery_nodes[s.delivery],
                }
            ],
            "ceterms:scheduleTimingType": [
                {
                    "@type": "ceterms:CredentialAlignmentObject",
                    "ceterms:targetNode": f"scheduleTiming:{t}",
                    "ceterms:targetNodeName": lang(t),
                }
                for t in s.timing
            ],
            "ceterms:requires": [
                {
                    "@type": "ceterms:ConditionProfile",
                    "ceterms:description": lang(
                        "Age 18 or older. Placement test or high school transcript; English language support available."
                    ),
                }
            ],
            "ceterms:financialAssistance": [
                {
                    "@type": "ceterms:FinancialAssistanceProfile",
                    "ceterms:name": lang("Workforce Education grants"),
                }
            ],
        }
        if s.delivery != "online":
            node["ceterms:availableAt"] = [
                {
                    "@type": "ceterms:Place",
                    "ceterms:addressLocality": lang(city),
                    "ceterms:addressRegion": lang("WA"),
                    "ceterms:postalCode": zip_code,
                }
            ]
        if s.delivery != "in_person":
            node["ceterms:availableOnlineAt"] = [f"https://online.example.edu/{ctid(s.name)[3:11]}"]
        graph.append(node)
    return {"@context": "https://credreg.net/ctdl/schema/context/json", "@graph": graph}


def schema_programs(specs: list[ProgramSpec]) -> list[dict[str, Any]]:
    """schema.org EducationalOccupationalProgram nodes (one JSON list)."""
    modes = {"in_person": "onsite", "online": "online", "hybrid": "blended"}
    out = []
    for i, s in enumerate(specs):
        city, zip_code, _ = PROVIDERS[s.provider]
        node: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "EducationalOccupationalProgram",
            "@id": f"https://www.example.edu/programs/{ctid(s.provider + s.name)[3:15]}",
            "name": s.name,
            "description": f"<p>{s.description}</p>",
            "url": f"https://www.example.edu/programs/{ctid(s.provider + s.name)[3:15]}",
            "provider": {
                "@type": "CollegeOrUniversity",
                "name": s.provider,
                "address": {
                    "@type": "PostalAddress",
                    "addressLocality": city,
                    "addressRegion": "WA",
                    "postalCode": zip_code,
                },
            },
            "identifier": {"@type": "PropertyValue", "propertyID": "CIP2020", "value": s.cip},
            "occupationalCategory": [
                {"@type": "CategoryCode", "codeValue": c, "inCodeSet": "O*NET-SOC"} for c in s.socs
            ],
            "occupationalCredentialAwarded": {
                "@type": "EducationalOccupationalCredential",
                "credentialCategory": s.credential,
            },
            "educationalProgramMode": modes[s.delivery],
            "timeToComplete": f"P{int(s.weeks or 0)}W",
            "offers": {"@type": "Offer", "price": s.total, "priceCurrency": "USD", "category": "Total cost"},
            "financialAidEligible": "Washington College Grant; Pell Grant" if i % 3 else "yes",
            "programPrerequisites": "High school diploma or GED, or placement test",
            "timeOfDay": [t.lower() if t != "Daytime" else "day" for t in s.timing],
            "startDate": ["2027-01-05", "2027-03-29", "2027-09-20"][i % 3],
        }
        if i % 4 == 1:
            node["salaryUponCompletion"] = {
                "@type": "MonetaryAmountDistribution",
                "median": 41000 + 1500 * i,
                "currency": "USD",
                "duration": "P1Y",
            }
        if "Weekend" in s.timing:
            node["dayOfWeek"] = ["https://schema.org/Saturday", "https://schema.org/Sunday"]
        out.append(node)
    return out


ETPL_COLUMNS = [
    "PROGRAM_ID",
    "PROVIDER_NAME",
    "PROVIDER_TYPE",
    "PROVIDER_CITY",
    "PROVIDER_STATE",
    "PROVIDER_ZIP",
    "PROGRAM_NAME",
    "PROGRAM_DESCRIPTION",
    "PROGRAM_URL",
    "CIP_CODE",
    "SOC_CODES",
    "PROGRAM_LENGTH_HOURS",
    "PROGRAM_LENGTH_WEEKS",
    "TUITION_FEES",
    "TOTAL_COST",
    "CREDENTIAL_TYPE",
    "DELIVERY_FORMAT",
    "SCHEDULE",
    "PREREQUISITES",
    "FINANCIAL_AID",
    "EMP_RATE_Q2",
    "EMP_RATE_Q4",
    "MEDIAN_EARNINGS_Q2",
    "CREDENTIAL_RATE",
]


def etpl_row(i: int, s: ProgramSpec, rng: random.Random) -> dict[str, Any]:
    """An ETA-9171-style row; -1 marks suppressed outcomes (and, for lengths, self-paced)."""
    city, zip_code, kind = PROVIDERS[s.provider]
    suppressed = i % 4 == 2  # small cohorts: outcomes withheld
    cip_as_exported = s.cip.lstrip("0") if i % 5 == 1 else s.cip  # spreadsheets drop the leading zero
    return {
        "PROGRAM_ID": f"WA-ETPL-{5100 + i}",
        "PROVIDER_NAME": s.provider,
        "PROVIDER_TYPE": kind.title(),
        "PROVIDER_CITY": city,
        "PROVIDER_STATE": "WA",
        "PROVIDER_ZIP": zip_code,
        "PROGRAM_NAME": s.name,
        "PROGRAM_DESCRIPTION": s.description,
        "PROGRAM_URL": f"https://www.example.edu/etpl/{5100 + i}",
        "CIP_CODE": cip_as_exported,
        "SOC_CODES": ";".join(s.socs),
        "PROGRAM_LENGTH_HOURS": "" if s.hours is None else int(s.hours),
        "PROGRAM_LENGTH_WEEKS": "" if s.weeks is None else int(s.weeks),
        "TUITION_FEES": s.tuition,
        "TOTAL_COST": s.total,
        "CREDENTIAL_TYPE": s.credential,
        "DELIVERY_FORMAT": {"in_person": "Classroom", "online": "Online", "hybrid": "Hybrid"}[s.delivery],
        "SCHEDULE": "; ".join(s.timing),
        "PREREQUISITES": "18 or older; basic reading and math",
        "FINANCIAL_AID": "Yes",
        "EMP_RATE_Q2": -1 if suppressed else round(rng.uniform(0.58, 0.86), 3),
        "EMP_RATE_Q4": -1 if suppressed or i % 3 == 0 else round(rng.uniform(0.55, 0.84), 3),
        "MEDIAN_EARNINGS_Q2": -1 if suppressed else rng.randrange(7800, 13500, 50),
        "CREDENTIAL_RATE": -1 if suppressed else round(rng.uniform(0.6, 0.95), 3),
    }


SCORECARD_COLUMNS = [
    "UNITID",
    "OPEID6",
    "INSTNM",
    "CONTROL",
    "MAIN",
    "CIPCODE",
    "CIPDESC",
    "CREDLEV",
    "CREDDESC",
    "IPEDSCOUNT1",
    "IPEDSCOUNT2",
    "DISTANCE",
    "EARN_MDN_1YR",
    "EARN_MDN_4YR",
    "DEBT_ALL_STGP_EVAL_MDN",
    "CITY",
    "STABBR",
    "ZIP",
]


def scorecard_row(i: int, s: ProgramSpec, rng: random.Random) -> dict[str, Any]:
    """A field-of-study row; small cells are 'PrivacySuppressed' as in the real file."""
    city, zip_code, _ = PROVIDERS[s.provider]
    suppressed = i % 3 == 1
    return {
        "UNITID": UNITIDS[s.provider],
        "OPEID6": str(int(UNITIDS[s.provider]) % 10000).zfill(6),
        "INSTNM": s.provider,
        "CONTROL": "1",
        "MAIN": "1",
        "CIPCODE": s.cip.replace(".", ""),
        "CIPDESC": s.name,
        "CREDLEV": CREDLEV[s.credential],
        "CREDDESC": s.credential,
        "IPEDSCOUNT1": rng.randint(8, 90),
        "IPEDSCOUNT2": rng.randint(8, 90),
        "DISTANCE": "1" if s.delivery == "online" else "2",
        "EARN_MDN_1YR": "PrivacySuppressed" if suppressed else rng.randrange(31000, 52000, 100),
        "EARN_MDN_4YR": "PrivacySuppressed" if suppressed or i % 2 else rng.randrange(38000, 61000, 100),
        "DEBT_ALL_STGP_EVAL_MDN": "PrivacySuppressed" if i % 2 else rng.randrange(5000, 12000, 100),
        "CITY": city,
        "STABBR": "WA",
        "ZIP": f"{zip_code}-{rng.randint(1000, 9999)}",
    }


def write_csv(path: Path, columns: list[str], rows: list[dict[str, Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def write_json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "sample_data")
    out: Path = parser.parse_args().out
    rng = random.Random(SEED)
    (out / "jobs").mkdir(parents=True, exist_ok=True)
    (out / "programs").mkdir(parents=True, exist_ok=True)

    postings = make_postings(rng)
    graph_part, lines_part, csv_part = postings[:160], postings[160:280], postings[280:]
    write_json(
        out / "jobs" / "employers.jsonld",
        {
            "@context": "https://schema.org",
            "@graph": [jsonld_posting(p) for p in graph_part],
        },
    )
    with (out / "jobs" / "employers.jsonl").open("w", encoding="utf-8") as fh:
        for p in lines_part:
            fh.write(json.dumps({"@context": "https://schema.org", **jsonld_posting(p)}, ensure_ascii=False) + "\n")
    # example.csv (the documented example) and postings.csv split the CSV share: no shared ids.
    write_csv(out / "jobs" / "example.csv", CSV_COLUMNS, [csv_posting(p) for p in csv_part[:5]])
    write_csv(out / "jobs" / "postings.csv", CSV_COLUMNS, [csv_posting(p) for p in csv_part[5:]])
    items = [usajobs_item(i, row, rng) for i, row in enumerate(FEDERAL)]
    write_json(
        out / "jobs" / "usajobs.json",
        {
            "LanguageCode": "EN",
            "SearchParameters": {"Keyword": "", "LocationName": "Seattle, Washington", "Radius": 40},
            "SearchResult": {
                "SearchResultCount": len(items),
                "SearchResultCountAll": len(items),
                "SearchResultItems": items,
                "UserArea": {"NumberOfPages": "1", "IsRadialSearch": True},
            },
        },
    )

    by_fmt: dict[str, list[ProgramSpec]] = {}
    for spec in PROGRAMS:
        by_fmt.setdefault(spec.fmt, []).append(spec)
    write_json(out / "programs" / "ctdl.jsonld", ctdl_graph(by_fmt["ctdl"]))
    write_json(out / "programs" / "schema_programs.jsonld", schema_programs(by_fmt["schema"]))
    write_csv(
        out / "programs" / "etpl.csv",
        ETPL_COLUMNS,
        [etpl_row(i, s, rng) for i, s in enumerate(by_fmt["etpl"])],
    )
    write_csv(
        out / "programs" / "scorecard_fos.csv",
        SCORECARD_COLUMNS,
        [scorecard_row(i, s, rng) for i, s in enumerate(by_fmt["scorecard"])],
    )
    total_jobs = len(postings) + len(items)
    print(f"wrote {total_jobs} job postings and {len(PROGRAMS)} programs under {out}")


if __name__ == "__main__":
    main()
