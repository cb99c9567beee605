/* Recognising passages that are translations of each other inside one
 * document: a post written in English, then in Russian, then in Dutch.
 *
 * When a document holds blocks of passages in two or three languages, one
 * language after the other, with comparable numbers of passages, the k-th
 * passage of each language block is taken as one translation group, if
 * their lengths are comparable and they share a number or a capitalised
 * name.  Search shows the best passage of a group
 * and names the languages of the others ("also in"). */
#ifndef HV_TRANSLATION_LINKS_H
#define HV_TRANSLATION_LINKS_H

#include <stddef.h>

#include "document.h"

#define HV_NO_GROUP ((size_t)-1)

/* Fills group[i] (one per passage) with a group number, or HV_NO_GROUP,
 * and langs[i] with the codes of the group's languages ("en,ru,nl"; a
 * static-size buffer of 12 bytes per passage, "" when alone). */
void hv_link_translations(const hv_document *doc, size_t *group, char (*langs)[12]);

#endif
