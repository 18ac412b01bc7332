"""Demo question banks and final quizzes for the three demo courses (pure data).

Every question is taken from what the course's lessons teach
(``courses/demo/curriculum.py``); explanations and per-answer feedback point
back to the lesson. ``plugins.quiz.demo.loader`` reads :data:`ROOT_CATEGORY`
and :data:`QUIZZES`.

Shapes (checked by each question type's ``clean_definition`` when loaded):

- A question is a dict: ``type`` (a question type identifier), ``title`` (its
  natural key inside its category), ``text`` and ``explanation`` (rich text),
  their ``*_km`` versions, ``options`` and ``choices``.
- A choice is a dict: ``text``, ``fraction`` (a decimal as a string) and
  optionally ``feedback``, ``match_text`` (matching) and ``tolerance``
  (numerical); each text field may have a ``*_km`` version.
- Multiple choice: one choice at ``"1"``. Several answers: right answers'
  fractions add up to 1, wrong ones are negative. True or false: no choices,
  ``options["correct"]``. Short answer: choices are the accepted answers.
  Numerical: the choice text is the number. Matching: pairs ``text`` ->
  ``match_text``. Essay: no choices; ``options["grader_info"]`` guides markers.

Courses 1 and 3 are graded automatically, so an officer can fail, retry and
pass in one sitting; only course 2 has an essay, for trainers to mark.

Khmer: category names reuse the curriculum's Khmer module titles, and the
quizzes' titles and result texts have Khmer. Question texts have no Khmer yet
(``text_km`` is empty, so Khmer readers see the English): they await a
translator, like the lessons' bodies.
"""

# ---------------------------------------------------------------------------
# Category tree: Demo courses / <course> / <module>
# ---------------------------------------------------------------------------

ROOT_CATEGORY = {
    "name": "Demo courses",
    "name_km": "វគ្គសិក្សាគំរូ",
    "description": "Questions of the final quizzes of the demo courses.",
}

# Shared quiz texts.
INTRO = (
    "<p>This quiz checks what you learned in the whole course. You need "
    "<b>70%</b> to pass, and you may try <b>three</b> times: your best attempt "
    "counts. After each attempt you will see the right answers and why.</p>"
)
INTRO_KM = "<p>ពិន្ទុជាប់៖ <b>៧០%</b>។ អ្នកអាចធ្វើតេស្តនេះបាន <b>៣</b> ដង។</p>"
SUCCESS_TEXT = "Well done: you passed the final quiz of this course."
SUCCESS_TEXT_KM = "សូមអបអរសាទរ! អ្នកបានជាប់តេស្តចុងក្រោយ។"
FAIL_TEXT = (
    "You have not passed yet. Read the explanations, go back to the lessons "
    "they name, and try again."
)
FAIL_TEXT_KM = "អ្នកមិនទាន់ជាប់ទេ។ សូមអានមេរៀនឡើងវិញ ហើយព្យាយាមម្តងទៀត។"

QUIZ_DEFAULTS = {
    "slug": "final-quiz",
    "title": "Final quiz",
    "title_km": "តេស្តចុងក្រោយ",
    "intro": INTRO,
    "intro_km": INTRO_KM,
    "success_text": SUCCESS_TEXT,
    "success_text_km": SUCCESS_TEXT_KM,
    "fail_text": FAIL_TEXT,
    "fail_text_km": FAIL_TEXT_KM,
    "pass_mark": 70,
    "attempts_allowed": 3,
    "grading_method": "highest",
    "feedback_timing": "end",
    "shuffle_answers": True,
    "time_limit_minutes": None,
    "estimated_minutes": 20,
}

# ---------------------------------------------------------------------------
# Course 1: Identifying and referring victims of trafficking
# ---------------------------------------------------------------------------

COURSE_1_UNDERSTANDING = [
    {
        "type": "multichoice",
        "title": "The three elements of trafficking",
        "text": (
            "<p>The international definition of trafficking in persons has three "
            "elements that come together. Which list names them?</p>"
        ),
        "explanation": (
            "<p>The three elements are the <b>act</b> (recruiting, transporting, "
            "transferring, harbouring or receiving a person), the <b>means</b> "
            "(threats, force, deception, abuse of power or of vulnerability...) and "
            "the <b>purpose</b> of exploitation. See the lesson “What trafficking "
            "is”.</p>"
        ),
        "choices": [
            {"text": "Act, means and purpose", "fraction": "1"},
            {
                "text": "Recruitment, a border crossing and payment",
                "fraction": "0",
                "feedback": (
                    "Trafficking can happen without crossing any border, and "
                    "payment is not one of the elements."
                ),
            },
            {
                "text": "Force, debt and a false passport",
                "fraction": "0",
                "feedback": (
                    "Force and debt are examples of the means, only one of the "
                    "three elements."
                ),
            },
            {"text": "Victim, offender and witness", "fraction": "0"},
        ],
    },
    {
        "type": "truefalse",
        "title": "Children and the means",
        "text": (
            "<p>When the person is under 18, recruiting or moving them for "
            "exploitation is trafficking even if no threats, force or deception "
            "were used, and even if the child or the family agreed.</p>"
        ),
        "explanation": (
            "<p>True. For a child, the means are not needed: the act and the "
            "purpose are enough.</p>"
        ),
        "options": {
            "correct": True,
            "feedback_false": (
                "For a child (under 18), the means are not needed. Agreement by "
                "the child or the family does not change this."
            ),
        },
    },
    {
        "type": "multichoice",
        "title": "He agreed to go",
        "text": (
            "<p>A man agreed to go abroad for a construction job that a broker "
            "found for him. On arrival, the broker kept his passport and made him "
            "work for months, with almost no pay, to repay a growing “travel "
            "debt”. Does his agreement to go change your assessment?</p>"
        ),
        "explanation": (
            "<p>He agreed to the job he was promised, not to the exploitation he "
            "found. Deception, the debt and the loss of his passport are means; "
            "forced labour is the purpose. If he crossed irregularly, smuggling may "
            "also be present, but he should be offered referral as a possible "
            "victim.</p>"
        ),
        "choices": [
            {
                "text": (
                    "No: he agreed to the job he was promised, not to the exploitation"
                ),
                "fraction": "1",
            },
            {
                "text": "Yes: a person who agreed to go cannot be a victim",
                "fraction": "0",
                "feedback": (
                    "When deception, threats or abuse of vulnerability were used, "
                    "the person’s first “yes” does not matter."
                ),
            },
            {
                "text": "Yes: it is smuggling, because he crossed a border",
                "fraction": "0",
                "feedback": (
                    "Smuggling is a crime against the border rules. A smuggled "
                    "migrant can also become a victim of trafficking."
                ),
            },
            {
                "text": "It depends only on whether he was paid something",
                "fraction": "0",
                "feedback": (
                    "A little pay does not cancel forced labour, deception and a "
                    "debt used to control him."
                ),
            },
        ],
    },
    {
        "type": "multiresponse",
        "title": "Indicators of trafficking",
        "text": (
            "<p>Which of these are indicators of trafficking? Select all that "
            "apply.</p>"
        ),
        "explanation": (
            "<p>A passport held by someone else, a growing debt, another person "
            "answering for them and not being free to leave are all on the "
            "lesson’s list of indicators. One indicator alone does not prove "
            "trafficking; several together are a reason to ask more and to "
            "consider referral.</p>"
        ),
        "choices": [
            {
                "text": "Someone else holds the person’s passport or ID card",
                "fraction": "0.25",
            },
            {
                "text": "The person owes a debt to a broker that keeps growing",
                "fraction": "0.25",
            },
            {
                "text": "Another person answers questions for them",
                "fraction": "0.25",
            },
            {
                "text": "The person was not free to leave the workplace",
                "fraction": "0.25",
            },
            {
                "text": "The person keeps their own passport and a signed contract",
                "fraction": "-0.5",
                "feedback": (
                    "Holding their own documents and a contract they know is the "
                    "opposite of an indicator."
                ),
            },
            {
                "text": "The person has a return ticket they bought themselves",
                "fraction": "-0.5",
                "feedback": (
                    "A return ticket bought by the traveller is not an indicator; "
                    "travel paid by an unknown third person is."
                ),
            },
        ],
    },
    {
        "type": "truefalse",
        "title": "Missing indicators",
        "text": (
            "<p>A returning worker does not call himself a victim, and several "
            "common indicators are missing from his story. You can conclude that "
            "he is not a victim of trafficking.</p>"
        ),
        "explanation": (
            "<p>False. Missing indicators are not proof either. Victims often do "
            "not describe themselves as victims: they may feel shame, fear the "
            "broker, or believe the debt is their own fault.</p>"
        ),
        "options": {
            "correct": False,
            "feedback_true": (
                "Do not decide that a person is not a victim because some "
                "indicators are missing. Listen for the facts of control."
            ),
        },
    },
]

COURSE_1_FIRST_CONTACT = [
    {
        "type": "multichoice",
        "title": "Needs first",
        "text": (
            "<p>A woman has just been rescued from a workplace. She is thirsty, "
            "exhausted and has a painful injury. What do you do before any "
            "interview?</p>"
        ),
        "explanation": (
            "<p>Needs first, questions second: a person in pain or fear cannot "
            "give clear answers, and making them wait for help until they "
            "“cooperate” causes harm. See “Preparing for first contact”.</p>"
        ),
        "choices": [
            {
                "text": "Meet her urgent needs: water, food, rest and medical care",
                "fraction": "1",
            },
            {
                "text": "Start the interview at once, while her memory is fresh",
                "fraction": "0",
                "feedback": "A person in pain or fear cannot give clear answers.",
            },
            {
                "text": "Tell her she will get help once she has answered",
                "fraction": "0",
                "feedback": (
                    "Making a person wait for help until they “cooperate” causes harm."
                ),
            },
            {
                "text": "Ask her travel companions what happened to her",
                "fraction": "0",
                "feedback": (
                    "Companions may be controllers. Speak with her in private, "
                    "away from the people she travelled with."
                ),
            },
        ],
    },
    {
        "type": "shortanswer",
        "title": "Questions that let the person tell their story",
        "text": (
            "<p>“Can you tell me how you found this job?” and “What happened when "
            "you arrived?” let the person tell their story in their own words. "
            "What kind of questions are they? Answer in one or two words.</p>"
        ),
        "explanation": (
            "<p>They are <b>open</b> questions. Avoid leading questions (“The "
            "broker beat you, didn’t he?”) and “why” questions that sound like "
            "blame.</p>"
        ),
        "options": {"case_sensitive": False},
        "choices": [
            {"text": "open", "fraction": "1"},
            {"text": "open questions", "fraction": "1"},
            {"text": "open question", "fraction": "1"},
            {"text": "open-ended", "fraction": "1"},
            {"text": "open-ended questions", "fraction": "1"},
            {"text": "open ended", "fraction": "1"},
            {
                "text": "leading*",
                "fraction": "0",
                "feedback": (
                    "Leading questions suggest the answer, such as “The broker "
                    "beat you, didn’t he?”. These questions do not."
                ),
            },
        ],
    },
    {
        "type": "numerical",
        "title": "Length of a first interview",
        "text": (
            "<p>The first interview is a short screening conversation, not a "
            "criminal investigation. About how many minutes should it usually "
            "last? Type one number.</p>"
        ),
        "explanation": (
            "<p>Usually 20 to 30 minutes. Detailed statements are taken later by "
            "specialised police or social workers.</p>"
        ),
        "choices": [
            {
                "text": "25",
                "tolerance": "5",
                "fraction": "1",
                "feedback": "Yes: usually 20 to 30 minutes.",
            },
        ],
    },
    {
        "type": "multiresponse",
        "title": "What the interview record contains",
        "text": (
            "<p>You are writing the record of a first interview. Which of these "
            "belong in it? Select all that apply.</p>"
        ),
        "explanation": (
            "<p>Write facts, in the person’s words where possible, and what you "
            "observed; note the date, time, place and who was present; record "
            "whether the person agreed to be referred. Keep facts and opinions "
            "apart, and protect the record. See “Recording and sharing "
            "information”.</p>"
        ),
        "choices": [
            {
                "text": "What the person said, in their own words where possible",
                "fraction": "0.25",
            },
            {
                "text": "What you observed, such as “bruise on left wrist”",
                "fraction": "0.25",
            },
            {
                "text": "Date, time, place, and the officers and interpreter present",
                "fraction": "0.25",
            },
            {
                "text": "Whether the person agreed to be referred",
                "fraction": "0.25",
            },
            {
                "text": "Your opinion, for example “he is lying”",
                "fraction": "-0.5",
                "feedback": (
                    "Keep facts and opinions apart: write the indicators you "
                    "noted, not labels that judge the person."
                ),
            },
            {
                "text": "A photo of the person to share in the unit’s chat group",
                "fraction": "-0.5",
                "feedback": (
                    "Never post photos or details in open chat groups or on social "
                    "media: it can put the person and their family in danger."
                ),
            },
        ],
    },
]

COURSE_1_REFERRAL = [
    {
        "type": "matching",
        "title": "Who does what in the referral pathway",
        "text": (
            "<p>Match each agency with its role after a possible victim is found.</p>"
        ),
        "explanation": (
            "<p>No single officer or agency can meet all the needs of a "
            "trafficked person; the NCCT coordinates the response. See “The "
            "referral pathway”.</p>"
        ),
        "choices": [
            {
                "text": "Frontline officers (immigration, border police, customs)",
                "match_text": (
                    "Notice indicators, meet urgent needs, hold a short first "
                    "interview, and refer"
                ),
                "fraction": "1",
            },
            {
                "text": "Anti-trafficking police",
                "match_text": "Investigate the crime and take formal statements",
                "fraction": "1",
            },
            {
                "text": "Provincial Department of Social Affairs (MoSVY)",
                "match_text": (
                    "Assess needs; arrange shelter, case management, family "
                    "tracing and reintegration"
                ),
                "fraction": "1",
            },
            {
                "text": "Ministry of Foreign Affairs and consulates",
                "match_text": (
                    "Help with documents and return, for Cambodians abroad and "
                    "foreign victims in Cambodia"
                ),
                "fraction": "1",
            },
            {
                "text": "IOM and NGO service providers",
                "match_text": (
                    "Direct assistance such as medical care, food, temporary "
                    "accommodation and voluntary return"
                ),
                "fraction": "1",
            },
        ],
    },
    {
        "type": "multichoice",
        "title": "The group photo",
        "text": (
            "<p>Fourteen workers have just returned from a scam compound. A "
            "reporter is waiting outside. A colleague wants to take a group photo "
            "of the returnees for the unit’s social media page. What do you "
            "do?</p>"
        ),
        "explanation": (
            "<p>A photo could identify the returnees to traffickers, to people "
            "they owe money to and to their communities. It breaks "
            "confidentiality, and they have not given informed consent. Show the "
            "team’s work without faces or names, and move the group to a private "
            "area. See “Do no harm”.</p>"
        ),
        "choices": [
            {
                "text": (
                    "Suggest showing the team’s work without faces or names, and "
                    "move the group to a private area"
                ),
                "fraction": "1",
            },
            {
                "text": "Take the photo if the oldest returnee agrees for the group",
                "fraction": "0",
                "feedback": (
                    "Consent is personal and must be informed. Even with consent, "
                    "a photo can expose people to traffickers and stigma."
                ),
            },
            {
                "text": "Take the photo, but share it only in the unit’s chat group",
                "fraction": "0",
                "feedback": (
                    "Do not post photos or details in open chat groups: they can "
                    "reach traffickers."
                ),
            },
            {
                "text": "Let the reporter take the photo instead of the unit",
                "fraction": "0",
                "feedback": "Do not share cases with the media.",
            },
        ],
    },
    {
        "type": "truefalse",
        "title": "Refer before immigration decisions",
        "text": (
            "<p>A woman presents another person’s passport, and there are "
            "indicators that she is a victim of trafficking. She should be "
            "referred for identification before decisions about immigration "
            "offences are made.</p>"
        ),
        "explanation": (
            "<p>True. Victims are often made to break rules. When indicators are "
            "present, refer the person for identification first, and tell your "
            "supervisor about the indicators. Investigators, prosecutors and "
            "courts decide criminal responsibility.</p>"
        ),
        "options": {
            "correct": True,
            "feedback_false": (
                "Processing her only for document fraud may return her to the "
                "network and lose evidence against the traffickers."
            ),
        },
    },
    {
        "type": "multichoice",
        "title": "The adult who brought the child",
        "text": (
            "<p>A 15-year-old girl shows indicators of trafficking. The man who "
            "brought her to the border says he is her uncle and asks to take her "
            "home. What do you do?</p>"
        ),
        "explanation": (
            "<p>When a possible victim is under 18, inform the provincial "
            "Department of Social Affairs and the anti-trafficking police without "
            "delay. Do not hand a child back to the adult who brought them until "
            "the relationship and the child’s safety have been checked.</p>"
        ),
        "choices": [
            {
                "text": (
                    "Inform Social Affairs and the anti-trafficking police at once, "
                    "and keep her in a safe place until the relationship and her "
                    "safety are checked"
                ),
                "fraction": "1",
            },
            {
                "text": "Let her go with him: he is family",
                "fraction": "0",
                "feedback": (
                    "The adult may be part of the network. Check the relationship "
                    "and her safety first."
                ),
            },
            {
                "text": "Interview her in front of him, so that she feels safe",
                "fraction": "0",
                "feedback": (
                    "Speak with her in private, away from the people she travelled "
                    "with: he may be controlling her."
                ),
            },
            {
                "text": "Send her back across the border",
                "fraction": "0",
                "feedback": (
                    "Turning her back without any other step does not protect her."
                ),
            },
        ],
    },
]

# ---------------------------------------------------------------------------
# Course 2: Psychosocial support and trauma-informed interviewing
# ---------------------------------------------------------------------------

COURSE_2_TRAUMA = [
    {
        "type": "matching",
        "title": "Survival reactions",
        "text": "<p>Match each survival reaction with what you may see.</p>",
        "explanation": (
            "<p>In danger, the body reacts automatically to survive, and these "
            "reactions can continue when the person meets you. None of them is a "
            "sign of guilt or lying. See “Trauma and common stress "
            "reactions”.</p>"
        ),
        "choices": [
            {
                "text": "Fight",
                "match_text": "Anger, shouting, refusing to cooperate",
                "fraction": "1",
            },
            {
                "text": "Flight",
                "match_text": "Wanting to leave at once, restlessness",
                "fraction": "1",
            },
            {
                "text": "Freeze",
                "match_text": "Silence, an empty face, slow answers",
                "fraction": "1",
            },
            {
                "text": "Submit",
                "match_text": "Agreeing with everything you say",
                "fraction": "1",
            },
        ],
    },
    {
        "type": "truefalse",
        "title": "A changing story",
        "text": (
            "<p>A survivor gives different dates each time she tells her story, "
            "and there are gaps in it. This shows that she is probably lying.</p>"
        ),
        "explanation": (
            "<p>False. Trauma changes how memories are stored: a survivor may "
            "remember a smell or a sound clearly, but not dates or the order of "
            "events. Record the differences and allow time.</p>"
        ),
        "options": {
            "correct": False,
            "feedback_true": (
                "A changing story is not proof of lying. Pressure to “get the "
                "story straight” makes memory worse."
            ),
        },
    },
    {
        "type": "multiresponse",
        "title": "What helps recovery",
        "text": (
            "<p>Experience after crises and trauma points to five things that "
            "help recovery. Which are they? Select all that apply.</p>"
        ),
        "explanation": (
            "<p>Safety, calm, control (being able to act for oneself), connection "
            "with family and community, and hope. Every contact with an officer "
            "can support these things, or damage them.</p>"
        ),
        "choices": [
            {"text": "A sense of safety", "fraction": "0.2"},
            {"text": "Calm", "fraction": "0.2"},
            {"text": "Control: being able to act for oneself", "fraction": "0.2"},
            {"text": "Connection with family and community", "fraction": "0.2"},
            {"text": "Hope", "fraction": "0.2"},
            {
                "text": "Telling the whole story in detail as soon as possible",
                "fraction": "-0.5",
                "feedback": (
                    "Pushing people to talk about trauma soon after it happened "
                    "can make them feel worse."
                ),
            },
            {
                "text": "Being told to be strong and stop crying",
                "fraction": "-0.5",
                "feedback": "Telling a person to “be strong” is something to avoid.",
            },
        ],
    },
]

COURSE_2_FIRST_AID = [
    {
        "type": "shortanswer",
        "title": "The three actions of psychological first aid",
        "text": (
            "<p>Psychological first aid uses three actions: look, listen and "
            "… ? Type the missing word.</p>"
        ),
        "explanation": (
            "<p><b>Link</b>: help the person meet basic needs and reach services, "
            "give correct information about what happens next, and help them "
            "contact family if it is safe and they want to.</p>"
        ),
        "options": {"case_sensitive": False},
        "choices": [
            {"text": "link", "fraction": "1"},
            {"text": "link them", "fraction": "1"},
            {
                "text": "talk",
                "fraction": "0",
                "feedback": (
                    "Do not push people to talk. The third action is to link them "
                    "to help."
                ),
            },
        ],
    },
    {
        "type": "truefalse",
        "title": "Who can give psychological first aid",
        "text": (
            "<p>Psychological first aid is a form of counselling that only "
            "psychologists should give.</p>"
        ),
        "explanation": (
            "<p>False. It is humane, supportive and practical help, not "
            "counselling or therapy. Any officer can give it, sometimes in only a "
            "few minutes.</p>"
        ),
        "options": {
            "correct": False,
            "feedback_true": (
                "You do not need to be a psychologist: any officer can give "
                "psychological first aid."
            ),
        },
    },
    {
        "type": "multichoice",
        "title": "A group arrives at night",
        "text": (
            "<p>At 10 p.m., a minibus brings 12 people released from a scam "
            "compound. Several are silent, one man is shouting that he wants his "
            "phone back, and a young woman is shaking and holding her stomach. "
            "Using “look”, who needs attention first?</p>"
        ),
        "explanation": (
            "<p>Look first for danger and medical needs. The young woman may be "
            "injured, ill or pregnant and needs medical care now. Detailed "
            "interviews can wait until people have rested.</p>"
        ),
        "choices": [
            {
                "text": "The young woman who is shaking and holding her stomach",
                "fraction": "1",
            },
            {
                "text": "The man who is shouting, to keep order",
                "fraction": "0",
                "feedback": (
                    "Speak calmly to him, but medical needs come first when you “look”."
                ),
            },
            {
                "text": "The silent ones, to start their interviews",
                "fraction": "0",
                "feedback": ("Detailed interviews can wait until people have rested."),
            },
        ],
    },
    {
        "type": "multichoice",
        "title": "Grounding",
        "text": (
            "<p>A returnee is panicking: she breathes very fast and does not seem "
            "to know where she is. Which of these helps her come back to the "
            "present?</p>"
        ),
        "explanation": (
            "<p>Grounding: speak slowly, say who you are and where she is, "
            "invite slow breathing and ask her to notice things around her. See "
            "“Helping a person in acute distress”.</p>"
        ),
        "choices": [
            {
                "text": (
                    "Ask her to feel her feet on the floor and to name three things "
                    "she can see"
                ),
                "fraction": "1",
            },
            {
                "text": "Tell her to stop crying and be strong",
                "fraction": "0",
                "feedback": "This is on the lesson’s list of things to avoid.",
            },
            {
                "text": "Hold her arms firmly until she stops",
                "fraction": "0",
                "feedback": (
                    "Do not touch the person without asking, especially a person "
                    "of the other sex."
                ),
            },
            {
                "text": "Leave her alone in a locked room to calm down",
                "fraction": "0",
                "feedback": (
                    "Never leave a person in acute distress alone in a locked room."
                ),
            },
        ],
    },
    {
        "type": "truefalse",
        "title": "Vicarious trauma",
        "text": (
            "<p>An officer who has trouble sleeping and feels numb after many "
            "victim interviews is showing weakness, and is not suited to "
            "frontline work.</p>"
        ),
        "explanation": (
            "<p>False. Vicarious trauma and burnout are a normal risk of the job, "
            "not weakness. Talk with the colleague privately and without blame, "
            "and share difficult interviews more evenly.</p>"
        ),
        "options": {
            "correct": False,
            "feedback_true": (
                "This is not weakness: it is a normal risk of the job, and teams "
                "that talk about it work better."
            ),
        },
    },
]

COURSE_2_INTERVIEWING = [
    {
        "type": "multiresponse",
        "title": "A trauma-informed interview",
        "text": (
            "<p>Which of these are part of a trauma-informed interview? Select all "
            "that apply.</p>"
        ),
        "explanation": (
            "<p>Give control (the “pass” rule), start with neutral topics, "
            "prepare a room that does not feel like an interrogation, and end by "
            "summarising so the person can correct you. Avoid judging words and "
            "never block the door.</p>"
        ),
        "choices": [
            {
                "text": "Tell the person they can say “pass” to any question",
                "fraction": "0.25",
            },
            {"text": "Start with neutral topics", "fraction": "0.25"},
            {
                "text": "Place the chairs at an angle, not face to face across a desk",
                "fraction": "0.25",
            },
            {
                "text": "At the end, summarise and ask the person to correct you",
                "fraction": "0.25",
            },
            {
                "text": "Ask “Why did you not run away?”",
                "fraction": "-0.5",
                "feedback": "Avoid judging words and “why” questions that blame.",
            },
            {
                "text": "Sit between the person and the door",
                "fraction": "-0.5",
                "feedback": "The door should not be blocked.",
            },
        ],
    },
    {
        "type": "multichoice",
        "title": "Asking men about exploitation",
        "text": (
            "<p>A man returns from a fishing boat. He may not see himself as a "
            "victim and may feel ashamed. Which approach fits a gender-sensitive "
            "interview?</p>"
        ),
        "explanation": (
            "<p>Ask about facts (pay, freedom to leave, violence) rather than "
            "asking “were you trafficked?”, and recognise how hard his experience "
            "was without putting a label on him.</p>"
        ),
        "choices": [
            {
                "text": (
                    "Ask factual questions about pay, freedom to leave and violence"
                ),
                "fraction": "1",
            },
            {
                "text": "Ask him directly: “Were you trafficked?”",
                "fraction": "0",
                "feedback": (
                    "Many men do not see themselves as victims; the label can make "
                    "them close up."
                ),
            },
            {
                "text": "Tell him that real men would have escaped",
                "fraction": "0",
                "feedback": "This blames and shames him.",
            },
            {
                "text": "Skip the interview: men are rarely trafficked",
                "fraction": "0",
                "feedback": (
                    "Men are exploited on fishing boats, construction sites and in "
                    "scam compounds."
                ),
            },
        ],
    },
    {
        "type": "numerical",
        "title": "Who is a child",
        "text": (
            "<p>A child is any person under how many years old? Type the number.</p>"
        ),
        "explanation": (
            "<p>Under 18. If a person says they are an adult but may be younger, "
            "treat them as a child until their age is confirmed.</p>"
        ),
        "choices": [{"text": "18", "fraction": "1"}],
    },
    {
        "type": "multichoice",
        "title": "The driver offers to translate",
        "text": (
            "<p>At Bavet, a 15-year-old boy is found in a van with several adults. "
            "He speaks only his own language. The van driver speaks both languages "
            "and offers to translate. What do you do?</p>"
        ),
        "explanation": (
            "<p>The driver may be part of the network: the boy would not speak "
            "freely and could be put at risk. Keep the boy apart in a safe place, "
            "contact Social Affairs and the anti-trafficking police, and arrange "
            "an independent interpreter, by phone if necessary.</p>"
        ),
        "choices": [
            {
                "text": (
                    "Decline, keep the boy apart from the adults, and arrange an "
                    "independent interpreter, by phone if necessary"
                ),
                "fraction": "1",
            },
            {
                "text": "Accept: it is the quickest way to help the boy",
                "fraction": "0",
                "feedback": (
                    "An interpreter must not be a travel companion or have a link "
                    "to the suspected traffickers."
                ),
            },
            {
                "text": "Ask one of the adults in the van to translate instead",
                "fraction": "0",
                "feedback": "Travel companions must not interpret.",
            },
        ],
    },
    {
        "type": "essay",
        "title": "Planning her return home",
        "text": (
            "<p>A 27-year-old woman has returned from a forced marriage abroad. She "
            "does not want to go to a shelter. She wants to go home to her village, "
            "but she is afraid her parents will be angry, because they received "
            "money from the broker.</p><p>In five to eight sentences, describe how "
            "you would talk with her and what you would do next.</p>"
        ),
        "explanation": (
            "<p>A good answer respects her choice not to go to a shelter, gives "
            "her choices and control, and, with her agreement, refers her to the "
            "provincial Department of Social Affairs and to service providers who "
            "can support family contact, reintegration and follow-up. It tells her "
            "where she can get help later if home becomes unsafe.</p>"
        ),
        "options": {
            "max_words": 300,
            "grader_info": (
                "Give full marks for an answer that covers four or more of: "
                "respects her choice not to go to a shelter (control); speaks in "
                "private, explains and offers choices, no judging words; names her "
                "needs (safety, reconnection with her family without blame or "
                "contact with the broker); refers her, with her agreement, to the "
                "provincial Department of Social Affairs and service providers for "
                "family contact, reintegration and follow-up; tells her where to "
                "get help later if home becomes unsafe; makes only promises that "
                "can be kept. Half marks for two or three."
            ),
        },
    },
]

# ---------------------------------------------------------------------------
# Course 3: Border risk management and travel document examination
# ---------------------------------------------------------------------------

COURSE_3_RISK = [
    {
        "type": "truefalse",
        "title": "A risk and at risk",
        "text": (
            "<p>The same traveller can be both “at risk” (a possible victim) and "
            "“a risk” (a possible offender).</p>"
        ),
        "explanation": (
            "<p>True. Good risk assessment looks for both, and treats every "
            "traveller with courtesy.</p>"
        ),
        "options": {
            "correct": True,
            "feedback_false": (
                "A person using false documents, for example, may be under the "
                "control of traffickers."
            ),
        },
    },
    {
        "type": "multichoice",
        "title": "Stop them all",
        "text": (
            "<p>A colleague at Poipet says: “Stop every young woman from the "
            "provinces who is travelling alone to Thailand.” What is wrong with "
            "this instruction?</p>"
        ),
        "explanation": (
            "<p>It targets people for who they are (sex, age, origin), not for "
            "objective indicators. It delays lawful travellers and can push "
            "people to irregular routes, which are more dangerous. See "
            "“Profiling without discrimination”.</p>"
        ),
        "choices": [
            {
                "text": (
                    "It selects people for who they are, not for objective indicators"
                ),
                "fraction": "1",
            },
            {
                "text": "Nothing: young women are the people most at risk",
                "fraction": "0",
                "feedback": (
                    "Who a person is, is not by itself an indicator. It would "
                    "delay many lawful travellers and miss real cases."
                ),
            },
            {
                "text": "It should also include young men",
                "fraction": "0",
                "feedback": (
                    "Adding another group is still discrimination. Use "
                    "combinations of objective indicators."
                ),
            },
            {
                "text": "Nothing, as long as the checks are polite",
                "fraction": "0",
                "feedback": "Politeness does not make a discriminatory selection fair.",
            },
        ],
    },
    {
        "type": "multiresponse",
        "title": "Objective risk indicators",
        "text": (
            "<p>Which of these are objective indicators you may use to select a "
            "traveller for a closer check? Select all that apply.</p>"
        ),
        "explanation": (
            "<p>Use indicators you can see and explain, in combination: tickets "
            "paid by a third person, an unknown employer, one person holding the "
            "group’s passports, passports issued on the same day. Nationality, "
            "ethnicity, religion or being a young woman travelling alone is not "
            "by itself a reason for suspicion.</p>"
        ),
        "choices": [
            {"text": "Tickets bought by a third person", "fraction": "0.25"},
            {"text": "The traveller cannot name the employer", "fraction": "0.25"},
            {
                "text": "One person holds the passports of the whole group",
                "fraction": "0.25",
            },
            {
                "text": "Several passports in a group issued on the same day",
                "fraction": "0.25",
            },
            {
                "text": "The traveller’s ethnicity",
                "fraction": "-0.5",
                "feedback": "Who a person is, is not an indicator.",
            },
            {
                "text": "Being a young woman travelling alone",
                "fraction": "-0.5",
                "feedback": (
                    "This is not by itself a reason for suspicion; it may appear "
                    "in a profile only with specific, objective indicators."
                ),
            },
        ],
    },
    {
        "type": "matching",
        "title": "Four types of indicator",
        "text": "<p>Match each observation with its type of indicator.</p>",
        "explanation": (
            "<p>Indicators fall into four types: document, travel pattern, story, "
            "and behaviour and group. One indicator is rarely enough: look for "
            "combinations.</p>"
        ),
        "choices": [
            {
                "text": "A passport issued a few days ago",
                "match_text": "Document indicator",
                "fraction": "1",
            },
            {
                "text": "A one-way ticket bought by someone else",
                "match_text": "Travel pattern indicator",
                "fraction": "1",
            },
            {
                "text": "The traveller cannot name the hotel she will stay at",
                "match_text": "Story indicator",
                "fraction": "1",
            },
            {
                "text": "A companion answers every question for the traveller",
                "match_text": "Behaviour and group indicator",
                "fraction": "1",
            },
        ],
    },
]

COURSE_3_DOCUMENTS = [
    {
        "type": "numerical",
        "title": "Characters in an MRZ line",
        "text": (
            "<p>The machine readable zone (MRZ) of a passport data page has two "
            "lines. How many characters does each line have?</p>"
        ),
        "explanation": (
            "<p>44 characters per line, in the OCR-B font, using only capital "
            "letters, numbers and the filler sign &lt;.</p>"
        ),
        "choices": [{"text": "44", "fraction": "1"}],
    },
    {
        "type": "shortanswer",
        "title": "Cambodia’s code in the MRZ",
        "text": (
            "<p>Line 1 of the MRZ gives the three-letter code of the issuing state. "
            "What is the code for Cambodia?</p>"
        ),
        "explanation": "<p>KHM.</p>",
        "options": {"case_sensitive": False},
        "choices": [
            {"text": "KHM", "fraction": "1"},
            {
                "text": "KH",
                "fraction": "0",
                "feedback": "The MRZ uses a three-letter code.",
            },
        ],
    },
    {
        "type": "truefalse",
        "title": "Correct check digits",
        "text": (
            "<p>If every check digit in the MRZ is correct, the document is "
            "genuine.</p>"
        ),
        "explanation": (
            "<p>False. Forgers can calculate check digits too, so a correct MRZ "
            "does not prove that a document is genuine. Compare the MRZ with the "
            "printed data, the reader and the traveller.</p>"
        ),
        "options": {
            "correct": False,
            "feedback_true": "Forgers can calculate check digits too.",
        },
    },
    {
        "type": "multichoice",
        "title": "Security paper under UV light",
        "text": (
            "<p>Under a UV lamp, how does the security paper of a genuine passport "
            "page usually look?</p>"
        ),
        "explanation": (
            "<p>Security paper does not glow under UV light, so the page looks "
            "dull; ordinary paper often glows bright blue-white. Hidden UV inks "
            "and fibres appear in fixed colours and positions.</p>"
        ),
        "choices": [
            {"text": "Dull: the paper does not glow", "fraction": "1"},
            {
                "text": "Bright blue-white all over",
                "fraction": "0",
                "feedback": (
                    "Ordinary paper often glows like this; security paper does not."
                ),
            },
            {
                "text": "It looks the same as under normal light",
                "fraction": "0",
                "feedback": (
                    "Hidden UV inks and fibres appear in fixed colours and "
                    "positions under UV light."
                ),
            },
        ],
    },
    {
        "type": "matching",
        "title": "The five-step routine",
        "text": "<p>Match each check with what it lets you see or feel.</p>",
        "explanation": (
            "<p>Look, touch, tilt, light through, and UV lamp and magnifier. See "
            "“Checking security features”.</p>"
        ),
        "choices": [
            {
                "text": "Run a finger over the printing",
                "match_text": "Raised intaglio printing",
                "fraction": "1",
            },
            {
                "text": "Tilt the page under a torch",
                "match_text": "The laminate and holograms",
                "fraction": "1",
            },
            {
                "text": "Hold the page up to a light",
                "match_text": "The watermark",
                "fraction": "1",
            },
            {
                "text": "Use a magnifier",
                "match_text": "Microprinting",
                "fraction": "1",
            },
        ],
    },
    {
        "type": "multichoice",
        "title": "A replaced photo",
        "text": (
            "<p>A genuine passport has had its photo replaced. Which type of "
            "document fraud is this?</p>"
        ),
        "explanation": (
            "<p>A genuine document that has been changed is <b>forged</b> (also "
            "called falsified). A counterfeit is a complete copy; a fraudulently "
            "obtained document is genuine but issued on false information; an "
            "impostor uses someone else’s unchanged document.</p>"
        ),
        "choices": [
            {"text": "Forged (falsified)", "fraction": "1"},
            {
                "text": "Counterfeit",
                "fraction": "0",
                "feedback": (
                    "A counterfeit is a complete copy made without authority, not "
                    "a changed genuine document."
                ),
            },
            {
                "text": "Fraudulently obtained",
                "fraction": "0",
                "feedback": (
                    "That is a genuine document issued on false information or a bribe."
                ),
            },
            {
                "text": "Impostor use",
                "fraction": "0",
                "feedback": (
                    "An impostor uses a genuine, unchanged document of someone else."
                ),
            },
        ],
    },
]

COURSE_3_IMPOSTORS = [
    {
        "type": "multichoice",
        "title": "A raised corner",
        "text": (
            "<p>The laminate over a passport photo is slightly raised at one "
            "corner, and under UV light the pattern stops at the edge of the photo. "
            "The MRZ matches the printed data. What do you do?</p>"
        ),
        "explanation": (
            "<p>These are signs of photo substitution; the MRZ contains no "
            "picture, so a forger can leave it unchanged. Keep the document, stay "
            "calm and polite, and refer the traveller to second line with a short "
            "note of what you saw.</p>"
        ),
        "choices": [
            {
                "text": (
                    "Keep the document, stay calm, and refer the traveller to "
                    "second-line inspection with a short note"
                ),
                "fraction": "1",
            },
            {
                "text": "Let the traveller pass: the MRZ matches",
                "fraction": "0",
                "feedback": (
                    "The MRZ contains no picture, so a forger can leave it unchanged."
                ),
            },
            {
                "text": (
                    "Tell the traveller in front of the queue that the "
                    "passport is false"
                ),
                "fraction": "0",
                "feedback": (
                    "Do not show your suspicion or discuss it in front of other "
                    "travellers. Referral is not an accusation."
                ),
            },
            {
                "text": "Give the passport back and ask them to return tomorrow",
                "fraction": "0",
                "feedback": "Keep the document; never let it out of your control.",
            },
        ],
    },
    {
        "type": "multiresponse",
        "title": "Comparing a face with the photo",
        "text": (
            "<p>Which features are the most reliable to compare with the photo, "
            "because they change little with age or weight? Select all that "
            "apply.</p>"
        ),
        "explanation": (
            "<p>Focus on the ears, the nose, the distance between the eyes and the "
            "shape of the eyebrows and chin. Be careful with hair, beard, glasses, "
            "weight, make-up and skin tone.</p>"
        ),
        "choices": [
            {"text": "The ears: shape and lobes", "fraction": "0.25"},
            {"text": "The nose: bridge, tip and nostrils", "fraction": "0.25"},
            {"text": "The distance between the eyes", "fraction": "0.25"},
            {"text": "The shape of the chin", "fraction": "0.25"},
            {
                "text": "The hairstyle",
                "fraction": "-0.5",
                "feedback": "Hair changes easily.",
            },
            {
                "text": "Skin tone",
                "fraction": "-0.5",
                "feedback": "Skin tone looks different in different light.",
            },
        ],
    },
    {
        "type": "multichoice",
        "title": "What an impostor is",
        "text": "<p>What is an impostor?</p>",
        "explanation": (
            "<p>An impostor uses a genuine, unchanged document that belongs to "
            "someone else, usually a person who looks similar. All the security "
            "features pass: only the link between the document and the person is "
            "wrong. Impostors may be victims given the document by a trafficker "
            "or smuggler.</p>"
        ),
        "choices": [
            {
                "text": (
                    "A person using a genuine, unchanged document that belongs to "
                    "someone else"
                ),
                "fraction": "1",
            },
            {
                "text": "A person using a counterfeit passport",
                "fraction": "0",
                "feedback": (
                    "An impostor’s document is genuine, so its security features pass."
                ),
            },
            {
                "text": "A person whose passport photo has been replaced",
                "fraction": "0",
                "feedback": "That is a forged (falsified) document.",
            },
            {
                "text": "A person who has stayed after their visa expired",
                "fraction": "0",
            },
        ],
    },
]

# ---------------------------------------------------------------------------
# The quizzes: one per demo course, keyed by the course's slug
# ---------------------------------------------------------------------------

QUIZZES = [
    {
        "course": "identifying-and-referring-victims",
        "category": {
            "name": "Identifying and referring victims of trafficking",
            "name_km": "ការកំណត់អត្តសញ្ញាណ និងការបញ្ជូនជនរងគ្រោះដោយអំពើជួញដូរមនុស្ស",
        },
        "quiz": {
            "summary": (
                "Thirteen questions on indicators, the first interview, referral "
                "and do no harm. Pass mark 70%, three attempts."
            ),
            "estimated_minutes": 20,
        },
        "topics": [
            {
                "name": "Understanding trafficking and its indicators",
                "name_km": "ការយល់ដឹងអំពីអំពើជួញដូរមនុស្ស និងសូចនាករ",
                "questions": COURSE_1_UNDERSTANDING,
            },
            {
                "name": "First contact and the first interview",
                "name_km": "ការជួបលើកដំបូង និងសម្ភាសន៍លើកដំបូង",
                "questions": COURSE_1_FIRST_CONTACT,
            },
            {
                "name": "Referral and do no harm",
                "name_km": "ការបញ្ជូន និងគោលការណ៍មិនបង្កគ្រោះថ្នាក់",
                "questions": COURSE_1_REFERRAL,
            },
        ],
    },
    {
        "course": "psychosocial-support-and-trauma-informed-interviewing",
        "category": {
            "name": "Psychosocial support and trauma-informed interviewing",
            "name_km": ("ការគាំទ្រផ្លូវចិត្ត និងសង្គម និងការសម្ភាសន៍ដែលយល់ដឹងពីរបួសផ្លូវចិត្ត"),
        },
        "quiz": {
            "summary": (
                "Thirteen questions on trauma, psychological first aid and "
                "interviewing, including one short written answer that a trainer "
                "marks. Pass mark 70%, three attempts."
            ),
            "estimated_minutes": 25,
        },
        "topics": [
            {
                "name": "How trauma affects survivors",
                "name_km": "ផលប៉ះពាល់នៃរបួសផ្លូវចិត្តលើអ្នករួចផុតពីគ្រោះ",
                "questions": COURSE_2_TRAUMA,
            },
            {
                "name": "Psychological first aid at the front line",
                "name_km": "ការសង្គ្រោះបឋមផ្នែកផ្លូវចិត្តនៅជួរមុខ",
                "questions": COURSE_2_FIRST_AID,
            },
            {
                "name": "Trauma-informed, gender-sensitive interviewing",
                "name_km": "ការសម្ភាសន៍ដែលយល់ដឹងពីរបួសផ្លូវចិត្ត និងគិតគូរដល់យេនឌ័រ",
                "questions": COURSE_2_INTERVIEWING,
            },
        ],
    },
    {
        "course": "border-risk-management-and-document-examination",
        "category": {
            "name": "Border risk management and travel document examination",
            "name_km": ("ការគ្រប់គ្រងហានិភ័យនៅព្រំដែន និងការត្រួតពិនិត្យឯកសារធ្វើដំណើរ"),
        },
        "quiz": {
            "summary": (
                "Thirteen questions on risk indicators, passports and impostors, "
                "in 30 minutes. Pass mark 70%, three attempts."
            ),
            "estimated_minutes": 30,
            "time_limit_minutes": 30,
        },
        "topics": [
            {
                "name": "Risk management at points of entry",
                "name_km": "ការគ្រប់គ្រងហានិភ័យនៅច្រកចេញចូល",
                "questions": COURSE_3_RISK,
            },
            {
                "name": "Travel document security features",
                "name_km": "លក្ខណៈសុវត្ថិភាពនៃឯកសារធ្វើដំណើរ",
                "questions": COURSE_3_DOCUMENTS,
            },
            {
                "name": "Impostors and second-line inspection",
                "name_km": "អ្នកក្លែងខ្លួនជាម្ចាស់ឯកសារ និងការត្រួតពិនិត្យជួរទីពីរ",
                "questions": COURSE_3_IMPOSTORS,
            },
        ],
    },
]
