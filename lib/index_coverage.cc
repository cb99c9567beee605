/* How much of a query a passage answers.  BM25 adds up what each word
 * earns, so a passage that repeats two common words of a question can beat
 * one that holds every word, or that answers it in another language
 * through the thesaurus.  Coverage counts the words a passage answers, each
 * weighted by its rarity, and ranking scales the score by it. */
#include <xapian.h>

#include "index_internal.h"

#include "phrase_check.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string_view>

namespace haven
{

/* A prefix stands for many words; count it as a fairly common one. */
static const double PREFIX_SHARE = 0.1;

static double rarity(const Xapian::Database &db, Xapian::doccount df)
{
    double n = db.get_doccount();
    return std::log(1.0 + n / (df + 1.0));
}

/* The passages a word typed reaches: those of its most common form (the
 * stem); a phrase reaches no more passages than its rarest word. */
static double typed_weight(const Xapian::Database &db, const hv_query_node *node)
{
    switch (node->kind) {
    case HV_QN_WORD: {
        Xapian::doccount df = 0;
        for (size_t i = 0; i < node->n_terms; i++)
            df = std::max(df, db.get_termfreq(node->terms[i]));
        return rarity(db, df);
    }
    case HV_QN_PHRASE: {
        Xapian::doccount df = db.get_doccount();
        for (size_t i = 0; i < node->n_terms; i++)
            if (hv_phrase_word_indexed(node, i)) df = std::min(df, db.get_termfreq(node->terms[i]));
        return rarity(db, df);
    }
    case HV_QN_PREFIX:
        return rarity(db, (Xapian::doccount)(db.get_doccount() * PREFIX_SHARE));
    default:
        /* a compound typed: the compound itself comes first */
        return node->n_children ? typed_weight(db, node->children[0]) : 0.0;
    }
}

/* What AND_NOT takes away is not part of the question. */
static size_t asked_children(const hv_query_node *node)
{
    return node->kind == HV_QN_AND_NOT ? std::min<size_t>(node->n_children, 1) : node->n_children;
}

static void collect_slots(const Xapian::Database &db, const hv_query_node *node,
                          coverage_slots &out)
{
    if (node->covers && node->kind != HV_QN_SYNONYM) {
        out.weights.emplace_back(node->covers, typed_weight(db, node));
        return;
    }
    if (node->covers) return; /* a concept: it covers words, it is not one */
    for (size_t i = 0; i < asked_children(node); i++)
        collect_slots(db, node->children[i], out);
}

static void collect_terms(const hv_query_node *node, coverage_slots &out)
{
    if (node->kind == HV_QN_PREFIX) {
        if (node->n_terms) out.prefixes.emplace_back(node->terms[0]);
        return;
    }
    for (size_t i = 0; i < node->n_terms; i++) {
        if (node->kind == HV_QN_PHRASE && !hv_phrase_word_indexed(node, i)) continue;
        out.terms.emplace_back(node->terms[i]);
        /* a word that is its own stem is indexed bare (analysis.h) */
        if (node->kind == HV_QN_WORD && i > 0 && node->terms[i][0] == HV_PREFIX_STEM)
            out.terms.emplace_back(node->terms[i] + 1);
    }
    for (size_t i = 0; i < asked_children(node); i++)
        collect_terms(node->children[i], out);
}

std::vector<std::vector<std::string>> held_terms(const Xapian::Database &db,
                                                 const std::vector<Xapian::docid> &dids,
                                                 const coverage_slots &slots)
{
    std::vector<std::vector<std::string>> held(dids.size());
    std::vector<size_t> order(dids.size());
    for (size_t i = 0; i < order.size(); i++)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return dids[a] < dids[b]; });
    /* terms in sorted order, so each passage's list comes out sorted */
    for (const auto &q : slots.terms) {
        Xapian::PostingIterator p = db.postlist_begin(q), end = db.postlist_end(q);
        for (size_t k = 0; k < order.size() && p != end; k++) {
            Xapian::docid did = dids[order[k]];
            p.skip_to(did);
            if (p != end && *p == did) held[order[k]].push_back(q);
        }
    }
    if (slots.prefixes.empty()) return held;
    /* a prefix stands for words the query does not list: look in the
     * passage's own terms */
    for (size_t i = 0; i < dids.size(); i++) {
        Xapian::TermIterator end = db.termlist_end(dids[i]);
        for (const auto &pre : slots.prefixes) {
            Xapian::TermIterator u = db.termlist_begin(dids[i]);
            u.skip_to(pre);
            if (u != end && (*u).compare(0, pre.size(), pre) == 0) held[i].push_back(*u);
        }
        std::sort(held[i].begin(), held[i].end());
    }
    return held;
}

coverage_slots coverage_weights(const Xapian::Database &db, const hv_parsed_query *query)
{
    coverage_slots slots;
    if (query && query->root) collect_slots(db, query->root, slots);
    if (query && query->root && slots.weights.size() > 1) {
        collect_terms(query->root, slots);
        for (size_t i = 0; i < query->n_answer_terms; i++)
            slots.terms.emplace_back(query->answer_terms[i]);
        std::sort(slots.terms.begin(), slots.terms.end());
        slots.terms.erase(std::unique(slots.terms.begin(), slots.terms.end()), slots.terms.end());
    }
    for (const auto &s : slots.weights) {
        slots.typed |= s.first;
        slots.total += s.second;
    }
    return slots;
}

static bool has_term(const std::vector<std::string> &terms, const char *t)
{
    return std::binary_search(terms.begin(), terms.end(), std::string_view(t));
}

static bool node_matches(const hv_query_node *node, const std::vector<std::string> &terms)
{
    switch (node->kind) {
    case HV_QN_WORD:
        for (size_t i = 0; i < node->n_terms; i++) {
            const char *t = node->terms[i];
            if (has_term(terms, t) || (i > 0 && t[0] == HV_PREFIX_STEM && has_term(terms, t + 1)))
                return true;
        }
        return false;
    case HV_QN_PHRASE:
        for (size_t i = 0; i < node->n_terms; i++)
            if (hv_phrase_word_indexed(node, i) && !has_term(terms, node->terms[i])) return false;
        return node->n_terms > 0;
    case HV_QN_PREFIX: {
        if (node->n_terms == 0) return false;
        size_t len = strlen(node->terms[0]);
        auto it = std::lower_bound(terms.begin(), terms.end(), std::string_view(node->terms[0]));
        return it != terms.end() && it->compare(0, len, node->terms[0]) == 0;
    }
    case HV_QN_AND:
        for (size_t i = 0; i < node->n_children; i++)
            if (!node_matches(node->children[i], terms)) return false;
        return node->n_children > 0;
    case HV_QN_AND_NOT:
        return node->n_children > 0 && node_matches(node->children[0], terms);
    case HV_QN_OR:
    case HV_QN_SYNONYM:
        for (size_t i = 0; i < node->n_children; i++)
            if (node_matches(node->children[i], terms)) return true;
        return false;
    }
    return false;
}

static uint64_t covered_bits(const hv_query_node *node, const std::vector<std::string> &terms)
{
    if (node->covers) return node_matches(node, terms) ? node->covers : 0;
    uint64_t bits = 0;
    for (size_t i = 0; i < asked_children(node); i++)
        bits |= covered_bits(node->children[i], terms);
    return bits;
}

const char *answer_held(const hv_parsed_query *query, const std::vector<std::string> &sorted_terms)
{
    for (size_t i = 0; i < query->n_answer_terms; i++)
        if (has_term(sorted_terms, query->answer_terms[i])) return query->answer_terms[i];
    return nullptr;
}

double coverage_of(const hv_parsed_query *query, const coverage_slots &slots,
                   const std::vector<std::string> &sorted_terms)
{
    if (slots.total <= 0) return 1.0;
    uint64_t bits = covered_bits(query->root, sorted_terms) & slots.typed;
    double covered = 0;
    for (const auto &s : slots.weights)
        if (bits & s.first) covered += s.second;
    return covered / slots.total;
}

} // namespace haven
