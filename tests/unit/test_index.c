/* The Xapian wrapper, through its C interface only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "test_dirs.h"

#include "analysis.h"
#include "index.h"
#include "passage_record.h"
#include "phrase_check.h"
#include "query.h"

#define FP "test-fingerprint-1"

typedef struct {
    char dir[64];
    char db[96];
    hv_analyzer *analyzer;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/haven-test-index-XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    snprintf(f->db, sizeof f->db, "%s/db", f->dir);
    if (hv_analyzer_new(&f->analyzer) != HV_OK) return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    if (remove_tree(f->dir) != 0) return -1;
    hv_analyzer_free(f->analyzer);
    free(f);
    return 0;
}

/* add() for a passage in a group of translations. */
static void add_linked(fixture *f, hv_index_writer *w, const char *doc, unsigned n, hv_lang lang,
                       const char *text, const hv_passage_links *links)
{
    hv_term_list terms = HV_TERM_LIST_INIT;
    hv_passage_fields fields = {.section = "S", .title = "T", .text = text, .lang = lang};
    assert_int_equal(hv_analyze_passage(f->analyzer, &fields, &terms), HV_OK);
    hv_passage_record rec = {.doc = (char *)doc,
                             .title = "T",
                             .section = "S",
                             .text = (char *)text,
                             .lang = lang,
                             .number = n};
    char *data;
    size_t len;
    assert_int_equal(hv_passage_record_encode(&rec, &data, &len), HV_OK);
    assert_int_equal(hv_index_writer_add_passage(w, doc, n, lang, &terms, links, data, len), HV_OK);
    free(data);
    hv_term_list_free(&terms);
}

static void add(fixture *f, hv_index_writer *w, const char *doc, unsigned n, hv_lang lang,
                const char *text)
{
    add_linked(f, w, doc, n, lang, text, NULL);
}

static void build(fixture *f)
{
    hv_index_writer *w;
    char *err = NULL;
    assert_int_equal(hv_index_writer_open(f->db, FP, false, &w, &err), HV_OK);
    assert_null(err);
    assert_true(hv_index_writer_was_empty(w));
    add(f, w, "nl/a.txt", 0, HV_LANG_NL, "De opvang van verzoekers gebeurt door Fedasil.");
    add(f, w, "nl/a.txt", 1, HV_LANG_NL, "Medische kosten worden terugbetaald.");
    add(f, w, "nl/a.txt", 2, HV_LANG_NL, "Het beroep gaat naar de RvV.");
    add(f, w, "en/b.txt", 0, HV_LANG_EN, "Reception of applicants is organised by Fedasil.");
    assert_int_equal(hv_index_writer_set_file(w, "nl/a.txt", "record-a", "Titel A"), HV_OK);
    assert_int_equal(hv_index_writer_set_file(w, "en/b.txt", "record-b", NULL), HV_OK);
    assert_int_equal(hv_index_writer_close(w), HV_OK);
}

static hv_index_reader *open_reader(fixture *f)
{
    hv_index_reader *r;
    char *err = NULL;
    assert_int_equal(hv_index_reader_open(f->db, FP, &r, &err), HV_OK);
    return r;
}

typedef struct {
    const char *doc;
    unsigned number;
    hv_lang lang;
    const char *text;
} passage_text;

/* A fresh index of just these passages, and a reader on it. */
static hv_index_reader *index_passages(fixture *f, const passage_text *p, size_t n)
{
    hv_index_writer *w;
    char *err = NULL;
    assert_int_equal(hv_index_writer_open(f->db, FP, false, &w, &err), HV_OK);
    for (size_t i = 0; i < n; i++)
        add(f, w, p[i].doc, p[i].number, p[i].lang, p[i].text);
    assert_int_equal(hv_index_writer_close(w), HV_OK);
    return open_reader(f);
}

typedef struct {
    hv_analyzer *analyzer;
    hv_phrase_check *check;
} phrase_filter;

static hv_status keep_if_phrases_hold(void *userdata, const char *data, size_t len, bool *keep)
{
    phrase_filter *pf = userdata;
    hv_passage_record rec;
    hv_status st = hv_passage_record_decode(data, len, &rec);
    if (st != HV_OK) return st;
    st = hv_phrase_check_passage(pf->check, pf->analyzer, &rec, keep);
    hv_passage_record_free(&rec);
    return st;
}

/* The record of a hit, which must decode. */
static void decode_hit(const hv_hit *hit, hv_passage_record *rec)
{
    assert_int_equal(hv_passage_record_decode(hit->data, hit->data_len, rec), HV_OK);
}

/* Searches as the searcher does: phrases checked against the text. */
static void search(fixture *f, hv_index_reader *r, const hv_parsed_query *pq, hv_lang lang,
                   unsigned offset, unsigned limit, hv_hit_list *hits)
{
    phrase_filter pf = {.analyzer = f->analyzer};
    assert_int_equal(hv_phrase_check_new(pq, &pf.check), HV_OK);
    hv_passage_filter filter = {.accept = keep_if_phrases_hold, .userdata = &pf};
    assert_int_equal(
        hv_index_reader_search(r, pq, lang, offset, limit, false, pf.check ? &filter : NULL, hits),
        HV_OK);
    hv_phrase_check_free(pf.check);
}

static size_t count_hits(fixture *f, hv_index_reader *r, const char *q, hv_lang lang)
{
    hv_parsed_query *pq;
    assert_int_equal(hv_query_parse(f->analyzer, q, strlen(q), &pq), HV_OK);
    hv_hit_list hits;
    search(f, r, pq, lang, 0, 10, &hits);
    size_t n = hits.count;
    for (size_t i = 0; i < hits.count; i++) {
        hv_passage_record rec;
        decode_hit(&hits.hits[i], &rec);
        assert_true(hits.hits[i].score > 0);
        hv_passage_record_free(&rec);
    }
    hv_hit_list_free(&hits);
    hv_parsed_query_free(pq);
    return n;
}

static void search_finds_by_stem_and_language(void **state)
{
    fixture *f = *state;
    build(f);
    hv_index_reader *r = open_reader(f);
    assert_int_equal(count_hits(f, r, "fedasil", HV_LANG_UNKNOWN), 2);
    assert_int_equal(count_hits(f, r, "fedasil", HV_LANG_EN), 1);
    assert_int_equal(count_hits(f, r, "fedasil lang:nl", HV_LANG_UNKNOWN), 1);
    assert_int_equal(count_hits(f, r, "kost", HV_LANG_UNKNOWN), 1);
    assert_int_equal(count_hits(f, r, "applicant", HV_LANG_UNKNOWN), 1);
    assert_int_equal(count_hits(f, r, "\"medische kosten\"", HV_LANG_UNKNOWN), 1);
    assert_int_equal(count_hits(f, r, "\"kosten medische\"", HV_LANG_UNKNOWN), 0);
    /* stopwords are not indexed, but a phrase's are checked in the text */
    assert_int_equal(count_hits(f, r, "\"opvang van verzoekers\"", HV_LANG_UNKNOWN), 1);
    assert_int_equal(count_hits(f, r, "\"opvang voor verzoekers\"", HV_LANG_UNKNOWN), 0);
    assert_int_equal(count_hits(f, r, "\"het opvang\"", HV_LANG_UNKNOWN), 0);
    assert_int_equal(count_hits(f, r, "\"verzoekers van opvang\"", HV_LANG_UNKNOWN), 0);
    assert_int_equal(count_hits(f, r, "\"opvang verzoekers\"", HV_LANG_UNKNOWN), 0);
    assert_int_equal(count_hits(f, r, "\"de opvang\"", HV_LANG_UNKNOWN), 1);
    /* an excluded phrase excludes only where its words stand together */
    assert_int_equal(count_hits(f, r, "fedasil -\"opvang verzoekers\"", HV_LANG_UNKNOWN), 2);
    assert_int_equal(count_hits(f, r, "fedasil -\"opvang van verzoekers\"", HV_LANG_UNKNOWN), 1);
    assert_int_equal(count_hits(f, r, "fedasil -reception", HV_LANG_UNKNOWN), 1);
    assert_int_equal(count_hits(f, r, "terugbet*", HV_LANG_UNKNOWN), 1);
    assert_int_equal(count_hits(f, r, "zzzunknownword", HV_LANG_UNKNOWN), 0);
    hv_index_reader_free(r);
}

static void passages_by_number(void **state)
{
    fixture *f = *state;
    build(f);
    hv_index_reader *r = open_reader(f);
    char *data;
    size_t len;
    assert_int_equal(hv_index_reader_passage(r, "nl/a.txt", 2, &data, &len), HV_OK);
    hv_passage_record rec;
    assert_int_equal(hv_passage_record_decode(data, len, &rec), HV_OK);
    assert_int_equal(rec.number, 2);
    assert_string_equal(rec.text, "Het beroep gaat naar de RvV.");
    hv_passage_record_free(&rec);
    free(data);
    assert_int_equal(hv_index_reader_passage(r, "nl/a.txt", 3, &data, &len), HV_ERR_NOT_FOUND);
    assert_int_equal(hv_index_reader_passage(r, "nl/zzz.txt", 0, &data, &len), HV_ERR_NOT_FOUND);
    hv_index_stats stats;
    assert_int_equal(hv_index_reader_stats(r, &stats), HV_OK);
    assert_int_equal(stats.passages, 4);
    hv_index_reader_free(r);
}

/* Passage numbers of the hits for q, best first; returns how many. */
static size_t ranked_numbers(fixture *f, hv_index_reader *r, const char *q, unsigned offset,
                             unsigned limit, unsigned *numbers)
{
    hv_parsed_query *pq;
    assert_int_equal(hv_query_parse(f->analyzer, q, strlen(q), &pq), HV_OK);
    hv_hit_list hits;
    search(f, r, pq, HV_LANG_UNKNOWN, offset, limit, &hits);
    for (size_t i = 0; i < hits.count; i++) {
        hv_passage_record rec;
        decode_hit(&hits.hits[i], &rec);
        numbers[i] = rec.number;
        hv_passage_record_free(&rec);
    }
    size_t n = hits.count;
    hv_hit_list_free(&hits);
    hv_parsed_query_free(pq);
    return n;
}

/* A phrase typed with a stopword in it counts for coverage by its other
 * words, the ones the index holds: the passage that has the rare phrase
 * beats those that have only the common word. */
static void coverage_counts_phrases_with_stopwords(void **state)
{
    fixture *f = *state;
    static const passage_text texts[] = {
        {"nl/d.txt", 0, HV_LANG_NL, "Werk zoeken doe je bij de VDAB."},
        {"nl/d.txt", 1, HV_LANG_NL, "Het recht op opvang geldt tijdens de procedure."},
        {"nl/d.txt", 2, HV_LANG_NL, "Met een oranje kaart mag je werk aannemen."},
        {"nl/d.txt", 3, HV_LANG_NL, "Werk en loon: de werkgever betaalt."},
        {"nl/d.txt", 4, HV_LANG_NL, "Vrijwilligerswerk is geen werk in loondienst."},
    };
    hv_index_reader *r = index_passages(f, texts, 5);
    unsigned numbers[10];
    assert_int_equal(ranked_numbers(f, r, "\"recht op opvang\" werk", 0, 10, numbers), 5);
    assert_int_equal(numbers[0], 1);
    hv_index_reader_free(r);
}

/* A passage that repeats one word of the query ranks below one that holds
 * every word once, however long. */
static void coverage_outranks_repetition(void **state)
{
    fixture *f = *state;
    static const passage_text texts[] = {
        {"nl/c.txt", 0, HV_LANG_NL,
         "Huursubsidie, huursubsidie, huursubsidie: de huursubsidie en nog eens huursubsidie."},
        {"nl/c.txt", 1, HV_LANG_NL,
         "De huursubsidie wordt aangevraagd bij de Vlaamse overheid; de aanvraag vraagt een "
         "attest van het ziekenfonds, een huurcontract, een bewijs van inkomen en informatie "
         "over de woning waar het gezin woont sinds de verhuizing naar een andere gemeente."},
        {"nl/c.txt", 2, HV_LANG_NL, "Het ziekenfonds betaalt een deel terug."},
        {"nl/c.txt", 3, HV_LANG_NL, "Sluit je aan bij een ziekenfonds."},
        {"nl/c.txt", 4, HV_LANG_NL, "Het ziekenfonds en de mutualiteit."},
    };
    hv_index_reader *r = index_passages(f, texts, 5);
    unsigned numbers[10];
    assert_int_equal(ranked_numbers(f, r, "huursubsidie", 0, 10, numbers), 2);
    assert_int_equal(numbers[0], 0); /* one word: the most of it wins */
    size_t n = ranked_numbers(f, r, "huursubsidie ziekenfonds", 0, 10, numbers);
    assert_int_equal(n, 5);
    assert_int_equal(numbers[0], 1);
    /* switched off (for measuring), the repeated word wins again */
    hv_query_options plain = {.no_coverage = true};
    const char *q = "huursubsidie ziekenfonds";
    hv_parsed_query *pq;
    assert_int_equal(hv_query_parse_with(f->analyzer, &plain, q, strlen(q), &pq), HV_OK);
    hv_hit_list hits;
    search(f, r, pq, HV_LANG_UNKNOWN, 0, 10, &hits);
    hv_passage_record rec;
    decode_hit(&hits.hits[0], &rec);
    assert_int_equal(rec.number, 0);
    hv_passage_record_free(&rec);
    hv_hit_list_free(&hits);
    hv_parsed_query_free(pq);
    /* pages cut from the same reordered list */
    unsigned page[10];
    assert_int_equal(ranked_numbers(f, r, "huursubsidie ziekenfonds", 1, 2, page), 2);
    assert_int_equal(page[0], numbers[1]);
    assert_int_equal(page[1], numbers[2]);
    hv_index_reader_free(r);
}

static void nearest_word_exact_then_by_stem(void **state)
{
    fixture *f = *state;
    static const passage_text texts[] = {
        {"nl/d.txt", 0, HV_LANG_NL, "Vraag de reisdocumenten aan bij de gemeente."},
        {"nl/d.txt", 1, HV_LANG_NL, "Twee reisdocumenten en een verblijfskaart."},
    };
    hv_index_reader *r = index_passages(f, texts, 2);
    char *best;
    unsigned edits = 99;
    const char *typo = "verblijfskart";
    assert_int_equal(hv_index_reader_nearest_word(r, typo, strlen(typo), &best, &edits), HV_OK);
    assert_string_equal(best, "verblijfskaart");
    assert_int_equal(edits, 1);
    free(best);
    /* three edits from "reisdocumenten", one from its stem */
    typo = "reisdocumnt";
    assert_int_equal(hv_index_reader_nearest_word(r, typo, strlen(typo), &best, &edits), HV_OK);
    assert_non_null(best);
    assert_string_equal(best, "reisdocumenten");
    assert_int_equal(edits, 1);
    free(best);
    typo = "zzqxwv";
    assert_int_equal(hv_index_reader_nearest_word(r, typo, strlen(typo), &best, NULL), HV_OK);
    assert_null(best);
    hv_index_reader_free(r);
}

/* A word that is its own stem is stored once (analysis.h); an inflected
 * form typed still finds it, and it finds the inflected forms. */
static void own_stem_words_found_from_other_forms(void **state)
{
    fixture *f = *state;
    static const passage_text texts[] = {
        {"nl/e.txt", 0, HV_LANG_NL, "De opvang van verzoekers."},
        {"nl/e.txt", 1, HV_LANG_NL, "Wie vraagt er om een verzoeker?"},
        {"en/e.txt", 0, HV_LANG_EN, "The applicant asked for help."},
    };
    hv_index_reader *r = index_passages(f, texts, 3);
    unsigned numbers[10];
    assert_int_equal(ranked_numbers(f, r, "verzoeker", 0, 10, numbers), 2);
    assert_int_equal(ranked_numbers(f, r, "verzoekers", 0, 10, numbers), 2);
    assert_int_equal(count_hits(f, r, "applicants", HV_LANG_UNKNOWN), 1);
    hv_index_reader_free(r);
}

/* Translations are one hit: the copy that answers more of the query
 * stands for them, even when another copy has the higher weight before
 * coverage reorders (here by repeating one word of the two). */
static void best_covered_copy_stands_for_its_translations(void **state)
{
    fixture *f = *state;
    hv_index_writer *w;
    char *err = NULL;
    assert_int_equal(hv_index_writer_open(f->db, FP, false, &w, &err), HV_OK);
    hv_passage_links links = {.group = "g1", .langs = "en,ru"};
    const char *texts[] = {
        "The zorblat report and the quenvik list were read out at the meeting of the board "
        "together with other papers on housing, schools, health care and the weekly budget, "
        "and then the members went on to talk at length about the roads, the parks, the "
        "libraries, the markets, the buses and the bridges of the town until late at night.",
        "zorblat zorblat zorblat zorblat zorblat zorblat zorblat zorblat",
    };
    add_linked(f, w, "post.txt", 0, HV_LANG_EN, texts[0], &links);
    add_linked(f, w, "post.txt", 1, HV_LANG_RU, texts[1], &links);
    /* "quenvik" is common, so the copy with "zorblat" four times outweighs
     * the copy that has both words, until coverage counts them */
    static const char *filler[] = {"The quenvik of housing.", "The board met on the quenvik.",
                                   "Budget quenvik news.", "Health care quenvik papers.",
                                   "Weekly report on schools."};
    for (unsigned i = 0; i < 5; i++)
        add(f, w, "other.txt", i, HV_LANG_EN, filler[i]);
    assert_int_equal(hv_index_writer_close(w), HV_OK);
    hv_index_reader *r = open_reader(f);
    hv_parsed_query *pq;
    assert_int_equal(hv_query_parse(f->analyzer, "zorblat quenvik", 15, &pq), HV_OK);
    pq->written_in = HV_LANG_UNKNOWN; /* no language's copy is asked for */
    hv_hit_list hits;
    search(f, r, pq, HV_LANG_UNKNOWN, 0, 10, &hits);
    size_t copies = 0;
    for (size_t i = 0; i < hits.count; i++) {
        hv_passage_record rec;
        decode_hit(&hits.hits[i], &rec);
        if (!strcmp(rec.doc, "post.txt")) {
            copies++;
            assert_int_equal(rec.number, 0); /* the copy with both words */
            assert_int_equal(i, 0);
        }
        hv_passage_record_free(&rec);
    }
    assert_int_equal(copies, 1);
    hv_hit_list_free(&hits);
    hv_parsed_query_free(pq);
    hv_index_reader_free(r);
}

/* Pages of a query whose candidates hold translations: each group once
 * over the pages, and a page as full as the groups allow, though every
 * group's copies take places among the candidates reordered. */
static void pages_hold_distinct_groups(void **state)
{
    fixture *f = *state;
    hv_index_writer *w;
    char *err = NULL;
    assert_int_equal(hv_index_writer_open(f->db, FP, false, &w, &err), HV_OK);
    char group[16], en[96], nl[96];
    for (unsigned g = 0; g < 30; g++) {
        snprintf(group, sizeof group, "g%u", g);
        hv_passage_links links = {.group = group, .langs = "en,nl"};
        snprintf(en, sizeof en, "The zorblat and the quenvik, item %u of the list.", g);
        snprintf(nl, sizeof nl, "De zorblat en de quenvik, punt %u van de lijst.", g);
        add_linked(f, w, "list.txt", 2 * g, HV_LANG_EN, en, &links);
        add_linked(f, w, "list.txt", 2 * g + 1, HV_LANG_NL, nl, &links);
    }
    assert_int_equal(hv_index_writer_close(w), HV_OK);
    hv_index_reader *r = open_reader(f);
    hv_parsed_query *pq;
    assert_int_equal(hv_query_parse(f->analyzer, "zorblat quenvik", 15, &pq), HV_OK);
    pq->written_in = HV_LANG_UNKNOWN;
    bool seen[30] = {false};
    for (unsigned page = 0; page < 3; page++) {
        hv_hit_list hits;
        search(f, r, pq, HV_LANG_UNKNOWN, page * 10, 10, &hits);
        assert_int_equal(hits.count, 10);
        for (size_t i = 0; i < hits.count; i++) {
            hv_passage_record rec;
            decode_hit(&hits.hits[i], &rec);
            assert_false(seen[rec.number / 2]);
            seen[rec.number / 2] = true;
            hv_passage_record_free(&rec);
        }
        hv_hit_list_free(&hits);
    }
    hv_parsed_query_free(pq);
    hv_index_reader_free(r);
}

/* The form typed earns no more than another form of the word: all forms
 * are one term.  (With the exact form scored on top, the first passage
 * had twice the second's score.) */
static void all_forms_of_a_word_count_as_one(void **state)
{
    fixture *f = *state;
    static const passage_text texts[] = {
        {"nl/f.txt", 0, HV_LANG_NL, "Elke verzoeker krijgt opvang in een centrum."},
        {"nl/f.txt", 1, HV_LANG_NL, "Elke verzoekers krijgt opvang in een centrum."},
        {"nl/f.txt", 2, HV_LANG_NL, "Het centrum ligt aan de rand van de stad."},
    };
    hv_index_reader *r = index_passages(f, texts, 3);
    hv_parsed_query *pq;
    assert_int_equal(hv_query_parse(f->analyzer, "verzoeker", 9, &pq), HV_OK);
    hv_hit_list hits;
    search(f, r, pq, HV_LANG_UNKNOWN, 0, 10, &hits);
    assert_int_equal(hits.count, 2);
    double high = hits.hits[0].score, low = hits.hits[1].score;
    assert_true(low > 0 && high / low < 1.2);
    hv_hit_list_free(&hits);
    hv_parsed_query_free(pq);
    hv_index_reader_free(r);
}

static void completion_most_frequent_first(void **state)
{
    fixture *f = *state;
    build(f);
    hv_index_reader *r = open_reader(f);
    char **words;
    size_t n;
    assert_int_equal(hv_index_reader_complete(r, "fe", 5, &words, &n), HV_OK);
    assert_int_equal(n, 1);
    assert_string_equal(words[0], "fedasil");
    hv_string_array_free(words, n);
    assert_int_equal(hv_index_reader_complete(r, "", 5, &words, &n), HV_OK);
    assert_int_equal(n, 0);
    hv_index_reader_free(r);
}

static bool collect(const char *record, void *userdata)
{
    int *seen = userdata;
    if (strcmp(record, "record-a") == 0) seen[0]++;
    if (strcmp(record, "record-b") == 0) seen[1]++;
    return true;
}

static void file_records_and_deletion(void **state)
{
    fixture *f = *state;
    build(f);
    hv_index_writer *w;
    char *err = NULL;
    assert_int_equal(hv_index_writer_open(f->db, FP, false, &w, &err), HV_OK);
    assert_false(hv_index_writer_was_empty(w));
    char *rec;
    assert_int_equal(hv_index_writer_get_file(w, "nl/a.txt", &rec), HV_OK);
    assert_string_equal(rec, "record-a");
    free(rec);
    assert_int_equal(hv_index_writer_get_file(w, "nope.txt", &rec), HV_OK);
    assert_null(rec);
    int seen[2] = {0, 0};
    assert_int_equal(hv_index_writer_each_file(w, collect, seen), HV_OK);
    assert_int_equal(seen[0], 1);
    assert_int_equal(seen[1], 1);
    assert_int_equal(hv_index_writer_delete_file(w, "nl/a.txt"), HV_OK);
    assert_int_equal(hv_index_writer_close(w), HV_OK);

    hv_index_reader *r = open_reader(f);
    assert_int_equal(count_hits(f, r, "fedasil", HV_LANG_UNKNOWN), 1);
    hv_index_reader_free(r);
}

static void titles_are_kept_per_file(void **state)
{
    fixture *f = *state;
    build(f);
    hv_index_reader *r = open_reader(f);
    char *title;
    assert_int_equal(hv_index_reader_file_title(r, "nl/a.txt", &title), HV_OK);
    assert_string_equal(title, "Titel A");
    free(title);
    assert_int_equal(hv_index_reader_file_title(r, "en/b.txt", &title), HV_OK);
    assert_string_equal(title, "");
    free(title);
    assert_int_equal(hv_index_reader_file_title(r, "nope.txt", &title), HV_OK);
    assert_string_equal(title, "");
    free(title);
    hv_index_reader_free(r);

    hv_index_writer *w;
    char *err = NULL;
    assert_int_equal(hv_index_writer_open(f->db, FP, false, &w, &err), HV_OK);
    assert_int_equal(hv_index_writer_delete_file(w, "nl/a.txt"), HV_OK);
    assert_int_equal(hv_index_writer_close(w), HV_OK);
    r = open_reader(f);
    assert_int_equal(hv_index_reader_file_title(r, "nl/a.txt", &title), HV_OK);
    assert_string_equal(title, "");
    free(title);
    hv_index_reader_free(r);
}

static void long_paths_still_work(void **state)
{
    fixture *f = *state;
    char doc[400];
    memset(doc, 'x', sizeof doc - 1);
    doc[sizeof doc - 1] = '\0';
    hv_index_writer *w;
    char *err = NULL;
    assert_int_equal(hv_index_writer_open(f->db, FP, false, &w, &err), HV_OK);
    add(f, w, doc, 0, HV_LANG_EN, "A passage with a very long path.");
    assert_int_equal(hv_index_writer_set_file(w, doc, "record", "Lang"), HV_OK);
    assert_int_equal(hv_index_writer_close(w), HV_OK);
    hv_index_reader *r = open_reader(f);
    char *title;
    assert_int_equal(hv_index_reader_file_title(r, doc, &title), HV_OK);
    assert_string_equal(title, "Lang");
    free(title);
    char *data;
    size_t len;
    assert_int_equal(hv_index_reader_passage(r, doc, 0, &data, &len), HV_OK);
    free(data);
    hv_index_reader_free(r);
}

static void fingerprint_mismatch_refused(void **state)
{
    fixture *f = *state;
    build(f);
    hv_index_reader *r;
    char *err = NULL;
    assert_int_equal(hv_index_reader_open(f->db, "other", &r, &err), HV_ERR_ANALYSIS_MISMATCH);
    assert_non_null(strstr(err, "rebuild"));
    free(err);
    hv_index_writer *w;
    assert_int_equal(hv_index_writer_open(f->db, "other", false, &w, &err),
                     HV_ERR_ANALYSIS_MISMATCH);
    free(err);
    assert_int_equal(hv_index_writer_open(f->db, "other", true, &w, &err), HV_OK);
    assert_true(hv_index_writer_was_empty(w));
    assert_int_equal(hv_index_writer_close(w), HV_OK);
    assert_int_equal(hv_index_reader_open(f->db, "other", &r, &err), HV_OK);
    hv_index_reader_free(r);
}

static void missing_index_is_not_found(void **state)
{
    fixture *f = *state;
    hv_index_reader *r;
    char *err = NULL;
    assert_int_equal(hv_index_reader_open(f->db, FP, &r, &err), HV_ERR_NOT_FOUND);
    assert_non_null(err);
    free(err);
}

static void second_writer_is_locked_out(void **state)
{
    fixture *f = *state;
    build(f);
    int ready[2], done[2];
    assert_int_equal(pipe(ready), 0);
    assert_int_equal(pipe(done), 0);
    pid_t child = fork();
    if (child == 0) {
        hv_index_writer *w;
        char *err = NULL;
        char c = hv_index_writer_open(f->db, FP, false, &w, &err) == HV_OK ? 'y' : 'n';
        if (write(ready[1], &c, 1) != 1) _exit(1);
        if (read(done[0], &c, 1) != 1) _exit(1);
        hv_index_writer_close(w);
        _exit(0);
    }
    char c;
    assert_int_equal(read(ready[0], &c, 1), 1);
    assert_int_equal(c, 'y');
    hv_index_writer *w;
    char *err = NULL;
    assert_int_equal(hv_index_writer_open(f->db, FP, false, &w, &err), HV_ERR_LOCKED);
    assert_non_null(strstr(err, "locked"));
    free(err);
    assert_int_equal(write(done[1], "x", 1), 1);
    int status;
    waitpid(child, &status, 0);
    assert_int_equal(WEXITSTATUS(status), 0);
}

/* A second index, at f->dir/name (written to path), of texts[0..n). */
static void index_beside(fixture *f, const char *name, const passage_text *texts, size_t n,
                         char *path, size_t size)
{
    snprintf(path, size, "%s/%s", f->dir, name);
    hv_index_writer *w;
    char *err = NULL;
    assert_int_equal(hv_index_writer_open(path, FP, true, &w, &err), HV_OK);
    for (size_t i = 0; i < n; i++)
        add(f, w, texts[i].doc, texts[i].number, texts[i].lang, texts[i].text);
    assert_int_equal(hv_index_writer_close(w), HV_OK);
}

/* A reader open on the index sees what a merging compaction brought in,
 * even when the index it had open was at the same revision. */
static void reader_sees_a_merged_compaction(void **state)
{
    fixture *f = *state;
    static const passage_text first[] = {{"nl/a.txt", 0, HV_LANG_NL, "Eerste notitie."}};
    static const passage_text more[] = {{"nl/b.txt", 0, HV_LANG_NL, "Tweede notitie."},
                                        {"nl/c.txt", 0, HV_LANG_NL, "Derde notitie."}};
    hv_index_reader *r = index_passages(f, first, 1);
    char shard[128];
    index_beside(f, "shard", more, 2, shard, sizeof shard);
    char *err = NULL;
    const char *extra[] = {shard};
    assert_int_equal(hv_index_compact_with(f->db, extra, 1, &err), HV_OK);
    assert_int_equal(hv_index_reader_refresh(r), HV_OK);
    hv_index_stats stats;
    assert_int_equal(hv_index_reader_stats(r, &stats), HV_OK);
    assert_int_equal(stats.passages, 3);
    assert_int_equal(count_hits(f, r, "notitie", HV_LANG_UNKNOWN), 3);
    hv_index_reader_free(r);
}

static void compaction_keeps_everything(void **state)
{
    fixture *f = *state;
    build(f);
    char *err = NULL;
    assert_int_equal(hv_index_compact(f->db, &err), HV_OK);
    hv_index_reader *r = open_reader(f);
    assert_int_equal(count_hits(f, r, "fedasil", HV_LANG_UNKNOWN), 2);
    hv_index_reader_free(r);
    char other[128];
    snprintf(other, sizeof other, "%s/none", f->dir);
    assert_int_not_equal(hv_index_compact(other, &err), HV_OK);
    assert_non_null(err);
    free(err);
}

/* A rebuild's index takes the place of the old one in one step: a reader
 * open on the old index goes on answering from it, and finds the new one
 * when it refreshes; the source is left as it was. */
static void compaction_into_replaces_another_index(void **state)
{
    fixture *f = *state;
    static const passage_text old_text[] = {
        {"nl/a.txt", 0, HV_LANG_NL, "Oude notitie over opvang."}};
    static const passage_text new_text[] = {
        {"nl/b.txt", 0, HV_LANG_NL, "Nieuwe notitie over huursubsidie."}};
    hv_index_reader *r = index_passages(f, old_text, 1);
    char fresh[128];
    index_beside(f, "fresh", new_text, 1, fresh, sizeof fresh);
    char *err = NULL;
    assert_int_equal(count_hits(f, r, "opvang", HV_LANG_UNKNOWN), 1);
    /* the old index has seen more commits than the new one */
    hv_index_writer *w;
    assert_int_equal(hv_index_writer_open(f->db, FP, false, &w, &err), HV_OK);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(hv_index_writer_set_metadata(w, "haven:test", "x", 1), HV_OK);
        assert_int_equal(hv_index_writer_commit(w), HV_OK);
    }
    assert_int_equal(hv_index_writer_close(w), HV_OK);
    assert_int_equal(hv_index_reader_refresh(r), HV_OK);
    hv_index_stats before, after;
    assert_int_equal(hv_index_reader_stats(r, &before), HV_OK);
    assert_int_equal(hv_index_compact_into(fresh, NULL, 0, f->db, &err), HV_OK);
    assert_int_equal(count_hits(f, r, "opvang", HV_LANG_UNKNOWN), 1); /* still the old one */
    assert_int_equal(hv_index_reader_refresh(r), HV_OK);
    /* caches keyed on the revision must not take the new index for the old */
    assert_int_equal(hv_index_reader_stats(r, &after), HV_OK);
    assert_true(after.revision > before.revision);
    assert_int_equal(count_hits(f, r, "opvang", HV_LANG_UNKNOWN), 0);
    assert_int_equal(count_hits(f, r, "huursubsidie", HV_LANG_UNKNOWN), 1);
    hv_index_reader_free(r);
    struct stat st;
    assert_int_equal(stat(fresh, &st), 0); /* the source stays */
    char gone[160];
    snprintf(gone, sizeof gone, "%s.compacting", f->db);
    assert_int_not_equal(stat(gone, &st), 0);
    /* a target that does not exist yet is made */
    char missing[128];
    snprintf(missing, sizeof missing, "%s/new-place", f->dir);
    assert_int_equal(hv_index_compact_into(fresh, NULL, 0, missing, &err), HV_OK);
    assert_int_equal(stat(missing, &st), 0);
}

/* A writer opened without a fingerprint keeps others out and changes
 * nothing, whatever analysis the index was built with. */
static void holding_writer_locks_without_checking(void **state)
{
    fixture *f = *state;
    build(f);
    hv_index_writer *held, *w;
    char *err = NULL;
    assert_int_equal(hv_index_writer_open(f->db, NULL, false, &held, &err), HV_OK);
    assert_int_equal(hv_index_writer_open(f->db, FP, false, &w, &err), HV_ERR_LOCKED);
    free(err);
    err = NULL;
    assert_int_equal(hv_index_writer_close(held), HV_OK);
    assert_int_equal(hv_index_writer_open(f->db, "another-analysis", false, &w, &err),
                     HV_ERR_ANALYSIS_MISMATCH); /* the fingerprint was left alone */
    free(err);
}

typedef struct {
    size_t reads;
    bool keep;
} counting_filter;

static hv_status count_read(void *userdata, const char *data, size_t len, bool *keep)
{
    (void)data;
    (void)len;
    counting_filter *c = userdata;
    c->reads++;
    *keep = c->keep;
    return HV_OK;
}

/* A filter reads candidates within its budget, and the hit list says when
 * the budget ran out before the page was full. */
static void filter_reads_within_budget(void **state)
{
    fixture *f = *state;
    passage_text p[30];
    char text[30][64];
    for (size_t i = 0; i < 30; i++) {
        snprintf(text[i], sizeof text[i], "Opvang in centrum nummer %zu.", i);
        p[i] = (passage_text){"nl/many.txt", (unsigned)i, HV_LANG_NL, text[i]};
    }
    hv_index_reader *r = index_passages(f, p, 30);
    hv_parsed_query *pq;
    assert_int_equal(hv_query_parse(f->analyzer, "opvang", 6, &pq), HV_OK);

    counting_filter none = {0, false};
    hv_passage_filter filter = {.accept = count_read, .userdata = &none, .max_reads = 7};
    hv_hit_list hits;
    assert_int_equal(hv_index_reader_search(r, pq, HV_LANG_UNKNOWN, 0, 10, false, &filter, &hits),
                     HV_OK);
    assert_int_equal(none.reads, 7);
    assert_true(hits.incomplete);
    assert_int_equal(hits.total, 0);
    hv_hit_list_free(&hits);

    none.reads = 0;
    filter.max_reads = 0; /* no limit: every candidate is read */
    assert_int_equal(hv_index_reader_search(r, pq, HV_LANG_UNKNOWN, 0, 10, false, &filter, &hits),
                     HV_OK);
    assert_int_equal(none.reads, 30);
    assert_false(hits.incomplete);
    hv_hit_list_free(&hits);

    counting_filter all = {0, true};
    filter = (hv_passage_filter){.accept = count_read, .userdata = &all, .max_reads = 7};
    assert_int_equal(hv_index_reader_search(r, pq, HV_LANG_UNKNOWN, 0, 5, false, &filter, &hits),
                     HV_OK);
    assert_int_equal(hits.count, 5);
    assert_int_equal(all.reads, 5);
    assert_false(hits.incomplete);
    hv_hit_list_free(&hits);

    hv_parsed_query_free(pq);
    hv_index_reader_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(search_finds_by_stem_and_language, setup, teardown),
        cmocka_unit_test_setup_teardown(passages_by_number, setup, teardown),
        cmocka_unit_test_setup_teardown(titles_are_kept_per_file, setup, teardown),
        cmocka_unit_test_setup_teardown(filter_reads_within_budget, setup, teardown),
        cmocka_unit_test_setup_teardown(coverage_outranks_repetition, setup, teardown),
        cmocka_unit_test_setup_teardown(coverage_counts_phrases_with_stopwords, setup, teardown),
        cmocka_unit_test_setup_teardown(nearest_word_exact_then_by_stem, setup, teardown),
        cmocka_unit_test_setup_teardown(own_stem_words_found_from_other_forms, setup, teardown),
        cmocka_unit_test_setup_teardown(all_forms_of_a_word_count_as_one, setup, teardown),
        cmocka_unit_test_setup_teardown(best_covered_copy_stands_for_its_translations, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(pages_hold_distinct_groups, setup, teardown),
        cmocka_unit_test_setup_teardown(completion_most_frequent_first, setup, teardown),
        cmocka_unit_test_setup_teardown(file_records_and_deletion, setup, teardown),
        cmocka_unit_test_setup_teardown(long_paths_still_work, setup, teardown),
        cmocka_unit_test_setup_teardown(fingerprint_mismatch_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(missing_index_is_not_found, setup, teardown),
        cmocka_unit_test_setup_teardown(second_writer_is_locked_out, setup, teardown),
        cmocka_unit_test_setup_teardown(reader_sees_a_merged_compaction, setup, teardown),
        cmocka_unit_test_setup_teardown(compaction_keeps_everything, setup, teardown),
        cmocka_unit_test_setup_teardown(compaction_into_replaces_another_index, setup, teardown),
        cmocka_unit_test_setup_teardown(holding_writer_locks_without_checking, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
