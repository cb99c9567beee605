#include "answer_kind.h"

#include <stdbool.h>
#include <string.h>

/* Folded forms: lowercase, no Latin diacritics, е for ё. */
static bool is(const hv_token *t, const char *word)
{
    size_t n = strlen(word);
    return t->folded_len == n && memcmp(t->folded, word, n) == 0;
}

static bool is_any(const hv_token *t, const char *const *words)
{
    for (; *words; words++)
        if (is(t, *words)) return true;
    return false;
}

static bool starts_with(const hv_token *t, const char *prefix)
{
    size_t n = strlen(prefix);
    return t->folded_len >= n && memcmp(t->folded, prefix, n) == 0;
}

static const char *const moment_first[] = {"when", "wanneer", "когда", NULL};
static const char *const deadline[] = {"hoelang",  "termijn",   "termijnen",
                                       "deadline", "deadlines", NULL};
static const char *const how_many[] = {"how", "hoeveel", "сколько", NULL};
static const char *const time_units[] = {"days",  "weeks",   "months", "years",   "hours", "dagen",
                                         "weken", "maanden", "jaar",   "jaren",   "uren",  "tijd",
                                         "time",  "дней",    "недель", "месяцев", "лет",   "часов",
                                         "суток", "времени", "длится", NULL};

/* word[i] and word[i + 1] are first and second */
static bool pair_at(const hv_token *tokens, size_t n, size_t i, const char *first,
                    const char *second)
{
    return i + 1 < n && is(&tokens[i], first) && is(&tokens[i + 1], second);
}

hv_answer_kind hv_answer_kind_asked(const hv_token *tokens, size_t n)
{
    if (n == 0) return HV_ANSWER_ANY;
    if (is_any(&tokens[0], moment_first)) return HV_ANSWER_TIME;
    for (size_t i = 0; i < n; i++) {
        const hv_token *t = &tokens[i];
        if (is_any(t, deadline) || starts_with(t, "срок")) return HV_ANSWER_TIME;
        if (pair_at(tokens, n, i, "hoe", "lang") || pair_at(tokens, n, i, "how", "long") ||
            pair_at(tokens, n, i, "how", "soon") || pair_at(tokens, n, i, "как", "долго") ||
            pair_at(tokens, n, i, "через", "сколько"))
            return HV_ANSWER_TIME;
        /* how many days, hoeveel maanden, сколько месяцев */
        if (i + 1 < n && is_any(t, how_many) &&
            (is_any(&tokens[i + 1], time_units) ||
             (i + 2 < n && is(&tokens[i + 1], "many") && is_any(&tokens[i + 2], time_units))))
            return HV_ANSWER_TIME;
    }
    return HV_ANSWER_ANY;
}

/* Units of time, as a passage that states a time names them; their other
 * forms meet these at the stem. */
static const hv_answer_word time_words[] = {
    {"dag", HV_LANG_NL},     {"dagen", HV_LANG_NL},   {"werkdagen", HV_LANG_NL},
    {"week", HV_LANG_NL},    {"weken", HV_LANG_NL},   {"maand", HV_LANG_NL},
    {"maanden", HV_LANG_NL}, {"jaar", HV_LANG_NL},    {"jaren", HV_LANG_NL},
    {"uur", HV_LANG_NL},     {"day", HV_LANG_EN},     {"days", HV_LANG_EN},
    {"week", HV_LANG_EN},    {"weeks", HV_LANG_EN},   {"month", HV_LANG_EN},
    {"months", HV_LANG_EN},  {"year", HV_LANG_EN},    {"years", HV_LANG_EN},
    {"hours", HV_LANG_EN},   {"день", HV_LANG_RU},    {"дней", HV_LANG_RU},
    {"дня", HV_LANG_RU},     {"неделя", HV_LANG_RU},  {"недель", HV_LANG_RU},
    {"месяц", HV_LANG_RU},   {"месяцев", HV_LANG_RU}, {"год", HV_LANG_RU},
    {"года", HV_LANG_RU},    {"лет", HV_LANG_RU},     {"часов", HV_LANG_RU},
};

const hv_answer_word *hv_answer_words(hv_answer_kind kind, size_t *count)
{
    if (kind != HV_ANSWER_TIME) {
        *count = 0;
        return NULL;
    }
    *count = sizeof time_words / sizeof time_words[0];
    return time_words;
}
