"""Short made-up news stories for the batch tests: a wire story, a reprint of it, and two others."""

WIRE = ("The government of Norland will spend 40 million euros on new flood barriers along the river Vell "
        "over the next three years, Finance Minister Anna Berg said on Tuesday. \"We cannot wait for the next "
        "flood to reach the old town,\" Berg told reporters in the capital. According to the national weather "
        "office, the river rose above its banks four times in the past decade, and officials said damage from "
        "the last flood reached about 12 million euros. Local farmers have asked for compensation, said Piet "
        "Janssen, who leads the regional farmers' union, adding that many fields were still under water in "
        "the spring. The plan must still be approved by parliament, where the opposition has called it too "
        "small.")
COPY = "VELLSTAD (Wire) - " + WIRE + " Reporting by the Norland Wire desk."
OTHER = ("The city council of Ostmark voted to close the old tram line next year, Mayor Lena Fisk said on "
         "Monday. Fisk said buses would replace the trams on the route.")
OTHER_LONG = ("Engineers at the port of Karsund began testing a new crane system on Friday that could double the "
              "number of containers the harbour handles each day, the port authority said. \"The first week "
              "went better than we planned,\" said harbour master Tomas Lind, who added that night shifts would "
              "start in May. Dock workers' representatives said they had not been consulted about the new shift "
              "pattern and asked for talks before the summer. The project cost 90 million crowns, according to "
              "the authority's annual report, and was paid for partly by a loan from the national bank.")
