"""Speakers: surnames and pronouns resolved to one name per person; roles and affiliations split."""

from __future__ import annotations

import pytest

import saywho


def speakers(text: str) -> list[tuple[str, str, str | None, str | None]]:
    return [(a.source.text, a.speaker.name, a.speaker.role, a.speaker.affiliation)
            for a in saywho.extract(text).attributions if a.source]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Military expert Yurii Fedorov notes that the industry is short of workers. "
         "“The sector cannot meet demand,” Fedorov stresses.",
         [("Yurii Fedorov", "Yurii Fedorov", "military expert", None), ("Fedorov", "Yurii Fedorov", None, None)]),
        ("Uk Yang, a fellow at South Korea’s Asan Institute for Policy Studies, emphasized that only Pyongyang "
         "could deliver. “Nobody else has the shells,” he says.",
         [("Uk Yang", "Uk Yang", "fellow", "Asan Institute for Policy Studies"), ("he", "Uk Yang", None, None)]),
        ("Hugh Griffiths, senior researcher at the Stockholm International Peace Research Institute, says that "
         "the shells were vital.",
         [("Hugh Griffiths", "Hugh Griffiths", "senior researcher", "Stockholm International Peace Research Institute")]),
    ],
)
def test_speakers_resolved_with_role_and_affiliation(text, expected):
    assert speakers(text) == expected


def test_speakers_pronoun_takes_the_last_speaker_not_the_last_name():
    text = ("Robert Farley says that the troops have improved. “Vladimir Putin will keep them at the front,” "
            "Farley writes. “They will not go home soon,” he concludes.")
    assert [name for _, name, _, _ in speakers(text)] == ["Robert Farley", "Robert Farley", "Robert Farley"]


def test_speakers_two_people_with_different_surnames_stay_apart():
    text = ("Anna Berg said that the sanctions had failed. Ben Hodges said that the lines would hold. "
            "Berg added that the components still arrive.")
    assert [name for _, name, _, _ in speakers(text)] == ["Anna Berg", "Ben Hodges", "Anna Berg"]


def test_speakers_linked_to_entities_when_there_are_some():
    text = "Anna Berg said that the sanctions had failed. Berg added that components still arrive."
    result = saywho.extract(text)
    ids = {a.speaker.entity for a in result.attributions}
    if not result.entities:
        assert ids == {None}
    else:
        (entity_id,) = ids
        assert result.entity(entity_id).name == "Anna Berg"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Senate Majority Leader Mitch McConnell, R-Ky., said that the vote would fail.",
         ("Senate Majority Leader Mitch McConnell, R-Ky.", "Mitch McConnell", "Majority Leader", "Senate")),
        ("German Chancellor Angela Merkel said that the talks had failed.",
         ("German Chancellor Angela Merkel", "Angela Merkel", "Chancellor", "Germany")),
        ("A lawyer for the news outlets, David Schulz, said that the ruling was wrong.",
         ("A lawyer for the news outlets, David Schulz", "David Schulz", "lawyer", "news outlets")),
        ("Mr. King, 82, told me that he had never been edited.", ("Mr. King, 82", "King", None, None)),
        ("Kremlin spokesman Dmitry Peskov said that the talks would continue.",
         ("Dmitry Peskov", "Dmitry Peskov", "spokesman", "Kremlin")),
    ],
)
def test_speakers_titles_tags_and_named_appositives(text, expected):
    assert speakers(text) == [expected]


@pytest.mark.parametrize(
    "text, role, affiliation",
    [
        ("Mexican President Andrés Manuel López Obrador said that the plan would fail.", "President", "Mexico"),
        ("On Monday, police spokesman Mariusz Ciarka said that the driver was arrested.", "spokesman", "police"),
        ("Company meteorologist Evan Duffey said that the winds would pick up.", "meteorologist", None),
        ("Springfield mayor Joe Quimby said that the bridge would reopen.", "mayor", "Springfield"),
        ("Joe Quimby, Springfield mayor, said that the bridge would reopen.", "mayor", "Springfield"),
        ("Springfield's first selectman, Joe Quimby, said that the bridge would reopen.", "first selectman", "Springfield"),
        ("The executive director of the Harbor Trust, Ann Lee, said that the pier was unsafe.",
         "executive director", "Harbor Trust"),
        ("US Secretary of State Mike Pompeo said that the talks would continue.", "Secretary of State", "United States"),
        ("Vatican archbishop Charles Scicluna said that the report was accurate.", "archbishop", "Vatican"),
        ("Military expert Yurii Fedorov notes that the industry is short of workers.", "military expert", None),
        ("Foreign Minister Jean-Yves Le Drian said that the talks would resume.", "Foreign Minister", None),
        ("Ann Lee, chief of staff, said that the talks had stalled.", "chief of staff", None),
        ("Environment Canada spokesperson Ann Lee said that the storm was weakening.", "spokesperson",
         "Environment Canada"),
        ("Ohio's chief medical officer Ann Lee said that the outbreak was contained.", "chief medical officer", "Ohio"),
        ("Chile's president Gabriel Boric said that the reform would pass.", "president", "Chile"),
        ("Peru's Foreign Minister Ana Cecilia Gervasi said that the talks would resume.", "Foreign Minister", "Peru"),
        ("Joe Quimby, Springfield's mayor, said that the bridge would reopen.", "mayor", "Springfield"),
        ("Ann Lee, the Speaker of the Springfield Assembly, said that the vote would be held.", "Speaker",
         "Springfield Assembly"),
        ("Filippo Grandi, the United Nations High Commissioner for Refugees (UNHCR), said that the deal worried him.",
         "High Commissioner for Refugees", "United Nations"),
        ("The company's co-founder, Ann Lee, said that sales were up.", "co-founder", None),
        ("Ann Lee, the vice-chair of the Harbor Trust, said that the pier was unsafe.", "vice-chair", "Harbor Trust"),
        ("Florida-based Republican strategist Rick Wilson said that the race was close.", "Republican strategist",
         "Florida"),
    ],
)
def test_speakers_role_split_from_where_it_is_held(text, role, affiliation):
    """The role is the position; the organisation, place or people it is held at is the affiliation."""
    [(_, _, found_role, found_affiliation)] = speakers(text)
    assert (found_role, found_affiliation) == (role, affiliation)


@pytest.mark.parametrize(
    "text, role, affiliation",
    [
        ("According to the Springfield mayor, Joe Quimby, the bridge would reopen on Monday.", "mayor", "Springfield"),
        ("A Microsoft spokesperson said that the update would ship.", "spokesperson", "Microsoft"),
        ("A senior official said that the shelves would be restocked.", None, None),
        ("The Chinese government said that the talks would continue.", None, None),
        ("The Mexican president's statement said that the talks would continue.", None, None),
        ("The Harbor Workers Union (HWU) held a rally on Monday. HWU president Ann Lee said that the strike "
         "would continue.", "president", "Harbor Workers Union"),
        ("The Harbor Workers Union (HWU) held a rally on Monday. Ann Lee, the HWU trade commissioner, said "
         "that the strike would continue.", "trade commissioner", "Harbor Workers Union"),
    ],
)
def test_speakers_role_of_according_to_unnamed_and_acronym_affiliations(text, role, affiliation):
    """"According to ROLE, NAME" splits its role too; an unnamed source gets a role only when it says
    where it is held; an acronym the article spells out is expanded, as speaker names are."""
    [(_, _, found_role, found_affiliation)] = speakers(text)
    assert (found_role, found_affiliation) == (role, affiliation)


@pytest.mark.parametrize(
    "text, role, affiliation",
    [
        ("Ann Lee of the Harbor Trust said that the pier was unsafe.", None, "Harbor Trust"),
        ("Sheldon Yett of UNICEF said that the campaign had worked.", None, "UNICEF"),
        ("Tom Berg of Springfield said that the road was closed.", None, "Springfield"),
        ("Ann Lee of the advocacy group Harbor Watch said that the pier was unsafe.", None, "Harbor Watch"),
        ("Ann Lee of the seventh Congressional District said that the vote was close.", None,
         "seventh Congressional District"),
        ("Tom Berg said at the briefing that the road was closed.", None, None),
        ("Republican Sens. Johnny Isakson of Georgia and John Boozman of Arkansas said that the bill would pass.",
         None, "Georgia"),
    ],
)
def test_speakers_affiliation_after_the_name(text, role, affiliation):
    """"NAME of ORG said": the organisation or place the person is of, without a description before
    its name; a preposition that belongs to the verb gives none."""
    [(_, _, found_role, found_affiliation)] = speakers(text)
    assert (found_role, found_affiliation) == (role, affiliation)


@pytest.mark.parametrize(
    "text, role, affiliation",
    [
        ("Governor Ann Lee resigned on Monday. Tom Berg, Lee's chief of staff, said that he would resign too.",
         "chief of staff", "Ann Lee"),
        ("An Air India Express flight crashed on Friday. Indian Prime Minister Narendra Modi said that his "
         "thoughts were with the families.", "Prime Minister", "India"),
        ("Prime Minister Benjamin Netanyahu met the envoy. Uzi Arad, Mr. Netanyahu's former national security "
         "adviser, said that the deal was weak.", "former national security adviser", "Benjamin Netanyahu"),
    ],
)
def test_speakers_affiliation_naming_a_person_by_surname(text, role, affiliation):
    """A possessor named by surname is the person's full name, as a speaker's surname is; a country
    or a word of an organisation's name is not taken for a surname."""
    [*_, (_, _, found_role, found_affiliation)] = speakers(text)
    assert (found_role, found_affiliation) == (role, affiliation)


@pytest.mark.parametrize("text, source, entity_name", [
    ("Ukrainians at the front have reported that the troops fight on.", "Ukrainians at the front", None),
    ("Officials in Moscow said the talks had failed.", "Officials in Moscow", None),
    ("The Justice Department said it would appeal the ruling.", "The Justice Department", "Justice Department"),
    ("Hugh Griffiths, a researcher, said the shipments continued.", "Hugh Griffiths", "Hugh Griffiths"),
])
def test_speakers_entity_link_only_when_the_entity_is_the_speaker(text, source, entity_name):
    result = saywho.extract(text)
    [attribution] = [a for a in result.attributions if a.source and a.source.text == source]
    linked = result.entity(attribution.speaker.entity) if attribution.speaker.entity else None
    assert (linked.name if linked else None) == entity_name


def test_speakers_name_without_a_first_word_the_tagger_took_in():
    """"Certainly Donald Trump" is a sentence's adverb taken into a name: the person is Donald Trump,
    in the speaker's name and where a possessor names him."""
    text = ("Ari Fleischer said the nomination would test their conclusions. “Certainly Donald Trump has gone in "
            "the opposite direction from what we recommended,” said the former aide. Paul Manafort, Trump's "
            "campaign chairman, said that the convention would be calm.")
    assert speakers(text)[-1][1:] == ("Paul Manafort", "campaign chairman", "Donald Trump")
