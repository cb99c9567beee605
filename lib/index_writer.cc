/* Writing passages into the Xapian index. */
#include <xapian.h>

#include "index_internal.h"

#include <cstdio> /* renameat2 */
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <string>
#include <system_error>

using namespace haven;

struct hv_index_writer {
    Xapian::WritableDatabase db;
    std::string error;
    bool was_empty = false;

    hv_status fail()
    {
        return status_from_current_exception(error);
    }
};

static void set_errmsg(char **errmsg, const std::string &msg)
{
    if (!errmsg) return;
    try {
        *errmsg = copy_string(msg);
    } catch (...) {
        *errmsg = nullptr;
    }
}

extern "C" hv_status hv_index_writer_open(const char *dir, const char *fingerprint, bool rebuild,
                                          hv_index_writer **out, char **errmsg)
{
    *out = nullptr;
    if (errmsg) *errmsg = nullptr;
    hv_index_writer *w = nullptr;
    try {
        w = new hv_index_writer;
        /* like mkdir -p: Xapian makes only the last folder */
        std::filesystem::path parent = std::filesystem::path(dir).parent_path();
        if (!parent.empty()) std::filesystem::create_directories(parent);
        int flags = Xapian::DB_BACKEND_GLASS |
                    (rebuild ? Xapian::DB_CREATE_OR_OVERWRITE : Xapian::DB_CREATE_OR_OPEN);
        w->db = Xapian::WritableDatabase(dir, flags);
        w->was_empty = w->db.get_doccount() == 0;
        if (!fingerprint) { /* only held, so that no other writer starts */
            *out = w;
            return HV_OK;
        }
        std::string stored = w->db.get_metadata(META_ANALYSIS);
        if (!w->was_empty && stored != fingerprint) {
            set_errmsg(errmsg, std::string("the index at ") + dir +
                                   " was built with different text analysis (" +
                                   (stored.empty() ? "unknown" : stored) + "; this program uses " +
                                   fingerprint + "); re-run haven-index with --rebuild");
            delete w;
            return HV_ERR_ANALYSIS_MISMATCH;
        }
        if (stored != fingerprint) w->db.set_metadata(META_ANALYSIS, fingerprint);
        *out = w;
        return HV_OK;
    } catch (...) {
        std::string msg;
        hv_status st = status_from_current_exception(msg);
        set_errmsg(errmsg, msg);
        delete w;
        return st;
    }
}

extern "C" hv_status hv_index_writer_close(hv_index_writer *w)
{
    if (!w) return HV_OK;
    hv_status st = HV_OK;
    try {
        w->db.commit();
        w->db.close();
    } catch (...) {
        st = w->fail();
    }
    delete w;
    return st;
}

extern "C" const char *hv_index_writer_error(const hv_index_writer *w)
{
    return w ? w->error.c_str() : "no index writer";
}

extern "C" bool hv_index_writer_was_empty(const hv_index_writer *w)
{
    return w && w->was_empty;
}

extern "C" hv_status hv_index_writer_get_file(hv_index_writer *w, const char *doc, char **record)
{
    *record = nullptr;
    try {
        std::string value = w->db.get_metadata(file_metadata_key(doc));
        if (!value.empty()) *record = copy_string(value);
        return HV_OK;
    } catch (...) {
        return w->fail();
    }
}

extern "C" hv_status hv_index_writer_set_file(hv_index_writer *w, const char *doc,
                                              const char *record, const char *title)
{
    try {
        w->db.set_metadata(file_metadata_key(doc), record);
        /* an empty value removes the key: a file without a title has none */
        w->db.set_metadata(file_title_key(doc), title ? title : "");
        return HV_OK;
    } catch (...) {
        return w->fail();
    }
}

extern "C" hv_status hv_index_writer_delete_file(hv_index_writer *w, const char *doc)
{
    try {
        w->db.delete_document(file_term(doc));
        w->db.set_metadata(file_metadata_key(doc), std::string());
        w->db.set_metadata(file_title_key(doc), std::string());
        return HV_OK;
    } catch (...) {
        return w->fail();
    }
}

extern "C" hv_status hv_index_writer_each_file(hv_index_writer *w, hv_file_visitor fn,
                                               void *userdata)
{
    try {
        /* Collect first: the visitor may delete records while we iterate. */
        std::vector<std::string> records;
        for (auto it = w->db.metadata_keys_begin("F"); it != w->db.metadata_keys_end("F"); ++it) {
            std::string value = w->db.get_metadata(*it);
            if (!value.empty()) records.push_back(value);
        }
        for (const std::string &r : records)
            if (!fn(r.c_str(), userdata)) break;
        return HV_OK;
    } catch (...) {
        return w->fail();
    }
}

extern "C" hv_status hv_index_writer_add_passage(hv_index_writer *w, const char *doc,
                                                 unsigned number, hv_lang lang,
                                                 const hv_term_list *terms,
                                                 const hv_passage_links *links, const char *data,
                                                 size_t data_len)
{
    try {
        Xapian::Document xdoc;
        /* No positions: at 100k passages they were 46% of the index and
         * 14% of the time spent building it, while phrases are rare enough
         * to check against the text of the passages that hold their words
         * (phrase_check.h). */
        for (size_t i = 0; i < terms->count; i++) {
            const hv_term &t = terms->terms[i];
            xdoc.add_term(std::string(t.term, t.len), t.wdf);
        }
        if (lang != HV_LANG_UNKNOWN)
            xdoc.add_boolean_term(std::string(1, HV_PREFIX_LANG) + hv_lang_code(lang));
        xdoc.add_boolean_term(file_term(doc));
        xdoc.add_value(SLOT_PASSAGE_NUMBER, Xapian::sortable_serialise(number));
        if (links && links->group) {
            xdoc.add_value(SLOT_TRANSLATION_GROUP, links->group);
            xdoc.add_value(SLOT_GROUP_LANGS, links->langs ? links->langs : "");
        }
        xdoc.add_value(SLOT_RECORD, std::string(data, data_len));
        w->db.add_document(xdoc);
        return HV_OK;
    } catch (...) {
        return w->fail();
    }
}

extern "C" hv_status hv_index_writer_commit(hv_index_writer *w)
{
    try {
        w->db.commit();
        return HV_OK;
    } catch (...) {
        return w->fail();
    }
}

extern "C" hv_status hv_index_writer_set_metadata(hv_index_writer *w, const char *key,
                                                  const char *value, size_t len)
{
    try {
        w->db.set_metadata(key, std::string(value, len));
        return HV_OK;
    } catch (...) {
        return w->fail();
    }
}

extern "C" hv_status hv_index_writer_get_metadata(hv_index_writer *w, const char *key, char **value,
                                                  size_t *len)
{
    *value = nullptr;
    *len = 0;
    try {
        std::string found = w->db.get_metadata(key);
        *value = copy_string(found);
        *len = found.size();
        return HV_OK;
    } catch (...) {
        return w->fail();
    }
}

extern "C" hv_status hv_index_compact(const char *dir, char **errmsg)
{
    return hv_index_compact_with(dir, nullptr, 0, errmsg);
}

extern "C" void hv_remove_index(const char *dir)
{
    try {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    } catch (...) {
    }
}

/* Puts the folder fresh where target is.  Where both exist they are
 * exchanged in one step (renameat2), so a reader opening target finds the
 * old index or the new one, never neither; the old one is then removed.
 * File systems without the exchange get two renames. */
static void replace_folder(const std::string &fresh, const std::string &target)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(target, ec)) {
        fs::rename(fresh, target);
        return;
    }
    if (renameat2(AT_FDCWD, fresh.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) == 0) {
        fs::remove_all(fresh, ec); /* now the old index */
        return;
    }
    std::string old = target + ".old";
    fs::remove_all(old, ec);
    fs::rename(target, old);
    try {
        fs::rename(fresh, target);
    } catch (...) {
        fs::rename(old, target, ec);
        throw;
    }
    fs::remove_all(old, ec);
}

static std::string without_trailing_slashes(const char *dir)
{
    std::string s(dir);
    while (s.size() > 1 && s.back() == '/')
        s.pop_back();
    return s;
}

extern "C" hv_status hv_index_compact_with(const char *dir, const char *const *extra,
                                           size_t n_extra, char **errmsg)
{
    return hv_index_compact_into(dir, extra, n_extra, dir, errmsg);
}

extern "C" hv_status hv_index_compact_into(const char *source, const char *const *extra,
                                           size_t n_extra, const char *target_dir, char **errmsg)
{
    if (errmsg) *errmsg = nullptr;
    namespace fs = std::filesystem;
    std::string target = without_trailing_slashes(target_dir);
    std::string tmp = target + ".compacting";
    try {
        std::error_code ec;
        fs::remove_all(tmp, ec);
        unsigned long replaced = 0; /* the effective revision of what target holds */
        if (without_trailing_slashes(source) != target) {
            try {
                Xapian::Database old(target);
                replaced = revision_base(old) + (unsigned long)old.get_revision();
            } catch (const Xapian::Error &) {
                /* no index there yet */
            }
        }
        Xapian::rev revision;
        {
            Xapian::Database db(source);
            revision = db.get_revision();
            for (size_t i = 0; i < n_extra; i++)
                db.add_database(Xapian::Database(extra[i]));
            /* 16 KiB blocks: a chunk of passage records (value slot 3) is
             * about 2 KB, a quarter of an 8 KiB block, so with the default
             * size blocks were left part-empty: at 100k passages 153 MB
             * against 144 MB with 16 KiB. */
            db.compact(tmp, Xapian::Compactor::FULLER, 16384);
        }
        {
            /* The compacted index keeps the revision of the one it replaces,
             * and a reader reopens only on a new revision: with passages
             * merged in, it would go on showing the old half.  One commit
             * more tells every reader. */
            Xapian::WritableDatabase db(tmp, Xapian::DB_OPEN);
            db.set_metadata(META_COMPACTED, std::to_string(revision));
            if (replaced) db.set_metadata(META_REVISION_BASE, std::to_string(replaced));
            db.commit();
        }
        replace_folder(tmp, target);
        return HV_OK;
    } catch (...) {
        std::string msg;
        hv_status st = status_from_current_exception(msg);
        set_errmsg(errmsg, "compaction failed: " + msg);
        std::error_code ec;
        fs::remove_all(tmp, ec);
        return st;
    }
}
