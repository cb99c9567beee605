#include "stopwords.h"

#include <stdlib.h>
#include <string.h>

/* Function words only (articles, pronouns, prepositions, auxiliaries,
 * conjunctions, common particles), in folded form: lowercase, no Latin
 * diacritics, Russian е for ё.  Each list is sorted bytewise (strcmp order)
 * for bsearch; test_stopwords checks that. */
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

typedef struct {
    const char *word;
    size_t len;
} probe;

static int compare_probe(const void *key, const void *elem)
{
    const probe *p = key;
    const char *w = *(const char *const *)elem;
    size_t wlen = strlen(w);
    size_t n = p->len < wlen ? p->len : wlen;
    int c = memcmp(p->word, w, n);
    if (c != 0) return c;
    return (p->len > wlen) - (p->len < wlen);
}

static bool in_list(const word_list *list, const probe *p)
{
    return bsearch(p, list->words, list->count, sizeof list->words[0], compare_probe) != NULL;
}

bool hv_is_stopword(hv_lang lang, const char *word, size_t len)
{
    /* The longest stopword is short: anything longer is not one. */
    if (!word || len == 0 || len > 40) return false;
    probe p = {word, len};
    if (lang != HV_LANG_UNKNOWN)
        return lang > HV_LANG_UNKNOWN && lang < HV_LANG_COUNT && in_list(&lists[lang], &p);
    for (int l = HV_LANG_UNKNOWN + 1; l < HV_LANG_COUNT; l++)
        if (in_list(&lists[l], &p)) return true;
    return false;
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
