"""The word lists of English grammar that reading dates, numbers and questions needs, in one place: month and
weekday names, ordinal and number words, stop words, and the abbreviations a sentence does not end at."""

from __future__ import annotations

from collections.abc import Iterable

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec")
MONTH_NUMBERS = {**{m.lower(): i for i, m in enumerate(MONTHS, start=1)},
                 **{m[:3].lower(): i for i, m in enumerate(MONTHS, start=1)}, "sept": 9}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
CALENDAR_WORDS = frozenset(word.lower() for word in (*MONTHS, *WEEKDAYS))  # capitalised, yet no names
ORDINAL_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                 "eleventh", "twelfth")
CARDINAL_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
NUMBER_WORDS = {**{w: i for i, w in enumerate(CARDINAL_WORDS, start=1)}, "once": 1, "twice": 2, "thrice": 3}
LARGE_NUMBER_WORDS = ("hundred", "thousand", "million", "billion")
MAGNITUDE_WORDS = (*LARGE_NUMBER_WORDS, "mln", "bln", "trillion")  # the wire writes "4.1 mln", "1.73 bln"
# Words that measure what a number counts: percentages, currencies as the wire writes them, weights and volumes.
MEASURE_WORDS = frozenset(
    "pct percent dlrs dlr dollars dollar cents cent yen marks mark francs franc pounds pound stg lire lira guilders "
    "guilder ecus ecu pesos peso rupees rupee crowns crown yuan won rand tonnes tonne tons ton barrels barrel bpd "
    "ounces ounce bushels bushel kg kilos kilograms grams litres liters gallons acres hectares miles km kilometres "
    "metres meters feet shares share points point".split())
TEEN_AND_TEN_WORDS = ("thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
                      "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
QUANTIFIERS = ("no", "none", "all", "some", "any", "few", "little", "many", "much", "most", "several", "half",
               "quarter", "third", "thirds", "dozen", "dozens", "scores", "majority", "minority", "double", "triple")
BE_FORMS = ("is", "are", "was", "were", "be", "been", "being")
STOPWORDS = frozenset(
    """a an the and or but if of to in on at by for with from as is are was were be been being has have had do does
    did not no this that these those it its it's he she they them his her their we our you your i me my what which
    who whom whose when where why how many much often times time there here than then so such into about over
    after before since until also very can could would should will shall may might must up down out just more most
    any all some each every""".split()
)
# Words that open a sentence capitalised and name nothing: "According to the piece, ...", "During Kim's visit".
OPENING_WORDS = frozenset(
    """according following regarding concerning including excluding considering given despite amid amidst among
    besides between beyond during against without within under through throughout toward towards unlike like
    upon via while whereas although though unless because meanwhile however""".split()
)
SENTENCE_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st jr sr gen gov sen rep lt col capt sgt cmdr adm vs etc inc corp co ltd bros
    no nos vol fig approx dept est u.s u.n u.k e.g i.e a.m p.m ph.d""".split()
) | {m.lower() for m in MONTH_ABBREVIATIONS}


def either(words: Iterable[str]) -> str:
    """A regular-expression alternation of the words, in order."""
    return "|".join(words)

# English verbs whose past forms are not made with -ed: each past form and participle to its base form, so that a
# question's "sell" meets an article's "sold"
IRREGULAR_VERBS = {form: base for base, *forms in (line.split() for line in """
arise arose arisen|become became|begin began begun|bid|break broke broken|bring brought|build built|buy bought
choose chose chosen|come came|cut|deal dealt|draw drew drawn|drive drove driven|fall fell fallen|fight fought
find found|fly flew flown|forbid forbade forbidden|forecast|freeze froze frozen|get got gotten|give gave given
go went gone|grow grew grown|hit|hold held|keep kept|know knew known|lay laid|lead led|leave left|lend lent
lose lost|make made|meet met|pay paid|put|quit|rise rose risen|run ran|see saw seen|seek sought|sell sold
send sent|set|shake shook shaken|shut|sink sank sunk|speak spoke spoken|spend spent|split|spread|stand stood
steal stole stolen|strike struck|swear swore sworn|take took taken|teach taught|tell told|think thought
throw threw thrown|undertake undertook undertaken|upset|win won|withdraw withdrew withdrawn|write wrote written
""".replace("\n", " ").split("|")) for form in forms}
