#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "analysis.h"
#include "compound.h"
#include "query.h"
#include "snippet.h"

/* A small word list written for these tests. */
static const char words[] = "huur\nsubsidie\nberoep\nprocedure\nasiel\naanvraag\nvraag\n"
                            "kind\nkin\neren\nderen\nkinderen\nblijven\nver\nopvang\ncentrum\n"
                            "gezin\nhereniging\nReis\ndocument\nBelgië\nbuit\nlands\nbuiten\n"
                            "vlucht\nEling\nProcedure\n";

static int setup(void **state)
{
    char path[] = "/tmp/haven-words-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, words, sizeof words - 1) != (ssize_t)(sizeof words - 1)) return -1;
    close(fd);
    hv_compounds *c;
    hv_status st = hv_compounds_load(path, &c);
    unlink(path);
    if (st != HV_OK) return -1;
    *state = c;
    return 0;
}

static int teardown(void **state)
{
    hv_compounds_free(*state);
    return 0;
}

static void assert_split(const hv_compounds *c, const char *w, const char *mod, const char *head)
{
    size_t m, h;
    if (!hv_compound_split(c, w, strlen(w), &m, &h)) fail_msg("%s not split", w);
    assert_int_equal(m, strlen(mod));
    assert_memory_equal(w, mod, m);
    assert_string_equal(w + h, head);
}

static void assert_whole(const hv_compounds *c, const char *w)
{
    size_t m, h;
    if (hv_compound_split(c, w, strlen(w), &m, &h))
        fail_msg("%s split into %.*s + %s", w, (int)m, w, w + h);
}

/* The list read ahead is in memory once the reading has ended: a file
 * gone afterwards is not missed.  Read at first use instead, it would be. */
static void read_ahead_reads_the_default_list(void **state)
{
    (void)state;
    char path[] = "/tmp/haven-words-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, words, sizeof words - 1), (ssize_t)(sizeof words - 1));
    close(fd);
    assert_int_equal(setenv("HAVEN_WORDLIST", path, 1), 0);
    hv_compounds_read_ahead ahead;
    hv_compounds_read_ahead_start(&ahead);
    assert_true(ahead.started);
    hv_compounds_read_ahead_join(&ahead);
    assert_false(ahead.started);
    hv_compounds_read_ahead_join(&ahead); /* a second join waits for nothing */
    unlink(path);
    const hv_compounds *c = hv_compounds_default();
    assert_non_null(c);
    assert_true(hv_compounds_contains(c, "huur", 4));
    unsetenv("HAVEN_WORDLIST");
}

static void loads_and_folds(void **state)
{
    const hv_compounds *c = *state;
    assert_int_equal(hv_compounds_size(c), 26); /* "Procedure" and "procedure" are one word */
    assert_true(hv_compounds_contains(c, "reis", 4));
    assert_true(hv_compounds_contains(c, "belgie", 6));
    assert_false(hv_compounds_contains(c, "huis", 4));
    hv_compounds *none;
    assert_int_equal(hv_compounds_load("/nonexistent/words", &none), HV_ERR_NOT_FOUND);
}

static void splits_real_compounds(void **state)
{
    const hv_compounds *c = *state;
    assert_split(c, "huursubsidie", "huur", "subsidie");
    assert_split(c, "asielaanvraag", "asiel", "aanvraag");
    assert_split(c, "opvangcentrum", "opvang", "centrum");
    assert_split(c, "beroepsprocedure", "beroep", "procedure"); /* linking s */
    assert_split(c, "gezinshereniging", "gezin", "hereniging");
    assert_split(c, "reisdocument", "reis", "document");
    /* "Procedure" is also listed as a name; the plain word still counts */
    assert_split(c, "beroepsprocedure", "beroep", "procedure");
}

static void never_splits_into_nonsense(void **state)
{
    const hv_compounds *c = *state;
    assert_whole(c, "kinderen");      /* not kin + deren, not kind + eren */
    assert_whole(c, "verblijven");    /* ver- is a prefix here */
    assert_whole(c, "aanvraag");      /* aan is a stopword */
    assert_whole(c, "buitenlands");   /* buiten + lands, not buit + en + lands */
    assert_whole(c, "huur");          /* too short */
    assert_whole(c, "huurxsubsidie"); /* x is no linking letter */
    assert_whole(c, "huursubsidie2");
    assert_whole(c, "vluchteling"); /* Eling is a place: a name is no head */
    assert_whole(c, "");
    assert_whole(NULL, "huursubsidie");
}

static void analysis_indexes_parts_of_dutch_compounds(void **state)
{
    hv_analyzer *a;
    assert_int_equal(hv_analyzer_new(&a), HV_OK);
    hv_analyzer_set_compounds(a, *state);
    const char *text = "De huursubsidie wordt betaald.";
    hv_term_list terms = HV_TERM_LIST_INIT;
    unsigned pos = 1;
    assert_int_equal(hv_analyze_text(a, text, strlen(text), HV_LANG_NL, 1, &pos, &terms), HV_OK);
    bool huur = false, subsidie = false;
    for (size_t i = 0; i < terms.count; i++) {
        huur |= strcmp(terms.terms[i].term, "Zhur") == 0; /* Dutch stem of huur */
        subsidie |= strncmp(terms.terms[i].term, "Zsubsidie", 8) == 0;
    }
    assert_true(huur && subsidie);
    /* an English passage is not split */
    hv_term_list_clear(&terms);
    assert_int_equal(hv_analyze_text(a, text, strlen(text), HV_LANG_EN, 1, &pos, &terms), HV_OK);
    for (size_t i = 0; i < terms.count; i++)
        assert_string_not_equal(terms.terms[i].term, "Zhur");
    hv_term_list_free(&terms);

    /* the query side finds the parts of a compound typed whole */
    hv_parsed_query *q;
    assert_int_equal(hv_query_parse(a, "huursubsidie", 12, &q), HV_OK);
    assert_int_equal(q->n_expansions, 1);
    assert_string_equal(q->expansions[0].source, "compound");
    assert_string_equal(q->expansions[0].to, "huur + subsidie");
    char *d;
    assert_int_equal(hv_query_describe(q, &d), HV_OK);
    assert_non_null(strstr(d, "\"huur\""));
    free(d);
    hv_parsed_query_free(q);
    hv_analyzer_free(a);
}

static void snippet_marks_compound_for_parts_typed(void **state)
{
    hv_analyzer *a;
    assert_int_equal(hv_analyzer_new(&a), HV_OK);
    hv_analyzer_set_compounds(a, *state);
    hv_parsed_query *q;
    assert_int_equal(hv_query_parse(a, "huur subsidie", 13, &q), HV_OK);
    const char *text = "Wie een huursubsidie vraagt, wacht soms lang.";
    hv_snippet_style style = {.max_chars = 240, .mark_open = "[", .mark_close = "]"};
    char *out;
    assert_int_equal(hv_snippet_make(a, text, strlen(text), HV_LANG_NL, q, &style, &out), HV_OK);
    assert_non_null(strstr(out, "[huursubsidie]"));
    free(out);
    hv_parsed_query_free(q);
    hv_analyzer_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        /* first: the process-wide list is read once */
        cmocka_unit_test(read_ahead_reads_the_default_list),
        cmocka_unit_test_setup_teardown(loads_and_folds, setup, teardown),
        cmocka_unit_test_setup_teardown(splits_real_compounds, setup, teardown),
        cmocka_unit_test_setup_teardown(never_splits_into_nonsense, setup, teardown),
        cmocka_unit_test_setup_teardown(analysis_indexes_parts_of_dutch_compounds, setup, teardown),
        cmocka_unit_test_setup_teardown(snippet_marks_compound_for_parts_typed, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
