"""Each trap of scraped text, on small inputs: the exact structure that results."""

import pytest

from articles.importing.plaintext import parse

from .outline import headings, outline

PARA = "Massage eases the tight muscles that press on the sciatic nerve."
PARA2 = "Most people feel looser after two or three weekly sessions."


def imported(text: str):
    return parse(text, "sample.txt")


class TestTitle:
    def test_first_line_is_the_title(self):
        article = imported(f"Massage for Sciatica\n\n{PARA}\n")
        assert article.title == "Massage for Sciatica"
        assert article.slug == "massage-for-sciatica"
        assert outline(article.body) == [("p", PARA)]

    def test_category_line_above_the_title_is_dropped(self):
        article = imported(
            f" lower back and legs pain\nMassage for Sciatica\n\n{PARA}\n"
        )
        assert article.title == "Massage for Sciatica"
        assert [(d.line, d.text, d.reason) for d in article.dropped] == [
            (1, "lower back and legs pain", "category or tag line above the title")
        ]

    def test_inline_title_after_a_title_label(self):
        article = imported(
            "massage therapy for sciatica 7\n\n"
            "Title: The Benefits of Massage Therapy for Sciatica Sciatica is a common "
            "type of pain. It radiates down the leg.\n"
        )
        assert article.title == "The Benefits of Massage Therapy for Sciatica"
        assert outline(article.body) == [
            ("p", "Sciatica is a common type of pain. It radiates down the leg.")
        ]
        assert ("Title:", "title label") in [
            (d.text, d.reason) for d in article.dropped
        ]

    @pytest.mark.parametrize(
        ("line", "title"),
        [
            ("Title: One line article about massage", "One line article about massage"),
            ("title : What Is Sciatica?", "What Is Sciatica?"),  # lowercase label
        ],
    )
    def test_a_labelled_line_that_is_only_a_title_is_kept_whole(self, line, title):
        article = imported(f"{line}\n\n{PARA}\n")
        assert article.title == title
        assert outline(article.body) == [("p", PARA)]

    def test_missing_title_is_never_a_mid_article_heading(self):
        article = imported(
            f"{PARA} {PARA2}\n\nWhat Is Sciatica?\n\n{PARA}\n\n"
            f"How Massage Relieves Sciatic Nerve Pain\n\n{PARA} {PARA2}\n"
        )
        assert article.title == (
            "Massage eases the tight muscles that press on the sciatic nerve"
        )
        assert article.warnings == [
            "no title found; used the opening words “Massage eases the tight "
            "muscles that press on the sciatic nerve” as the title: check it"
        ]
        assert headings(article.body) == [
            ("h2", "What Is Sciatica?"),
            ("h2", "How Massage Relieves Sciatic Nerve Pain"),
        ]

    def test_missing_title_and_headings_uses_the_opening_words(self):
        article = imported(f"{PARA} {PARA2}\n")
        assert article.title == (
            "Massage eases the tight muscles that press on the sciatic nerve"
        )
        assert "used the opening words" in article.warnings[0]


class TestTitleOnRealPages:
    """The title traps of real scraped pages (written for the tests)."""

    def test_a_title_run_into_the_first_sentence_is_split(self):
        article = imported(
            "Physiotherapy Relief for Knee Pain Knee pain, a common complaint "
            "among runners, often eases with strength work.\n\n"
            f"{PARA}\n"
        )
        assert article.title == "Physiotherapy Relief for Knee Pain"
        assert outline(article.body)[0] == (
            "p",
            "Knee pain, a common complaint among runners, often eases with "
            "strength work.",
        )
        assert "ran into the first sentence" in article.warnings[0]

    @pytest.mark.parametrize(
        "opening",
        [
            "Sciatica, or Sciatica pain as some call it, runs down the leg.",
            "Knee pain is common. Knee pain in runners often settles.",
        ],
    )
    def test_opening_prose_with_a_repeated_word_is_not_split(self, opening):
        article = imported(f"{opening}\n\n{PARA}\n")
        assert outline(article.body)[0] == ("p", opening)

    def test_a_labelled_title_in_sentence_case_is_whole(self):
        article = imported(
            "Title: Migraine triggers and how to avoid them Migraine attacks "
            f"often follow a pattern.\n\n{PARA}\n"
        )
        assert article.title == "Migraine triggers and how to avoid them"
        assert outline(article.body)[0] == (
            "p",
            "Migraine attacks often follow a pattern.",
        )

    def test_a_labelled_title_ending_at_its_sentence(self):
        article = imported(
            "Title: Heel pain in the morning. It is often plantar fasciitis, "
            f"and it usually settles.\n\n{PARA}\n"
        )
        assert article.title == "Heel pain in the morning"

    def test_the_site_name_above_the_title_is_not_the_title(self):
        article = imported(
            f"Harbour Physio Clinic\n\nFive Exercises for Tennis Elbow\n\n{PARA}\n"
        )
        assert article.title == "Five Exercises for Tennis Elbow"
        assert [(d.line, d.reason) for d in article.dropped] == [
            (1, "site name above the title")
        ]

    def test_a_short_title_is_not_a_site_name(self):
        article = imported(f"Knee Pain\n\nWhat Causes Knee Pain in Runners\n\n{PARA}\n")
        assert article.title == "Knee Pain"

    def test_tags_above_and_after_the_title_are_not_the_title(self):
        article = imported(
            "Back Pain, sciatica\n\nGentle Stretches for Sciatica, sciatica, "
            f"stretching\n\n{PARA}\n"
        )
        assert article.title == "Gentle Stretches for Sciatica"
        assert [(d.line, d.text, d.reason) for d in article.dropped] == [
            (1, "Back Pain, sciatica", "category or tag line above the title"),
            (3, "sciatica, stretching", "tag suffix"),
        ]

    @pytest.mark.parametrize(
        "title", ["Massage for sciatica, part 3", "Heel Pain, explained simply"]
    )
    def test_a_comma_in_the_title_is_no_tag_suffix(self, title):
        article = imported(f"{title}\n\n{PARA}\n")
        assert article.title == title
        assert article.dropped == []

    def test_a_call_to_action_above_the_title_is_not_the_title(self):
        article = imported(
            "Book an appointment\n\nCall us today\n\n"
            f"Shin Splints Explained\n\n{PARA}\n"
        )
        assert article.title == "Shin Splints Explained"

    def test_an_author_credit_above_the_title_is_not_the_title(self):
        article = imported(
            "Dr. Dana Whitfield, Orthopedic Physiotherapist\n\n"
            f"Shin Splints Explained\n\n{PARA}\n"
        )
        assert article.title == "Shin Splints Explained"
        assert [(d.line, d.reason) for d in article.dropped] == [(1, "byline")]

    def test_a_table_of_contents_repeating_a_heading_keeps_the_title(self):
        article = imported(
            "How to Treat Knee Pain at Home\n\nWhat Causes Knee Pain?\n\n"
            "When Should You See a Doctor?\n\nWhat Causes Knee Pain?\n\n"
            f"{PARA}\n"
        )
        assert article.title == "How to Treat Knee Pain at Home"

    def test_the_site_header_above_a_title_printed_twice_is_dropped(self):
        title = "Knee Health 101: What Keeps Knees Strong"
        article = imported(
            f"Wellbeing Corner\n\nAugust 19, 2025\n\n{title}\n\n{title}\n\n{PARA}\n"
        )
        assert article.title == title
        assert outline(article.body) == [("p", PARA)]
        assert [(d.line, d.reason) for d in article.dropped] == [
            (1, "site header above the title"),
            (3, "date line"),
            (7, "the title, repeated"),
        ]

    def test_a_heading_repeated_further_down_leaves_the_title_alone(self):
        article = imported(
            f"Knee Pain Explained\n\nWhat Causes It\n\n{PARA}\n\n"
            f"What Causes It\n\n{PARA2}\n"
        )
        assert article.title == "Knee Pain Explained"
        assert article.dropped == []

    def test_a_title_with_commas_is_still_a_title(self):
        article = imported(f"Sprains, Strains and Tears\n\n{PARA}\n")
        assert article.title == "Sprains, Strains and Tears"


class TestHeadings:
    def test_bare_short_lines_are_headings(self):
        article = imported(
            f"Title\n\nWhy It Hurts\n\n{PARA}\n\nWhat Helps?\n\n{PARA2}\n"
        )
        assert outline(article.body) == [
            ("h2", "Why It Hurts"),
            ("p", PARA),
            ("h2", "What Helps?"),
            ("p", PARA2),
        ]

    def test_heading_followed_by_heading_nests_the_second(self):
        article = imported(
            f"Title\n\nUnderstanding Sciatica\n\nWhat is Sciatica?\n\n{PARA}\n\n"
            f"Common Causes\n\n{PARA2}\n\nTreatment\n\nMassage\n\n{PARA}\n"
        )
        assert headings(article.body) == [
            ("h2", "Understanding Sciatica"),
            ("h3", "What is Sciatica?"),
            ("h3", "Common Causes"),
            ("h2", "Treatment"),
            ("h3", "Massage"),
        ]

    def test_intro_paragraph_before_longer_subsections_opens_a_group(self):
        article = imported(
            f"Title\n\nTypes of Massage\n\n{PARA}\n\n"
            f"Swedish Massage\n\n{PARA}\n\n{PARA2}\n\n{PARA}\n\n"
            f"Deep Tissue Massage\n\n{PARA}\n\n{PARA2}\n\n{PARA}\n"
        )
        assert headings(article.body) == [
            ("h2", "Types of Massage"),
            ("h3", "Swedish Massage"),
            ("h3", "Deep Tissue Massage"),
        ]

    def test_sections_of_one_paragraph_each_stay_siblings(self):
        article = imported(
            f"Title\n\nRelax\n\n{PARA}\n\nHeal\n\n{PARA2}\n\n"
            f"Rest\n\n{PARA}\n\nBook a Therapist\n\n{PARA}\n\n{PARA2}\n\n{PARA}\n"
        )
        assert {level for level, _ in headings(article.body)} == {"h2"}

    def test_line_ending_in_colon_heads_the_prose_after_it(self):
        article = imported(f"Title\n\nUnderstanding Sciatica:\n\n{PARA}\n")
        assert outline(article.body)[0] == ("h2", "Understanding Sciatica:")

    def test_list_caption_ending_in_colon_stays_a_paragraph(self):
        article = imported(f"Title\n\n{PARA}\n\nStretches:\n\n  • Knee to chest\n")
        assert outline(article.body) == [
            ("p", PARA),
            ("p", "Stretches:"),
            ("ul", [("Knee to chest", [])]),
        ]

    def test_label_sentence_stays_a_paragraph_with_its_label_bold(self):
        article = imported(
            "Title\n\nPain Relief: Massage therapy helps relieve sciatic pain.\n\n"
            f"{PARA}\n"
        )
        assert article.body[0] == {
            "type": "paragraph",
            "value": "<p><b>Pain Relief:</b> Massage therapy helps relieve sciatic "
            "pain.</p>",
        }

    def test_the_last_line_is_never_a_heading(self):
        article = imported(f"Title\n\n{PARA}\n\nSimilar reading\n")
        assert outline(article.body)[-1] == ("p", "Similar reading")


class TestParagraphs:
    def test_consecutive_lines_are_separate_paragraphs(self):
        article = imported(f"Title\nUnderstanding Sciatica\n{PARA}\n{PARA2}\n")
        assert outline(article.body) == [
            ("h2", "Understanding Sciatica"),
            ("p", PARA),
            ("p", PARA2),
        ]

    def test_run_on_page_is_split_at_new_points(self):
        sentences = [
            "Sciatica is a common type of pain in the leg.",
            "This condition occurs when the nerve is pressed.",
            "The pain can be severe and lasting.",
            "Massage therapy is a gentle hands-on treatment for it.",
            "It relaxes tight muscles around the nerve.",
            "Another benefit of massage is better blood flow to the area.",
            "These changes help the tissue heal faster than before.",
            "In conclusion, massage can be a useful part of treatment.",
            "Always see a licensed therapist for the best results today.",
        ]
        filler = " ".join(["Massage helps many people with sciatic pain."] * 10)
        text = " ".join(sentences[:3] + [filler] + sentences[3:])
        article = imported(f"Title\n\n{text}\n")
        paragraphs = [row[1] for row in outline(article.body)]
        assert len(paragraphs) > 1
        assert " ".join(paragraphs) == text
        assert any(p.startswith("Another benefit") for p in paragraphs)
        assert any(p.startswith("In conclusion") for p in paragraphs)
        assert not any(p.startswith(("This ", "These ", "It ")) for p in paragraphs)


class TestLists:
    @pytest.mark.parametrize("marker", ["•", "-", "  •", "*"])
    def test_bulleted_list(self, marker):
        article = imported(f"Title\n\n{PARA}\n{marker} Heat\n{marker} Ice\n{PARA2}\n")
        assert outline(article.body) == [
            ("p", PARA),
            ("ul", [("Heat", []), ("Ice", [])]),
            ("p", PARA2),
        ]

    def test_numbered_list_with_bullets_under_items_is_nested(self):
        article = imported(
            "Title\n\nStretches:\n\n"
            "  1. Piriformis Stretch:\n"
            "  • Sit on the floor.\n  • Hold for 30 seconds.\n"
            "  1. Hamstring Stretch:\n  • Lie on your back.\n"
        )
        assert outline(article.body)[1] == (
            "ol",
            [
                ("Piriformis Stretch:", ["Sit on the floor.", "Hold for 30 seconds."]),
                ("Hamstring Stretch:", ["Lie on your back."]),
            ],
        )

    def test_numbered_items_separated_by_blank_lines_are_one_list(self):
        article = imported(
            f"Title\n\n{PARA}\n\n  1. Less pain.\n\n  2. Better sleep.\n\n"
            f"  3. More movement.\n\n{PARA2}\n"
        )
        assert outline(article.body) == [
            ("p", PARA),
            ("ol", [("Less pain.", []), ("Better sleep.", []), ("More movement.", [])]),
            ("p", PARA2),
        ]

    def test_bullet_list_ends_at_a_numbered_item(self):
        article = imported(f"Title\n\n{PARA}\n- Heat\n- Ice\n\n1. Rest\n")
        assert [row[0] for row in outline(article.body)] == ["p", "ul", "ol"]


class TestTables:
    def test_two_column_table_with_multi_word_labels(self):
        article = imported(
            f"Title\n\n{PARA}\n\nCause Description\n"
            "Herniated Disk Disk presses on the sciatic nerve\n"
            "Bone Spurs Bone overgrowth compresses the nerve\n"
            "Piriformis Syndrome Muscle spasms irritate the sciatic nerve\n\n"
            f"{PARA2}\n"
        )
        assert outline(article.body)[1] == (
            "table",
            ["Cause", "Description"],
            [
                ["Herniated Disk", "Disk presses on the sciatic nerve"],
                ["Bone Spurs", "Bone overgrowth compresses the nerve"],
                ["Piriformis Syndrome", "Muscle spasms irritate the sciatic nerve"],
            ],
        )

    def test_numeric_table_gets_one_column_per_number(self):
        article = imported(
            f"Title\n\n{PARA}\n\n"
            "Measure Before Therapy After 4 Sessions After 8 Sessions\n"
            "Range of Motion (degrees) 60 75 90\n"
            "Pain Level (1-10 scale) 8 6 4\n\n"
            f"{PARA2}\n"
        )
        assert outline(article.body)[1] == (
            "table",
            ["Measure", "Before Therapy", "After 4 Sessions", "After 8 Sessions"],
            [
                ["Range of Motion (degrees)", "60", "75", "90"],
                ["Pain Level (1-10 scale)", "8", "6", "4"],
            ],
        )

    def test_table_right_after_a_list_is_not_folded_into_it(self):
        article = imported(
            f"Title\n\n{PARA}\n"
            "  1. Initial Discussion: The session begins with a talk.\n"
            "  2. Duration: A session lasts an hour.\n"
            "Session Element Description\n"
            "Initial Discussion Review of your condition\n"
            "Duration Typically lasts an hour\n\n"
            f"{PARA2}\n"
        )
        rows = outline(article.body)
        assert rows[1] == (
            "ol",
            [
                ("Initial Discussion: The session begins with a talk.", []),
                ("Duration: A session lasts an hour.", []),
            ],
        )
        assert rows[2] == (
            "table",
            ["Session Element", "Description"],
            [
                ["Initial Discussion", "Review of your condition"],
                ["Duration", "Typically lasts an hour"],
            ],
        )

    def test_unrecoverable_table_stays_text_with_a_warning(self):
        article = imported(
            f"Title\n\n{PARA}\n\n"
            f"Name Role\nAnna Smith\nBen Jones\nCara Lee\n\n{PARA2}\n"
        )
        assert "table" not in [row[0] for row in outline(article.body)]
        assert article.warnings == [
            "lines 5-8 look like a flattened table, but its columns could not be "
            "recovered; kept as separate paragraphs"
        ]


class TestHashtags:
    def test_inline_hashtags_become_words_and_article_hashtags(self):
        article = imported(
            "#massagetherapyforsciatica Title: Massage for Sciatica Sciatica is "
            "painful. We look at the benefits of #massagetherapyforsciatica today. "
            "#SciaticaRelief can help.\n"
        )
        assert article.hashtags == ["massagetherapyforsciatica", "SciaticaRelief"]
        assert outline(article.body) == [
            (
                "p",
                "Sciatica is painful. We look at the benefits of massage therapy for "
                "sciatica today. Sciatica Relief can help.",
            )
        ]

    def test_trailing_tag_run_is_removed_and_duplicates_merge(self):
        article = imported(f"Title\n\n{PARA} #Massage #sciatica #massage\n")
        assert article.hashtags == ["Massage", "sciatica"]
        assert outline(article.body) == [("p", PARA)]

    @pytest.mark.parametrize(
        "text", ["Ranked #1 for care.", "See https://x.org/page#top now.", "It&#39;s"]
    )
    def test_things_that_are_not_hashtags(self, text):
        assert imported(f"Title\n\n{PARA} {text}\n").hashtags == []


class TestBoilerplateAndPromotion:
    def test_comment_form_and_similar_posts_are_dropped_and_reported(self):
        article = imported(
            f"Title\n\n{PARA}\n\nComments\n\nLeave a Reply\n\n"
            "Your email address will not be published. Required fields are marked *"
        )
        assert outline(article.body) == [("p", PARA)]
        assert [(d.line, d.reason) for d in article.dropped] == [
            (5, "comment section"),
            (7, "comment form"),
            (9, "comment form"),
        ]

    def test_similar_posts_trailer(self):
        article = imported(f"Title\n\n{PARA}\n\nSimilar Posts")
        assert [(d.text, d.reason) for d in article.dropped] == [
            ("Similar Posts", "related-posts list")
        ]

    def test_promotional_passage_is_kept_and_flagged(self):
        promo = "Our experienced therapists at Calm Spa will help; contact us today."
        article = imported(f"Title\n\n{PARA}\n\n{promo}\n")
        assert outline(article.body) == [("p", PARA), ("p", promo)]
        assert [(f.kind, f.line, f.block) for f in article.flags] == [
            ("promotional", 5, 1)
        ]
        assert "Our experienced therapists" in article.flags[0].reason

    def test_links_to_our_own_articles_are_not_promotion(self):
        text = "For more, read our article on types of massage therapy."
        assert imported(f"Title\n\n{PARA} {text}\n").flags == []


class TestCleanup:
    def test_no_break_spaces_and_space_before_punctuation(self):
        article = imported(
            "Title\n\nMassage can relieve\u00a0 symptoms , and muscle .\u00a0\n"
        )
        assert outline(article.body) == [
            ("p", "Massage can relieve symptoms, and muscle.")
        ]

    def test_meta_description_is_whole_sentences_within_156_characters(self):
        article = imported(f"Title\n\n{PARA} {PARA2} {PARA}\n")
        assert article.search_description == f"{PARA} {PARA2}"
        assert len(article.search_description) <= 156

    def test_meta_description_is_never_cut_mid_sentence(self):
        long_sentence = (
            "Plantar fasciitis, the most common cause of heel pain in adults, "
            "inflames the thick band of tissue that runs under the foot from "
            "the heel bone to the toes and supports the arch with every step."
        )
        assert len(long_sentence) > 156
        article = imported(f"Heel Pain\n\n{long_sentence}\n\n{PARA} {PARA2}\n")
        # The first paragraph has no sentence boundary in the band; the
        # next opening paragraph has.
        assert article.search_description == f"{PARA} {PARA2}"
        article = imported(f"Heel Pain\n\n{long_sentence} {PARA}\n")
        assert article.search_description == ""
        assert "…" not in imported(f"Heel Pain\n\n{long_sentence}\n").search_description

    def test_a_short_opening_gives_whole_sentences_below_the_band(self):
        article = imported(f"Heel Pain\n\n{PARA}\n")
        assert article.search_description == PARA

    def test_html_special_characters_are_escaped_in_rich_text(self):
        article = imported("Title\n\nHeat < ice for 5 minutes & rest.\n")
        assert (
            article.body[0]["value"] == "<p>Heat &lt; ice for 5 minutes &amp; rest.</p>"
        )


class TestDisclaimers:
    """Real pages put their disclaimer in an ordinary paragraph, at the top or
    the bottom, in many wordings (these are written for the tests)."""

    @pytest.mark.parametrize(
        "text",
        [
            "Please note: this guide does not replace a visit to your physiotherapist.",
            "The information on this page is for informational purposes only.",
            "Always consult your doctor or healthcare provider before starting "
            "a new exercise programme.",
            "Disclaimer: the author is not a medical professional.",
            "This content is not a substitute for professional medical advice, "
            "diagnosis or treatment.",
            "Always check with your physio before you try a new exercise.",
            "These guides are to be used following an assessment by one of our "
            "clinicians.",
            "The notes below summarise published guidance. We make no claims as "
            "to their accuracy. You should consult a physician before trying any "
            "of these exercises.",
            "Note: this is a general description. Please take professional "
            "health advice.",
        ],
    )
    def test_a_disclaimer_paragraph_becomes_a_disclaimer_block(self, text):
        article = imported(f"Plantar Fasciitis Stretches\n\n{text}\n\n{PARA}\n")
        assert outline(article.body) == [("disclaimer", text), ("p", PARA)]
        assert article.body[0]["value"]["text"].startswith("<p>")
        assert article.search_description == PARA

    @pytest.mark.parametrize(
        "heading",
        [
            "Why Ice Is Not a Substitute for Rest",
            "Supplements Do Not Replace a Healthy Diet",
            "Exercising Under the Supervision of a Physiotherapist",
        ],
    )
    def test_a_heading_in_disclaimer_words_stays_a_heading(self, heading):
        article = imported(f"Knee Care\n\n{PARA}\n\n{heading}\n\n{PARA2}\n")
        assert outline(article.body) == [("p", PARA), ("h2", heading), ("p", PARA2)]

    @pytest.mark.parametrize(
        "text",
        [
            "Surgery makes no guarantees. About one in five people still have "
            "some knee pain a year after a knee replacement.",
            "Hydrotherapy is exercise in warm water. It is often done under the "
            "supervision of a physiotherapist. The warmth relaxes muscles. "
            "Sessions are usually done with the guidance of a trained instructor.",
        ],
    )
    def test_prose_about_guarantees_or_supervision_stays_a_paragraph(self, text):
        article = imported(f"Knee Care\n\n{PARA}\n\n{text}\n")
        assert outline(article.body) == [("p", PARA), ("p", text)]

    def test_a_disclaimer_above_the_title_is_not_the_title(self):
        note = "Please note: these exercises are for informational purposes only."
        article = imported(f"{note}\n\nCalf Stretches for Heel Pain\n\n{PARA}\n")
        assert article.title == "Calf Stretches for Heel Pain"
        assert outline(article.body) == [("disclaimer", note), ("p", PARA)]

    def test_a_doctor_mentioned_in_passing_stays_a_paragraph(self):
        passing = (
            "Knee pain is common in runners. It often settles with rest. Ice "
            "helps in the first days. See your doctor before running again if "
            "the knee swells."
        )
        article = imported(f"Runner's Knee\n\n{passing}\n")
        assert outline(article.body) == [("p", passing)]


class TestSiteFurniture:
    """Lines of the site around the article, in the forms real pages have
    (written for the tests): dropped, each with its reason."""

    def test_a_navigation_menu_above_the_title_is_dropped(self):
        article = imported(
            "Home\nAbout Us\nServices\nKnee Clinic\nContact\n\n"
            f"Runner's Knee: Causes and Treatment\n\n{PARA}\n"
        )
        assert article.title == "Runner's Knee: Causes and Treatment"
        assert outline(article.body) == [("p", PARA)]
        assert [(d.line, d.reason) for d in article.dropped] == [
            (line, "navigation menu") for line in range(1, 6)
        ]

    def test_short_lines_after_the_prose_starts_are_kept(self):
        article = imported(
            f"Knee Pain\n\n{PARA}\n\nRest\nIce\nCompression\nElevation\n"
        )
        assert "Compression" in str(outline(article.body))
        assert article.dropped == []

    @pytest.mark.parametrize(
        ("line", "reason"),
        [
            ("Skip to content", "skip link"),
            ("« Return to Blog listings", "back link"),
            ("Back to all articles", "back link"),
            ("↑ Top of page", "back-to-top link"),
            ("Book an Appointment", "call-to-action button"),
            ("Call us today: 0161 555 0100", "call-to-action button"),
            ("Facebook Twitter LinkedIn Email", "share buttons"),
            ("1 Answer", "answer or vote count"),
            ("12 votes", "answer or vote count"),
            ("Updated: Aug 15", "date line"),
            ("Published Date: May 23, 2023", "date line"),
            ("14/03/2024", "date line"),
            ("- 6 min read", "reading time"),
            ("by | Jan 9, 2024 | Sports injuries", "byline"),
            ("Written by Dr Ana Ruiz, physiotherapist", "byline"),
            ("Table of Contents", "page furniture"),
            ("Advertisement", "page furniture"),
            ("Home > Conditions > Shin Splints", "breadcrumbs"),
            (
                "Your browser is out of date. Please upgrade your browser.",
                "site notice",
            ),
            ("COVID-19 update: we are open for appointments", "site notice"),
            ("Follow us on Instagram for weekly tips!", "sign-up, shop or social link"),
            ("Shop Now", "sign-up, shop or social link"),
            ("- 3 hours ago", "date line"),
            ("Dana Whitfield • March 2, 2025", "byline"),
            ("Heel Notes // By Dana Whitfield", "byline"),
            ("Was this article helpful?", "page furniture"),
            ("No comments yet.", "page furniture"),
            ("Accessibility Tools", "page furniture"),
            ("View All", "page furniture"),
            ("Sign up Log in", "page furniture"),
            ("Foot > Heel Pain > Exercises", "breadcrumbs"),
            ("» Blog", "breadcrumbs"),
            ("All posts in Heel pain", "archive heading"),
            ("Category Archives: Running injuries", "archive heading"),
            ("1200 Harbour Road, Suite 4", "address or phone number"),
            ("Springfield, IL 62704", "address or phone number"),
            ("(555) 014-2290", "address or phone number"),
            ("Tel: 555 014 2290", "address or phone number"),
            ("26. March 2021", "date line"),
            ("4 min. read", "reading time"),
            ("Personalize", "page furniture"),
            ("Help us tailor your experience", "page furniture"),
            (
                "Which best describes you? Your choice helps us word things for you.",
                "page furniture",
            ),
            ("(03) 9555 0142", "address or phone number"),
            ("+44 161 555 0100", "address or phone number"),
            ("Website designed by Pixelworks.", "site credit"),
            ("Reviewed/Updated: 03/19", "date line"),
            ("Created: 01/98", "date line"),
            ("Medically Reviewed on 4/9/2023", "date line"),
            ("This entry was posted in Running and tagged on by.", "post metadata"),
            ("* * *", "rule or marker"),
            ("———————————-", "rule or marker"),
            ("[12]", "rule or marker"),
            ("Verified by Dana Whitfield", "byline"),
            ("Original Editor - Sam Okafor", "byline"),
            ("Top Contributors - Sam Okafor and Lee Marsh", "byline"),
            (
                "Subscribe to Heel Notes' Weekly Foot Health Newsletter",
                "sign-up, shop or social link",
            ),
            ("Sign up for our email newsletter:", "sign-up, shop or social link"),
            ("Buy On Amazon", "sign-up, shop or social link"),
            (
                "By clicking Submit, I agree to the Terms & Conditions.",
                "sign-up, shop or social link",
            ),
            ("© Harbour Physio", "copyright line"),
            ("Copyright 2025 Heel Care Ltd. All rights reserved.", "copyright line"),
            ("Dr. Dana Whitfield, Orthopedic Physiotherapist", "byline"),
            ("Sam Okafor, PT, DPT", "byline"),
            ("Lee Marsh, MSc, Sports Physiotherapist", "byline"),
        ],
    )
    def test_furniture_lines_are_dropped_and_reported(self, line, reason):
        article = imported(f"Heel Pain Explained\n\n{PARA}\n\n{line}\n\n{PARA2}\n")
        assert outline(article.body) == [("p", PARA), ("p", PARA2)]
        assert [(d.line, d.text, d.reason) for d in article.dropped] == [
            (5, line, reason)
        ]

    @pytest.mark.parametrize(
        "line",
        [
            "By stretching daily you can ease heel pain.",
            "May is a good month to start running again.",
            "Home exercises for knee pain",
            "Most people with shin splints recover within six weeks. Some "
            "follow us on Instagram, but that is beside the point here.",
            "Pain > 7 out of 10 > needs a doctor. Do not wait.",
            "3 days ago my heel started to hurt, and it got worse by evening.",
            "View all of the stretches below as a gentle warm-up.",
            "Sign up for a class only once the pain has settled.",
            "All posts in this series assume you have seen a doctor first.",
            "Rest for 2 weeks and then walk 20 minutes a day.",
            "Back Pain, Explained by a Physiotherapist",
            "Knee Pain Relief, Physiotherapy Clinic",
            "Okafor, a physiotherapist in Leeds, says rest first.",
            "Copyright law does not stop you printing this exercise sheet.",
            "Which exercise best suits you depends on the injury.",
            "Ice (or heat) - whichever you prefer - can ease the ache.",
            "Made by hand in our clinic, the insoles last for years.",
            "2019 - 2024",
            "12 15 18",
            # Found by attacking the rules: article lines of furniture's shape.
            "(c) Take paracetamol or ibuprofen if you need it.",
            "MRI (Magnetic Resonance Imaging) – shows ligaments in detail.",
            "2. Marching",
            "3. Sepsis",
            "eGFR",
            "mRNA",
            "Sore Throat, GP",
            "Rheumatoid Arthritis, RA",
            "Sarah Jones, physiotherapist",
            "Exercise Bike, Elliptical Trainer",
            "1800-2200",
            "0800 58 58 58",
            "1300 22 4636",
            "250 500 750 1000",
            "✓",
            "Developed by Joseph Pilates.",
            "Created by Robin McKenzie",
            "50/50",
            "Edited highlights of the study are below.",
            "Created in 1998, the scale is still used today.",
        ],
    )
    def test_prose_that_looks_like_furniture_is_kept(self, line):
        article = imported(f"Heel Pain Explained\n\n{PARA}\n\n{line}\n\n{PARA2}\n")
        assert article.dropped == []

    def test_furniture_stuck_to_a_line_is_cut_off_and_reported(self):
        article = imported(
            f"Heel Pain Explained\n\ndate 2024-02-11 {PARA}\n\n"
            f"Why It Hurts [top]\n\n{PARA2}\n\nWhat Helps [edit | edit source]\n\n"
            f"{PARA}\n"
        )
        assert outline(article.body) == [
            ("p", PARA),
            ("h2", "Why It Hurts"),
            ("p", PARA2),
            ("h2", "What Helps"),
            ("p", PARA),
        ]
        assert [(d.line, d.text) for d in article.dropped] == [
            (3, "date 2024-02-11"),
            (5, "[top]"),
            (9, "[edit | edit source]"),
        ]
        assert {d.reason for d in article.dropped} == {"page furniture stuck to a line"}

    @pytest.mark.parametrize(
        "dateline", ["(HealthDay News) — ", "LONDON (Reuters) - ", "(AP) – "]
    )
    def test_a_news_dateline_is_cut_off_the_first_paragraph(self, dateline):
        article = imported(f"Heel Pain Explained\n\n{dateline}{PARA}\n")
        assert outline(article.body) == [("p", PARA)]
        assert article.search_description.startswith(PARA[:20])
        assert [d.text for d in article.dropped] == [dateline.strip()]

    def test_the_title_printed_again_in_the_body_is_dropped(self):
        article = imported(
            f"Heel Pain Explained\n\nHeel Pain Explained\n\n{PARA}\n\n"
            f"**Heel pain explained**\n\n{PARA2}\n"
        )
        assert article.title == "Heel Pain Explained"
        assert outline(article.body) == [("p", PARA), ("p", PARA2)]
        assert [(d.line, d.reason) for d in article.dropped] == [
            (3, "the title, repeated"),
            (7, "the title, repeated"),
        ]

    def test_an_author_box_ends_the_article(self):
        article = imported(
            f"Heel Pain Explained\n\n{PARA}\n\nAbout the Author\n\n"
            "Jo Smith has treated runners for twenty years.\n"
        )
        assert outline(article.body) == [("p", PARA)]
        assert [d.reason for d in article.dropped] == ["author box", "author box"]

    def test_advice_that_starts_like_a_button_is_kept(self):
        advice = "Book an appointment if the pain lasts more than two weeks."
        article = imported(f"Heel Pain Explained\n\n{PARA}\n\n{advice}\n")
        assert outline(article.body) == [("p", PARA), ("p", advice)]

    def test_page_builder_shortcodes_go_and_their_text_stays(self):
        article = imported(
            "Migraine Triggers\n\n"
            f'[vc_row][vc_column width="1/2"][vc_column_text]{PARA}'
            "[/vc_column_text][/vc_column][/vc_row]\n\n"
            f"[et_pb_section][et_pb_text]{PARA2}[/et_pb_text][/et_pb_section]\n"
        )
        assert outline(article.body) == [("p", PARA), ("p", PARA2)]
        assert [(d.line, d.reason) for d in article.dropped] == [
            (3, "page-builder shortcode"),
            (5, "page-builder shortcode"),
        ]
        assert article.dropped[1].text == (
            "[et_pb_section] [et_pb_text] [/et_pb_text] [/et_pb_section]"
        )
        assert "[" not in article.title + article.slug + article.search_description


class TestImageDescriptions:
    @pytest.mark.parametrize(
        "caption",
        [
            "Woman holding her lower back.",
            "Illustration of the plantar fascia",
            "Physiotherapist treating a patient's shoulder.",
            "Photo: a runner stretching",
            "Chainarong Prasertthai / Getty Images",
        ],
    )
    def test_a_caption_is_never_the_opening_paragraph_heading_or_description(
        self, caption
    ):
        article = imported(
            f"Lower Back Pain at Work\n\n{caption}\n\n{PARA}\n\n{caption}\n\n{PARA2}\n"
        )
        assert outline(article.body) == [("p", PARA), ("p", PARA2)]
        assert article.search_description == f"{PARA}"
        assert [d.reason for d in article.dropped] == [
            "image description (alt text or caption) without its image"
        ] * 2

    @pytest.mark.parametrize(
        "caption",
        [
            "woman stretching her calf outdoors",
            "knee brace on a wooden table",
            "Osteoarthritis.png",
            "heel-pain-stretch (2).JPG",
            "reviewerImg",
            "Fig 1. The ligaments on the outside of the ankle",
            "Image Source: https://example.org/photos/ankle",
            "Photo courtesy: Harbour Physio",
            "Side view of a knee showing the kneecap",
        ],
    )
    @pytest.mark.parametrize(
        "title",
        [
            "",
            "Why Knees Hurt\n\n",
            "Condition of the Month: Runner's Knee (Patellar Pain)\n\n",
        ],
    )
    def test_alt_text_and_file_names_never_open_the_article(self, title, caption):
        article = imported(f"{title}{caption}\n\n{PARA}\n\nCauses\n\n{PARA2}\n")
        assert outline(article.body) == [("p", PARA), ("h2", "Causes"), ("p", PARA2)]
        assert article.search_description == PARA
        assert caption not in article.title
        assert [d.text for d in article.dropped] == [caption]

    def test_a_file_name_is_never_a_heading(self):
        article = imported(f"Knee Pain\n\n{PARA}\n\nOsteoarthritis.png\n\n{PARA2}\n")
        assert outline(article.body) == [("p", PARA), ("p", PARA2)]
        assert [d.text for d in article.dropped] == ["Osteoarthritis.png"]

    def test_a_caption_sentence_glued_to_the_paragraph_is_cut_off(self):
        article = imported(
            "Understanding Heel Pain\n\n"
            "Side view of a foot showing the plantar fascia.Heel pain is the "
            "most common foot complaint in adults.\n"
        )
        assert outline(article.body) == [
            ("p", "Heel pain is the most common foot complaint in adults.")
        ]
        assert [d.text for d in article.dropped] == [
            "Side view of a foot showing the plantar fascia."
        ]

    def test_a_sentence_glued_to_the_next_is_kept(self):
        line = "Rest the knee.Ice helps in the first two days after the injury."
        article = imported(f"Knee Pain\n\n{line}\n")
        assert outline(article.body) == [("p", line)]

    def test_lowercase_steps_under_the_title_are_kept(self):
        steps = ["stand facing a wall", "place hands at shoulder height", "step one"]
        lines = "\n\n".join(steps)
        article = imported(f"Calf Stretch\n\n{lines}\n\n{PARA}\n")
        assert article.dropped == []
        assert [text for _, text in outline(article.body)][:3] == steps

    def test_a_short_lowercase_instruction_in_the_body_is_kept(self):
        article = imported(f"Calf Stretch\n\n{PARA}\n\nhold for 30 seconds\n")
        assert outline(article.body) == [("p", PARA), ("p", "hold for 30 seconds")]
        assert article.dropped == []

    def test_alt_text_glued_to_a_paragraph_is_cut_off_and_reported(self):
        article = imported(
            "Heel Pain Explained\n\n"
            "heel painHeel pain is the most common foot complaint in adults.\n\n"
            f"{PARA}\n"
        )
        assert outline(article.body) == [
            ("p", "Heel pain is the most common foot complaint in adults."),
            ("p", PARA),
        ]
        assert article.search_description.startswith("Heel pain is")
        assert [(d.line, d.text, d.reason) for d in article.dropped] == [
            (3, "heel pain", "image description (alt text or caption) stuck to a line")
        ]

    @pytest.mark.parametrize(
        "line",
        [
            "People Living With Knee Pain",
            "Women suffering from migraines should see a doctor.",
            "Patient views of physiotherapy after surgery",
            "ice can ease the swelling",
            "use the iPhone app to log each session.",
            "blood pressure of 120 mmHg is normal.",
        ],
    )
    def test_headings_and_sentences_about_people_are_kept(self, line):
        article = imported(f"Title\n\n{PARA}\n\n{line}\n\n{PARA2}\n")
        assert article.dropped == []


class TestScrapedMarks:
    def test_emoji_bullets_make_a_list(self):
        article = imported(
            f"Title\n\n{PARA}\n\n"
            "✅ Eases heel pain\n✅ Costs nothing\n➤Takes a minute\n"
        )
        assert outline(article.body)[1] == (
            "ul",
            [("Eases heel pain", []), ("Costs nothing", []), ("Takes a minute", [])],
        )

    def test_parenthesised_numbers_make_an_ordered_list(self):
        article = imported(
            f"Title\n\n{PARA}\n\n(1) Warm up\n(2) Stretch the calf\n(3) Ice the heel\n"
        )
        assert outline(article.body)[1] == (
            "ol",
            [("Warm up", []), ("Stretch the calf", []), ("Ice the heel", [])],
        )

    def test_markdown_bold_becomes_bold(self):
        article = imported(
            f"Title\n\n{PARA} **Rest** helps, and so does __ice__.\n\n"
            "- **Injury**: a direct blow to the hip\n"
        )
        assert article.body[0]["value"] == (
            f"<p>{PARA} <b>Rest</b> helps, and so does <b>ice</b>.</p>"
        )
        assert outline(article.body)[1] == (
            "ul",
            [("Injury: a direct blow to the hip", [])],
        )

    def test_markdown_headings_are_headings_at_their_level(self):
        article = imported(
            f"Title\n\n{PARA}\n\n## What Causes Hip Bursitis?\n\n{PARA2}\n\n"
            f"### Overuse\n\n{PARA}\n"
        )
        assert headings(article.body) == [
            ("h2", "What Causes Hip Bursitis?"),
            ("h3", "Overuse"),
        ]
        assert article.search_description == PARA

    def test_an_emoji_before_the_title_is_not_part_of_it(self):
        article = imported(f"🦵 Knee Osteoarthritis: Why Your Knees Hurt\n\n{PARA}\n")
        assert article.title == "Knee Osteoarthritis: Why Your Knees Hurt"


EXERCISES = """Plantar Fasciitis Exercises

Heel pain eases with a few daily stretches for the calf and the arch.

Three Stretches to Try

1. Calf stretch
Stand facing a wall with one foot behind the other.
How to do it:
Lean forward until the back calf stretches. Hold for 30 seconds.

2. **Towel stretch**
Sit with your legs straight out in front of you.
How to do it: Loop a towel around the ball of your foot and pull gently.

3. Bottle roll
Roll a frozen water bottle under the arch for two minutes.

When to See a Physio

If the pain lasts more than six weeks, book an assessment.
"""


class TestSteps:
    def test_numbered_exercises_with_how_to_do_it_become_a_steps_block(self):
        article = imported(EXERCISES)
        assert outline(article.body) == [
            (
                "p",
                "Heel pain eases with a few daily stretches for the calf and the arch.",
            ),
            (
                "steps",
                "Three Stretches to Try",
                [
                    (
                        "Calf stretch",
                        "Stand facing a wall with one foot behind the other.\n\n"
                        "Lean forward until the back calf stretches. Hold for 30 "
                        "seconds.",
                    ),
                    (
                        "Towel stretch",
                        "Sit with your legs straight out in front of you.\n\n"
                        "Loop a towel around the ball of your foot and pull gently.",
                    ),
                    (
                        "Bottle roll",
                        "Roll a frozen water bottle under the arch for two minutes.",
                    ),
                ],
            ),
            ("h2", "When to See a Physio"),
            ("p", "If the pain lasts more than six weeks, book an assessment."),
        ]

    def test_a_numbered_list_stays_a_list(self):
        article = imported(
            f"Title\n\n{PARA}\n\n1. Warm up\n2. Stretch the calf\n3. Ice the heel\n"
        )
        assert outline(article.body)[1][0] == "ol"

    def test_one_numbered_title_alone_is_not_steps(self):
        article = imported(f"Title\n\n{PARA}\n\n1. Calf stretch\n{PARA2}\n")
        assert [row[0] for row in outline(article.body)] == ["p", "ol", "p"]
