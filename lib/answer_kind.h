/* What kind of answer a question asks for, and the words by which a
 * passage shows it holds one.
 *
 * A helpline is asked for deadlines above all: "hoe lang heb ik om in
 * beroep te gaan", "how soon must I register", "в какой срок нужно
 * подать".  The passage that answers names a span of time ("binnen 30
 * dagen", "within eight working days", "в течение восьми рабочих дней"),
 * and the passages beside it on the same topic often do not.  So among the
 * first hits, those that name a unit of time rank higher when the
 * question asks how long or when (HV_ANSWER_BOOST).  The words are
 * analysed like any other text (analysis.h), so a passage's "maanden"
 * and the unit "maand" meet at their stem. */
#ifndef HV_ANSWER_KIND_H
#define HV_ANSWER_KIND_H

#include <stddef.h>

#include "language.h"
#include "tokenizer.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    HV_ANSWER_ANY = 0, /* no kind in particular */
    HV_ANSWER_TIME,    /* a span of time or a moment: how long, how soon, when */
} hv_answer_kind;

/* How much a first hit's score grows when it holds a word of the kind of
 * answer asked for.  On our judged set (146 queries, 13 of them asking for
 * a time) nDCG@10 rose by 0.0030 at 0.3 and 0.5 alike, 0.0003 at 0.15. */
#define HV_ANSWER_BOOST 0.3

/* The kind of answer the query tokens[0..n) ask for: a time when the
 * first word is when / wanneer / когда, or the query holds how long, how
 * soon, hoe lang, hoelang, как долго, через сколько, a word for a deadline
 * (termijn, deadline, срок), or how many / hoeveel / сколько before a unit
 * of time. */
hv_answer_kind hv_answer_kind_asked(const hv_token *tokens, size_t n);

typedef struct {
    const char *word; /* folded */
    hv_lang lang;
} hv_answer_word;

/* The words that show an answer of kind, in each language (static
 * storage); *count 0 for HV_ANSWER_ANY. */
const hv_answer_word *hv_answer_words(hv_answer_kind kind, size_t *count);

#ifdef __cplusplus
}
#endif

#endif
