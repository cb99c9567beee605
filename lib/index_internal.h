/* Shared by the wrapper's .cc files only: never include from C.  Each .cc
 * includes <xapian.h> itself first, so that the .cc files stay the only
 * place the Xapian API enters. */
#ifndef HV_INDEX_INTERNAL_H
#define HV_INDEX_INTERNAL_H

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#ifndef XAPIAN_INCLUDED_XAPIAN_H
#error "include <xapian.h> before index_internal.h"
#endif

#include "index.h"
#include "query.h"

namespace haven
{

constexpr Xapian::valueno SLOT_PASSAGE_NUMBER = 0;
constexpr Xapian::valueno SLOT_TRANSLATION_GROUP = 1;
constexpr Xapian::valueno SLOT_GROUP_LANGS = 2;
/* The passage record (passage_record.h).  A value, not the document data:
 * Xapian tries to deflate every document data item, and a record is already
 * deflated, so that was a second compression that never paid (a fifth of
 * the indexer's CPU at 10k passages).  Values are stored as they come. */
constexpr Xapian::valueno SLOT_RECORD = 3;
constexpr const char *META_ANALYSIS = "haven:analysis";
constexpr const char *META_COMPACTED = "haven:compacted-from"; /* revision compacted */
/* What an index's revisions count from.  An index that takes the place of
 * another (a rebuild) starts where the replaced one ended, so revisions go
 * on rising across rebuilds and caches keyed on them never take a new
 * index for the old one. */
constexpr const char *META_REVISION_BASE = "haven:revision-base";

/* The base of db's revisions (0 when none is recorded); readers see the
 * base plus Xapian's own revision. */
unsigned long revision_base(const Xapian::Database &db);

/* Turns the exception being handled into a status and a message.  Call only
 * inside a catch block. */
hv_status status_from_current_exception(std::string &message);

/* Term-safe identifier of a document path (see index.h). */
std::string file_id(const std::string &doc);
std::string file_term(const std::string &doc);
std::string file_metadata_key(const std::string &doc);
std::string file_title_key(const std::string &doc);

char *copy_string(const std::string &s); /* malloc'd; throws bad_alloc */

/* The Xapian query for a parsed query tree, filtered by language.  A
 * phrase is its words anywhere in a passage (the index keeps no
 * positions); with phrases_checked, excluded phrases are left out, for the
 * passage filter to apply (hv_passage_filter). */
Xapian::Query build_query(const hv_parsed_query *query, hv_lang lang, bool phrases_checked);

/* A passage filter's failure, thrown out of the reading loop and caught as
 * that status (status_from_current_exception). */
struct status_error {
    hv_status status;
};

/* The words of a query, as coverage counts them (index_coverage.cc): each
 * word typed with the bit it carries in the tree and its rarity. */
struct coverage_slots {
    std::vector<std::pair<uint64_t, double>> weights;
    uint64_t typed = 0;
    double total = 0;
    std::vector<std::string> terms;    /* every term of the query, sorted, unique */
    std::vector<std::string> prefixes; /* and the prefixes typed */
};
coverage_slots coverage_weights(const Xapian::Database &db, const hv_parsed_query *query);
/* The query terms each passage of dids holds, sorted: each query term's
 * posting list read once, skipping to the passages in docid order.  Reading
 * every passage's own term list instead decodes some 130 terms each. */
std::vector<std::vector<std::string>> held_terms(const Xapian::Database &db,
                                                 const std::vector<Xapian::docid> &dids,
                                                 const coverage_slots &slots);
/* The first of the query's answer terms (query.h) among a passage's
 * terms (sorted, as held_terms gives them), or NULL; points into query. */
const char *answer_held(const hv_parsed_query *query, const std::vector<std::string> &sorted_terms);
/* Share of the query's weight a passage answers, from 0 to 1, given the
 * query terms it holds (sorted). */
double coverage_of(const hv_parsed_query *query, const coverage_slots &slots,
                   const std::vector<std::string> &sorted_terms);

} // namespace haven

#endif
