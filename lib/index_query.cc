/* From the parser's plain-C tree to a Xapian::Query. */
#include <xapian.h>

#include "index_internal.h"

#include "phrase_check.h"

#include <algorithm>
#include <string>
#include <vector>

namespace haven
{

/* A prefix may match many words; rank on the most frequent ones only. */
static const Xapian::termcount PREFIX_MAX_EXPANSION = 50;

static Xapian::Query build_node(const hv_query_node *node, bool phrases_checked);

static Xapian::Query build_children(Xapian::Query::op op, const hv_query_node *node,
                                    bool phrases_checked)
{
    std::vector<Xapian::Query> parts;
    for (size_t i = 0; i < node->n_children; i++) {
        /* an excluded phrase is the filter's to apply: its words apart
         * must not exclude a passage */
        if (op == Xapian::Query::OP_AND_NOT && i > 0 && phrases_checked &&
            hv_phrase_is_positional(node->children[i]))
            continue;
        parts.push_back(build_node(node->children[i], phrases_checked));
    }
    if (op == Xapian::Query::OP_AND_NOT && parts.size() == 1) return parts[0];
    return Xapian::Query(op, parts.begin(), parts.end());
}

/* All the forms of a word are one term (OP_SYNONYM): the exact form, each
 * stem, and a stem's bare form, since a word that is its own stem has no
 * stem term (analysis.h).  The exact form once scored on top of the stems'
 * group, which read its posting list twice (the bare form of a stem is
 * often the word typed) and let a passage that repeats the very word typed
 * outrank one that answers in other words or another language.  Without
 * it nDCG@10 rose on four of the eight judged sets (the dev set 0.823 to
 * 0.834; cross-lingual on all), fell on holdout3 (0.670 to 0.661) and by
 * 0.001 on judged, and p50 fell 5-11% at 10k-1M passages
 * (benchmarks/relevance/README.md). */
static Xapian::Query build_word(const hv_query_node *node)
{
    if (node->n_terms == 0) return Xapian::Query::MatchNothing;
    if (node->n_terms == 1) return Xapian::Query(node->terms[0]);
    std::vector<std::string> forms;
    forms.emplace_back(node->terms[0]);
    for (size_t i = 1; i < node->n_terms; i++) {
        forms.emplace_back(node->terms[i]);
        if (node->terms[i][0] == HV_PREFIX_STEM) forms.emplace_back(node->terms[i] + 1);
    }
    std::sort(forms.begin(), forms.end());
    forms.erase(std::unique(forms.begin(), forms.end()), forms.end());
    return Xapian::Query(Xapian::Query::OP_SYNONYM, forms.begin(), forms.end());
}

/* The index keeps no positions and no stopwords (analysis.h): a phrase is
 * the rest of its words, and whether the words stand together is for the
 * passage filter to check (phrase_check.h).  A phrase of stopwords alone is
 * searched as typed: other languages may hold them. */
static Xapian::Query build_phrase(const hv_query_node *node)
{
    std::vector<Xapian::Query> words;
    for (size_t i = 0; i < node->n_terms; i++)
        if (hv_phrase_word_indexed(node, i)) words.emplace_back(node->terms[i]);
    return Xapian::Query(Xapian::Query::OP_AND, words.begin(), words.end());
}
static Xapian::Query build_node(const hv_query_node *node, bool phrases_checked)
{
    Xapian::Query q;
    switch (node->kind) {
    case HV_QN_WORD:
        q = build_word(node);
        break;
    case HV_QN_PHRASE:
        q = build_phrase(node);
        break;
    case HV_QN_PREFIX:
        if (node->n_terms == 0) return Xapian::Query::MatchNothing;
        q = Xapian::Query(Xapian::Query::OP_WILDCARD, node->terms[0], PREFIX_MAX_EXPANSION,
                          Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
        break;
    case HV_QN_AND:
        q = build_children(Xapian::Query::OP_AND, node, phrases_checked);
        break;
    case HV_QN_OR:
        q = build_children(Xapian::Query::OP_OR, node, phrases_checked);
        break;
    case HV_QN_AND_NOT:
        q = build_children(Xapian::Query::OP_AND_NOT, node, phrases_checked);
        break;
    case HV_QN_SYNONYM:
        q = build_children(Xapian::Query::OP_SYNONYM, node, phrases_checked);
        break;
    }
    if (node->weight > 0 && node->weight != 1.0)
        q = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, node->weight);
    return q;
}

Xapian::Query build_query(const hv_parsed_query *query, hv_lang lang, bool phrases_checked)
{
    if (!query || !query->root) return Xapian::Query::MatchNothing;
    Xapian::Query q = build_node(query->root, phrases_checked);
    hv_lang filters[2] = {query->lang, lang};
    for (hv_lang f : filters) {
        if (f != HV_LANG_UNKNOWN)
            q = Xapian::Query(Xapian::Query::OP_FILTER, q,
                              Xapian::Query(std::string(1, HV_PREFIX_LANG) + hv_lang_code(f)));
    }
    return q;
}

} // namespace haven
