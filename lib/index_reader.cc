/* Searching the Xapian index.  A reader whose index changed underneath it
 * (DatabaseModifiedError) reopens and retries, so a running daemon keeps
 * answering while the indexer commits. */
#include <xapian.h>

#include "index_internal.h"

#include "answer_kind.h"
#include "edit_distance.h"
#include "utf8.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <utility>
#include <vector>

using namespace haven;

static const int MAX_ATTEMPTS = 4;
/* Words looked at when completing a prefix; bounds the cost of "a". */
static const size_t COMPLETE_SCAN_LIMIT = 50000;
/* Words compared when looking for a spelling correction. */
static const size_t NEAREST_SCAN_LIMIT = 200000;
/* Candidates reordered by coverage; deeper pages keep Xapian's order.  A
 * passage that answers a question only through the thesaurus scores low
 * before coverage is counted (its terms weigh half) and may start below
 * the 20th place: 40 took our judged set from nDCG@10 0.868 to 0.870
 * (cross-lingual 0.517 to 0.563; 100 gave the same) for 2.6% more
 * instructions per query at 100k passages (callgrind, 300 queries). */
static const unsigned RERANK_DEPTH = 40;
/* Candidates read at first when a passage filter decides (ranked_candidates);
 * four times as many each time that is not enough. */
static const size_t FILTER_FIRST_DEPTH = 40;

/* A passage that answers half the query keeps an eighth of its score:
 * coverage mostly decides between passages, the words' own scores within
 * a coverage.  The square measured better than the plain share on both
 * judged sets (benchmarks/RESULTS.md); the cube better again once the
 * thesaurus named more (nDCG@10 dev / judged / fresh: 0.820 / 0.865 /
 * 0.743 squared, 0.817 / 0.865 / 0.764 cubed, 0.798 / 0.867 / 0.764 to
 * the fourth). */
static double coverage_factor(double coverage)
{
    return coverage * coverage * coverage;
}

struct hv_index_reader {
    Xapian::Database db;
    std::string dir;
    ino_t version_inode = 0; /* of the index's version file, when opened */
    /* changes only with the folder (a rebuild), so it is read at a fresh
     * open, not for every request's revision */
    unsigned long revision_base = 0;
    std::string fingerprint;
    std::string error;

    /* A rebuilt index is a new folder under the old name (hv_index_compact
     * renames): reopen() would go on reading the old one's files when the
     * revision numbers happen to match, so a new version file means a
     * fresh open. */
    static ino_t version_file_inode(const std::string &dir)
    {
        struct stat st;
        return stat((dir + "/iamglass").c_str(), &st) == 0 ? st.st_ino : 0;
    }

    void reopen()
    {
        ino_t now = version_file_inode(dir);
        if (now && now != version_inode) {
            db = Xapian::Database(dir);
            version_inode = now;
            revision_base = haven::revision_base(db);
        } else {
            db.reopen();
        }
    }

    /* false when reopening failed too; the search's own error is reported */
    bool reopened()
    {
        try {
            reopen();
            return true;
        } catch (...) {
            return false;
        }
    }

    hv_status fail()
    {
        return status_from_current_exception(error);
    }

    template <typename F> hv_status run(F body)
    {
        for (int attempt = 1;; attempt++) {
            try {
                body();
                return HV_OK;
            } catch (const Xapian::DatabaseModifiedError &) {
                if (attempt == MAX_ATTEMPTS || !reopened()) return fail();
            } catch (const Xapian::DatabaseError &) {
                /* the folder was replaced while this search read it (a
                 * table Xapian opens late came from the new index) */
                ino_t now = version_file_inode(dir);
                if (attempt == MAX_ATTEMPTS || !now || now == version_inode || !reopened())
                    return fail();
            } catch (...) {
                return fail();
            }
        }
    }

    bool fingerprint_matches(std::string &stored)
    {
        stored = db.get_metadata(META_ANALYSIS);
        return stored == fingerprint;
    }

    std::string mismatch_message(const std::string &stored)
    {
        return "this index was built with different text analysis (" +
               (stored.empty() ? std::string("none recorded") : stored) + "; this program uses " +
               fingerprint + "): rebuild it with haven-index --rebuild";
    }
};

extern "C" hv_status hv_index_reader_open(const char *dir, const char *fingerprint,
                                          hv_index_reader **out, char **errmsg)
{
    *out = nullptr;
    if (errmsg) *errmsg = nullptr;
    hv_index_reader *r = nullptr;
    std::string msg;
    hv_status st;
    try {
        r = new hv_index_reader;
        r->fingerprint = fingerprint;
        r->dir = dir;
        r->version_inode = hv_index_reader::version_file_inode(r->dir);
        r->db = Xapian::Database(dir);
        r->revision_base = revision_base(r->db);
        std::string stored;
        if (r->fingerprint_matches(stored)) {
            *out = r;
            return HV_OK;
        }
        msg = r->mismatch_message(stored);
        st = HV_ERR_ANALYSIS_MISMATCH;
    } catch (...) {
        st = status_from_current_exception(msg);
        if (st == HV_ERR_DATABASE || st == HV_ERR_NOT_FOUND)
            msg = std::string("cannot open index ") + dir + ": " + msg;
    }
    delete r;
    if (errmsg) {
        try {
            *errmsg = copy_string(msg);
        } catch (...) {
        }
    }
    return st;
}

extern "C" void hv_index_reader_free(hv_index_reader *r)
{
    delete r;
}

extern "C" const char *hv_index_reader_error(const hv_index_reader *r)
{
    return r ? r->error.c_str() : "no index reader";
}

extern "C" hv_status hv_index_reader_refresh(hv_index_reader *r)
{
    hv_status st = r->run([&] { r->reopen(); });
    if (st != HV_OK) return st;
    try {
        std::string stored;
        if (!r->fingerprint_matches(stored)) {
            r->error = r->mismatch_message(stored);
            return HV_ERR_ANALYSIS_MISMATCH;
        }
        return HV_OK;
    } catch (...) {
        return r->fail();
    }
}

/* The passage of doc's translation group written in lang; 0 when the group
 * has none (or doc is in no group). */
static Xapian::docid translation_in(Xapian::Database &db, const Xapian::Document &doc, hv_lang lang)
{
    std::string group = doc.get_value(SLOT_TRANSLATION_GROUP);
    if (group.empty()) return 0;
    Xapian::Query same_group(Xapian::Query::OP_VALUE_RANGE, SLOT_TRANSLATION_GROUP, group, group);
    Xapian::Enquire enquire(db);
    enquire.set_query(
        Xapian::Query(Xapian::Query::OP_FILTER, same_group,
                      Xapian::Query(std::string(1, HV_PREFIX_LANG) + hv_lang_code(lang))));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::MSet m = enquire.get_mset(0, 1);
    return m.empty() ? 0 : *m.begin();
}

/* A passage the match found, with its record when a filter has read it. */
struct candidate {
    Xapian::docid did;
    double weight;
    std::string data;
    std::string group; /* its translation group, when the match collapses them */
};

/* Candidates [first, first + count) of the ranking, best first.  A filter
 * reads passages in rank order until enough are kept: most phrase queries
 * find their hits among the first candidates, and a Xapian match decider
 * would read every passage that holds the words. */
static std::vector<candidate> ranked_candidates(Xapian::Enquire &enquire, unsigned first,
                                                unsigned count, const hv_passage_filter *filter,
                                                size_t &total, bool &incomplete)
{
    incomplete = false;
    std::vector<candidate> out;
    if (!filter) {
        Xapian::MSet m = enquire.get_mset(first, count);
        total = m.get_matches_estimated();
        for (auto it = m.begin(); it != m.end(); ++it)
            out.push_back({*it, it.get_weight(), std::string(), it.get_collapse_key()});
        return out;
    }
    const size_t want = size_t(first) + count;
    const size_t budget = filter->max_reads ? filter->max_reads : SIZE_MAX;
    size_t from = 0, depth = std::max<size_t>(want * 2, FILTER_FIRST_DEPTH);
    size_t checked = 0, kept = 0;
    for (;;) {
        size_t ask = std::min(depth, budget) - from;
        Xapian::MSet m = enquire.get_mset(Xapian::doccount(from), Xapian::doccount(ask));
        size_t estimated = m.get_matches_estimated();
        for (auto it = m.begin(); it != m.end() && kept < want; ++it) {
            checked++;
            std::string data = it.get_document().get_value(SLOT_RECORD);
            bool keep = false;
            hv_status st = filter->accept(filter->userdata, data.data(), data.size(), &keep);
            if (st != HV_OK) throw status_error{st};
            if (keep && kept++ >= first)
                out.push_back({*it, it.get_weight(), std::move(data), it.get_collapse_key()});
        }
        bool exhausted = m.size() < ask;
        if (exhausted) {
            total = kept; /* every candidate was read */
            break;
        }
        if (kept >= want) {
            /* as many of the rest kept as of those read */
            total = std::max(kept, size_t(double(estimated) * double(kept) / double(checked)));
            break;
        }
        if (checked >= budget) {
            total = kept;
            incomplete = true;
            break;
        }
        from = depth;
        depth *= 4;
    }
    return out;
}

/* When the query is plainly written in one language and a hit has a
 * translation in it, the hit shows that translation: the group ranked as
 * one, and a Dutch question is answered in Dutch. */
extern "C" hv_status hv_index_reader_search(hv_index_reader *r, const hv_parsed_query *query,
                                            hv_lang lang, unsigned offset, unsigned limit,
                                            bool want_terms, const hv_passage_filter *filter,
                                            hv_hit_list *out)
{
    out->hits = nullptr;
    out->count = 0;
    out->total = 0;
    out->incomplete = false;
    struct found_hit {
        double score;
        double coverage;
        Xapian::docid did;
        std::string data;
        std::string group;
        std::vector<std::string> terms;
        std::string group_langs;
        const char *answer; /* an answer term it holds (query.h), or NULL */
    };
    std::vector<found_hit> found;
    size_t total = 0;
    bool incomplete = false;
    hv_status st = r->run([&] {
        Xapian::Enquire enquire(r->db);
        enquire.set_query(build_query(query, lang, filter != nullptr));
        /* translations of one passage: only the best of them is a hit.
         * Collapsing reads a value for every candidate; an index without
         * translations is spared that. */
        bool translations = r->db.get_value_freq(SLOT_TRANSLATION_GROUP) > 0;
        enquire.set_docid_order(Xapian::Enquire::DONT_CARE);
        coverage_slots slots;
        if (query->by_coverage) slots = coverage_weights(r->db, query);
        bool rerank = slots.weights.size() > 1;
        /* Xapian keeps the copy of a group with the best weight of its own,
         * which coverage may reorder: a copy that answers only through the
         * thesaurus, or repeats one word typed, must not stand for the one
         * that holds them all.  Reordered, every copy is kept until the
         * order is known, within the same window (three times as deep cost
         * 39% of p50 on the make bench corpus, for nothing measured); only
         * when copies leave the page asked for short is it read again,
         * deep enough. */
        unsigned copies = translations && rerank ? HV_LANG_COUNT : 1;
        if (translations) enquire.set_collapse_key(SLOT_TRANSLATION_GROUP, copies);
        /* the first pages are reordered together, so paging stays stable */
        unsigned window = rerank ? std::max(offset + limit, RERANK_DEPTH) : offset + limit;
        for (;;) {
            found.clear();
            auto candidates = ranked_candidates(enquire, rerank ? 0 : offset,
                                                rerank ? window : limit, filter, total, incomplete);
            std::vector<std::vector<std::string>> held;
            if (rerank) {
                std::vector<Xapian::docid> dids;
                for (const auto &c : candidates)
                    dids.push_back(c.did);
                held = held_terms(r->db, dids, slots);
            }
            for (size_t i = 0; i < candidates.size(); i++) {
                candidate &c = candidates[i];
                found_hit h{};
                h.score = c.weight;
                h.coverage = 1.0;
                h.did = c.did;
                h.data = std::move(c.data);
                h.group = std::move(c.group);
                if (rerank) {
                    h.coverage = coverage_of(query, slots, held[i]);
                    h.score *= coverage_factor(h.coverage);
                    h.answer = answer_held(query, held[i]);
                    if (h.answer) h.score *= 1.0 + HV_ANSWER_BOOST;
                }
                found.push_back(std::move(h));
            }
            if (!rerank) break;
            std::stable_sort(
                found.begin(), found.end(),
                [](const found_hit &a, const found_hit &b) { return a.score > b.score; });
            if (copies == 1) break;
            /* the best copy of each group, now that the order is known */
            std::vector<std::string> groups;
            std::vector<found_hit> best;
            size_t before = found.size();
            for (auto &h : found) {
                if (!h.group.empty()) {
                    if (std::find(groups.begin(), groups.end(), h.group) != groups.end()) continue;
                    groups.push_back(h.group);
                }
                best.push_back(std::move(h));
            }
            found.swap(best);
            if (before > 0 && total > before)
                total = size_t(double(total) * double(found.size()) / double(before));
            else
                total = found.size();
            /* copies took places of the page asked for: once more, deep
             * enough for it to hold distinct groups */
            bool short_page = found.size() < size_t(offset) + limit && before == window;
            if (!short_page || window >= (offset + limit) * copies) break;
            window = (offset + limit) * copies;
        }
        if (rerank) {
            found.erase(found.begin(), found.begin() + std::min<size_t>(offset, found.size()));
            if (found.size() > limit) found.resize(limit);
        }
        for (auto &h : found) {
            /* the match has just found it: no need to look it up first */
            Xapian::Document doc = r->db.get_document(h.did, Xapian::DOC_ASSUME_VALID);
            if (translations && query->written_in != HV_LANG_UNKNOWN) {
                Xapian::docid own = translation_in(r->db, doc, query->written_in);
                if (own && own != h.did) {
                    h.did = own;
                    doc = r->db.get_document(own, Xapian::DOC_ASSUME_VALID);
                    h.data.clear();
                }
            }
            /* a passage filter has read it already */
            if (h.data.empty()) h.data = doc.get_value(SLOT_RECORD);
            /* set only with a translation group: without any, not read */
            if (translations) h.group_langs = doc.get_value(SLOT_GROUP_LANGS);
            h.terms.clear();
            if (want_terms)
                for (auto t = enquire.get_matching_terms_begin(h.did);
                     t != enquire.get_matching_terms_end(h.did); ++t)
                    h.terms.push_back(*t);
        }
    });
    if (st != HV_OK) return st;
    out->total = total;
    out->incomplete = incomplete;
    if (found.empty()) return HV_OK;
    out->hits = static_cast<hv_hit *>(calloc(found.size(), sizeof(hv_hit)));
    if (!out->hits) return HV_ERR_NOMEM;
    try {
        for (const auto &f : found) {
            hv_hit &h = out->hits[out->count++];
            h.score = f.score;
            h.coverage = f.coverage;
            h.data = static_cast<char *>(malloc(f.data.size() ? f.data.size() : 1));
            if (!h.data) throw std::bad_alloc();
            memcpy(h.data, f.data.data(), f.data.size());
            h.data_len = f.data.size();
            if (!f.group_langs.empty()) h.group_langs = copy_string(f.group_langs);
            if (f.answer) h.answer = copy_string(f.answer);
            if (f.terms.empty()) continue;
            h.matched = static_cast<char **>(calloc(f.terms.size(), sizeof(char *)));
            if (!h.matched) throw std::bad_alloc();
            for (const auto &t : f.terms)
                h.matched[h.n_matched++] = copy_string(t);
        }
    } catch (...) {
        hv_hit_list_free(out);
        return HV_ERR_NOMEM;
    }
    return HV_OK;
}

extern "C" hv_status hv_index_reader_passage(hv_index_reader *r, const char *doc, unsigned n,
                                             char **data, size_t *data_len)
{
    *data = nullptr;
    *data_len = 0;
    std::string found;
    bool exists = false;
    hv_status st = r->run([&] {
        /* the file's passages, then the one with that number: a file has
         * few, and a term per passage would cost more than this walk */
        std::string term = file_term(doc);
        std::string wanted = Xapian::sortable_serialise(n);
        exists = false;
        for (auto it = r->db.postlist_begin(term); it != r->db.postlist_end(term); ++it) {
            Xapian::Document d = r->db.get_document(*it);
            if (d.get_value(SLOT_PASSAGE_NUMBER) != wanted) continue;
            found = d.get_value(SLOT_RECORD);
            exists = true;
            break;
        }
    });
    if (st != HV_OK) return st;
    if (!exists) return HV_ERR_NOT_FOUND;
    *data = static_cast<char *>(malloc(found.size() ? found.size() : 1));
    if (!*data) return HV_ERR_NOMEM;
    memcpy(*data, found.data(), found.size());
    *data_len = found.size();
    return HV_OK;
}

extern "C" hv_status hv_index_reader_complete(hv_index_reader *r, const char *prefix, size_t max,
                                              char ***words, size_t *n_words)
{
    *words = nullptr;
    *n_words = 0;
    if (!prefix || !*prefix || max == 0) return HV_OK;
    std::vector<std::pair<Xapian::doccount, std::string>> candidates;
    hv_status st = r->run([&] {
        candidates.clear();
        size_t scanned = 0;
        for (auto it = r->db.allterms_begin(prefix);
             it != r->db.allterms_end(prefix) && scanned < COMPLETE_SCAN_LIMIT; ++it, ++scanned)
            candidates.emplace_back(it.get_termfreq(), *it);
    });
    if (st != HV_OK) return st;
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const auto &a, const auto &b) { return a.first > b.first; });
    size_t n = std::min(max, candidates.size());
    if (n == 0) return HV_OK;
    char **list = static_cast<char **>(calloc(n, sizeof(char *)));
    if (!list) return HV_ERR_NOMEM;
    try {
        for (size_t i = 0; i < n; i++)
            list[i] = copy_string(candidates[i].second);
    } catch (...) {
        hv_string_array_free(list, n);
        return HV_ERR_NOMEM;
    }
    *words = list;
    *n_words = n;
    return HV_OK;
}

extern "C" hv_status hv_index_reader_term_freq(hv_index_reader *r, const char *term,
                                               unsigned long *freq)
{
    *freq = 0;
    return r->run([&] { *freq = r->db.get_termfreq(term); });
}

/* The nearest term to word among those starting with prefix + the word's
 * first character, compared without the prefix; "" when none is within
 * limit edits. */
static std::string nearest_term(Xapian::Database &db, const std::string &prefix, const char *word,
                                size_t len, unsigned limit, unsigned &distance)
{
    int32_t cp;
    std::string first = prefix + std::string(word, hv_utf8_decode(word, len, &cp));
    std::string found;
    unsigned best_distance = limit + 1;
    Xapian::doccount best_freq = 0;
    size_t scanned = 0;
    for (auto it = db.allterms_begin(first);
         it != db.allterms_end(first) && scanned < NEAREST_SCAN_LIMIT; ++it, ++scanned) {
        const std::string &term = *it;
        unsigned d = hv_edit_distance(word, len, term.data() + prefix.size(),
                                      term.size() - prefix.size(), best_distance);
        if (d == 0 || d > limit) continue;
        Xapian::doccount freq = it.get_termfreq();
        if (d < best_distance || (d == best_distance && freq > best_freq)) {
            best_distance = d;
            best_freq = freq;
            found = term.substr(prefix.size());
        }
    }
    distance = best_distance;
    return found;
}

/* The most frequent word that starts with stem; the stem when none does. */
static std::string word_of_stem(Xapian::Database &db, const std::string &stem)
{
    std::string best = stem;
    Xapian::doccount best_freq = 0;
    size_t scanned = 0;
    for (auto it = db.allterms_begin(stem);
         it != db.allterms_end(stem) && scanned < COMPLETE_SCAN_LIMIT; ++it, ++scanned) {
        if (it.get_termfreq() > best_freq) {
            best_freq = it.get_termfreq();
            best = *it;
        }
    }
    return best;
}

extern "C" hv_status hv_index_reader_nearest_word(hv_index_reader *r, const char *word, size_t len,
                                                  char **best, unsigned *edits)
{
    *best = nullptr;
    if (edits) *edits = 0;
    if (len == 0) return HV_OK;
    unsigned limit = hv_edit_allowance(hv_utf8_length(word, len));
    std::string found;
    unsigned distance = 0;
    hv_status st = r->run([&] {
        found = nearest_term(r->db, std::string(), word, len, limit, distance);
        if (!found.empty()) return;
        std::string stem =
            nearest_term(r->db, std::string(1, HV_PREFIX_STEM), word, len, limit, distance);
        if (!stem.empty()) found = word_of_stem(r->db, stem);
    });
    if (st != HV_OK || found.empty()) return st;
    if (edits) *edits = distance;
    try {
        *best = copy_string(found);
    } catch (...) {
        return HV_ERR_NOMEM;
    }
    return HV_OK;
}

extern "C" hv_status hv_index_reader_file_title(hv_index_reader *r, const char *doc, char **title)
{
    *title = nullptr;
    std::string found;
    hv_status st = r->run([&] { found = r->db.get_metadata(file_title_key(doc)); });
    if (st != HV_OK) return st;
    try {
        *title = copy_string(found);
    } catch (...) {
        return HV_ERR_NOMEM;
    }
    return HV_OK;
}

extern "C" hv_status hv_index_reader_get_metadata(hv_index_reader *r, const char *key, char **value,
                                                  size_t *len)
{
    *value = nullptr;
    *len = 0;
    std::string found;
    hv_status st = r->run([&] { found = r->db.get_metadata(key); });
    if (st != HV_OK) return st;
    try {
        *value = copy_string(found);
    } catch (...) {
        return HV_ERR_NOMEM;
    }
    *len = found.size();
    return HV_OK;
}

extern "C" hv_status hv_index_reader_stats(hv_index_reader *r, hv_index_stats *out)
{
    return r->run([&] {
        out->revision = r->revision_base + (unsigned long)r->db.get_revision();
        out->passages = r->db.get_doccount();
    });
}
