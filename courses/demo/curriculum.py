"""Demo curriculum: three courses for frontline officers in Cambodia.

The courses are written for border police, immigration officers of the General
Department of Immigration, customs officers and social-welfare staff who take
part in capacity-building programmes run with IOM Cambodia:

1. Identifying and referring victims of trafficking.
2. Psychosocial support and trauma-informed, gender-sensitive interviewing
   (builds on course 1).
3. Border risk management and travel document examination.

This module is pure data (no Django imports). A loader reads TOPICS and
COURSES and creates the pages and snippets; the organisations and people of
the demo are in ``courses.demo.people``.

Conventions:
- English body text; every title and summary also has a Khmer version (``*_km``).
- Rich-text values use only <h2>, <h3>, <p>, <ul>, <ol>, <li>, <b> and <i>.
- Lesson bodies are lists of (block_type, value) tuples. Block types:
  "text" (rich text), "callout" (kind: note | tip | warning), "case_scenario"
  and "checklist".
- Figures quoted in lessons come from public reporting on NCCT and Ministry of
  Interior statements (2022 and 2024) and from IOM Cambodia programme material.
  No hotline numbers or legal article numbers are given: officers are told to
  use the contact lists and procedures issued by their own unit.
"""

# ---------------------------------------------------------------------------
# Topics
# ---------------------------------------------------------------------------

TOPICS = [
    {
        "slug": "victim-identification",
        "name": "Victim identification and referral",
        "name_km": "ការកំណត់អត្តសញ្ញាណ និងការបញ្ជូនជនរងគ្រោះ",
    },
    {
        "slug": "psychosocial-support",
        "name": "Psychosocial support",
        "name_km": "ការគាំទ្រផ្លូវចិត្ត និងសង្គម",
    },
    {
        "slug": "border-management",
        "name": "Border management",
        "name_km": "ការគ្រប់គ្រងព្រំដែន",
    },
    {
        "slug": "travel-documents",
        "name": "Travel document examination",
        "name_km": "ការត្រួតពិនិត្យឯកសារធ្វើដំណើរ",
    },
]

# ---------------------------------------------------------------------------
# Courses
# ---------------------------------------------------------------------------

COURSES = [
    # -------------------------------------------------------------------------
    # Course 1: Identifying and referring victims of trafficking
    # -------------------------------------------------------------------------
    {
        "slug": "identifying-and-referring-victims",
        "title": "Identifying and referring victims of trafficking",
        "title_km": "ការកំណត់អត្តសញ្ញាណ និងការបញ្ជូនជនរងគ្រោះដោយអំពើជួញដូរមនុស្ស",
        "summary": (
            "Learn to recognise the signs that a person may be a victim of trafficking, "
            "hold a short and safe first interview, and refer the person to the right services. "
            "The course covers current patterns in Cambodia, including recruitment into online "
            "scam centres, forced labour on fishing boats and forced marriage."
        ),
        "summary_km": (
            "វគ្គនេះជួយមន្ត្រីឱ្យស្គាល់សញ្ញាដែលបង្ហាញថា បុគ្គលម្នាក់អាចជាជនរងគ្រោះដោយអំពើជួញដូរមនុស្ស "
            "ធ្វើសម្ភាសន៍លើកដំបូងរយៈពេលខ្លី ប្រកបដោយសុវត្ថិភាព និងបញ្ជូនបុគ្គលនោះទៅកាន់សេវាដែលសមស្រប។ "
            "វគ្គនេះក៏លើកយកនិន្នាការបច្ចុប្បន្ននៅកម្ពុជាមកពិភាក្សាផងដែរ ដូចជាការជ្រើសរើសទៅធ្វើការនៅមជ្ឈមណ្ឌលបោកប្រាស់តាមអនឡាញ "
            "ពលកម្មដោយបង្ខំលើនាវានេសាទ និងអាពាហ៍ពិពាហ៍ដោយបង្ខំ។"
        ),
        "learning_outcomes": [
            "By the end of this course you can explain the three elements of trafficking (act, means and purpose) and how trafficking differs from migrant smuggling.",
            "By the end of this course you can recognise common indicators of trafficking, including signs of recruitment into online scam centres, forced labour on fishing boats and forced marriage.",
            "By the end of this course you can prepare for and hold a short, safe first interview using open questions.",
            "By the end of this course you can write an accurate, factual record of a first interview and keep it confidential.",
            "By the end of this course you can refer a possible victim to the anti-trafficking police and the provincial Department of Social Affairs, following national procedures coordinated by the NCCT.",
            "By the end of this course you can apply the do-no-harm principles of safety, confidentiality, informed consent and non-discrimination in your daily work.",
        ],
        "audience": (
            "Frontline officers who may be the first to meet a person who has been trafficked: "
            "immigration officers of the General Department of Immigration, border police, customs "
            "officers, and staff of provincial Departments of Social Affairs who work at or near "
            "border checkpoints. No previous training is needed."
        ),
        "estimated_hours": "3.5",
        "topics": ["victim-identification"],
        "prerequisites": [],
        "modules": [
            # -------------------------------------------------------------- 1.1
            {
                "slug": "understanding-trafficking",
                "title": "Understanding trafficking and its indicators",
                "title_km": "ការយល់ដឹងអំពីអំពើជួញដូរមនុស្ស និងសូចនាករ",
                "summary": (
                    "What trafficking is, how it differs from smuggling, and the signs that "
                    "should make you look more closely."
                ),
                "summary_km": (
                    "អ្វីទៅជាអំពើជួញដូរមនុស្ស ភាពខុសគ្នារវាងអំពើជួញដូរមនុស្ស និងការរត់ពន្ធមនុស្ស "
                    "និងសញ្ញាដែលតម្រូវឱ្យលោកអ្នកពិនិត្យឱ្យបានដិតដល់។"
                ),
                "lessons": [
                    {
                        "slug": "what-trafficking-is",
                        "title": "What trafficking is: act, means and purpose",
                        "title_km": "អ្វីទៅជាអំពើជួញដូរមនុស្ស៖ សកម្មភាព មធ្យោបាយ និងគោលបំណង",
                        "summary": (
                            "The three elements of trafficking, the special rule for children, "
                            "and the difference between trafficking and smuggling."
                        ),
                        "summary_km": (
                            "ធាតុផ្សំទាំងបីនៃអំពើជួញដូរមនុស្ស វិធានពិសេសសម្រាប់កុមារ "
                            "និងភាពខុសគ្នារវាងអំពើជួញដូរមនុស្ស និងការរត់ពន្ធមនុស្ស។"
                        ),
                        "estimated_minutes": 20,
                        "body": [
                            (
                                "text",
                                (
                                    "<h2>Three elements</h2>"
                                    "<p>The international definition of trafficking in persons, used in the United Nations "
                                    "Trafficking in Persons Protocol and in the ASEAN Convention Against Trafficking in Persons, "
                                    "has three elements that come together:</p>"
                                    "<ul>"
                                    "<li><b>Act</b>: recruiting, transporting, transferring, harbouring or receiving a person.</li>"
                                    "<li><b>Means</b>: threats, force, deception, fraud, abduction, abuse of power or of a person’s "
                                    "vulnerability, or giving money to someone who has control over the person.</li>"
                                    "<li><b>Purpose</b>: exploitation, for example forced labour, sexual exploitation, "
                                    "slavery or practices similar to slavery, or removal of organs.</li>"
                                    "</ul>"
                                    "<p>When the person is a <b>child</b> (under 18 years old), the means are not needed. "
                                    "Recruiting or moving a child for exploitation is trafficking, even if the child or the "
                                    "family agreed.</p>"
                                    "<p>In Cambodia, the offences are set out in the Law on Suppression of Human Trafficking "
                                    "and Sexual Exploitation. At first contact you do not need to decide the legal question. "
                                    "Specialised police, prosecutors and courts do that later.</p>"
                                    "<h3>Agreeing to go does not change the crime</h3>"
                                    "<p>Many victims agreed to travel or to take a job. They agreed to the job they were "
                                    "promised, not to the exploitation they found. If deception, threats or abuse of "
                                    "vulnerability were used, the person’s first “yes” does not matter.</p>"
                                    "<h3>Trafficking and smuggling are different</h3>"
                                    "<p>Smuggling of migrants means helping a person to cross a border irregularly in return "
                                    "for money. It is a crime against the state’s border rules. Trafficking is a crime against "
                                    "the person, and it can happen without crossing any border. A smuggled migrant can become "
                                    "a victim of trafficking during the journey or on arrival, for example when a broker takes "
                                    "their passport and forces them to work to repay a debt.</p>"
                                ),
                            ),
                            (
                                "callout",
                                {
                                    "kind": "note",
                                    "title": "You do not need to prove trafficking",
                                    "text": (
                                        "<p>Your role at first contact is to <b>notice</b> indicators, <b>protect</b> the "
                                        "person and <b>refer</b>. You do not have to prove that a crime happened. Formal "
                                        "identification and investigation are done later by specialised officers.</p>"
                                    ),
                                },
                            ),
                            (
                                "case_scenario",
                                {
                                    "title": "The broker’s debt",
                                    "situation": (
                                        "<p>At Poipet International Border Checkpoint, a 24-year-old man returns from "
                                        "Thailand. He says a broker from his village paid for his travel to a construction "
                                        "job. When he arrived, the broker kept his passport and told him he owed a large "
                                        "debt for the travel. He worked for eight months and received almost no pay. He "
                                        "left only when the site closed.</p>"
                                    ),
                                    "questions": [
                                        "Which of the three elements (act, means, purpose) can you see in his story?",
                                        "He agreed to go. Does his agreement change your assessment?",
                                        "Is this smuggling, trafficking, or possibly both?",
                                    ],
                                    "debrief": (
                                        "<p>The broker recruited him and arranged his travel (<b>act</b>). Deception about "
                                        "pay, a growing debt and the loss of his passport are <b>means</b>. Forced labour "
                                        "is the <b>purpose</b>. His agreement to take a construction job does not cancel "
                                        "the deception. If he crossed irregularly, smuggling may also be present. Because "
                                        "there are clear indicators of trafficking, he should be offered referral as a "
                                        "possible victim, not treated only as an irregular migrant.</p>"
                                    ),
                                },
                            ),
                        ],
                    },
                    {
                        "slug": "recognising-indicators",
                        "title": "Recognising indicators of trafficking",
                        "title_km": "ការស្គាល់សូចនាករនៃអំពើជួញដូរមនុស្ស",
                        "summary": (
                            "Common signs in a person’s documents, work, movement and behaviour, and how to "
                            "use them without jumping to conclusions."
                        ),
                        "summary_km": (
                            "សញ្ញាទូទៅទាក់ទងនឹងឯកសារ ការងារ ការធ្វើដំណើរ និងឥរិយាបថរបស់បុគ្គល "
                            "និងរបៀបប្រើសញ្ញាទាំងនោះដោយមិនសន្និដ្ឋានលឿនពេក។"
                        ),
                        "estimated_minutes": 20,
                        "body": [
                            (
                                "text",
                                (
                                    "<h2>What is an indicator?</h2>"
                                    "<p>An indicator is a sign that something may be wrong. One indicator alone does not "
                                    "prove trafficking. Several indicators together are a reason to ask more questions in "
                                    "a safe way and to consider referral.</p>"
                                    "<p>Indicators come from what you <b>see</b> (documents, injuries, who is in control), "
                                    "what you <b>hear</b> (the person’s story, what others say for them) and what you "
                                    "<b>know</b> about current recruitment patterns.</p>"
                                ),
                            ),
                            (
                                "checklist",
                                {
                                    "title": "Common indicators of trafficking",
                                    "items": [
                                        "Someone else holds the person’s passport, ID card or tickets.",
                                        "The person does not know the address of their workplace or where they are going.",
                                        "Another person answers questions for them or stays very close to them.",
                                        "The person owes a debt to a broker or employer, and the debt keeps growing.",
                                        "The job, pay or conditions are very different from what was promised.",
                                        "The person was not free to leave the workplace, or was locked in.",
                                        "Wages were held back, or paid only to a broker or a family member.",
                                        "The person shows signs of injury, exhaustion, hunger or untreated illness.",
                                        "The person is afraid of the police, of the broker, or of harm to their family.",
                                        "A person under 18 is travelling without a parent or legal guardian.",
                                        "Travel, visa or recruitment costs were paid by an unknown third person.",
                                    ],
                                },
                            ),
                            (
                                "callout",
                                {
                                    "kind": "warning",
                                    "title": "Indicators are not proof, and missing indicators are not proof either",
                                    "text": (
                                        "<p>Do not decide that a person is <b>not</b> a victim because some indicators are "
                                        "missing. Victims often do not describe themselves as victims. They may feel shame, "
                                        "fear the broker, or believe the debt is their own fault. Also, do not treat a "
                                        "person only as an offender because they used false documents or crossed "
                                        "irregularly. These can be signs of control by traffickers.</p>"
                                    ),
                                },
                            ),
                            (
                                "callout",
                                {
                                    "kind": "note",
                                    "title": "Why careful screening matters",
                                    "text": (
                                        "<p>Between August and November 2022, 1,122 people in Cambodia asked the "
                                        "authorities for rescue from their workplaces. After screening, 153 of them were "
                                        "identified as victims of trafficking, detention or forced labour. Others had "
                                        "different problems, such as poor working conditions. Every person who asks for "
                                        "help should be heard and screened with care. Decide on the facts, not on "
                                        "assumptions.</p>"
                                    ),
                                },
                            ),
                            (
                                "text",
                                (
                                    "<h3>What to do when you notice indicators</h3>"
                                    "<ol>"
                                    "<li>Stay calm and friendly. Do not show suspicion in front of a possible controller.</li>"
                                    "<li>Separate the person from their travel companions using a normal procedure, for "
                                    "example a routine document check in an office.</li>"
                                    "<li>Meet urgent needs first: water, food, medical care.</li>"
                                    "<li>Ask simple, open questions about the journey and the job.</li>"
                                    "<li>Write down what you saw and heard, in plain words.</li>"
                                    "<li>Inform your supervisor and follow the referral steps in Module 3.</li>"
                                    "</ol>"
                                ),
                            ),
                        ],
                    },
                    {
                        "slug": "current-patterns",
                        "title": "Current patterns: scam centres, fishing boats and forced marriage",
                        "title_km": "និន្នាការបច្ចុប្បន្ន៖ មជ្ឈមណ្ឌលបោកប្រាស់តាមអនឡាញ នាវានេសាទ និងអាពាហ៍ពិពាហ៍ដោយបង្ខំ",
                        "summary": (
                            "Three forms of exploitation that frontline officers in Cambodia meet today, and the "
                            "specific signs of each."
                        ),
                        "summary_km": (
                            "ទម្រង់នៃការកេងប្រវ័ញ្ចចំនួនបី ដែលមន្ត្រីជួរមុខនៅកម្ពុជាកំពុងជួបប្រទះ "
                            "និងសញ្ញាជាក់លាក់នៃទម្រង់នីមួយៗ។"
                        ),
                        "estimated_minutes": 25,
                        "body": [
                            (
                                "text",
                                (
                                    "<h2>Recruitment into online scam centres</h2>"
                                    "<p>IOM reports that more and more migrant workers are lured under false "
                                    "pretences and forced to work in illegal industries, including online scam centres. "
                                    "Recruiters post adverts on social media for well-paid office or IT jobs. "
                                    "On arrival, workers are forced to cheat strangers online, "
                                    "for example with false investment or romance schemes. They may be locked in compounds, "
                                    "beaten, sold between companies, or told to pay a large “fine” before they can leave. "
                                    "Both Cambodians and foreign nationals are affected.</p>"
                                    "<p><b>Signs:</b> a job offer found on social media with no written contract; travel paid "
                                    "by the “employer”; a group of young adults with new passports and the same destination; "
                                    "phones taken away on arrival; the person cannot name the company.</p>"
                                    "<p>The Minister of Interior, who chairs the NCCT, has said that new forms of trafficking "
                                    "make it hard to tell victims from perpetrators. A person who was forced to cheat others "
                                    "can still be a victim.</p>"
                                    "<h2>Forced labour on fishing boats</h2>"
                                    "<p>Cambodian men have been abused, exploited and left stranded in the regional fishing "
                                    "industry. <b>Signs:</b> months at sea without coming to land; no contract; no pay, or pay "
                                    "held until the end; violence on board; identity documents kept by the captain or broker. "
                                    "Many men do not see themselves as victims. Listen for the facts of control, not for the "
                                    "word “trafficking”.</p>"
                                    "<h2>Forced marriage</h2>"
                                    "<p>More and more Cambodian women are subject to forced marriage abroad. A broker may "
                                    "promise a good marriage or a job, and the family may receive money. After the marriage, "
                                    "the woman may be isolated, unable to leave, forced into domestic work or sex, and have no "
                                    "control over her documents. <b>Signs at the border:</b> a young woman travelling with a "
                                    "broker or with a foreign “fiancé” she has only just met; marriage papers arranged by "
                                    "others; little knowledge of the person she will marry.</p>"
                                ),
                            ),
                            (
                                "case_scenario",
                                {
                                    "title": "A job offer for translators",
                                    "situation": (
                                        "<p>At exit control, two Cambodian women aged 20 and 22 are travelling to a "
                                        "neighbouring country. They say they were offered jobs as Chinese-language "
                                        "translators through a social media page. A man they met online paid for their "
                                        "tickets. They do not know the company’s address, and they have no return "
                                        "tickets.</p>"
                                    ),
                                    "questions": [
                                        "Which indicators do you notice?",
                                        "What questions could you ask them in a calm and respectful way?",
                                        "What could happen if you only stop them from travelling and send them home?",
                                    ],
                                    "debrief": (
                                        "<p>The indicators are recruitment through social media, travel paid by an unknown "
                                        "person, no contract, an unknown workplace and no return ticket. Ask about the job, "
                                        "who will meet them on arrival, and whether they can contact their family. Turning "
                                        "them back without any other step does not protect them: the recruiter can contact "
                                        "them again. Respect their right to travel and follow your unit’s procedure: inform "
                                        "your supervisor, give them clear information on risks and safe migration, and "
                                        "refer them if they want help or if the indicators are strong.</p>"
                                    ),
                                },
                            ),
                        ],
                    },
                ],
            },
            # -------------------------------------------------------------- 1.2
            {
                "slug": "first-contact-and-interview",
                "title": "First contact and the first interview",
                "title_km": "ការជួបលើកដំបូង និងសម្ភាសន៍លើកដំបូង",
                "summary": (
                    "How to prepare for, hold and record a short, safe first conversation with a person "
                    "who may be a victim."
                ),
                "summary_km": (
                    "របៀបរៀបចំ ធ្វើ និងកត់ត្រាការសន្ទនាលើកដំបូងដែលខ្លី និងមានសុវត្ថិភាព "
                    "ជាមួយបុគ្គលដែលអាចជាជនរងគ្រោះ។"
                ),
                "lessons": [
                    {
                        "slug": "preparing-first-contact",
                        "title": "Preparing for first contact",
                        "title_km": "ការរៀបចំសម្រាប់ការជួបលើកដំបូង",
                        "summary": (
                            "Meeting basic needs, choosing a safe place, and arranging an interpreter and the "
                            "right officer before you ask questions."
                        ),
                        "summary_km": (
                            "ការឆ្លើយតបនឹងតម្រូវការមូលដ្ឋាន ការជ្រើសរើសទីកន្លែងដែលមានសុវត្ថិភាព "
                            "និងការរៀបចំអ្នកបកប្រែ និងមន្ត្រីដែលសមស្រប មុនពេលចាប់ផ្តើមសួរសំណួរ។"
                        ),
                        "estimated_minutes": 20,
                        "body": [
                            (
                                "text",
                                (
                                    "<h2>Needs first, questions second</h2>"
                                    "<p>A person who has just escaped or been rescued may be hungry, thirsty, injured, "
                                    "exhausted or in shock. Before any interview, check and meet urgent needs: water, food, "
                                    "a toilet, rest, and medical care if needed. A person in pain or fear cannot give clear "
                                    "answers. Making a person wait for help until they “cooperate” causes harm.</p>"
                                    "<h3>Choose a safe place</h3>"
                                    "<ul>"
                                    "<li>A private room, away from the queue and away from the people who travelled with them.</li>"
                                    "<li>Out of sight and hearing of possible controllers, brokers or employers.</li>"
                                    "<li>Not a cell or a detention area. The person should not feel arrested.</li>"
                                    "</ul>"
                                    "<h3>Choose the right people</h3>"
                                    "<ul>"
                                    "<li>Ask the person whether they prefer to speak with a woman or a man, and respect this "
                                    "when you can.</li>"
                                    "<li>Keep the number of officers in the room small, ideally two.</li>"
                                    "<li>If you do not share a language, use a trained, independent interpreter. Never use a "
                                    "travel companion, the employer or a member of the broker’s group to interpret.</li>"
                                    "<li>If the person may be a child, contact the social affairs officer early.</li>"
                                    "</ul>"
                                ),
                            ),
                            (
                                "checklist",
                                {
                                    "title": "Before you start",
                                    "items": [
                                        "Urgent medical needs checked and met",
                                        "Water, food and rest offered",
                                        "Private room away from travel companions",
                                        "Person asked whether they prefer a female or male officer",
                                        "Independent interpreter arranged, if needed",
                                        "Your phone and other distractions put away",
                                        "Supervisor informed that a possible victim is being interviewed",
                                        "Your unit’s referral contact list at hand",
                                    ],
                                },
                            ),
                            (
                                "callout",
                                {
                                    "kind": "tip",
                                    "title": "Explain who you are",
                                    "text": (
                                        "<p>Start by giving your name and your role. Then explain in simple words why you "
                                        "want to talk: “We want to make sure you are safe and see if you need help.” "
                                        "Traffickers often tell victims that the police will arrest them. A clear, calm "
                                        "introduction reduces fear.</p>"
                                    ),
                                },
                            ),
                        ],
                    },
                    {
                        "slug": "conducting-first-interview",
                        "title": "Conducting the first interview",
                        "title_km": "ការធ្វើសម្ភាសន៍លើកដំបូង",
                        "summary": (
                            "The purpose of a first interview, how to ask open questions, and what not to ask "
                            "at this stage."
                        ),
                        "summary_km": (
                            "គោលបំណងនៃសម្ភាសន៍លើកដំបូង របៀបសួរសំណួរបើកចំហ "
                            "និងសំណួរដែលមិនគួរសួរនៅដំណាក់កាលនេះ។"
                        ),
                        "estimated_minutes": 25,
                        "body": [
                            (
                                "text",
                                (
                                    "<h2>The purpose of the first interview</h2>"
                                    "<p>The first interview is a <b>screening</b> conversation, not a criminal "
                                    "investigation. You want to learn enough to answer three questions: Is this person safe "
                                    "now? Do they need urgent help? Are there indicators of trafficking that mean you should "
                                    "refer them? Keep it short, usually 20 to 30 minutes. Detailed statements are taken later "
                                    "by specialised police or social workers.</p>"
                                    "<h3>Explain and ask for agreement</h3>"
                                    "<p>Explain what you will ask, why, and what will happen to the information. Tell the "
                                    "person they can stop, take a break or choose not to answer. Ask if they agree to "
                                    "continue.</p>"
                                    "<h3>Ask open questions</h3>"
                                    "<p>Open questions let the person tell their story in their own words:</p>"
                                    "<ul>"
                                    "<li>“Can you tell me how you found this job?”</li>"
                                    "<li>“What happened when you arrived?”</li>"
                                    "<li>“Were you able to leave when you wanted?”</li>"
                                    "<li>“Who has your passport now?”</li>"
                                    "<li>“Is there anything you are worried about right now?”</li>"
                                    "</ul>"
                                    "<h3>Avoid</h3>"
                                    "<ul>"
                                    "<li>Leading questions, such as “The broker beat you, didn’t he?”</li>"
                                    "<li>“Why” questions that sound like blame, such as “Why did you go with him?”</li>"
                                    "<li>Detailed questions about sexual violence. If the person talks about it, listen, "
                                    "believe them, and refer them to trained staff and medical care.</li>"
                                    "<li>Promises you cannot keep, such as “You will get your money back.”</li>"
                                    "</ul>"
                                ),
                            ),
                            (
                                "case_scenario",
                                {
                                    "title": "The fisherman who says he is fine",
                                    "situation": (
                                        "<p>A 35-year-old Cambodian man is returned through an international checkpoint "
                                        "with a group of deported workers. He is very thin and has a healed wound on his "
                                        "arm. When you ask how he is, he says: “I am fine. I just want to go home.” His "
                                        "record shows that he left Cambodia more than two years ago.</p>"
                                    ),
                                    "questions": [
                                        "What open questions could you ask to understand his work and his time away?",
                                        "How can you respect his wish to go home and still check for indicators?",
                                        "What would you tell him about the help that is available?",
                                    ],
                                    "debrief": (
                                        "<p>Respect his wish and keep the conversation short. Ask open questions: “What "
                                        "work did you do?”, “How were you paid?”, “Could you contact your family?”, “How "
                                        "did you get this wound?” If he describes months at sea, no pay or violence, explain "
                                        "that support is available, including medical care and help to travel home, and that "
                                        "accepting help is his choice. Give him information even if he says no, and record "
                                        "what you learned.</p>"
                                    ),
                                },
                            ),
                        ],
                    },
                    {
                        "slug": "recording-and-sharing",
                        "title": "Recording and sharing information",
                        "title_km": "ការកត់ត្រា និងការចែករំលែកព័ត៌មាន",
                        "summary": (
                            "What to write down after a first interview, how to keep it accurate, and how to "
                            "protect it."
                        ),
                        "summary_km": (
                            "អ្វីដែលត្រូវកត់ត្រាក្រោយសម្ភាសន៍លើកដំបូង របៀបធ្វើឱ្យកំណត់ត្រាមានភាពត្រឹមត្រូវ "
                            "និងរបៀបការពារព័ត៌មាននោះ។"
                        ),
                        "estimated_minutes": 15,
                        "body": [
                            (
                                "text",
                                (
                                    "<h2>Write facts, in the person’s words</h2>"
                                    "<p>A good record helps the next officer and saves the person from repeating their "
                                    "story many times. Write it soon after the interview, while your memory is fresh.</p>"
                                    "<ul>"
                                    "<li>Write what the person said, using their own words where possible, and what you "
                                    "observed, for example “bruise on left wrist” or “did not know the name of the "
                                    "employer”.</li>"
                                    "<li>Keep facts and opinions apart. Write “indicators noted: passport held by broker; "
                                    "debt to broker” and not “he is lying” or labels that judge the person.</li>"
                                    "<li>Note the date, time and place, the names of the officers present and the "
                                    "interpreter.</li>"
                                    "<li>Record whether the person agreed to be referred, and what they were told.</li>"
                                    "</ul>"
                                    "<h3>Changing answers are common</h3>"
                                    "<p>Stress and trauma affect memory. Dates and details may change between "
                                    "conversations. Record the differences without judging them. On their own, they are "
                                    "not a sign of lying.</p>"
                                ),
                            ),
                            (
                                "callout",
                                {
                                    "kind": "warning",
                                    "title": "Protect the record",
                                    "text": (
                                        "<p>Information about a victim can put them and their family in danger if it "
                                        "reaches traffickers. Share it only with the officers and agencies who need it for "
                                        "protection, investigation or services. Do not post photos or details on social "
                                        "media or in open chat groups, and do not share them with journalists.</p>"
                                    ),
                                },
                            ),
                            (
                                "checklist",
                                {
                                    "title": "What the record should contain",
                                    "items": [
                                        "Date, time and place of contact",
                                        "Officers and interpreter present",
                                        "How the person came to your attention",
                                        "Indicators you observed and indicators the person described",
                                        "Urgent needs and the action taken",
                                        "The person’s agreement to referral, or their refusal",
                                        "Agency referred to, and time of handover",
                                        "Where the record is kept and who can see it",
                                    ],
                                },
                            ),
                        ],
                    },
                ],
            },
            # -------------------------------------------------------------- 1.3
            {
                "slug": "referral-and-do-no-harm",
                "title": "Referral and do no harm",
                "title_km": "ការបញ្ជូន និងគោលការណ៍មិនបង្កគ្រោះថ្នាក់",
                "summary": (
                    "How to refer a possible victim to NCCT partners and to MoSVY, and how to protect "
                    "safety, confidentiality and consent at every step."
                ),
                "summary_km": (
                    "របៀបបញ្ជូនបុគ្គលដែលអាចជាជនរងគ្រោះ ទៅកាន់ដៃគូរបស់ គ.ជ.ប.ជ និងក្រសួងសង្គមកិច្ច "
                    "អតីតយុទ្ធជន និងយុវនីតិសម្បទា និងរបៀបការពារសុវត្ថិភាព ការរក្សាការសម្ងាត់ "
                    "និងការយល់ព្រម នៅគ្រប់ដំណាក់កាល។"
                ),
                "lessons": [
                    {
                        "slug": "referral-pathway",
                        "title": "The referral pathway: NCCT, MoSVY and partners",
                        "title_km": "ដំណើរការបញ្ជូន៖ គ.ជ.ប.ជ ក្រសួងសង្គមកិច្ច និងដៃគូ",
                        "summary": (
                            "Who does what after a possible victim is identified, and how a good handover works."
                        ),
                        "summary_km": (
                            "តួនាទីរបស់ស្ថាប័ននីមួយៗ បន្ទាប់ពីរកឃើញបុគ្គលដែលអាចជាជនរងគ្រោះ "
                            "និងរបៀបប្រគល់ករណីឱ្យបានល្អ។"
                        ),
                        "estimated_minutes": 25,
                        "body": [
                            (
                                "text",
                                (
                                    "<h2>Who does what</h2>"
                                    "<p>No single officer or agency can meet all the needs of a trafficked person. "
                                    "Cambodia’s response is coordinated by the <b>National Committee for Counter "
                                    "Trafficking (NCCT)</b>, chaired by the Minister of Interior, with committees at "
                                    "capital and provincial level. National guidelines issued through the NCCT set out the "
                                    "procedures for identifying victims so that they receive appropriate services.</p>"
                                    "<ul>"
                                    "<li><b>Frontline officers</b> (immigration, border police, customs): notice "
                                    "indicators, meet urgent needs, hold a short first interview, and refer.</li>"
                                    "<li><b>Anti-trafficking police</b> (the Department of Anti-Human Trafficking and "
                                    "Juvenile Protection and provincial police units): investigate the crime and take "
                                    "formal statements.</li>"
                                    "<li><b>Provincial Departments of Social Affairs, Veterans and Youth "
                                    "Rehabilitation</b>, under MoSVY: assess needs and provide or arrange shelter, case "
                                    "management, family tracing and support for reintegration.</li>"
                                    "<li><b>Ministry of Foreign Affairs and International Cooperation and consulates</b>: "
                                    "help with documents and return for Cambodians abroad and for foreign victims in "
                                    "Cambodia.</li>"
                                    "<li><b>IOM and NGO service providers</b>: direct assistance such as medical care, "
                                    "food and temporary accommodation, and support for safe, voluntary return.</li>"
                                    "</ul>"
                                    "<p>In its review of 2022, the NCCT reported that 225 victims were rescued in cases of "
                                    "sexual exploitation: 48 were sent to the Department of Social Affairs and 177 were "
                                    "returned to their families. Whether a person goes to a shelter or home should depend "
                                    "on a safety assessment and on the person’s own wishes, not on what is easiest.</p>"
                                ),
                            ),
                            (
                                "checklist",
                                {
                                    "title": "A good handover",
                                    "items": [
                                        "Explain the referral to the person and get their agreement",
                                        "Call the receiving agency using the contact list issued by your unit",
                                        "Hand the person over in a safe, private place, not in public",
                                        "Give your written record directly to the receiving officer",
                                        "Tell the person the name of the officer who will help them next",
                                        "Record the time, the place and the name of the receiving officer",
                                        "Follow up if you are asked for more information",
                                    ],
                                },
                            ),
                            (
                                "callout",
                                {
                                    "kind": "note",
                                    "title": "Children",
                                    "text": (
                                        "<p>When a possible victim is under 18, inform the provincial Department of Social "
                                        "Affairs and the anti-trafficking police without delay. Do not hand a child back "
                                        "to the adult who brought them to the border, even if that adult says they are a "
                                        "relative, until the relationship and the child’s safety have been checked.</p>"
                                    ),
                                },
                            ),
                        ],
                    },
                    {
                        "slug": "do-no-harm-principles",
                        "title": "Do no harm: safety, confidentiality and informed consent",
                        "title_km": "គោលការណ៍មិនបង្កគ្រោះថ្នាក់៖ សុវត្ថិភាព ការរក្សាការសម្ងាត់ និងការយល់ព្រមដោយមានព័ត៌មានគ្រប់គ្រាន់",
                        "summary": (
                            "Four principles that protect survivors from further harm, and what they mean in "
                            "daily work at a checkpoint."
                        ),
                        "summary_km": (
                            "គោលការណ៍ចំនួនបួន ដែលការពារអ្នករួចផុតពីគ្រោះមិនឱ្យរងគ្រោះថ្នាក់បន្ថែម "
                            "និងអត្ថន័យនៃគោលការណ៍ទាំងនោះក្នុងការងារប្រចាំថ្ងៃនៅច្រកព្រំដែន។"
                        ),
                        "estimated_minutes": 25,
                        "body": [
                            (
                                "text",
                                (
                                    "<h2>Why “do no harm”?</h2>"
                                    "<p>Trafficked people have already been harmed. Our actions, even when well meant, can "
                                    "add to that harm: by exposing them to traffickers, shaming them in public, or making "
                                    "decisions for them. “Do no harm” means checking every action against one question: "
                                    "<i>could this make the person less safe, or cause them more suffering?</i></p>"
                                    "<h3>1. Safety</h3>"
                                    "<p>Think about risks to the person and to their family. Traffickers may be at the "
                                    "checkpoint, may follow the person, or may threaten relatives at home. Never confront a "
                                    "suspected trafficker in front of the victim. If there is immediate danger, inform your "
                                    "supervisor and the police.</p>"
                                    "<h3>2. Confidentiality</h3>"
                                    "<p>Speak in private. Share information only with those who need to know. Do not "
                                    "discuss cases in public places, with family members without the person’s agreement, "
                                    "or with the media.</p>"
                                    "<h3>3. Informed consent</h3>"
                                    "<p>Before a referral, an interview, a medical examination or a photo, explain in simple "
                                    "language what will happen, who will know, and what the choices are. The person must "
                                    "understand and agree freely. An adult may refuse services: respect this, and tell them "
                                    "where they can get help later. For a child, decisions are made in the child’s best "
                                    "interests together with the social affairs officer, and the child’s views are "
                                    "heard.</p>"
                                    "<h3>4. Non-discrimination and respect</h3>"
                                    "<p>Treat every person with the same respect, whatever their sex, age, nationality, "
                                    "ethnicity, religion or disability, and whatever work they were forced to do.</p>"
                                ),
                            ),
                            (
                                "callout",
                                {
                                    "kind": "tip",
                                    "title": "Check understanding",
                                    "text": (
                                        "<p>After you explain, ask the person to tell you in their own words what will "
                                        "happen next. This shows whether they really understood. A nod is not "
                                        "consent.</p>"
                                    ),
                                },
                            ),
                            (
                                "case_scenario",
                                {
                                    "title": "The photo request",
                                    "situation": (
                                        "<p>A group of 14 workers has just returned from a scam compound. A local reporter "
                                        "and several people with phones are waiting outside the checkpoint office. A "
                                        "colleague suggests taking a group photo of the returnees for the unit’s social "
                                        "media page, to show the good work of the team.</p>"
                                    ),
                                    "questions": [
                                        "Which do-no-harm principles are at risk?",
                                        "What would you say to your colleague?",
                                        "How can the group leave the checkpoint safely?",
                                    ],
                                    "debrief": (
                                        "<p>A photo could identify the returnees to traffickers, to people they owe money "
                                        "to, and to their communities, where they may face stigma. It would break "
                                        "confidentiality, and they have not given informed consent. Suggest showing the "
                                        "team’s work without faces or names. Move the group to a private area and arrange "
                                        "transport with the receiving agency away from onlookers.</p>"
                                    ),
                                },
                            ),
                        ],
                    },
                    {
                        "slug": "non-punishment-and-re-traumatisation",
                        "title": "Avoiding punishment and re-traumatisation",
                        "title_km": "ការជៀសវាងការដាក់ទោស និងការធ្វើឱ្យរងរបួសផ្លូវចិត្តឡើងវិញ",
                        "summary": (
                            "Why victims should not be treated as offenders for acts they were forced to commit, "
                            "and how routine procedures can cause new harm."
                        ),
                        "summary_km": (
                            "ហេតុអ្វីបានជាជនរងគ្រោះមិនគួរត្រូវបានចាត់ទុកជាជនល្មើស ចំពោះទង្វើដែលពួកគេត្រូវបានបង្ខំឱ្យប្រព្រឹត្ត "
                            "និងរបៀបដែលនីតិវិធីធម្មតាអាចបង្កគ្រោះថ្នាក់ថ្មី។"
                        ),
                        "estimated_minutes": 20,
                        "body": [
                            (
                                "text",
                                (
                                    "<h2>Victims are not offenders</h2>"
                                    "<p>Trafficked people are often made to break rules. They cross borders irregularly, "
                                    "carry false documents, stay after their visa has expired, or are forced to take part in "
                                    "scams. International standards, including the ASEAN Convention Against Trafficking in "
                                    "Persons, ask states to consider not holding victims responsible for unlawful acts that "
                                    "are directly linked to their trafficking. The government has also said that victims "
                                    "will not be sent back to the workplaces where they were exploited.</p>"
                                    "<p>At the checkpoint, this means: when indicators of trafficking are present, refer the "
                                    "person for identification <b>before</b> decisions about immigration offences are made, "
                                    "and tell your supervisor about the indicators.</p>"
                                    "<h2>How procedures can re-traumatise</h2>"
                                    "<p>Re-traumatisation happens when a situation reminds the person of the abuse and brings "
                                    "back fear, shame or loss of control. Common causes at the border are:</p>"
                                    "<ul>"
                                    "<li>Shouting, many uniformed officers standing around, or being locked in a room.</li>"
                                    "<li>Being asked to tell the whole story again and again to different officers.</li>"
                                    "<li>A body search without explanation, or by an officer of the other sex.</li>"
                                    "<li>Being questioned in front of other returnees or family members.</li>"
                                    "<li>Disbelief, such as “Nobody forced you, you wanted the money.”</li>"
                                    "</ul>"
                                ),
                            ),
                            (
                                "callout",
                                {
                                    "kind": "warning",
                                    "title": "Mixed cases",
                                    "text": (
                                        "<p>In scam-centre cases, some people were victims and, under pressure, also took "
                                        "part in crimes. Do not try to decide this at the checkpoint. Record the indicators "
                                        "and refer. Investigators, prosecutors and the courts decide criminal "
                                        "responsibility.</p>"
                                    ),
                                },
                            ),
                            (
                                "case_scenario",
                                {
                                    "title": "Caught with another woman’s passport",
                                    "situation": (
                                        "<p>At Bavet International Border Checkpoint, a 19-year-old foreign woman presents a "
                                        "passport in another woman’s name. When questioned, she cries and says that a man "
                                        "from her workplace gave it to her and told her to cross. She has bruises on her "
                                        "arms. Your colleague wants to process her at once for document fraud and "
                                        "removal.</p>"
                                    ),
                                    "questions": [
                                        "What indicators of trafficking do you see?",
                                        "What is the risk of processing her only for document fraud?",
                                        "What steps should you take now?",
                                    ],
                                    "debrief": (
                                        "<p>The indicators are a document supplied by another person, instructions from a "
                                        "man she depends on, fear and visible injuries. If she is removed at once, she may "
                                        "be returned into the hands of the same network, and evidence against the "
                                        "traffickers will be lost. Move her to a private room, meet urgent needs, inform "
                                        "your supervisor, and refer her to the anti-trafficking police and social affairs "
                                        "officers for identification. Keep the passport as evidence and record how she "
                                        "says she received it.</p>"
                                    ),
                                },
                            ),
                        ],
                    },
                ],
            },
        ],
    },
    # -------------------------------------------------------------------------
    # Course 2: Psychosocial support and trauma-informed, gender-sensitive interviewing
    # -------------------------------------------------------------------------
    {
        "slug": "psychosocial-support-and-trauma-informed-interviewing",
        "title": "Psychosocial support and trauma-informed, gender-sensitive interviewing",
        "title_km": "ការគាំទ្រផ្លូវចិត្ត និងសង្គម និងការសម្ភាសន៍ដែលយល់ដឹងពីរបួសផ្លូវចិត្ត និងគិតគូរដល់យេនឌ័រ",
        "summary": (
            "Understand how trauma affects survivors of trafficking, give basic psychological first aid, "
            "and conduct interviews that are trauma-informed and gender-sensitive. This course builds on "
            "the course on identifying and referring victims."
        ),
        "summary_km": (
            "វគ្គនេះជួយមន្ត្រីឱ្យយល់ពីរបៀបដែលរបួសផ្លូវចិត្តប៉ះពាល់ដល់អ្នករួចផុតពីអំពើជួញដូរមនុស្ស "
            "ផ្តល់ការសង្គ្រោះបឋមផ្នែកផ្លូវចិត្ត និងធ្វើសម្ភាសន៍ដែលយល់ដឹងពីរបួសផ្លូវចិត្ត និងគិតគូរដល់យេនឌ័រ។ "
            "វគ្គនេះជាការបន្តពីវគ្គស្តីពីការកំណត់អត្តសញ្ញាណ និងការបញ្ជូនជនរងគ្រោះ។"
        ),
        "learning_outcomes": [
            "By the end of this course you can describe common trauma and stress reactions and explain why they do not mean that a survivor is lying.",
            "By the end of this course you can give psychological first aid to a survivor using the three actions look, listen and link.",
            "By the end of this course you can calm a person in acute distress with simple grounding techniques and know when to get urgent medical help.",
            "By the end of this course you can plan and conduct a trauma-informed interview that gives the survivor choice and control.",
            "By the end of this course you can adapt an interview to the gender and age of the survivor and work safely with an interpreter.",
            "By the end of this course you can recognise signs of stress in yourself and your colleagues and use practical self-care steps.",
        ],
        "audience": (
            "Officers who have completed the course on identifying and referring victims and who meet "
            "survivors in their work: immigration and border police officers who hold first interviews, "
            "anti-trafficking police, and social-welfare staff of MoSVY and the provincial Departments of "
            "Social Affairs."
        ),
        "estimated_hours": "3.0",
        "topics": ["psychosocial-support"],
        "prerequisites": ["identifying-and-referring-victims"],
        "modules": [
            # -------------------------------------------------------------- 2.1
            {
                "slug": "how-trauma-affects-survivors",
                "title": "How trauma affects survivors",
                "title_km": "ផលប៉ះពាល់នៃរបួសផ្លូវចិត្តលើអ្នករួចផុតពីគ្រោះ",
                "summary": (
                    "Common reactions to trafficking and exploitation, and what survivors need from the "
                    "officers they meet."
                ),
                "summary_km": (
                    "ប្រតិកម្មទូទៅចំពោះអំពើជួញដូរមនុស្ស និងការកេងប្រវ័ញ្ច "
                    "និងអ្វីដែលអ្នករួចផុតពីគ្រោះត្រូវការពីមន្ត្រីដែលពួកគេជួប។"
                ),
                "lessons": [
                    {
                        "slug": "trauma-and-stress-reactions",
                        "title": "Trauma and common stress reactions",
                        "title_km": "របួសផ្លូវចិត្ត និងប្រតិកម្មទូទៅចំពោះភាពតានតឹង",
                        "summary": (
                            "How the body and mind react to danger, and why survivors may seem calm, angry, "
                            "confused or inconsistent."
                        ),
                        "summary_km": (
                            "របៀបដែលរាងកាយ និងចិត្តមានប្រតិកម្មចំពោះគ្រោះថ្នាក់ "
                            "និងហេតុអ្វីបានជាអ្នករួចផុតពីគ្រោះអាចហាក់ដូចជាស្ងប់ស្ងាត់ ខឹង ច្របូកច្របល់ ឬនិយាយមិនស៊ីសង្វាក់គ្នា។"
                        ),
                        "estimated_minutes": 20,
                        "body": [
                            (
                                "text",
                                (
                                    "<h2>What is trauma?</h2>"
                                    "<p>Trauma is the effect of an event, or of many events, that are frightening, painful "
                                    "or threatening and that are too much for a person to cope with. Trafficking often "
                                    "means long periods of fear, violence, control and isolation. The effects can last long "
                                    "after the person is free.</p>"
                                    "<h3>Survival reactions</h3>"
                                    "<p>In danger, the body reacts automatically to survive. These reactions can continue "
                                    "when the person meets you:</p>"
                                    "<ul>"
                                    "<li><b>Fight</b>: anger, shouting, refusing to cooperate.</li>"
                                    "<li><b>Flight</b>: wanting to leave at once, restlessness, trying to end the "
                                    "conversation.</li>"
                                    "<li><b>Freeze</b>: silence, an empty face, slow answers, seeming “not there”.</li>"
                                    "<li><b>Submit</b>: agreeing with everything, saying what they think you want to "
                                    "hear.</li>"
                                    "</ul>"
                                    "<p>None of these is a sign of guilt or lying. They are normal reactions to abnormal "
                                    "events.</p>"
                                    "<h3>Effects on memory</h3>"
                                    "<p>Trauma changes how memories are stored. A survivor may remember small details of the "
                                    "senses, such as a smell or a sound, very clearly, but not dates, the order of events or "
                                    "names. They may remember more later, when they feel safe. Different versions of the "
                                    "same story are common.</p>"
                                ),
                            ),
                            (
                                "callout",
                                {
                                    "kind": "warning",
                                    "title": "A changing story is not proof of lying",
                                    "text": (
                                        "<p>Do not conclude that a person is lying because their account changes or has "
                                        "gaps. Record the differences and allow time. Pressure to “get the story straight” "
                                        "increases stress and makes memory worse.</p>"
                                    ),
                                },
                            ),
                            (
                                "checklist",
                                {
                                    "title": "Other reactions you may see",
                                    "items": [
                                        "Difficulty sleeping and nightmares",
                                        "Headaches, stomach pain and tiredness",
                                        "Strong shame or self-blame",
                                        "Distrust of officials and uniforms",
                                        "Jumping at sudden noises or movements",
                                        "Constant worry about debts and about family at home",
                                        "Feeling numb or cut off from their feelings",
                                    ],
                                },
                            ),
                        ],
                    },
                    {
                        "slug": "what-survivors-need",
                        "title": "What survivors need: safety, choice and dignity",
                        "title_km": "អ្វីដែលអ្នករួចផុតពីគ្រោះត្រូវការ៖ សុវត្ថិភាព ជម្រើស និងសេចក្តីថ្លៃថ្នូរ",
                        "summary": (
                            "The needs and worries that survivors often bring, including debt, stigma and family "
                            "pressure, and how officers can respond."
                        ),
                        "summary_km": (
                            "តម្រូវការ និងកង្វល់ដែលអ្នករួចផុតពីគ្រោះតែងតែមាន រួមទាំងបំណុល ការមាក់ងាយ "
                            "និងសម្ពាធពីគ្រួសារ និងរបៀបដែលមន្ត្រីអាចឆ្លើយតប។"
                        ),
                        "estimated_minutes": 20,
                        "body": [
                            (
                                "text",
                                (
                                    "<h2>Five things that help recovery</h2>"
                                    "<p>Experience with people after crises and trauma points to five things that help "
                                    "recovery: a sense of <b>safety</b>, <b>calm</b>, being able to act for oneself "
                                    "(<b>control</b>), <b>connection</b> with family and community, and <b>hope</b>. Every "
                                    "contact with an officer can support these things, or damage them.</p>"
                                    "<h3>Worries that survivors bring</h3>"
                                    "<ul>"
                                    "<li><b>Debt</b>: many owe money to brokers, or their family borrowed money using their "
                                    "land. Fear of the debt can be stronger than fear of the trafficker.</li>"
                                    "<li><b>Family</b>: the family may have encouraged the migration, received money, or may "
                                    "blame the survivor for not sending money home.</li>"
                                    "<li><b>Stigma</b>: women returning from forced marriage or sexual exploitation may fear "
                                    "gossip in the village. Men may feel they failed to provide for their family.</li>"
                                    "<li><b>Fear of the law</b>: fear of arrest for crossing irregularly, for false "
                                    "documents, or for work in a scam centre.</li>"
                                    "<li><b>Practical needs</b>: money for transport, a phone to call home, medical care, "
                                    "identity documents.</li>"
                                    "</ul>"
                                    "<h3>What officers can do</h3>"
                                    "<p>You cannot solve every problem, but a short contact can make a difference. Give "
                                    "clear information. Offer choices: where to sit, whether to take a break, whether to "
                                    "call family. Make only small promises, and keep them. Treat the person with "
                                    "dignity.</p>"
                                ),
                            ),
                            (
                                "case_scenario",
                                {
                                    "title": "She wants to go home, but she is afraid",
                                    "situation": (
                                        "<p>A 27-year-old woman has returned from a forced marriage abroad. She says she "
                                        "does not want to go to a shelter. She wants to go home to her village in Prey "
                                        "Veng, but she is afraid her parents will be angry, because they received money "
                                        "from the broker.</p>"
                                    ),
                                    "questions": [
                                        "Which of her needs can you identify?",
                                        "What choices can you offer her?",
                                        "Who should be involved in planning her return home?",
                                    ],
                                    "debrief": (
                                        "<p>She needs safety, control over her own decisions, and reconnection with her "
                                        "family in a way that does not expose her to blame or to the broker. Respect her "
                                        "choice not to go to a shelter. With her agreement, refer her to the provincial "
                                        "Department of Social Affairs and to service providers who can support family "
                                        "contact, reintegration and follow-up. Tell her where she can get help later if "
                                        "the situation at home becomes unsafe.</p>"
                                    ),
                                },
                            ),
                        ],
                    },
                ],
            },
            # -------------------------------------------------------------- 2.2
            {
                "slug": "psychological-first-aid",
                "title": "Psychological first aid at the front line",
                "title_km": "ការសង្គ្រោះបឋមផ្នែកផ្លូវចិត្តនៅជួរមុខ",
                "summary": (
                    "Simple, practical ways to support a person in distress, and to look after yourself "
                    "and your team."
                ),
                "summary_km": (
                    "វិធីសាមញ្ញ និងជាក់ស្តែងក្នុងការគាំទ្របុគ្គលដែលកំពុងមានភាពតានតឹងផ្លូវចិត្ត "
                    "និងការថែរក្សាខ្លួនឯង និងក្រុមការងាររបស់លោកអ្នក។"
                ),
                "lessons": [
                    {
                        "slug": "look-listen-link",
                        "title": "Look, listen, link",
                        "title_km": "មើល ស្តាប់ និងភ្ជាប់",
                        "summary": (
                            "The three actions of psychological first aid and how to use them in a short contact "
                            "at a checkpoint."
                        ),
                        "summary_km": (
                            "សកម្មភាពទាំងបីនៃការសង្គ្រោះបឋមផ្នែកផ្លូវចិត្ត "
                            "និងរបៀបអនុវត្តសកម្មភាពទាំងនោះក្នុងការជួបរយៈពេលខ្លីនៅច្រកព្រំដែន។"
                        ),
                        "estimated_minutes": 20,
                        "body": [
                            (
                                "text",
                                (
                                    "<h2>What psychological first aid is</h2>"
                                    "<p>Psychological first aid is humane, supportive and practical help for people in "
                                    "distress. It is not counselling or therapy, and you do not need to be a psychologist "
                                    "to give it. Any officer can give it, sometimes in only a few minutes. The approach "
                                    "promoted by the World Health Organization uses three actions: <b>look, listen and "
                                    "link</b>.</p>"
                                    "<h3>Look</h3>"
                                    "<ul>"
                                    "<li>Check for safety: is the person, or anyone else, in danger?</li>"
                                    "<li>Check for urgent basic needs: injury, illness, hunger, a child alone.</li>"
                                    "<li>Notice signs of serious distress: the person cannot speak, move or understand what "
                                    "is happening.</li>"
                                    "</ul>"
                                    "<h3>Listen</h3>"
                                    "<ul>"
                                    "<li>Introduce yourself and ask how you can help.</li>"
                                    "<li>Let the person talk if they want to, but do not push them to tell their story.</li>"
                                    "<li>Listen calmly and without judging. Simple words help: “That sounds very hard.” "
                                    "“You are safe here now.”</li>"
                                    "</ul>"
                                    "<h3>Link</h3>"
                                    "<ul>"
                                    "<li>Help the person meet basic needs and reach services: medical care, social "
                                    "affairs, IOM or NGO assistance.</li>"
                                    "<li>Give correct information about what will happen next.</li>"
                                    "<li>Help them contact family or friends, if it is safe and they want to.</li>"
                                    "</ul>"
                                ),
                            ),
                            (
                                "callout",
                                {
                                    "kind": "note",
                                    "title": "Do not push people to talk",
                                    "text": (
                                        "<p>Do not ask a person to describe in detail what happened to them so that they "
                                        "can “get it out”. Pushing people to talk about trauma soon after it happened can "
                                        "make them feel worse. Let them decide how much to share.</p>"
                                    ),
                                },
                            ),
                            (
                                "case_scenario",
                                {
                                    "title": "A group arrives at night",
                                    "situation": (
                                        "<p>At 10 p.m., a minibus brings 12 Cambodian men and women to Poipet. They were "
                                        "released from a scam compound in another country and brought back through "
                                        "Thailand. Several are silent. One man is shouting that he wants his phone back. A "
                                        "young woman is shaking and holding her stomach.</p>"
                                    ),
                                    "questions": [
                                        "Using “look”, who needs attention first, and why?",
                                        "What could you say to the man who is shouting?",
                                        "Which links to services are needed tonight, and what can wait until the morning?",
                                    ],
                                    "debrief": (
                                        "<p>Look first for danger and medical needs. The young woman may be injured, ill "
                                        "or pregnant, and needs medical care now. Speak calmly to the man, say that you "
                                        "understand he is frustrated, and explain what will happen to phones and "
                                        "belongings. Tonight the priorities are safety, water, food, a place to sleep, "
                                        "medical care and, where it is safe, calls to family. Detailed interviews and case "
                                        "planning can wait until people have rested.</p>"
                                    ),
                                },
                            ),
                        ],
                    },
                    {
                        "slug": "helping-a-person-in-acute-distress",
                        "title": "Helping a person in acute distress",
                        "title_km": "ការជួយបុគ្គលដែលកំពុងមានភាពតានតឹងផ្លូវចិត្តធ្ងន់ធ្ងរ",
                        "summary": (
                            "Simple calming and grounding techniques, what to avoid, and when to get urgent help."
                        ),
                        "summary_km": (
                            "បច្ចេកទេសសាមញ្ញដើម្បីជួយឱ្យបុគ្គលស្ងប់ចិត្ត និងដឹងខ្លួនឡើងវិញ "
                            "អ្វីដែលគួរជៀសវាង និងពេលណាដែលត្រូវស្វែងរកជំនួយបន្ទាន់។"
                        ),
                        "estimated_minutes": 20,
                        "body": [
                            (
                                "text",
                                (
                                    "<h2>Signs of acute distress</h2>"
                                    "<p>Some people are overwhelmed. They may panic, breathe very fast, cry without "
                                    "stopping, stare without responding, or not know where they are. Your calm presence is "
                                    "the most important tool you have.</p>"
                                    "<h3>Grounding: helping the person come back to the present</h3>"
                                    "<ol>"
                                    "<li>Speak slowly and quietly. Use the person’s name.</li>"
                                    "<li>Tell them where they are and who you are: “My name is Sophea. I work for "
                                    "immigration. You are in the checkpoint office. You are safe here.”</li>"
                                    "<li>Invite slow breathing: “Let’s breathe together. In slowly, and out slowly.”</li>"
                                    "<li>Ask them to notice things around them: “Can you feel your feet on the floor? Can "
                                    "you tell me three things you can see in this room?”</li>"
                                    "<li>Offer water and a quiet place to sit.</li>"
                                    "</ol>"
                                    "<h3>Avoid</h3>"
                                    "<ul>"
                                    "<li>Touching the person without asking, especially a person of the other sex.</li>"
                                    "<li>Telling them to “stop crying” or “be strong”.</li>"
                                    "<li>Leaving them alone in a locked room.</li>"
                                    "<li>Crowding: many officers standing and watching.</li>"
                                    "</ul>"
                                ),
                            ),
                            (
                                "callout",
                                {
                                    "kind": "warning",
                                    "title": "When to get urgent help",
                                    "text": (
                                        "<p>Get medical help at once, and do not leave the person alone, if they talk about "
                                        "wanting to die or to harm themselves, have injured themselves, are confused or do "
                                        "not respond, or seem to be under the influence of drugs or alcohol. Inform your "
                                        "supervisor and the nearest health service.</p>"
                                    ),
                                },
                            ),
                            (
                                "checklist",
                                {
                                    "title": "When the person is calmer",
                                    "items": [
                                        "Thank them and tell them they did well",
                                        "Explain what will happen next, step by step",
                                        "Ask if there is someone they would like to contact",
                                        "Record what happened and the help you gave",
                                        "With their agreement, tell the receiving social worker about the distress",
                                    ],
                                },
                            ),
                        ],
                    },
                    {
                        "slug": "caring-for-yourself-and-your-team",
                        "title": "Caring for yourself and your team",
                        "title_km": "ការថែរក្សាខ្លួនឯង និងក្រុមការងារ",
                        "summary": (
                            "How hearing survivors’ stories again and again affects officers, and practical steps "
                            "to stay well."
                        ),
                        "summary_km": (
                            "របៀបដែលការស្តាប់រឿងរ៉ាវរបស់អ្នករួចផុតពីគ្រោះជាញឹកញាប់ ប៉ះពាល់ដល់មន្ត្រី "
                            "និងជំហានជាក់ស្តែងដើម្បីរក្សាសុខុមាលភាព។"
                        ),
                        "estimated_minutes": 20,
                        "body": [
                            (
                                "text",
                                (
                                    "<h2>Stress is part of the work</h2>"
                                    "<p>Frontline officers hear about violence and suffering, work long shifts, and make "
                                    "difficult decisions quickly. Over time this can lead to <b>vicarious trauma</b> (being "
                                    "affected by other people’s trauma) and <b>burnout</b> (exhaustion and loss of "
                                    "motivation). This is not weakness. It is a normal risk of the job, and teams that talk "
                                    "about it work better.</p>"
                                    "<h3>Warning signs in yourself or a colleague</h3>"
                                    "<ul>"
                                    "<li>Trouble sleeping, or thinking about cases when at home.</li>"
                                    "<li>Feeling angry, irritable or numb.</li>"
                                    "<li>Becoming cynical: “They are all lying.” “Nothing we do matters.”</li>"
                                    "<li>Using alcohol or other substances to cope.</li>"
                                    "<li>Avoiding certain tasks or people.</li>"
                                    "</ul>"
                                ),
                            ),
                            (
                                "checklist",
                                {
                                    "title": "Daily self-care",
                                    "items": [
                                        "Take short breaks during long shifts, and drink water",
                                        "Talk with a colleague you trust after a difficult case",
                                        "Keep regular sleep and meals when you can",
                                        "Make time for family, exercise, prayer or other things that give you strength",
                                        "Know your limits, and ask for help with a case when you need it",
                                    ],
                                },
                            ),
                            (
                                "callout",
                                {
                                    "kind": "tip",
                                    "title": "For supervisors",
                                    "text": (
                                        "<p>Hold a short team check-in after difficult cases. When possible, rotate "
                                        "officers so that the same people do not do every victim interview. Make it normal "
                                        "to ask for support, and know where to refer staff who need professional "
                                        "help.</p>"
                                    ),
                                },
                            ),
                            (
                                "case_scenario",
                                {
                                    "title": "After a hard week",
                                    "situation": (
                                        "<p>Over one week, your team at the checkpoint received three groups of "
                                        "returnees from scam compounds. Your colleague Vannak interviewed most of them. He "
                                        "now says he cannot sleep, he snaps at travellers, and yesterday he said: "
                                        "“They chose to go. Why should we care?”</p>"
                                    ),
                                    "questions": [
                                        "Which warning signs do you notice?",
                                        "What could you say to Vannak, and when?",
                                        "What could the team and the supervisor change next week?",
                                    ],
                                    "debrief": (
                                        "<p>Poor sleep, irritability and a new cynical attitude are common signs of "
                                        "stress and vicarious trauma. Talk to Vannak privately and without blame: say what "
                                        "you have noticed and ask how he is. Suggest that he speaks to the supervisor. The "
                                        "team can share interviews more evenly, take breaks after difficult cases, and "
                                        "hold a short check-in at the end of each shift.</p>"
                                    ),
                                },
                            ),
                        ],
                    },
                ],
            },
            # -------------------------------------------------------------- 2.3
            {
                "slug": "trauma-informed-gender-sensitive-interviewing",
                "title": "Trauma-informed, gender-sensitive interviewing",
                "title_km": "ការសម្ភាសន៍ដែលយល់ដឹងពីរបួសផ្លូវចិត្ត និងគិតគូរដល់យេនឌ័រ",
                "summary": (
                    "How to plan and conduct interviews that reduce harm, respond to gender and protect "
                    "children, including how to work with interpreters."
                ),
                "summary_km": (
                    "របៀបរៀបចំ និងធ្វើសម្ភាសន៍ដែលកាត់បន្ថយគ្រោះថ្នាក់ ឆ្លើយតបនឹងយេនឌ័រ និងការពារកុមារ "
                    "រួមទាំងរបៀបធ្វើការជាមួយអ្នកបកប្រែ។"
                ),
                "lessons": [
                    {
                        "slug": "trauma-informed-interview",
                        "title": "Principles of a trauma-informed interview",
                        "title_km": "គោលការណ៍នៃការសម្ភាសន៍ដែលយល់ដឹងពីរបួសផ្លូវចិត្ត",
                        "summary": (
                            "Planning, pacing and questioning techniques that help a survivor give an account "
                            "without being harmed again."
                        ),
                        "summary_km": (
                            "បច្ចេកទេសនៃការរៀបចំផែនការ ការកំណត់ល្បឿន និងការសួរសំណួរ "
                            "ដែលជួយឱ្យអ្នករួចផុតពីគ្រោះអាចរៀបរាប់ហេតុការណ៍ ដោយមិនរងគ្រោះថ្នាក់ម្តងទៀត។"
                        ),
                        "estimated_minutes": 25,
                        "body": [
                            (
                                "text",
                                (
                                    "<h2>What “trauma-informed” means</h2>"
                                    "<p>A trauma-informed interview assumes that the person may have experienced trauma, "
                                    "and is planned to avoid causing new fear or shame. It also gives better information: "
                                    "people who feel safe remember more and speak more accurately.</p>"
                                    "<h3>Before the interview</h3>"
                                    "<ul>"
                                    "<li>Read any existing record, so that the person does not have to repeat what they "
                                    "have already said.</li>"
                                    "<li>Agree the purpose: what do you need to know today, and what can be left for "
                                    "specialists?</li>"
                                    "<li>Prepare the room: chairs at an angle rather than face to face across a desk, water "
                                    "and tissues within reach, and the door not blocked.</li>"
                                    "</ul>"
                                    "<h3>During the interview</h3>"
                                    "<ul>"
                                    "<li><b>Explain and give control</b>: “You can ask for a break at any time. If you do "
                                    "not want to answer, just say ‘pass’.”</li>"
                                    "<li><b>Start with neutral topics</b>: their home province, their family, how they "
                                    "feel now.</li>"
                                    "<li><b>Ask open questions first</b>, then questions to make things clear: “You said "
                                    "the boss kept your passport. Can you tell me more about that?”</li>"
                                    "<li><b>Go at their pace</b>: allow silences, watch for signs of distress, and pause "
                                    "when needed.</li>"
                                    "<li><b>Avoid judging words</b> such as “illegal” or “why did you not run away?”</li>"
                                    "</ul>"
                                    "<h3>At the end</h3>"
                                    "<ul>"
                                    "<li>Summarise what you understood, and ask the person to correct you.</li>"
                                    "<li>Explain the next steps and who they will meet.</li>"
                                    "<li>End with a calm topic, and thank them.</li>"
                                    "</ul>"
                                ),
                            ),
                            (
                                "callout",
                                {
                                    "kind": "tip",
                                    "title": "The “pass” rule",
                                    "text": (
                                        "<p>Telling people they can say “pass” to any question gives them a sense of "
                                        "control. Most people answer more, not less, when they know they are allowed to "
                                        "refuse.</p>"
                                    ),
                                },
                            ),
                        ],
                    },
                    {
                        "slug": "gender-sensitive-interviewing",
                        "title": "Gender-sensitive interviewing",
                        "title_km": "ការសម្ភាសន៍ដែលគិតគូរដល់យេនឌ័រ",
                        "summary": (
                            "How gender shapes experiences of trafficking and of being interviewed, for women, "
                            "men and people of diverse gender identities."
                        ),
                        "summary_km": (
                            "របៀបដែលយេនឌ័រមានឥទ្ធិពលលើបទពិសោធន៍នៃអំពើជួញដូរមនុស្ស និងបទពិសោធន៍ពេលត្រូវបានសម្ភាសន៍ "
                            "សម្រាប់ស្ត្រី បុរស និងបុគ្គលដែលមានអត្តសញ្ញាណយេនឌ័រចម្រុះ។"
                        ),
                        "estimated_minutes": 20,
                        "body": [
                            (
                                "text",
                                (
                                    "<h2>Why gender matters</h2>"
                                    "<p>Gender affects how people are recruited, how they are exploited, how they talk "
                                    "about it, and how officers respond to them. Being gender-sensitive means noticing "
                                    "these differences and adjusting what you do, so that everyone can get protection.</p>"
                                    "<h3>Women and girls</h3>"
                                    "<p>Women are more often exploited in domestic work, forced marriage and sexual "
                                    "exploitation, and may have experienced sexual violence. It can be very hard for them "
                                    "to speak about this to a male officer or in front of men. Offer a female officer and a "
                                    "female interpreter. Do not ask for details of sexual violence at the front line; refer "
                                    "to trained staff and health services.</p>"
                                    "<h3>Men and boys</h3>"
                                    "<p>Men exploited on fishing boats, on construction sites or in scam compounds may not "
                                    "see themselves as victims. They may feel ashamed that they were controlled, or that "
                                    "they did not send money home. Some have also experienced sexual violence and are even "
                                    "less likely to report it. Ask about facts (pay, freedom to leave, violence) rather "
                                    "than asking “were you trafficked?”</p>"
                                    "<h3>Diverse gender identities and sexual orientations</h3>"
                                    "<p>Lesbian, gay, bisexual, transgender and intersex people may face extra abuse and "
                                    "discrimination, including from officials. Use the name the person uses, ask who they "
                                    "prefer to be searched by, and keep information about their identity "
                                    "confidential.</p>"
                                ),
                            ),
                            (
                                "case_scenario",
                                {
                                    "title": "Two returnees, one interview room",
                                    "situation": (
                                        "<p>A man and a woman from Battambang return together from a fishing port abroad. "
                                        "He worked on a boat and she worked in a seafood processing plant. Only one male "
                                        "officer is on duty. The woman speaks very little and looks at the floor. The man "
                                        "answers the questions for both of them.</p>"
                                    ),
                                    "questions": [
                                        "What might explain the woman’s silence?",
                                        "How can you give her a real chance to speak?",
                                        "What questions could help the man describe his situation without feeling ashamed?",
                                    ],
                                    "debrief": (
                                        "<p>She may be afraid or ashamed, she may be controlled by the man, or she may simply "
                                        "not feel comfortable speaking to a male officer in front of him. Interview them "
                                        "separately. Ask her if she would prefer to wait for a female officer or a social "
                                        "worker, and arrange this if possible. With the man, ask factual questions about "
                                        "working hours, pay, documents and violence, and recognise how hard his experience "
                                        "was without putting a label on him.</p>"
                                    ),
                                },
                            ),
                        ],
                    },
                    {
                        "slug": "children-and-interpreters",
                        "title": "Interviewing children and working with interpreters",
                        "title_km": "ការសម្ភាសន៍កុមារ និងការធ្វើការជាមួយអ្នកបកប្រែ",
                        "summary": (
                            "Extra safeguards for children, and how to choose and brief an interpreter so that the "
                            "interview is accurate and safe."
                        ),
                        "summary_km": (
                            "វិធានការការពារបន្ថែមសម្រាប់កុមារ និងរបៀបជ្រើសរើស និងណែនាំអ្នកបកប្រែ "
                            "ដើម្បីឱ្យសម្ភាសន៍មានភាពត្រឹមត្រូវ និងសុវត្ថិភាព។"
                        ),
                        "estimated_minutes": 20,
                        "body": [
                            (
                                "text",
                                (
                                    "<h2>Children</h2>"
                                    "<p>A child is any person under 18 years old. The <b>best interests of the child</b> "
                                    "guide every decision. If a person says they are an adult but may be younger, treat them "
                                    "as a child until their age is confirmed.</p>"
                                    "<ul>"
                                    "<li>Contact the provincial Department of Social Affairs early. A social worker, or "
                                    "another trusted adult who has no link to the suspected traffickers, should be "
                                    "present.</li>"
                                    "<li>Keep the interview short. Use simple words and ask one question at a time.</li>"
                                    "<li>Tell the child that it is fine to say “I don’t know” or “I don’t "
                                    "understand”.</li>"
                                    "<li>Do not promise to keep secrets that you must report. Explain who will be told, "
                                    "and why.</li>"
                                    "<li>Never interview a child in front of the adult who brought them to the "
                                    "border.</li>"
                                    "</ul>"
                                    "<h2>Working with interpreters</h2>"
                                    "<p>The interpreter carries your words and the survivor’s words. A poor choice of "
                                    "interpreter can put the person in danger.</p>"
                                ),
                            ),
                            (
                                "checklist",
                                {
                                    "title": "Choosing and briefing an interpreter",
                                    "items": [
                                        "The interpreter is not a travel companion, employer, broker or family member",
                                        "The interpreter has no link to a group connected with the suspected traffickers",
                                        "The survivor accepts the interpreter, including the interpreter’s gender",
                                        "The interpreter understands the rules on confidentiality before the interview",
                                        "The interpreter translates everything, without adding or leaving anything out",
                                        "You speak directly to the survivor, not to the interpreter",
                                        "After the interview, you check on the interpreter, who may also be affected",
                                    ],
                                },
                            ),
                            (
                                "case_scenario",
                                {
                                    "title": "The driver offers to translate",
                                    "situation": (
                                        "<p>At Bavet, a 15-year-old boy from a neighbouring country is found in a van with "
                                        "several adults. He speaks only his own language. The van driver speaks both "
                                        "languages and offers to translate.</p>"
                                    ),
                                    "questions": [
                                        "Why should you not accept the driver’s offer?",
                                        "Who must you contact, and what should happen while you wait?",
                                    ],
                                    "debrief": (
                                        "<p>The driver may be part of the network. The boy would not speak freely and could "
                                        "be put at risk. Keep the boy apart from the adults in a safe place where he is "
                                        "looked after, meet his basic needs, and contact the Department of Social Affairs "
                                        "and the anti-trafficking police. Arrange an independent interpreter, by phone if "
                                        "necessary, through the receiving agency.</p>"
                                    ),
                                },
                            ),
                        ],
                    },
                ],
            },
        ],
    },
    # -------------------------------------------------------------------------
    # Course 3: Border risk management and travel document examination
    # -------------------------------------------------------------------------
    {
        "slug": "border-risk-management-and-document-examination",
        "title": "Border risk management and travel document examination",
        "title_km": "ការគ្រប់គ្រងហានិភ័យនៅព្រំដែន និងការត្រួតពិនិត្យឯកសារធ្វើដំណើរ",
        "summary": (
            "Learn to assess risk at points of entry in a fair and lawful way, examine passports for "
            "security features and signs of fraud, recognise impostors, and refer cases to second-line "
            "inspection."
        ),
        "summary_km": (
            "វគ្គនេះជួយមន្ត្រីឱ្យវាយតម្លៃហានិភ័យនៅច្រកចេញចូលប្រកបដោយយុត្តិធម៌ និងស្របច្បាប់ "
            "ត្រួតពិនិត្យលិខិតឆ្លងដែនលើលក្ខណៈសុវត្ថិភាព និងសញ្ញានៃការក្លែងបន្លំ ស្គាល់អ្នកក្លែងខ្លួនជាម្ចាស់ឯកសារ "
            "និងបញ្ជូនករណីទៅកាន់ការត្រួតពិនិត្យជួរទីពីរ។"
        ),
        "learning_outcomes": [
            "By the end of this course you can explain how risk management helps you allow lawful travel while detecting trafficking, smuggling and document fraud at points of entry such as Poipet and Bavet.",
            "By the end of this course you can select travellers for closer checks using objective indicators, without discrimination.",
            "By the end of this course you can check a passport data page and compare the machine readable zone (MRZ) with the printed data.",
            "By the end of this course you can examine security features such as UV features, the laminate, intaglio printing and microprinting with a torch, a UV lamp and a magnifier.",
            "By the end of this course you can recognise signs of photo substitution, other alterations and impostor use of genuine documents.",
            "By the end of this course you can refer a traveller to second-line inspection calmly and discreetly, with a clear handover note.",
        ],
        "audience": (
            "First-line immigration officers of the General Department of Immigration, border police "
            "and customs officers who work at international border checkpoints, airports and ports, and "
            "their supervisors. No previous training is needed."
        ),
        "estimated_hours": "3.5",
        "topics": ["border-management", "travel-documents"],
        "prerequisites": [],
        "modules": [
            # -------------------------------------------------------------- 3.1
            {
                "slug": "risk-at-points-of-entry",
                "title": "Risk management at points of entry",
                "title_km": "ការគ្រប់គ្រងហានិភ័យនៅច្រកចេញចូល",
                "summary": (
                    "How to allow lawful travel while finding the small number of travellers who need "
                    "closer attention, using fair and objective indicators."
                ),
                "summary_km": (
                    "របៀបសម្រួលដល់ការធ្វើដំណើរស្របច្បាប់ ខណៈពេលកំណត់អ្នកដំណើរមួយចំនួនតូចដែលត្រូវការការយកចិត្តទុកដាក់បន្ថែម "
                    "ដោយប្រើសូចនាករដែលយុត្តិធម៌ និងមានលក្ខណៈវត្ថុវិស័យ។"
                ),
                "lessons": [
                    {
                        "slug": "risk-management-basics",
                        "title": "Risk management at the border",
                        "title_km": "ការគ្រប់គ្រងហានិភ័យនៅព្រំដែន",
                        "summary": (
                            "Why border agencies use risk management, the main risks at Cambodian checkpoints, "
                            "and how agencies share the work."
                        ),
                        "summary_km": (
                            "ហេតុអ្វីបានជាស្ថាប័នព្រំដែនប្រើការគ្រប់គ្រងហានិភ័យ ហានិភ័យចម្បងនៅច្រកព្រំដែនកម្ពុជា "
                            "និងរបៀបដែលស្ថាប័ននានាបែងចែកការងារគ្នា។"
                        ),
                        "estimated_minutes": 20,
                        "body": [
                            (
                                "text",
                                (
                                    "<h2>Two goals at the same time</h2>"
                                    "<p>Every day, officers at checkpoints such as Poipet, on the border with Thailand, and "
                                    "Bavet, on the border with Viet Nam, deal with large numbers of travellers, migrant "
                                    "workers, traders and vehicles. Most are travelling lawfully. Border management must "
                                    "allow their movement and, at the same time, find the few who pose a risk or who are "
                                    "at risk. You cannot examine every person in depth. <b>Risk management</b> means putting "
                                    "your time and attention where the risk is highest.</p>"
                                    "<h3>Main risks</h3>"
                                    "<ul>"
                                    "<li>Trafficking in persons, including recruitment into online scam centres and forced "
                                    "labour.</li>"
                                    "<li>Smuggling of migrants and irregular migration.</li>"
                                    "<li>False travel documents and impostors.</li>"
                                    "<li>Other transnational organised crime linked to these: drug smuggling, money "
                                    "laundering and the smuggling of goods.</li>"
                                    "<li>Public health risks, such as infectious diseases.</li>"
                                    "</ul>"
                                    "<p>IOM reports that transnational organised crime, including trafficking and online "
                                    "scams, has increased in Southeast Asia in recent years, and that these crimes are "
                                    "closely connected. Criminal networks combine their resources across countries, so no "
                                    "single agency can respond alone.</p>"
                                    "<h3>Working together</h3>"
                                    "<p>Immigration, border police, customs and social affairs officers each see a "
                                    "different part of the picture. A customs officer may notice a vehicle carrying many "
                                    "passports. An immigration officer may notice a traveller who cannot explain her job "
                                    "abroad. Share information through the agreed channels, and know whom to call in each "
                                    "agency at your checkpoint.</p>"
                                ),
                            ),
                            (
                                "callout",
                                {
                                    "kind": "note",
                                    "title": "“A risk” and “at risk”",
                                    "text": (
                                        "<p>A traveller can be <i>at risk</i> (a possible victim) as well as <i>a risk</i> "
                                        "(a possible offender). Good risk assessment looks for both, and treats every "
                                        "traveller with courtesy.</p>"
                                    ),
                                },
                            ),
                            (
                                "checklist",
                                {
                                    "title": "Know your checkpoint",
                                    "items": [
                                        "The main routes and types of traveller at your checkpoint",
                                        "Current alerts and risk profiles issued by your department",
                                        "Contact persons in customs, police and social affairs",
                                        "Where second-line inspection takes place, and how to refer to it",
                                        "The equipment you have: torch, UV lamp, magnifier, document reader, databases",
                                    ],
                                },
                            ),
                        ],
                    },
                    {
                        "slug": "risk-indicators",
                        "title": "Risk indicators for travellers and groups",
                        "title_km": "សូចនាករហានិភ័យសម្រាប់អ្នកដំណើរ និងក្រុមអ្នកដំណើរ",
                        "summary": (
                            "Objective indicators about documents, travel patterns, stories and behaviour, and "
                            "how to combine them."
                        ),
                        "summary_km": (
                            "សូចនាករដែលមានលក្ខណៈវត្ថុវិស័យទាក់ទងនឹងឯកសារ គំរូនៃការធ្វើដំណើរ ការរៀបរាប់ "
                            "និងឥរិយាបថ និងរបៀបផ្គុំសូចនាករទាំងនោះ។"
                        ),
                        "estimated_minutes": 25,
                        "body": [
                            (
                                "text",
                                (
                                    "<h2>Four types of indicator</h2>"
                                    "<p>Use indicators that you can see and explain. They fall into four types.</p>"
                                    "<h3>Document indicators</h3>"
                                    "<ul>"
                                    "<li>A passport issued very recently, or several travellers with passports issued on "
                                    "the same day at the same place.</li>"
                                    "<li>Signs of alteration, damage to the data page, or a photo that does not match.</li>"
                                    "<li>Visas or stamps that do not fit the travel story.</li>"
                                    "</ul>"
                                    "<h3>Travel pattern indicators</h3>"
                                    "<ul>"
                                    "<li>A one-way ticket, or tickets bought by a third person.</li>"
                                    "<li>A route often used by recruiters, for example a long, indirect route to a border "
                                    "town known for scam compounds.</li>"
                                    "<li>Many short trips without a clear purpose.</li>"
                                    "</ul>"
                                    "<h3>Story indicators</h3>"
                                    "<ul>"
                                    "<li>The traveller cannot name the employer, school, hotel or person they are "
                                    "visiting.</li>"
                                    "<li>The story does not match the documents, or the story of their companions.</li>"
                                    "<li>A job offer that is too good to be true: high pay, no experience needed, no "
                                    "interview.</li>"
                                    "</ul>"
                                    "<h3>Behaviour and group indicators</h3>"
                                    "<ul>"
                                    "<li>One person holds the passports and tickets of the whole group.</li>"
                                    "<li>A companion watches the traveller closely or answers for them.</li>"
                                    "<li>Fear, or answers that sound learned by heart.</li>"
                                    "</ul>"
                                    "<p>One indicator is rarely enough. Look for <b>combinations</b>, and ask questions to "
                                    "test them.</p>"
                                ),
                            ),
                            (
                                "case_scenario",
                                {
                                    "title": "A group at Bavet",
                                    "situation": (
                                        "<p>At Bavet International Border Checkpoint, six young men present Cambodian "
                                        "passports issued in the same week. They say they are tourists, but none of them "
                                        "has a hotel booking. An older man carries all their passports and pays the fees. "
                                        "When you ask one of the young men where he will stay, he looks at the older man "
                                        "before he answers.</p>"
                                    ),
                                    "questions": [
                                        "Which indicators do you see, and of which type?",
                                        "What could explain this situation? Give more than one possibility.",
                                        "What should you do next?",
                                    ],
                                    "debrief": (
                                        "<p>There is a combination of document indicators (passports issued at the same "
                                        "time), story indicators (tourists without bookings) and group indicators (one man "
                                        "controls the documents and the others look to him). Possible explanations include a "
                                        "lawful group trip, smuggling, or recruitment for exploitation. Do not accuse anyone. "
                                        "Refer the group to second-line inspection, where officers can speak to each person "
                                        "separately and in private. If trafficking indicators are confirmed, follow the "
                                        "victim identification and referral steps.</p>"
                                    ),
                                },
                            ),
                        ],
                    },
                    {
                        "slug": "profiling-without-discrimination",
                        "title": "Profiling without discrimination",
                        "title_km": "ការវិភាគទម្រង់ហានិភ័យដោយគ្មានការរើសអើង",
                        "summary": (
                            "The difference between risk profiling and discrimination, and how to make decisions "
                            "you can justify."
                        ),
                        "summary_km": (
                            "ភាពខុសគ្នារវាងការវិភាគទម្រង់ហានិភ័យ និងការរើសអើង "
                            "និងរបៀបធ្វើសេចក្តីសម្រេចដែលលោកអ្នកអាចបញ្ជាក់ហេតុផលបាន។"
                        ),
                        "estimated_minutes": 20,
                        "body": [
                            (
                                "text",
                                (
                                    "<h2>Risk profiling and discrimination</h2>"
                                    "<p>A <b>risk profile</b> is a set of objective indicators, based on information and "
                                    "analysis, that helps officers select travellers for closer checks. "
                                    "<b>Discrimination</b> is treating a person differently because of who they are, such "
                                    "as their ethnicity, skin colour, nationality, religion, sex, age, disability or sexual "
                                    "orientation, rather than because of what they do, say or carry.</p>"
                                    "<p>Discriminatory profiling is wrong because it breaks the rights of travellers and "
                                    "damages trust in officers. It also does not work: criminals change their methods "
                                    "quickly, and officers who look only at appearance miss real cases while they waste "
                                    "time on innocent travellers.</p>"
                                    "<h3>Good practice</h3>"
                                    "<ul>"
                                    "<li>Base your selection on a <b>combination</b> of objective indicators, from current "
                                    "risk profiles and from your own observations.</li>"
                                    "<li>Be able to explain in writing why you selected a person, for example: “tickets paid "
                                    "by a third person; could not name employer; passport held by companion”.</li>"
                                    "<li>Apply the same checks to all travellers who show the same indicators.</li>"
                                    "<li>Be polite: explain that the check is routine and what will happen.</li>"
                                    "<li>Review profiles regularly with your supervisor, using the results of second-line "
                                    "inspections.</li>"
                                    "</ul>"
                                ),
                            ),
                            (
                                "callout",
                                {
                                    "kind": "warning",
                                    "title": "Who a person is, is not an indicator",
                                    "text": (
                                        "<p>Nationality, ethnicity or religion, or being a young woman travelling alone, is "
                                        "not by itself a reason for suspicion. These characteristics can appear in a risk "
                                        "profile only together with specific, objective indicators that come from real "
                                        "information.</p>"
                                    ),
                                },
                            ),
                            (
                                "case_scenario",
                                {
                                    "title": "“Stop them all”",
                                    "situation": (
                                        "<p>A colleague at Poipet tells you: “Stop every young woman from the provinces who "
                                        "is travelling alone to Thailand. They are all going to be trafficked or to work "
                                        "illegally.”</p>"
                                    ),
                                    "questions": [
                                        "What is wrong with this instruction?",
                                        "Which objective indicators could you use instead?",
                                        "How would you explain your approach to your colleague in a respectful way?",
                                    ],
                                    "debrief": (
                                        "<p>The instruction targets people because of their sex, age and origin. It would "
                                        "delay many lawful travellers and migrant workers, and could push people to use "
                                        "irregular routes, which are more dangerous. Use objective indicators instead: "
                                        "documents held by others, an unknown employer, tickets paid by a third person, no "
                                        "contract. Explain that this approach protects the women who are really at risk, "
                                        "and that decisions based on indicators can be defended if they are "
                                        "questioned.</p>"
                                    ),
                                },
                            ),
                        ],
                    },
                ],
            },
            # -------------------------------------------------------------- 3.2
            {
                "slug": "travel-document-security-features",
                "title": "Travel document security features",
                "title_km": "លក្ខណៈសុវត្ថិភាពនៃឯកសារធ្វើដំណើរ",
                "summary": (
                    "How a passport is built to resist fraud, and a step-by-step routine for checking the "
                    "data page, the MRZ and the security features."
                ),
                "summary_km": (
                    "របៀបដែលលិខិតឆ្លងដែនត្រូវបានរចនាឡើងដើម្បីទប់ស្កាត់ការក្លែងបន្លំ "
                    "និងនីតិវិធីមួយជំហានម្តងៗ សម្រាប់ពិនិត្យទំព័រទិន្នន័យ តំបន់អានដោយម៉ាស៊ីន (MRZ) និងលក្ខណៈសុវត្ថិភាព។"
                ),
                "lessons": [
                    {
                        "slug": "data-page-and-mrz",
                        "title": "The passport data page and the MRZ",
                        "title_km": "ទំព័រទិន្នន័យលិខិតឆ្លងដែន និងតំបន់អានដោយម៉ាស៊ីន (MRZ)",
                        "summary": (
                            "The layout of a passport data page under ICAO standards, how the MRZ is built, and "
                            "how to compare it with the printed data."
                        ),
                        "summary_km": (
                            "ទម្រង់នៃទំព័រទិន្នន័យលិខិតឆ្លងដែនស្របតាមស្តង់ដារ ICAO រចនាសម្ព័ន្ធនៃតំបន់អានដោយម៉ាស៊ីន "
                            "និងរបៀបផ្ទៀងផ្ទាត់តំបន់នោះជាមួយទិន្នន័យដែលបានបោះពុម្ព។"
                        ),
                        "estimated_minutes": 25,
                        "body": [
                            (
                                "text",
                                (
                                    "<h2>A standard layout</h2>"
                                    "<p>Most passports follow the standards of the International Civil Aviation "
                                    "Organization (ICAO), published as ICAO Document 9303. The <b>data page</b> shows the "
                                    "holder’s photo and personal data in a standard order: document type, issuing state, "
                                    "passport number, surname, given names, nationality, date of birth, sex, place of "
                                    "birth, date of issue, date of expiry, issuing authority and signature. The data page "
                                    "may be a paper page covered with a laminate, or a polycarbonate (hard plastic) page "
                                    "where the data and photo are engraved into the plastic by laser.</p>"
                                    "<h3>The machine readable zone (MRZ)</h3>"
                                    "<p>At the bottom of a passport data page, the MRZ has <b>two lines of 44 "
                                    "characters</b> in a special font called OCR-B. It uses only capital letters, numbers and "
                                    "the filler sign &lt;.</p>"
                                    "<ul>"
                                    "<li><b>Line 1</b>: the letter P (for passport), a second letter or filler, the "
                                    "three-letter code of the issuing state (KHM for Cambodia), then the surname and given "
                                    "names, separated by filler signs.</li>"
                                    "<li><b>Line 2</b>: passport number and its check digit, nationality code, date of birth "
                                    "(year, month, day) and its check digit, sex, date of expiry and its check digit, "
                                    "optional personal data and its check digit, and a final check digit for the whole "
                                    "line.</li>"
                                    "</ul>"
                                    "<h3>Check digits</h3>"
                                    "<p>Check digits are calculated from the data with a fixed formula, and a document "
                                    "reader checks them automatically. If a forger changes a date but not the check digit, "
                                    "the reader may reject the document. But forgers can calculate check digits too, so a "
                                    "correct MRZ does not prove that a document is genuine.</p>"
                                    "<h3>Compare, compare, compare</h3>"
                                    "<p>The most useful first-line check is to compare the MRZ with the printed data, and "
                                    "both with the traveller and with what the reader shows on the screen. Any difference in "
                                    "spelling, dates or numbers is a strong reason for a closer look.</p>"
                                ),
                            ),
                            (
                                "callout",
                                {
                                    "kind": "tip",
                                    "title": "Read the MRZ yourself",
                                    "text": (
                                        "<p>If the document reader fails, read the MRZ yourself. Find the date of birth and "
                                        "the date of expiry in line 2 and compare them with the printed data. It takes less "
                                        "than a minute and finds many altered documents.</p>"
                                    ),
                                },
                            ),
                            (
                                "checklist",
                                {
                                    "title": "First-line check of the data page",
                                    "items": [
                                        "The document type and issuing state make sense for this traveller",
                                        "The passport has not expired",
                                        "The printed data matches the MRZ",
                                        "The reader result matches the printed data",
                                        "The photo matches the traveller",
                                        "No signs of erasing, overwriting or damage on the data page",
                                    ],
                                },
                            ),
                        ],
                    },
                    {
                        "slug": "uv-laminate-and-intaglio",
                        "title": "Checking security features: UV, laminate and intaglio",
                        "title_km": "ការពិនិត្យលក្ខណៈសុវត្ថិភាព៖ ពន្លឺអ៊ុលត្រាវីយូឡេ ស្រទាប់ការពារ និងការបោះពុម្ពផុស",
                        "summary": (
                            "How to use light and touch to check the paper, inks, laminate and printing of a "
                            "travel document."
                        ),
                        "summary_km": (
                            "របៀបប្រើពន្លឺ និងការប៉ះ ដើម្បីពិនិត្យក្រដាស ទឹកថ្នាំ ស្រទាប់ការពារ "
                            "និងការបោះពុម្ពនៃឯកសារធ្វើដំណើរ។"
                        ),
                        "estimated_minutes": 25,
                        "body": [
                            (
                                "text",
                                (
                                    "<h2>Layers of security</h2>"
                                    "<p>A genuine passport has many security features, so that a forger cannot copy them "
                                    "all. You do not need to know every feature of every country’s passport. You need a "
                                    "routine, good light, and reference material to compare with, such as genuine "
                                    "specimens and the document alerts in your office.</p>"
                                    "<h3>Light and touch</h3>"
                                    "<ul>"
                                    "<li><b>Touch</b>: run a finger over the printing. <b>Intaglio</b> printing, often used "
                                    "on the inside cover and on some text, leaves raised ink that you can feel. "
                                    "Counterfeits made on office printers feel flat.</li>"
                                    "<li><b>Light through the page</b>: hold the page up to a light to see the "
                                    "<b>watermark</b> in the paper and other see-through features.</li>"
                                    "<li><b>Light from the side</b>: tilt the page under a torch to see raised printing, "
                                    "embossing, and the <b>laminate</b> with its optically variable features, for example "
                                    "holograms that change when you change the angle. Look for bubbles, cuts or lifting at "
                                    "the edges of the laminate.</li>"
                                    "<li><b>Ultraviolet (UV) light</b>: security paper does not glow under UV light, so the "
                                    "page looks dull. Ordinary paper often glows bright blue-white. Hidden UV inks and "
                                    "fibres appear in fixed colours and positions. Compare with a genuine specimen.</li>"
                                    "<li><b>Magnifier</b>: check the <b>microprinting</b>, tiny text that looks like a "
                                    "solid line to the eye, and the fine background patterns. In copies, these lines are "
                                    "broken or blurred.</li>"
                                    "</ul>"
                                ),
                            ),
                            (
                                "checklist",
                                {
                                    "title": "A five-step routine",
                                    "items": [
                                        "Look: overall condition, cover, stitching and page numbers",
                                        "Touch: raised intaglio printing and embossing",
                                        "Tilt: laminate, holograms and other optically variable features",
                                        "Light through: watermark and see-through features",
                                        "UV lamp and magnifier: dull paper, UV inks and fibres, microprinting",
                                    ],
                                },
                            ),
                            (
                                "callout",
                                {
                                    "kind": "warning",
                                    "title": "Damage is not always fraud",
                                    "text": (
                                        "<p>Passports can be damaged by water, heat or long use, especially those of "
                                        "migrant workers. Damage alone does not prove fraud. Note it, compare the document "
                                        "with a specimen, and refer to second line when you cannot explain what you "
                                        "see.</p>"
                                    ),
                                },
                            ),
                        ],
                    },
                    {
                        "slug": "photo-substitution-and-alterations",
                        "title": "Photo substitution and other alterations",
                        "title_km": "ការប្តូររូបថត និងការកែប្រែផ្សេងៗទៀត",
                        "summary": (
                            "Types of document fraud, and the signs of photo substitution, page substitution and "
                            "altered data."
                        ),
                        "summary_km": (
                            "ប្រភេទនៃការក្លែងបន្លំឯកសារ និងសញ្ញានៃការប្តូររូបថត ការប្តូរទំព័រ "
                            "និងការកែប្រែទិន្នន័យ។"
                        ),
                        "estimated_minutes": 25,
                        "body": [
                            (
                                "text",
                                (
                                    "<h2>Types of document fraud</h2>"
                                    "<ul>"
                                    "<li><b>Counterfeit</b>: a complete copy of a genuine document, made without "
                                    "authority.</li>"
                                    "<li><b>Forged</b> (also called falsified): a genuine document that has been changed, "
                                    "for example by replacing the photo, the data or a page.</li>"
                                    "<li><b>Fraudulently obtained</b>: a genuine document issued on the basis of false "
                                    "information or a bribe.</li>"
                                    "<li><b>Impostor use</b>: a genuine, unchanged document used by someone who is not the "
                                    "rightful holder (see Module 3).</li>"
                                    "</ul>"
                                    "<h2>Photo substitution</h2>"
                                    "<p>In older passports the photo was glued onto the page and covered with laminate, "
                                    "which made it easier to replace. Modern passports print or laser-engrave the photo "
                                    "directly into the page, and often add a second, smaller “ghost image” of the holder. "
                                    "Signs of photo substitution include:</p>"
                                    "<ul>"
                                    "<li>Laminate that is lifted, cut or bubbled, or glue marks around the photo.</li>"
                                    "<li>Security patterns, seals or UV features that stop at the edge of the photo or do "
                                    "not line up.</li>"
                                    "<li>A photo whose print quality, colour or size is different from the rest of the "
                                    "page.</li>"
                                    "<li>A ghost image that does not match the main photo.</li>"
                                    "<li>On polycarbonate pages: a photo surface that feels rough or raised, or tactile "
                                    "laser features that feel wrong.</li>"
                                    "</ul>"
                                    "<h3>Other alterations</h3>"
                                    "<ul>"
                                    "<li><b>Changed data</b>: erased or overwritten names or dates, and differences between "
                                    "the printed data and the MRZ.</li>"
                                    "<li><b>Page substitution</b>: stitching that has been redone, page numbers or serial "
                                    "numbers that do not match, or a page that looks different under UV light.</li>"
                                    "</ul>"
                                ),
                            ),
                            (
                                "case_scenario",
                                {
                                    "title": "A raised corner",
                                    "situation": (
                                        "<p>A traveller presents a passport with a paper data page. When you tilt the page "
                                        "under your torch, you see that the laminate over the photo is slightly raised at "
                                        "one corner. Under UV light, the pattern on the page stops at the edge of the photo. "
                                        "The MRZ matches the printed data.</p>"
                                    ),
                                    "questions": [
                                        "What type of fraud could this be?",
                                        "Why does a matching MRZ not remove your concern?",
                                        "What is your next step?",
                                    ],
                                    "debrief": (
                                        "<p>These are signs of photo substitution: a genuine passport may have been forged "
                                        "by replacing the photo. The MRZ contains no picture, so a forger can leave it "
                                        "unchanged. Keep the document, stay calm and polite, and refer the traveller to "
                                        "second-line inspection with a short note of what you saw. Remember that the person "
                                        "may be a victim who was given the document by a trafficker or smuggler.</p>"
                                    ),
                                },
                            ),
                        ],
                    },
                ],
            },
            # -------------------------------------------------------------- 3.3
            {
                "slug": "impostors-and-second-line-inspection",
                "title": "Impostors and second-line inspection",
                "title_km": "អ្នកក្លែងខ្លួនជាម្ចាស់ឯកសារ និងការត្រួតពិនិត្យជួរទីពីរ",
                "summary": (
                    "How to compare a face with a document photo, and when and how to refer a traveller to "
                    "second-line inspection."
                ),
                "summary_km": (
                    "របៀបប្រៀបធៀបមុខមាត់ជាមួយរូបថតក្នុងឯកសារ និងពេលណា "
                    "និងរបៀបណាដែលត្រូវបញ្ជូនអ្នកដំណើរទៅកាន់ការត្រួតពិនិត្យជួរទីពីរ។"
                ),
                "lessons": [
                    {
                        "slug": "detecting-impostors",
                        "title": "Detecting impostors",
                        "title_km": "ការរកឃើញអ្នកក្លែងខ្លួនជាម្ចាស់ឯកសារ",
                        "summary": (
                            "How impostors use genuine documents, how to compare faces step by step, and which "
                            "questions help."
                        ),
                        "summary_km": (
                            "របៀបដែលអ្នកក្លែងខ្លួនប្រើឯកសារពិតរបស់អ្នកដទៃ របៀបប្រៀបធៀបមុខមាត់ម្តងមួយចំណុចៗ "
                            "និងសំណួរដែលមានប្រយោជន៍។"
                        ),
                        "estimated_minutes": 25,
                        "body": [
                            (
                                "text",
                                (
                                    "<h2>What is an impostor?</h2>"
                                    "<p>An impostor uses a genuine, unchanged document that belongs to someone else, "
                                    "usually a person who looks similar. Because the document is genuine, all its security "
                                    "features pass. The only thing wrong is the link between the document and the person. "
                                    "Impostor fraud is common because it is cheap and easy: documents are borrowed, bought, "
                                    "or taken from workers by brokers.</p>"
                                    "<h3>Compare the face step by step</h3>"
                                    "<p>Compare the traveller’s face with the photo feature by feature, from top to bottom. "
                                    "Do not rely only on your general impression.</p>"
                                    "<ul>"
                                    "<li>Focus on features that change little with age or weight: the <b>ears</b> (shape "
                                    "and lobes), the <b>nose</b> (bridge, tip and nostrils), the distance between the eyes, "
                                    "and the shape of the eyebrows and chin.</li>"
                                    "<li>Be careful with features that change easily: hair, beard, glasses, weight, make-up, "
                                    "and skin tone in different light.</li>"
                                    "<li>Look for permanent marks such as scars and moles.</li>"
                                    "<li>Check that the person’s age, sex and height (if recorded) fit the document.</li>"
                                    "</ul>"
                                    "<h3>Ask simple questions</h3>"
                                    "<p>The rightful holder knows their own document. Ask in a natural way: “What is your "
                                    "date of birth?” “Where was this passport issued?” “Which countries did you visit last?” "
                                    "Ask the traveller to sign, and compare the signature. Notice hesitation, but remember "
                                    "that many honest travellers are nervous at borders. Nervousness alone proves "
                                    "nothing.</p>"
                                ),
                            ),
                            (
                                "callout",
                                {
                                    "kind": "warning",
                                    "title": "Impostors may be victims",
                                    "text": (
                                        "<p>Traffickers and smugglers often give people another person’s passport. A "
                                        "traveller using someone else’s document may be under the control of others. Look "
                                        "for trafficking indicators and, if you find them, follow the victim identification "
                                        "and referral steps as well as the document procedure.</p>"
                                    ),
                                },
                            ),
                            (
                                "checklist",
                                {
                                    "title": "Face comparison",
                                    "items": [
                                        "Ears: shape, size and lobes",
                                        "Nose: bridge, tip and nostrils",
                                        "Eyes: distance between them and shape of the eyelids",
                                        "Mouth, lips and chin",
                                        "Permanent marks: scars and moles",
                                        "Age and sex fit the document",
                                    ],
                                },
                            ),
                        ],
                    },
                    {
                        "slug": "escalating-to-second-line",
                        "title": "Referring a traveller to second-line inspection",
                        "title_km": "ការបញ្ជូនអ្នកដំណើរទៅកាន់ការត្រួតពិនិត្យជួរទីពីរ",
                        "summary": (
                            "When to refer a traveller, how to do it calmly and discreetly, and what the "
                            "second-line officer needs from you."
                        ),
                        "summary_km": (
                            "ពេលណាត្រូវបញ្ជូនអ្នកដំណើរ របៀបបញ្ជូនដោយស្ងប់ស្ងាត់ និងដោយប្រុងប្រយ័ត្ន "
                            "និងអ្វីដែលមន្ត្រីជួរទីពីរត្រូវការពីលោកអ្នក។"
                        ),
                        "estimated_minutes": 20,
                        "body": [
                            (
                                "text",
                                (
                                    "<h2>First line and second line</h2>"
                                    "<p>At first line, you have only a minute or two for each traveller. <b>Second-line "
                                    "inspection</b> is a separate, more detailed examination by experienced officers. They "
                                    "have more time, better equipment, reference material and databases, and a private "
                                    "space for interviews. Referring a traveller is not an accusation. It is a normal step "
                                    "when first line cannot resolve a doubt.</p>"
                                    "<h3>When to refer</h3>"
                                    "<ul>"
                                    "<li>You see signs of document fraud that you cannot explain.</li>"
                                    "<li>The face does not match the photo well enough.</li>"
                                    "<li>The traveller’s story does not match the documents or the purpose of travel.</li>"
                                    "<li>There are indicators that the person may be a victim of trafficking or a smuggled "
                                    "migrant.</li>"
                                    "<li>There is a database match or an alert.</li>"
                                    "</ul>"
                                    "<h3>How to refer</h3>"
                                    "<ol>"
                                    "<li>Stay calm and polite. Do not show your suspicion or discuss it in front of other "
                                    "travellers.</li>"
                                    "<li>Keep the document. Say, for example: “We need to do a further routine check. A "
                                    "colleague will help you. Please come with me.”</li>"
                                    "<li>If the traveller is with a group or a companion, separate them using the normal "
                                    "procedure.</li>"
                                    "<li>Walk the traveller to second line, or hand over directly. Never leave the document "
                                    "on a desk.</li>"
                                    "<li>Give the second-line officer a short, clear note of what you observed.</li>"
                                    "</ol>"
                                ),
                            ),
                            (
                                "case_scenario",
                                {
                                    "title": "The handover note",
                                    "situation": (
                                        "<p>You refer a woman whose passport photo may have been replaced. She travelled "
                                        "with a man who has already passed through the checkpoint. She is nervous and asks "
                                        "several times when she can go.</p>"
                                    ),
                                    "questions": [
                                        "What should your handover note contain?",
                                        "What should the second-line officer also know about her companion?",
                                        "What can you tell the woman while she waits?",
                                    ],
                                    "debrief": (
                                        "<p>The note should say what you saw (for example: laminate raised at the corner of "
                                        "the photo; UV pattern stops at the photo edge), the time, and any indicators from "
                                        "her story. Tell second line about the companion, his description and his document "
                                        "details if they were recorded, because he may be controlling her. Tell the woman "
                                        "that a further check is needed, about how long it may take, and that she can ask "
                                        "for water or the toilet. Do not make promises about the result.</p>"
                                    ),
                                },
                            ),
                            (
                                "checklist",
                                {
                                    "title": "After the referral",
                                    "items": [
                                        "Record the referral in the log or the system",
                                        "Find out the result and learn from it",
                                        "Report new fraud methods to your supervisor so that alerts and risk profiles can be updated",
                                    ],
                                },
                            ),
                        ],
                    },
                ],
            },
        ],
    },
]
