"""Short articles in the style of real reporting: the seed's figures told first by one outlet,
reprinted word for word by others (a wire story), cited "according to" the first, and repeated
by other outlets and speakers with different hedges and figures."""

from __future__ import annotations

from saywho.articles import Article

WIRE = (
    "North Korea has sent millions of artillery shells to Russia since the summer of 2023, said Robert Farley, "
    "a professor at the University of Kentucky. Farley said that many of the shells were old and poorly stored.\n\n"
    "Officials in Kyiv did not respond to a request for comment."
)

REPORTS = [
    Article(
        "North Korea supplies up to 50% of Moscow's war needs, says Hugh Griffiths, senior researcher at the "
        "Stockholm International Peace Research Institute. Griffiths said the shipments began in August 2023.",
        id="rfe-1", title="Pyongyang's arsenal", outlet="RFE/RL", published="2024-11-02"),
    Article(WIRE, id="wire-1", title="North Korean shells", outlet="Associated Press", published="2024-11-03"),
    Article(WIRE + "\n\nThis story was provided by the Associated Press.", id="copy-1", title="Shells for Moscow",
            outlet="Yahoo News", published="2024-11-04"),
    Article(WIRE.replace("since the summer of 2023", "since last summer"), id="copy-2", title="Kim's shells",
            outlet="ABC News", published="2024-11-04"),
    Article(
        "North Korea supplies as much as 30% of Moscow's war needs, according to Radio Free Europe/Radio "
        "Liberty. South Korea's defence ministry said that Pyongyang has delivered hundreds of thousands of "
        "artillery shells to Russia.",
        id="guardian-1", title="Allies in arms", outlet="The Guardian", published="2024-11-05"),
    Article(
        "North Korea supplies about 60% of Moscow's war needs, said Jenny Town, director of the 38 North "
        "program at the Stimson Center. The trains carry shells and rockets every week, she said.",
        id="reuters-1", title="Half of Russia's shells", outlet="Reuters", published="2024-11-06"),
]
