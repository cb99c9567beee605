#include "stopwords.h"

#include <pthread.h>
#include <string.h>

#include "hash.h"

/* Function words only (articles, pronouns, prepositions, auxiliaries,
 * conjunctions, common particles), in folded form: lowercase, no Latin
 * diacritics, Russian е for ё.  Each list is sorted bytewise (strcmp order),
 * which keeps duplicates in sight; test_stopwords checks that. */
static const char *const stop_nl[] = {
    "aan",     "achter",  "al",        "alle",    "alles",    "als",       "ander",  "andere",
    "beide",   "ben",     "bent",      "bij",     "binnen",   "boven",     "buiten", "daar",
    "daarbij", "daarna",  "daarom",    "daarvan", "daarvoor", "dan",       "dat",    "de",
    "deed",    "den",     "der",       "des",     "deze",     "dezelfde",  "die",    "dit",
    "doen",    "doet",    "door",      "dus",     "echt",     "een",       "eens",   "eigenlijk",
    "elk",     "elke",    "en",        "enige",   "er",       "erop",      "ervan",  "even",
    "gedaan",  "geen",    "gehad",     "geweest", "gewoon",   "geworden",  "graag",  "haar",
    "had",     "hadden",  "heb",       "hebben",  "hebt",     "heeft",     "heel",   "hem",
    "hen",     "het",     "hetzelfde", "hier",    "hierbij",  "hiervoor",  "hij",    "hoe",
    "hoewel",  "hun",     "ieder",     "iedere",  "iemand",   "iets",      "ik",     "in",
    "indien",  "is",      "ja",        "je",      "jij",      "jou",       "jouw",   "jullie",
    "kan",     "kon",     "konden",    "kunnen",  "kunt",     "maar",      "mag",    "me",
    "meer",    "men",     "met",       "mij",     "mijn",     "misschien", "mocht",  "moest",
    "moet",    "moeten",  "mogen",     "na",      "naar",     "naast",     "nee",    "niemand",
    "niet",    "niets",   "noch",      "nog",     "nu",       "of",        "om",     "omdat",
    "onder",   "ons",     "onze",      "ook",     "op",       "over",      "per",    "precies",
    "reeds",   "rond",    "sinds",     "slechts", "sommige",  "te",        "tegen",  "tenzij",
    "terwijl", "tijdens", "toch",      "toen",    "tot",      "tussen",    "u",      "uit",
    "uw",      "van",     "vanaf",     "veel",    "via",      "volgens",   "voor",   "waar",
    "waarin",  "waarmee", "waarom",    "waarop",  "waarvan",  "wanneer",   "want",   "waren",
    "was",     "wat",     "we",        "weer",    "wel",      "welk",      "welke",  "werd",
    "werden",  "wie",     "wij",       "wil",     "willen",   "wilt",      "word",   "worden",
    "wordt",   "wou",     "zal",       "ze",      "zeer",     "zelf",      "zich",   "zichzelf",
    "zij",     "zijn",    "zo",        "zoals",   "zodat",    "zonder",    "zou",    "zouden",
    "zullen",  "zult",
};

static const char *const stop_en[] = {
    "a",         "about",   "above",     "across",  "actually",   "after",    "again",
    "against",   "all",     "along",     "already", "also",       "although", "am",
    "among",     "an",      "and",       "any",     "are",        "around",   "as",
    "at",        "be",      "because",   "been",    "before",     "being",    "below",
    "between",   "both",    "but",       "by",      "can",        "could",    "currently",
    "did",       "do",      "does",      "doing",   "done",       "down",     "during",
    "each",      "even",    "ever",      "every",   "exactly",    "few",      "for",
    "from",      "further", "had",       "has",     "have",       "having",   "he",
    "her",       "here",    "hers",      "herself", "him",        "himself",  "his",
    "how",       "however", "i",         "if",      "in",         "into",     "is",
    "it",        "its",     "itself",    "just",    "less",       "may",      "maybe",
    "me",        "might",   "mine",      "more",    "most",       "must",     "my",
    "myself",    "no",      "nor",       "not",     "now",        "of",       "off",
    "on",        "once",    "only",      "onto",    "or",         "other",    "others",
    "our",       "ours",    "ourselves", "out",     "over",       "own",      "per",
    "perhaps",   "please",  "really",    "same",    "shall",      "she",      "should",
    "since",     "so",      "some",      "still",   "such",       "than",     "that",
    "the",       "their",   "theirs",    "them",    "themselves", "then",     "there",
    "therefore", "these",   "they",      "this",    "those",      "though",   "through",
    "thus",      "to",      "too",       "under",   "unless",     "until",    "up",
    "upon",      "us",      "very",      "via",     "was",        "we",       "were",
    "what",      "when",    "where",     "whether", "which",      "while",    "who",
    "whom",      "whose",   "why",       "will",    "with",       "within",   "without",
    "would",     "yes",     "yet",       "you",     "your",       "yours",    "yourself",
};

static const char *const stop_ru[] = {
    "а",       "без",        "будем",   "будет",   "буду",    "будут",    "бы",       "был",
    "была",    "были",       "было",    "быть",    "в",       "вам",      "вами",     "вас",
    "ваш",     "ваша",       "ваше",    "ваши",    "весь",    "во",       "вокруг",   "вообще",
    "вот",     "все",        "всего",   "всем",    "всех",    "всю",      "вся",      "вы",
    "где",     "да",         "даже",    "для",     "до",      "другая",   "другие",   "другой",
    "его",     "ее",         "ей",      "ему",     "если",    "есть",     "еще",      "же",
    "за",      "зачем",      "здесь",   "и",       "из",      "или",      "им",       "именно",
    "ими",     "их",         "к",       "каждая",  "каждый",  "как",      "какая",    "какие",
    "какое",   "какой",      "ко",      "когда",   "которая", "которого", "которое",  "которой",
    "котором", "которому",   "которые", "который", "которым", "которых",  "кто",      "куда",
    "ли",      "либо",       "между",   "меня",    "мне",     "мной",     "могут",    "мое",
    "может",   "можно",      "мои",     "мой",     "моя",     "мы",       "на",       "над",
    "надо",    "нам",        "нами",    "нас",     "наш",     "наша",     "наше",     "наши",
    "не",      "него",       "нее",     "ней",     "нет",     "ни",       "ним",      "ними",
    "них",     "но",         "нужно",   "о",       "об",      "обо",      "около",    "он",
    "она",     "они",        "оно",     "от",      "откуда",  "очень",    "перед",    "по",
    "под",     "пожалуйста", "пока",    "после",   "потому",  "почему",   "поэтому",  "при",
    "про",     "просто",     "с",       "сам",     "сама",    "сами",     "само",     "свое",
    "своего",  "своей",      "свои",    "своих",   "свой",    "своя",     "себе",     "себя",
    "сейчас",  "сколько",    "со",      "собой",   "среди",   "та",       "так",      "также",
    "там",     "те",         "тебе",    "тебя",    "тем",     "тех",      "то",       "тобой",
    "того",    "тоже",       "той",     "только",  "том",     "тому",     "тот",      "тут",
    "ты",      "у",          "уже",     "хотя",    "чей",     "через",    "что",      "чтоб",
    "чтобы",   "эта",        "эти",     "этим",    "этих",    "это",      "этого",    "этой",
    "этом",    "этому",      "этот",    "эту",     "я",       "является", "являются",
};

typedef struct {
    const char *const *words;
    size_t count;
} word_list;

#define LIST(a)                                                                                    \
    {                                                                                              \
        a, sizeof(a) / sizeof((a)[0])                                                              \
    }

static const word_list lists[HV_LANG_COUNT] = {
    [HV_LANG_NL] = LIST(stop_nl),
    [HV_LANG_EN] = LIST(stop_en),
    [HV_LANG_RU] = LIST(stop_ru),
};

/* One open-addressed table for the three lists, built once.  Language
 * detection asks about every word of every paragraph it reads, and the
 * binary searches this replaces were a tenth of the indexer's CPU. */
#define TABLE_SLOTS 2048 /* a power of two: probes stay short while it is mostly empty */
#define LONGEST_STOPWORD 40

_Static_assert(sizeof stop_nl / sizeof stop_nl[0] + sizeof stop_en / sizeof stop_en[0] +
                       sizeof stop_ru / sizeof stop_ru[0] <=
                   TABLE_SLOTS / 3,
               "the stopword table must stay at most a third full");

typedef struct {
    const char *word; /* NULL: empty slot */
    unsigned char len;
    unsigned char langs; /* bit (1 << lang) per list holding the word */
} slot;

static slot table[TABLE_SLOTS];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static slot *find_slot(const char *word, size_t len)
{
    size_t i = (size_t)hv_hash(word, len) & (TABLE_SLOTS - 1);
    while (table[i].word && (table[i].len != len || memcmp(table[i].word, word, len) != 0))
        i = (i + 1) & (TABLE_SLOTS - 1);
    return &table[i];
}

static void build_table(void)
{
    for (int l = HV_LANG_UNKNOWN + 1; l < HV_LANG_COUNT; l++)
        for (size_t i = 0; i < lists[l].count; i++) {
            const char *w = lists[l].words[i];
            slot *s = find_slot(w, strlen(w));
            s->word = w;
            s->len = (unsigned char)strlen(w);
            s->langs |= (unsigned char)(1u << l);
        }
}

unsigned hv_stopword_langs(const char *word, size_t len)
{
    if (!word || len == 0 || len > LONGEST_STOPWORD) return 0;
    pthread_once(&table_once, build_table);
    return find_slot(word, len)->langs;
}

bool hv_is_stopword(hv_lang lang, const char *word, size_t len)
{
    unsigned langs = hv_stopword_langs(word, len);
    if (lang == HV_LANG_UNKNOWN) return langs != 0;
    return lang > HV_LANG_UNKNOWN && lang < HV_LANG_COUNT && (langs & (1u << lang));
}

/* For tests: the sorted list of a language. */
const char *const *hv_stopword_list(hv_lang lang, size_t *count)
{
    if (lang <= HV_LANG_UNKNOWN || lang >= HV_LANG_COUNT) {
        *count = 0;
        return NULL;
    }
    *count = lists[lang].count;
    return lists[lang].words;
}
