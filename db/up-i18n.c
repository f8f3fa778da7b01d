/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-i18n"

#include "config.h"

#include <glib/gi18n.h>
#include <libintl.h>
#include <string.h>

/* Not up-i18n.h's macros here: this file calls gettext itself. */
gboolean     up_i18n_set_thread_language (const char *language);
const char  *up_i18n_gettext             (const char *msgid) G_GNUC_FORMAT (1);
const char  *up_i18n_pgettext            (const char *msgctxtid,
                                          gsize       msgidoffset) G_GNUC_FORMAT (1);
const char  *up_i18n_ngettext            (const char *msgid,
                                          const char *msgid_plural,
                                          gulong      n) G_GNUC_FORMAT (1) G_GNUC_FORMAT (2);

/* A catalogue read from a .mo file: original (up to its first NUL, so that
 * a plural entry is found by its singular) → translation (the first plural
 * form: Chinese has one). */
typedef struct
{
  char       *language;
  GBytes     *data;
  GHashTable *messages;
  gboolean    english;     /* the sources' own language: no catalogue */
} Catalogue;

static GPrivate current = G_PRIVATE_INIT (NULL);
static GMutex cache_lock;
static GHashTable *cache;   /* language → Catalogue, read once, kept */

static guint32
read_u32 (const guint8 *p,
          gboolean      swap)
{
  guint32 v;

  memcpy (&v, p, 4);
  return swap ? GUINT32_SWAP_LE_BE (v) : v;
}

static Catalogue *
catalogue_load (const char *language)
{
  const char *dir = bindtextdomain (GETTEXT_PACKAGE, NULL);
  g_autofree char *path = NULL;
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const guint8 *base;
  gsize size;
  gboolean swap;
  guint32 n, originals, translations;
  Catalogue *catalogue;

  if (g_str_equal (language, "en") || g_str_equal (language, "C") || g_str_has_prefix (language, "en_"))
    {
      catalogue = g_new0 (Catalogue, 1);
      catalogue->language = g_strdup (language);
      catalogue->english = TRUE;
      return catalogue;
    }

  if (dir == NULL)
    return NULL;
  path = g_build_filename (dir, language, "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  file = g_mapped_file_new (path, FALSE, NULL);
  if (file == NULL)
    return NULL;
  bytes = g_mapped_file_get_bytes (file);
  base = g_bytes_get_data (bytes, &size);
  if (size < 28)
    return NULL;

  if (read_u32 (base, FALSE) == 0x950412de)
    swap = FALSE;
  else if (read_u32 (base, TRUE) == 0x950412de)
    swap = TRUE;
  else
    return NULL;

  n = read_u32 (base + 8, swap);
  originals = read_u32 (base + 12, swap);
  translations = read_u32 (base + 16, swap);
  if ((guint64) originals + (guint64) n * 8 > size || (guint64) translations + (guint64) n * 8 > size)
    return NULL;

  catalogue = g_new0 (Catalogue, 1);
  catalogue->language = g_strdup (language);
  catalogue->data = g_bytes_ref (bytes);
  catalogue->messages = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint32 i = 0; i < n; i++)
    {
      guint32 olen = read_u32 (base + originals + i * 8, swap);
      guint32 ooff = read_u32 (base + originals + i * 8 + 4, swap);
      guint32 tlen = read_u32 (base + translations + i * 8, swap);
      guint32 toff = read_u32 (base + translations + i * 8 + 4, swap);

      /* Each string ends in a NUL within the file. */
      if ((guint64) ooff + olen >= size || (guint64) toff + tlen >= size
          || base[ooff + olen] != '\0' || base[toff + tlen] != '\0' || olen == 0)
        continue;
      g_hash_table_insert (catalogue->messages, (gpointer) (base + ooff), (gpointer) (base + toff));
    }

  return catalogue;
}

gboolean
up_i18n_set_thread_language (const char *language)
{
  Catalogue *catalogue = NULL;

  if (language == NULL || *language == '\0')
    {
      g_private_set (&current, NULL);
      return TRUE;
    }

  g_mutex_lock (&cache_lock);
  if (cache == NULL)
    cache = g_hash_table_new (g_str_hash, g_str_equal);
  catalogue = g_hash_table_lookup (cache, language);
  if (catalogue == NULL)
    {
      catalogue = catalogue_load (language);
      if (catalogue != NULL)
        g_hash_table_insert (cache, catalogue->language, catalogue);
    }
  g_mutex_unlock (&cache_lock);

  g_private_set (&current, catalogue);
  return catalogue != NULL;
}

static const char *
lookup (Catalogue  *catalogue,
        const char *key)
{
  const char *found = g_hash_table_lookup (catalogue->messages, key);

  return found != NULL && *found != '\0' ? found : NULL;
}

const char *
up_i18n_gettext (const char *msgid)
{
  Catalogue *catalogue = g_private_get (&current);
  const char *found;

  if (catalogue == NULL)
    return g_dgettext (GETTEXT_PACKAGE, msgid);
  if (catalogue->english)
    return msgid;
  found = lookup (catalogue, msgid);
  return found != NULL ? found : msgid;
}

const char *
up_i18n_pgettext (const char *msgctxtid,
                  gsize       msgidoffset)
{
  Catalogue *catalogue = g_private_get (&current);
  const char *found;

  if (catalogue == NULL)
    return g_dpgettext (GETTEXT_PACKAGE, msgctxtid, msgidoffset);
  if (catalogue->english)
    return msgctxtid + msgidoffset;
  found = lookup (catalogue, msgctxtid);
  return found != NULL ? found : msgctxtid + msgidoffset;
}

const char *
up_i18n_ngettext (const char *msgid,
                  const char *msgid_plural,
                  gulong      n)
{
  Catalogue *catalogue = g_private_get (&current);
  const char *found;

  if (catalogue == NULL)
    return g_dngettext (GETTEXT_PACKAGE, msgid, msgid_plural, n);
  if (catalogue->english)
    return n == 1 ? msgid : msgid_plural;
  /* The languages shipped have one plural form (zh_CN, zh_TW). */
  found = lookup (catalogue, msgid);
  return found != NULL ? found : (n == 1 ? msgid : msgid_plural);
}
