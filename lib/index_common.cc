#include <xapian.h>

#include "index_internal.h"

#include "hash.h"

#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>

namespace haven
{

/* Xapian's term limit is 245 bytes; leave room for prefixes and numbers. */
static const size_t MAX_PLAIN_ID = 200;

hv_status status_from_current_exception(std::string &message)
{
    try {
        throw;
    } catch (const Xapian::DatabaseLockError &e) {
        message = "index is locked by another indexer: " + e.get_msg();
        return HV_ERR_LOCKED;
    } catch (const Xapian::DatabaseModifiedError &e) {
        message = e.get_description();
        return HV_ERR_MODIFIED;
    } catch (const Xapian::DatabaseNotFoundError &e) {
        message = "no index found: " + e.get_msg();
        return HV_ERR_NOT_FOUND;
    } catch (const Xapian::DatabaseCorruptError &e) {
        message = e.get_description();
        return HV_ERR_CORRUPT;
    } catch (const Xapian::Error &e) {
        message = e.get_description();
        return HV_ERR_DATABASE;
    } catch (const status_error &e) {
        message = hv_status_to_string(e.status);
        return e.status;
    } catch (const std::bad_alloc &) {
        message = "out of memory";
        return HV_ERR_NOMEM;
    } catch (const std::exception &e) {
        message = e.what();
        return HV_ERR_INTERNAL;
    } catch (...) {
        message = "unknown exception";
        return HV_ERR_INTERNAL;
    }
}

std::string file_id(const std::string &doc)
{
    if (doc.size() <= MAX_PLAIN_ID) return doc;
    char buf[32];
    snprintf(buf, sizeof buf, "#%016" PRIx64, hv_hash(doc.data(), doc.size()));
    return buf;
}

std::string file_term(const std::string &doc)
{
    return "P" + file_id(doc);
}

std::string file_metadata_key(const std::string &doc)
{
    return "F" + file_id(doc);
}

std::string file_title_key(const std::string &doc)
{
    return "T" + file_id(doc);
}

char *copy_string(const std::string &s)
{
    char *p = static_cast<char *>(malloc(s.size() + 1));
    if (!p) throw std::bad_alloc();
    memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    return p;
}

} // namespace haven

extern "C" void hv_string_array_free(char **strings, size_t n)
{
    if (!strings) return;
    for (size_t i = 0; i < n; i++)
        free(strings[i]);
    free(strings);
}

extern "C" void hv_hit_list_free(hv_hit_list *list)
{
    if (!list) return;
    for (size_t i = 0; i < list->count; i++) {
        free(list->hits[i].data);
        hv_string_array_free(list->hits[i].matched, list->hits[i].n_matched);
        free(list->hits[i].group_langs);
        free(list->hits[i].answer);
    }
    free(list->hits);
    list->hits = nullptr;
    list->count = 0;
    list->total = 0;
}

unsigned long haven::revision_base(const Xapian::Database &db)
{
    return strtoul(db.get_metadata(META_REVISION_BASE).c_str(), nullptr, 10);
}
