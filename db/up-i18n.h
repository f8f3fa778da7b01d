/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <glib/gi18n.h>

G_BEGIN_DECLS

/* Messages in another language than the interface's, for one thread: a
 * report written in zh_TW while the window speaks zh_CN.  gettext chooses
 * its language for the whole process, so the thread that writes a report
 * reads the catalogue (upskill.mo) of the language asked for itself, and
 * the db/ and reports/ sources, which include this header after
 * <glib/gi18n.h>, look their messages up there first. */

/* From now on in this thread: @language's messages ("zh_CN", "en" …); NULL
 * or "" for the interface's.  FALSE (and the interface's language) when
 * no catalogue of @language is found; "en" and "C" need none. */
gboolean     up_i18n_set_thread_language (const char *language);

const char  *up_i18n_gettext             (const char *msgid) G_GNUC_FORMAT (1);
const char  *up_i18n_pgettext            (const char *msgctxtid,
                                          gsize       msgidoffset) G_GNUC_FORMAT (1);
const char  *up_i18n_ngettext            (const char *msgid,
                                          const char *msgid_plural,
                                          gulong      n) G_GNUC_FORMAT (1) G_GNUC_FORMAT (2);

#undef _
#define _(String) ((char *) up_i18n_gettext (String))
#undef C_
#define C_(Context, String) ((char *) up_i18n_pgettext (Context "\004" String, strlen (Context) + 1))
#define up_i18n_dngettext(Domain, Msgid, Plural, N) up_i18n_ngettext (Msgid, Plural, N)
#undef g_dngettext
#define g_dngettext(Domain, Msgid, Plural, N) up_i18n_ngettext (Msgid, Plural, N)

G_END_DECLS
