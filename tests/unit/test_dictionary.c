#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>

#include "dictionary.h"
#include "query.h"
#include "test_analyzer.h"
#include "test_dirs.h"
#include "thesaurus.h"
#include "test_expansion.h"

/* dictd's base 64: A-Z a-z 0-9 + / */
static void b64(size_t v, char *out)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char tmp[16];
    size_t n = 0;
    do {
        tmp[n++] = alphabet[v % 64];
        v /= 64;
    } while (v);
    for (size_t i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}

/* Writes freedict-<name>.index and .dict.dz in dir from entries given as
 * headword, body pairs (bodies as dictfmt writes them). */
static void write_dictd(const char *dir, const char *name, const char *const *entries, size_t n)
{
    char path[512];
    snprintf(path, sizeof path, "%s/freedict-%s.dict.dz", dir, name);
    gzFile dict = gzopen(path, "wb");
    assert_non_null(dict);
    snprintf(path, sizeof path, "%s/freedict-%s.index", dir, name);
    FILE *index = fopen(path, "w");
    assert_non_null(index);
    const char *about = "00-database-info\nWritten for this test.\n";
    size_t off = 0;
    char o[16], l[16];
    b64(off, o);
    b64(strlen(about), l);
    fprintf(index, "00-database-info\t%s\t%s\n", o, l);
    gzwrite(dict, about, (unsigned)strlen(about));
    off += strlen(about);
    for (size_t i = 0; i < n; i++) {
        const char *body = entries[2 * i + 1];
        b64(off, o);
        b64(strlen(body), l);
        fprintf(index, "%s\t%s\t%s\n", entries[2 * i], o, l);
        gzwrite(dict, body, (unsigned)strlen(body));
        off += strlen(body);
    }
    fclose(index);
    gzclose(dict);
}

static char *make_dir(void)
{
    char tmpl[] = "/tmp/haven-dictd-XXXXXX";
    char *dir = mkdtemp(tmpl);
    assert_non_null(dir);
    return strdup(dir);
}

static const char *const nld_eng[] = {
    "werk",      "werk /wɛrk/\n1. job, work\n2. action\n",
    "baan",      "baan /ban/\n1. path, road, way\n2. course\n",
    "in de war", "in de war\nconfused\n", /* a phrase: left out */
    "handicap",  "handicap /hɛndikɛp/\ndisability, handicap (sport)\n",
};
/* Suffixes and words with other signs are not words a text holds. */
static const char *const eng_nld_affixes[] = {
    "hours",
    "hours /aʊəz/\n1. uren, \xE2\x80\x90urig\n", /* U+2010 hyphen */
    "\xE2\x80\x90ish",
    "-ish\n1. \xE2\x80\x90"
    "achtig\n",
    "o'clock",
    "o'clock\n1. uur\n",
};
static const char *const nld_rus[] = {
    "werk",
    "werk /ʋɛrk/ <n>\n1. работа, труд\n1. dat wat gedaan moet worden\n2. работа\n",
};

static void test_first_sense_becomes_a_concept(void **state)
{
    (void)state;
    char *dir = make_dir();
    write_dictd(dir, "nld-eng", nld_eng, 4);
    write_dictd(dir, "nld-rus", nld_rus, 1);
    char *text, *err;
    size_t len, concepts;
    assert_int_equal(hv_dictionary_import(dir, &text, &len, &concepts, &err), HV_OK);
    assert_non_null(text);
    assert_int_equal(concepts, 3); /* baan, handicap, werk */
    assert_non_null(strstr(text, "nl: werk\nen: job | work\nru: работа | труд\n"));
    assert_non_null(strstr(text, "nl: baan\nen: path | road\n"));    /* two words of the sense */
    assert_non_null(strstr(text, "nl: handicap\nen: disability\n")); /* itself left out */
    assert_null(strstr(text, "action"));                             /* second sense */
    assert_null(strstr(text, "confused"));
    assert_null(strstr(text, "gedaan"));
    free(text);
    remove_tree(dir);
    free(dir);
}

static void test_only_words_are_kept(void **state)
{
    (void)state;
    char *dir = make_dir();
    write_dictd(dir, "eng-nld", eng_nld_affixes, 3);
    char *text, *err;
    size_t len, concepts;
    assert_int_equal(hv_dictionary_import(dir, &text, &len, &concepts, &err), HV_OK);
    assert_non_null(text);
    assert_int_equal(concepts, 1);
    assert_non_null(strstr(text, "en: hours\nnl: uren\n"));
    assert_null(strstr(text, "urig"));
    assert_null(strstr(text, "achtig"));
    assert_null(strstr(text, "clock"));
    free(text);
    remove_tree(dir);
    free(dir);
}

/* A meaning the dictionary of the other direction does not give back is
 * passed over for the next sense; with no entry back, nothing is. */
static void test_the_other_direction_checks_a_sense(void **state)
{
    (void)state;
    static const char *const nl_en[] = {
        "familie",
        "familie /famili/\n1. house\n2. family\n3. relations, relatives\n",
        "werk",
        "werk /wɛrk/\n1. job, work\n",
    };
    static const char *const en_nl[] = {
        "house",
        "house /haʊs/\n1. huis, woning\n",
        "work",
        "work /wɜːk/\n1. arbeid\n2. werken\n",
    };
    char *dir = make_dir();
    write_dictd(dir, "nld-eng", nl_en, 2);
    write_dictd(dir, "eng-nld", en_nl, 2);
    char *text, *err;
    size_t len, concepts;
    assert_int_equal(hv_dictionary_import(dir, &text, &len, &concepts, &err), HV_OK);
    assert_non_null(text);
    assert_non_null(strstr(text, "nl: familie\nen: family\n"));
    /* "work" gives back werken, of the stem of werk; "job" has no entry */
    assert_non_null(strstr(text, "nl: werk\nen: job | work\n"));
    assert_non_null(strstr(text, "en: house\nnl: huis | woning\n"));
    free(text);
    remove_tree(dir);
    free(dir);
}

static void test_missing_and_damaged_files(void **state)
{
    (void)state;
    char *text, *err;
    size_t len, concepts;
    assert_int_equal(hv_dictionary_import("/nonexistent-haven", &text, &len, &concepts, &err),
                     HV_OK);
    assert_null(text);
    assert_int_equal(concepts, 0);

    char *dir = make_dir();
    write_dictd(dir, "eng-nld", nld_eng, 1);
    char path[512];
    snprintf(path, sizeof path, "%s/freedict-eng-nld.index", dir);
    FILE *f = fopen(path, "a");
    fputs("job\tAAAA\t////\n", f); /* past the end of the dictionary */
    fclose(f);
    assert_int_equal(hv_dictionary_import(dir, &text, &len, &concepts, &err), HV_ERR_CORRUPT);
    assert_null(text);
    assert_non_null(err);
    assert_non_null(strstr(err, "freedict-eng-nld.index"));
    free(err);
    remove_tree(dir);
    free(dir);
}

/* A word no thesaurus concept names is translated; one it names, filler
 * and stopwords are not. */
static void test_query_translates_unnamed_words(void **state)
{
    hv_analyzer *a = *state;
    hv_thesaurus *th = thesaurus_of(a, "= refugee\nnl: vluchteling\nen: refugee\nru: беженец\n");
    hv_thesaurus *dict = thesaurus_of(a, "= dict-1\nen: job\nnl: werk\nru: работа\n\n"
                                         "= dict-2\nen: refugee\nnl: uitwijkeling\n\n"
                                         "= dict-3\nen: get\nnl: krijgen\n");
    hv_query_options opt = {.thesaurus = th, .dictionary = dict};
    hv_parsed_query *q;
    const char *text = "can a refugee get a job";
    assert_int_equal(hv_query_parse_with(a, &opt, text, strlen(text), &q), HV_OK);
    char *d;
    assert_int_equal(hv_query_describe(q, &d), HV_OK);
    assert_non_null(strstr(d, "\"werk\""));
    assert_non_null(strstr(d, "\"работа\""));
    assert_null(strstr(d, "uitwijkeling")); /* "refugee" is the thesaurus's */
    assert_null(strstr(d, "krijgen"));      /* "get" is filler */
    free(d);
    bool translated = false;
    for (size_t i = 0; i < q->n_expansions; i++)
        if (strcmp(q->expansions[i].source, "dictionary") == 0) {
            assert_string_equal(q->expansions[i].from, "job");
            assert_string_equal(q->expansions[i].to, "werk, работа");
            translated = true;
        }
    assert_true(translated);
    /* the translation stands for the word: coverage counts it */
    for (size_t i = 0; i < q->root->n_children; i++) {
        const hv_query_node *c = q->root->children[i];
        if (c->kind == HV_QN_SYNONYM && strstr(c->children[0]->terms[0], "werk"))
            assert_int_equal(__builtin_popcountll(c->covers), 1);
    }
    hv_parsed_query_free(q);

    opt.dictionary = NULL;
    d = described(a, &opt, text);
    assert_null(strstr(d, "\"werk\""));
    free(d);
    hv_thesaurus_free(th);
    hv_thesaurus_free(dict);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_sense_becomes_a_concept),
        cmocka_unit_test(test_only_words_are_kept),
        cmocka_unit_test(test_the_other_direction_checks_a_sense),
        cmocka_unit_test(test_missing_and_damaged_files),
        analyzer_test(test_query_translates_unnamed_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
