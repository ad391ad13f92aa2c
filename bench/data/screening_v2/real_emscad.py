"""Real public postings (legitimate) from EMSCAD, trimmed: the real-posting part of the holdout set.

Source: EMSCAD, the Employment Scam Aegean Dataset (Vidros et al. 2017, University of the Aegean),
released for research; read from the public mirror Yashjadhav50/Fake_job_Posting_Detector at commit
0be6f916fd0d18a7b708795143033f7d52717ba6, path fake_job_postings.csv, rows with fraudulent = 0.
Each entry keeps its EMSCAD job_id. Text is trimmed (company profile mostly dropped, lists joined with
"; ") but the wording is the posting's own, including the words that tripped screeners before
("abroad", "available 24/7", "live-in", "models", "long hours", "Age: 30 to 45").
EMSCAD replaced e-mails, phones and URLs with #URL_...# tokens; those are kept as published.
"""

SOURCE = (
    "EMSCAD (Vidros et al. 2017) via github.com/Yashjadhav50/Fake_job_Posting_Detector "
    "@0be6f916fd0d18a7b708795143033f7d52717ba6 fake_job_postings.csv; research release (Kaggle mirror CC0)"
)

# (job_id, title, city, region, country, employer, description)
POSTINGS: list[tuple[int, str, str | None, str | None, str, str, str]] = [
    (
        1,
        "Marketing Intern",
        "New York",
        "NY",
        "US",
        "Food52",
        "Food52, a fast-growing, James Beard Award-winning online food community and crowd-sourced and curated "
        "recipe hub, is currently interviewing full- and part-time unpaid interns to work in a small team of editors, "
        "executives, and developers in its New York City headquarters. Reproducing and/or repackaging existing "
        "Food52 content for a number of partner sites, such as Huffington Post, Yahoo, Buzzfeed; Researching blogs "
        "and websites for the Provisions by Food52 Affiliate Program; Assisting in day-to-day affiliate program "
        "support, such as screening affiliates; Supporting with PR & Events when needed; Helping with office "
        "administrative work, such as filing, mailing, and preparing for meetings. Comfortable with the realities of "
        "working for a startup: being on call on evenings and weekends, and working long hours.",
    ),
    (
        2,
        "Customer Service - Cloud Video Production",
        "Auckland",
        None,
        "NZ",
        "90 Seconds",
        "Our rapidly expanding business is looking for a talented Project Manager to manage the successful delivery "
        "of video projects, manage client communications and drive the production process. 90 Seconds has produced "
        "almost 4,000 videos in over 30 Countries and has offices in Auckland, London, Sydney, Tokyo and Singapore. "
        "Flexible - fast turnaround work and after hours availability. Pay $40,000-$55,000. Applying for this role "
        "with a VIDEO: submit a 60-90 second long video telling us about yourself. Please also include where you "
        "are based and when you can start. Once you have a video ready, apply for this role via the following link "
        "together with a cover letter and your CV. After we have watched your video we will email the shortlisted "
        "candidates.",
    ),
    (
        3,
        "Commissioning Machinery Assistant (CMA)",
        "Wever",
        "IA",
        "US",
        "Valor Services",
        "Our client, located in Houston, is actively seeking an experienced Commissioning Machinery Assistant that "
        "possesses strong supervisory skills. Implement pre-commissioning and commissioning procedures for rotary "
        "equipment; Execute all activities with subcontractor's assigned crew; Carry out equipment inspections with "
        "client representatives; Prepare forms for all pending tests and submit signed certificates for final hand "
        "over to the certification engineer for QA and QC; Keep records of all activities; Possible authorization "
        "by site manager to receive or issue a Permit To Work according to project Permit To Work procedures. Our "
        "client is a premiere engineering, construction, and procurement company that executes large-scale "
        "projects internationally.",
    ),
    (
        4,
        "Account Executive - Washington DC",
        "Washington",
        "DC",
        "US",
        "Esri",
        "As a member of the Sales Division, you will work collaboratively with an account team in order to sell and "
        "promote adoption of Esri's ArcGIS platform. Ability to travel domestically and/or internationally up to "
        "50%. Our culture is anything but corporate; casual dress code; flexible work schedules; support for "
        "continuing education; on-site cafe including a Starbucks coffee bar and lounge area; Fitness center "
        "available 24/7; Electric vehicles provide on-campus transportation.",
    ),
    (
        5,
        "Bill Review Manager",
        "Fort Worth",
        "TX",
        "US",
        "SpotSource Solutions LLC",
        "Responsible for the overall aspects of Itemization Review operations: Personnel Hiring, Quality Control of "
        "Process, Workflow. Responsible for human resources matters directly related to department supervised (i.e. "
        "Interviewing, Hiring, Training, annual evaluations, electronic time cards). Qualifications: RN license in "
        "the State of Texas; 6+ years' experience as OR Nurse; Knowledge of Fee Schedules, Rules and R&C "
        "Guidelines; Must be able to remain poised in stressful situations. Full Benefits Offered. Address: 4100 N "
        "Powerline Rd. Ste Z3 Pompano Beach FL 33073.",
    ),
    (
        6,
        "Accounting Clerk",
        None,
        "MD",
        "US",
        "Apex Companies, LLC",
        "We are seeking a self-motivated, multi-faceted Accounts Payable Clerk to join our team in Rockville, MD. "
        "This position entails processing high volume of invoices; keying and verifying various types of invoices "
        "to General Ledger accounts; and calculating balance due to vendor by reviewing history of prior payments "
        "made to an account. Candidate must be able to answer vendor and personnel inquiries via phone or email. "
        "Submit your resume for consideration today! Apex is a customer-focused company that delivers "
        "environmental, health, safety and engineering services to over 700 clients across the United States and "
        "abroad.",
    ),
    (
        7,
        "Head of Content (m/f)",
        "Berlin",
        None,
        "DE",
        "Fonpit AG",
        "Manage the English-speaking editorial team and build a team of best-in-class editors; Set up content "
        "creation schedules and ensure deadlines are adhered to; Research and write about the latest tech topics. "
        "English native speaker, located in Berlin or surroundings. Your Benefits: Being part of a fast-growing "
        "company in a booming industry; Free drinks, table tennis, lunch catering, Feel Good Management, team "
        "events, office dogs and more. Salary 20000-28000.",
    ),
    (
        8,
        "Lead Guest Service Specialist",
        "San Francisco",
        "CA",
        "US",
        "Airenvy",
        "We are seeking best-in-class Lead Guest Service Specialist who are passionate about delighting Guests and "
        "Owners. Interact with Guests and Owners daily; listen and address inquiries via phone, email, and chat. "
        "Able to make decisions quickly; high sense of urgency that spills out to other team members. You heed the "
        "call of service and understand that you must have a flexible schedule. This includes being available "
        "during early mornings, late evenings, and weekends/holidays. Competitive Pay. Health Insurance.",
    ),
    (
        1120,
        "RECEPTIONNIST",
        None,
        None,
        "KE",
        "Small Luxury Lodge",
        "We are currently recruiting a dynamic and committed Receptionnist with previous experience in small Luxury "
        "Lodge operations. Age: 30 to 45 M/F. Experience: minimum of 2 years as receptionnist in a Safari Lodge. "
        "Duties: Handle all inquiries within capacity; Greet, provide appropriate help to guests; Arrange amenities "
        "as needed. If you are qualified for the above position, kindly send your application along with an up to "
        "date cv.",
    ),
    (
        1121,
        "Accountant",
        "Farmingdale",
        "NY",
        "US",
        "NAC Marketing Company, LLC",
        "Responsibilities include Royalty calculations, general ledger accountability, and financial reporting. "
        "Monthly bank and credit card reconciliations; Payroll processing and review inclusive of commission "
        "recalculations; Media reconciliation of select agencies from traffic entries to financial cash spend to "
        "affidavits. Bachelor's degree in Accounting; MBA or CPA certification is a plus. Paid Training for Call "
        "Center Employees; Paid Time Off. Follow the link to apply.",
    ),
    (
        1122,
        "Assistant Service Manager",
        "Leicester",
        None,
        "GB",
        "Newmedica",
        "We are currently recruiting an Assistant Service Manager to support the implementation and ongoing "
        "management of our new clinics in Leicester. Oversee scheduling and resourcing for each service, including "
        "recruitment; Act as a main point of contact to the commissioning client; Ensure the smooth and efficient "
        "administration of the clinic. Newmedica clinics operate in both fixed and mobile settings, in the "
        "community and on NHS Trust sites. Salary 21000-25000.",
    ),
    (
        1123,
        "Manager of Finance",
        "Minneapolis",
        "MN",
        "US",
        "Recruiting firm (client: health plan)",
        "Ideal candidate will have a min. Bachelor's degree, 5+ years of relevant and progressive leadership "
        "experience in a complex healthcare environment. Specific duties include managing financial relationship "
        "between Health Plan and Hospital System - including payables and receivables between entities. Position is "
        "based downtown. Just Click the Apply Now and you will redirect to our main website.",
    ),
    (
        1124,
        "Live in Caregiver-Lawrence MI",
        "Lawrence",
        "MI",
        "US",
        "Home Sweet Home In-Home Care",
        "Home Sweet Home In-Home Care has a rewarding position as a Live-In caregiver for client's with "
        "developmental disabilities. We are seeking individuals who have a heartfelt desire to help them live "
        "safely, independently and happily in the comfort of their own homes. A live-in caregiver would in effect "
        "live in the clients home for 3-4 days at a time, providing care and companionship as needed. Competitive "
        "Compensation with performance reviews; Mileage Reimbursement; Paid Orientation and Training.",
    ),
    (
        1125,
        "Senior Account Manager",
        "London",
        None,
        "GB",
        "Enterprise moderation software company",
        "The company is a leading provider of Enterprise Class moderation solutions to brands worldwide. Sign-off "
        "new software releases to live customers; Track all customer contact, requests and problems experienced "
        "using CRM software; Visit customers regularly (face to face); Represent the company at trade exhibitions; "
        "Negotiating on price, costs, delivery and specifications with buyers and managers. International "
        "experience of managing Enterprise Class accounts in particular in the US. Salary 35000-40000.",
    ),
    (
        1126,
        "Trademark Legal Assistant",
        "Mclean",
        "VA",
        "US",
        "TRAK Legal",
        "Our client, a law firm in Northern VA, has an opportunity for a Trademark Legal Assistant to join their "
        "growing team! The ideal candidate will have a minimum of 6 months experience in a law firm setting and a "
        "passion for learning. The firm is willing to train candidates with an interest in Patent and Trademark. "
        "Submit your resume today for immediate consideration.",
    ),
    (
        2165,
        "Client Support Advisor - Pensions",
        "London",
        None,
        "GB",
        "NOW: Pensions",
        "Due to rapid growth of our online signup solution for customers we are looking to expand our current team "
        "of Client Support Advisors. Support employers via telephone/email with non-routine queries; Ensure client "
        "information is up to date and accurate; Assist in keeping internal process documents up to date. A "
        "subsidiary of one of Europe's largest pension funds, Danish pension scheme ATP. Each employer has their "
        "own interactive microsite where they can upload their regular files.",
    ),
    (
        2166,
        "Community & Brand Engagement Specialist",
        "London",
        None,
        "GB",
        "TransferWise",
        "We're on a hunt for a community & brand engagement specialist to join our fast-growing marketing & PR "
        "team. Deal with social media & community management; Develop and manage a brand advocates program; "
        "Organise & host events for key customer groups. Perfect written English and at least 1 other European "
        "language. Up for sauna parties (Our founders are Estonian... it's a way of life.)",
    ),
    (
        2167,
        "CAD Designer | 3D Printing",
        "Vancouver",
        "BC",
        "CA",
        "Wiivv",
        "This job requires expert knowledge of polygonal modelling (meshes), and a strong familiarity with 3D "
        "printing. Your primary activity will be to conform the shape of our base models to the 3D scans (meshes) "
        "of body parts we receive from customers. You will be equipped with a personal desktop 3D printer with "
        "unlimited material supplies. You will have flexible work hours. Strong familiarity with polygonal "
        "modelling programs (3DSMax, Blender). Please send resume with expectations for compensation.",
    ),
    (
        2168,
        "Oil & Gas Mechanical Engineer - Fort Worth, TX",
        "Fort Worth",
        "TX",
        "US",
        "Recruiting firm (client: engineering company)",
        "A Sr. Mech. Eng (Oil & Gas) is required having 10+ years' experience in the Mechanical Engineering field. "
        "Ability to travel within the US and internationally as required by projects. Relocation support is "
        "offered to the Fort Worth, TX area. Must be authorized to work in the US without any restrictions (US "
        "Citizen or US Green Card holder). Salary: $92K to $145K/yr. Assist with vendor inspection, startup, and "
        "commissioning; Consults with construction personnel concerning design constructability.",
    ),
    (
        2169,
        "Senior Java jobs in Ohio",
        "Dayton",
        "OH",
        "US",
        "Roland & Associates",
        "Sr. Java Developer Jobs in Ohio - Job Type: Full-Time Permanent position - Job Location: Dayton, Ohio - "
        "Job Experience: 5 - 10 years - Eligibility criteria for this Job: US Citizens / Green Card Holders only; "
        "H-1B / EAD candidates are not eligible for this requirement. Skills: Java / J2EE, Maven, Hibernate, Spring, "
        "Agile and Scrum methodologies. Salary: Best package for the right candidate!",
    ),
    (
        2170,
        "Contact Center Representatives",
        "Henderson",
        "NV",
        "US",
        "Tidewater Finance Co.",
        "Tidewater Finance Company, located in Henderson, NV has full-time positions available for Contact Center "
        "Representatives. A minimum of 1 year in a Call Center environment; Collections experience required; Must "
        "be able to work late nights Monday - Friday as scheduled by Management. Make and receive calls through "
        "automated dialer; Take payments on past due accounts; Process related paperwork. 40 vacation hours after 6 "
        "months of employment; 6 paid holidays; A 401k plan with a company match. Please submit your resume via "
        "e-mail or fax your resume to the Human Resources Department.",
    ),
    (
        1638,
        "English Teacher Abroad",
        "Milwaukee",
        "WI",
        "US",
        "Teach-abroad placement service",
        "We help teachers get safe & secure jobs abroad :) Play with kids, get paid for it. Love travel? Jobs in "
        "Asia. $1,500+ USD monthly ($200 Cost of living). Housing provided (Private/Furnished). Airfare Reimbursed. "
        "Excellent for student loans/credit cards. 12 month contract: Apply today. University degree required. "
        "TEFL / TESOL / CELTA or teaching experience preferred but not necessary. Canada/US passport holders only.",
    ),
    (
        1639,
        "Ohio French Creole Bilingual Communication Assistant",
        "Dayton",
        "OH",
        "US",
        "CSD Relay",
        "French Creole Bilingual Communication Assistants provide communication access for deaf, hard of hearing, "
        "and speech impaired consumers through the telephone network by relaying telephone calls using voice and "
        "text in English and/or French Creole. Accept and place local and long distance relay calls; Follow desired "
        "method of billing instructions and enter billing information into the system; Convey the callers actual "
        "feelings and emotions; Maintain strict consumer confidentiality. Due to the volume of resumes that we "
        "receive, only those candidates selected for interviews will be contacted. At least 18 years of age or "
        "older. Ability to work various schedules including weekdays, evening and weekends.",
    ),
    (
        1641,
        "Jobs in Brazil",
        None,
        None,
        "BR",
        "Jobinbraz",
        "We are looking for passionate professionals who want to work in Brazil. We are acting in various areas "
        "requiring high qualification: Banking and Finance, Engineering, Information Technology, Energy, Oil & Gas, "
        "Sales and Marketing, Science, Biotech. If you are interested send us your CV (resume) by email or by using "
        "the related application form. We might present your profile to our customers (hiring companies). "
        "Jobinbraz is a brazilian HR company specialized in recruiting and selecting world talents to work in "
        "Brazil.",
    ),
    (
        1642,
        "Promotion Marketing Account Manager",
        "Athens",
        None,
        "GR",
        "MSPS",
        "Our company, holding a leading position in the integrated marketing and sales services sector, wishes to "
        "appoint a dynamic highly motivated professional. A degree in Marketing or Communications; Minimum 3 years "
        "of account handling experience in Promotion Marketing; Fluency in both Greek and English language; Team "
        "spirit, ability to work under pressure. Working at MSPS provides you competitive salary and benefits "
        "package, continuous training, great opportunities for professional development.",
    ),
    (
        1643,
        "Client Delivery Manager",
        "Baltimore",
        "MD",
        "US",
        "ISE",
        "ISE is an independent security research and consulting firm. The Project Manager will be responsible for "
        "array of duties as they relate to client projects, financial billing, personnel management. Directly "
        "communicates project status to clients and ISE executive management. Meets financial objectives by "
        "forecasting requirements; preparing project budgets; scheduling expenditures. Our employees take advantage "
        "of flexible hours and unlimited vacation days to support a great life when away from work.",
    ),
    (
        1645,
        "Project Manager - Edmonton",
        "Edmonton",
        "AB",
        "CA",
        "Painting and general contractor",
        "PROJECT MANAGER - PAINTING & GENERAL CONTRACTS. Reporting into the Owner, the successful candidate will "
        "be responsible and accountable for the performance of all field crews and job quality, costing and "
        "scheduling. Monitors all crews and projects to ensure that schedules are updated; Acts as an immediate "
        "supervisor to all crews; Responsible for overhead expenditures, holds crews accountable for their "
        "expenses, hours and product costs; able to read and accurately interpret blue prints.",
    ),
    (
        3095,
        "Director of Community Management",
        "Cambridge",
        "MA",
        "US",
        "RapidMiner",
        "The Director of Community Management is responsible for engaging influencers, customers, prospects and "
        "the technical community. Evangelize RapidMiner's products within the developer community including "
        "in-person and virtual events, blogs, social media, online courses, code samples, webinars and hackathons. "
        "10+ year's experience creating data-intensive software solutions. A willingness to travel (50%) and "
        "ability to work autonomously. We offer competitive salaries and excellent benefits.",
    ),
    (
        3096,
        "International Broadcaster, Music (in English) Programming",
        "Washington",
        "DC",
        "US",
        "Applied Memetics LLC",
        "The International Broadcaster shall have at least five (5) years of current experience. The International "
        "Broadcaster shall perform a combination of services that will include researching, interviewing, writing "
        "and voicing original news stories and reports. The individual shall produce and edit reports and shall be "
        "able to record and process interviews by phone, live face-to-face or in the field. Our work explores a new "
        "model of journalism that is based around a global story.",
    ),
    (
        3099,
        "Regional Sales Manager",
        "Saltillo",
        None,
        "MX",
        "M+M recruiting (client: equipment maker)",
        "Transnational company, leader developer and provider of Construction, Mining and Forestry Equipment "
        "solutions, looks for the best talent in Technical Sales Engineering. Bachelor's Degree in Engineering; "
        "Sales Experience +2 Years; Intermediate English Level; Must be willing to travel within assigned "
        "territory; Must be willing to work under home office scheme when required.",
    ),
    (
        2656,
        "Neonatologist Doctor Opening in UAE",
        "Dubai",
        None,
        "AE",
        "Roland & Associates (client: UAE healthcare group)",
        "We the medical Recruitment Team of Roland and Associates. We have good job opportunity for Neonatologist who "
        "are highly qualified and looking out for better career prospects with one of UAE's Reputed and Leading "
        "Healthcare Group. Designation: Sp Neonatologist. Qualification: DM/DNB in Neonatology. Experience: Min 3+ "
        "years post qualification. Job Location: Dubai-UAE. Interested Professionals kindly apply and share your "
        "resume. Our client is one of the reputed and leading healthcare group in UAE, which assures you good "
        "standard of living and assured career growth.",
    ),
    (
        2658,
        "IT Software Tester",
        "Atlanta",
        "GA",
        "US",
        "Cigniti Inc.",
        "This position will perform all aspects of Software Development Life Cycle (SDLC) testing activities. Design "
        "and execute test plan, test cases based on the specification and use cases; Perform functional and system "
        "integration testing; Generate the necessary test data for different stages of testing. Ability to "
        "understand data models (physical and logical) and create test data for them from different sources. "
        "Salary 75000-85000.",
    ),
    (
        2659,
        "Mid level System Engineer/Administrator",
        "Kansas City",
        "KS",
        "US",
        "IT services company",
        "System Engineers are responsible for the daily, weekly, and monthly activities required to keep a client "
        "system running at peak performance. Ability to work overtime and irregular hours when needed. Applicants "
        "for U.S. based positions must be legally authorized to work in the United States. Verification of "
        "employment eligibility will be required at the time of hire. Visa sponsorship is not available for this "
        "position. Full Benefits including discounted health insurance, 401k match.",
    ),
    (
        2660,
        "Jobs for Specialist Endocrinologist in Dubai, UAE",
        "Dubai",
        None,
        "AE",
        "Roland & Associates (client: UAE medical center)",
        "We have job opportunity for Specialist Endocrinologist Doctors to work with one of the leading Medical center "
        "which belongs to well-reputed healthcare Group in UAE. Position: Endocrinologist. Job location: Dubai. "
        "Salary: As per standards (Tax Free Salary) + Benefits. Qualification: DM/DNB in Endocrinology. Experience: "
        "Minimum 3+ years Post PG. With or Without DHA/HAAD license or Eligibility letter. Interested professional "
        "can send your updated resume.",
    ),
    (
        2661,
        "Doctor Jobs: Super Specialist Doctor Opening in Dubai",
        "Dubai",
        None,
        "AE",
        "Roland & Associates (client: Dubai healthcare group)",
        "We have a wonderful job opportunity for Super Specialist Doctors to work with one of the leading Healthcare "
        "group in Dubai, which assures you good standard of living and assured career growth. Neurologist, "
        "Gastroenterologist, Endocrinologist, Cardiologist - DM/DNB. Experience: 3+ years of experience Post DNB/DM. "
        "Location: UAE. Interested professionals can mail your updated CV.",
    ),
    (
        3568,
        "Executive Assistant",
        "New York",
        "NY",
        "US",
        "YC Media",
        "YC Media is hiring an experienced, get-things-done, quick study to serve as its Executive Assistant. Provide "
        "senior-level administrative support to the CEO, including answering telephones, preparing correspondence, "
        "receiving visitors, and arranging conference calls. Make complex travel and transportation arrangements, "
        "both locally and worldwide. Book restaurant reservations. Must be able to work some evenings and off hours. "
        "Candidates must already live in or near New York City. No relocation is available. Some overtime and local "
        "travel may be required.",
    ),
    (
        3569,
        "Legal Assistant/Secretary",
        "St. Petersburg",
        "FL",
        "US",
        "Law firm (personal injury, SSD)",
        "A Distinguished Law Firm specializing in Personal Injury, Social Security Disability, and Criminal Defense "
        "matters is actively seeking an experienced Legal Assistant/Secretary. Knowledge of Social Security "
        "Administration online appeal process, preferred. Have the ability to multitask with accuracy handling time "
        "sensitive documents and deadlines. Must have a strong sense of urgency. Have the ability to extract "
        "pertinent, confidential information with a high degree of diplomacy. Salary 30000-35000.",
    ),
    (
        3570,
        "Store Manager- London Area",
        "London",
        None,
        "GB",
        "Hotel Chocolat",
        "We are looking for Store Managers in the London area who are looking to grow personally and professionally. "
        "Our Managers deliver world class guest experiences while achieving and exceeding targets for their store in "
        "terms of profitability, visual merchandising and staff development. Minimum of one year as a Store Manager "
        "in a retail sales environment with full P&L responsibility. Store Managers are eligible for all benefits "
        "currently enjoyed by Hotel Chocolat employees.",
    ),
    (
        3571,
        "Mobile Developer (iOS)",
        "Berlin",
        None,
        "DE",
        "Babbel (Lesson Nine GmbH)",
        "We are looking for a Mobile Developer iOS (m/f, full-time) to start immediately in our office in "
        "Berlin-Kreuzberg, Germany. Work in a cross-functional, agile (SCRUM) team closely together with designers "
        "and product owners. 2 years + experience in developing iOS. Open minded, outgoing, self-confident and "
        "positive personality. A vibrant international team from over 20 different nationalities. Applications "
        "exclusively in digital form by e-mail.",
    ),
]
