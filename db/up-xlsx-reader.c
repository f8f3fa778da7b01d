/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-xlsx-reader"

#include "config.h"

#include <glib/gi18n.h>
#include "up-i18n.h"
#include <libxml/xmlreader.h>
#include <math.h>
#include <string.h>
#include <zip.h>

#include "up-csv-reader.h"
#include "up-xlsx-reader.h"

/* The parts read: xl/workbook.xml (sheet names, the date system),
 * xl/_rels/workbook.xml.rels (where each sheet, the shared strings and the
 * styles are), xl/styles.xml (which cell formats are dates),
 * xl/sharedStrings.xml and the chosen sheet.  Each goes from zip_fread()
 * through xmlReaderForIO() without being held whole. */

#define MAX_PART_BYTES   ((gint64) 512 * 1024 * 1024)
#define MAX_SHEET_BYTES  ((gint64) 4 * 1024 * 1024 * 1024)
#define MAX_CELL_BYTES   UP_CSV_MAX_CELL_BYTES
#define MAX_STRINGS      (16 * 1024 * 1024)
#define MAX_COLUMN       16384   /* XFD, Excel's last column */

typedef struct
{
  zip_file_t *file;
  gint64      read;
  gint64      limit;
  gboolean    too_big;
  gboolean    failed;
} Part;

struct _UpXlsxReader
{
  GObject           parent_instance;

  zip_t            *zip;
  GBytes           *bytes;          /* the archive, when read from memory */
  GPtrArray        *sheet_names;    /* NULL-terminated */
  GPtrArray        *sheet_targets;
  char             *sheet;
  char             *sheet_path;
  char             *strings_path;
  char             *styles_path;
  gint64            sheet_size;
  gboolean          date1904;

  GPtrArray        *strings;        /* shared strings, loaded on the first row */
  GArray           *date_styles;    /* gboolean per cellXfs index */
  xmlTextReaderPtr  reader;         /* the sheet */
  Part             *part;
  char             *xml_error;      /* the first error libxml2 reported */
  guint             last_row;
  guint             started : 1;
  guint             finished : 1;
};

static void up_xlsx_reader_row_source_init (UpRowSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (UpXlsxReader, up_xlsx_reader, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (UP_TYPE_ROW_SOURCE, up_xlsx_reader_row_source_init))

/* Auxiliary methods -------------------------------------------------------- */

static void
set_broken (GError     **error,
            const char  *detail)
{
  if (detail != NULL && *detail != '\0')
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 /* Translators: %s says what is broken, often in English */
                 _("This is not a workbook Upskill can read (.xlsx): %s"), detail);
  else
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         _("This is not a workbook Upskill can read (.xlsx)."));
}

static int
part_read_cb (void *context,
              char *buffer,
              int   len)
{
  Part *part = context;
  zip_int64_t n;

  if (part->read >= part->limit)
    {
      part->too_big = TRUE;
      return -1;
    }

  n = zip_fread (part->file, buffer, (zip_uint64_t) MIN ((gint64) len, part->limit - part->read));
  if (n < 0)
    {
      part->failed = TRUE;
      return -1;
    }

  part->read += n;
  return (int) n;
}

static int
part_close_cb (void *context)
{
  Part *part = context;

  g_clear_pointer (&part->file, zip_fclose);
  return 0;
}

static void
xml_error_cb (void        *data,
              xmlErrorPtr  error)
{
  UpXlsxReader *self = data;

  if (self->xml_error == NULL && error != NULL && error->message != NULL)
    self->xml_error = g_strstrip (g_strdup (error->message));
}

/* An XML reader over part @name, or NULL with @error set.  @part must stay
 * alive as long as the reader. */
static xmlTextReaderPtr
open_part (UpXlsxReader  *self,
           const char    *name,
           Part          *part,
           gint64         limit,
           gboolean       required,
           GError       **error)
{
  xmlTextReaderPtr reader;

  memset (part, 0, sizeof *part);
  part->limit = limit;
  part->file = zip_fopen (self->zip, name, 0);
  if (part->file == NULL)
    {
      if (required)
        set_broken (error, name);
      return NULL;
    }

  /* No entity substitution, no DTD loading, no network: a workbook is data. */
  reader = xmlReaderForIO (part_read_cb, part_close_cb, part, name, NULL,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (reader == NULL)
    {
      g_clear_pointer (&part->file, zip_fclose);
      set_broken (error, name);
      return NULL;
    }
  xmlTextReaderSetStructuredErrorHandler (reader, xml_error_cb, self);
  return reader;
}

/* Sets @error after xmlTextReaderRead() answered -1. */
static void
set_read_error (UpXlsxReader  *self,
                Part          *part,
                const char    *name,
                GError       **error)
{
  if (part->too_big)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 _("The workbook’s part %s is too large to be a roster."), name);
  else
    set_broken (error, self->xml_error != NULL ? self->xml_error : name);
}

static gboolean
is_element (xmlTextReaderPtr  reader,
            const char       *name)
{
  return xmlTextReaderNodeType (reader) == XML_READER_TYPE_ELEMENT
         && g_strcmp0 ((const char *) xmlTextReaderConstLocalName (reader), name) == 0;
}

static gboolean
is_end_element (xmlTextReaderPtr  reader,
                const char       *name)
{
  return xmlTextReaderNodeType (reader) == XML_READER_TYPE_END_ELEMENT
         && g_strcmp0 ((const char *) xmlTextReaderConstLocalName (reader), name) == 0;
}

static char *
get_attribute (xmlTextReaderPtr  reader,
               const char       *name)
{
  xmlChar *value = xmlTextReaderGetAttribute (reader, (const xmlChar *) name);
  char *copy = value != NULL ? g_strdup ((const char *) value) : NULL;

  xmlFree (value);
  return copy;
}

/* The r:id of a <sheet>, whatever prefix the relationships namespace has. */
static char *
get_relationship_id (xmlTextReaderPtr reader)
{
  char *id = NULL;

  if (xmlTextReaderMoveToFirstAttribute (reader) != 1)
    return NULL;
  do
    {
      const char *local = (const char *) xmlTextReaderConstLocalName (reader);
      const char *prefix = (const char *) xmlTextReaderConstPrefix (reader);

      if (prefix != NULL && g_strcmp0 (local, "id") == 0)
        {
          id = g_strdup ((const char *) xmlTextReaderConstValue (reader));
          break;
        }
    }
  while (xmlTextReaderMoveToNextAttribute (reader) == 1);
  xmlTextReaderMoveToElement (reader);
  return id;
}

static gboolean
is_text_node (xmlTextReaderPtr reader)
{
  int type = xmlTextReaderNodeType (reader);

  return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA
         || type == XML_READER_TYPE_WHITESPACE || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

/* A relationship target, relative to xl/ or absolute in the archive. */
static char *
resolve_target (const char *target)
{
  if (target == NULL)
    return NULL;
  if (target[0] == '/')
    return g_strdup (target + 1);
  return g_strconcat ("xl/", target, NULL);
}

/* Workbook and relationships ------------------------------------------------ */

static gboolean
read_workbook (UpXlsxReader  *self,
               GPtrArray     *ids,
               GPtrArray     *hidden,
               GError       **error)
{
  Part part;
  xmlTextReaderPtr reader = open_part (self, "xl/workbook.xml", &part, MAX_PART_BYTES, TRUE, error);
  int ret;

  if (reader == NULL)
    return FALSE;

  while ((ret = xmlTextReaderRead (reader)) == 1)
    {
      if (is_element (reader, "sheet"))
        {
          g_autofree char *name = get_attribute (reader, "name");
          g_autofree char *state = get_attribute (reader, "state");
          char *id = get_relationship_id (reader);

          if (name == NULL || id == NULL || self->sheet_names->len > 4096)
            {
              g_free (id);
              continue;
            }
          g_ptr_array_insert (self->sheet_names, (gint) self->sheet_names->len - 1, g_steal_pointer (&name));
          g_ptr_array_add (ids, id);
          g_ptr_array_add (hidden, GINT_TO_POINTER (g_strcmp0 (state, "visible") != 0 && state != NULL));
        }
      else if (is_element (reader, "workbookPr"))
        {
          g_autofree char *date1904 = get_attribute (reader, "date1904");

          self->date1904 = g_strcmp0 (date1904, "1") == 0 || g_strcmp0 (date1904, "true") == 0;
        }
    }

  if (ret < 0)
    set_read_error (self, &part, "xl/workbook.xml", error);
  xmlFreeTextReader (reader);
  if (ret < 0)
    return FALSE;

  if (ids->len == 0)
    {
      set_broken (error, _("it has no sheets"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_relationships (UpXlsxReader  *self,
                    GPtrArray     *ids,
                    GError       **error)
{
  Part part;
  xmlTextReaderPtr reader;
  int ret;

  g_ptr_array_set_size (self->sheet_targets, (gint) ids->len);

  reader = open_part (self, "xl/_rels/workbook.xml.rels", &part, MAX_PART_BYTES, TRUE, error);
  if (reader == NULL)
    return FALSE;

  while ((ret = xmlTextReaderRead (reader)) == 1)
    {
      g_autofree char *id = NULL;
      g_autofree char *type = NULL;
      g_autofree char *target = NULL;

      if (!is_element (reader, "Relationship"))
        continue;

      id = get_attribute (reader, "Id");
      type = get_attribute (reader, "Type");
      target = get_attribute (reader, "Target");
      if (id == NULL || type == NULL || target == NULL)
        continue;

      if (g_str_has_suffix (type, "/sharedStrings") && self->strings_path == NULL)
        self->strings_path = resolve_target (target);
      else if (g_str_has_suffix (type, "/styles") && self->styles_path == NULL)
        self->styles_path = resolve_target (target);
      else if (g_str_has_suffix (type, "/worksheet"))
        for (guint i = 0; i < ids->len; i++)
          if (g_str_equal (g_ptr_array_index (ids, i), id) && g_ptr_array_index (self->sheet_targets, i) == NULL)
            g_ptr_array_index (self->sheet_targets, i) = resolve_target (target);
    }

  if (ret < 0)
    set_read_error (self, &part, "xl/_rels/workbook.xml.rels", error);
  xmlFreeTextReader (reader);
  return ret == 0;
}

/* Styles -------------------------------------------------------------------- */

static gboolean
builtin_format_is_date (int id)
{
  return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

/* A format code shows a date when, outside quotes, brackets and escapes,
 * it has a year or a day (m alone may be minutes). */
static gboolean
format_code_is_date (const char *code)
{
  gboolean quoted = FALSE;
  gboolean bracket = FALSE;

  for (const char *p = code; p != NULL && *p != '\0'; p++)
    {
      char c = g_ascii_tolower (*p);

      if (quoted)
        quoted = c != '"';
      else if (bracket)
        bracket = c != ']';
      else if (c == '"')
        quoted = TRUE;
      else if (c == '[')
        bracket = TRUE;
      else if (c == '\\' || c == '_')
        {
          if (p[1] != '\0')
            p++;
        }
      else if (c == 'y' || c == 'd' || c == 'e')
        return TRUE;
      else if (c == ';')
        break;
    }
  return FALSE;
}

static gboolean
read_styles (UpXlsxReader  *self,
             GError       **error)
{
  g_autoptr(GHashTable) custom = g_hash_table_new (g_direct_hash, g_direct_equal);
  Part part;
  xmlTextReaderPtr reader;
  gboolean in_cell_xfs = FALSE;
  int ret;

  self->date_styles = g_array_new (FALSE, TRUE, sizeof (gboolean));
  if (self->styles_path == NULL)
    self->styles_path = g_strdup ("xl/styles.xml");

  reader = open_part (self, self->styles_path, &part, MAX_PART_BYTES, FALSE, error);
  if (reader == NULL)
    return TRUE;  /* no styles: no dates */

  while ((ret = xmlTextReaderRead (reader)) == 1)
    {
      if (is_element (reader, "numFmt"))
        {
          g_autofree char *id = get_attribute (reader, "numFmtId");
          g_autofree char *code = get_attribute (reader, "formatCode");

          if (id != NULL && format_code_is_date (code))
            g_hash_table_add (custom, GINT_TO_POINTER (atoi (id)));
        }
      else if (is_element (reader, "cellXfs"))
        in_cell_xfs = !xmlTextReaderIsEmptyElement (reader);
      else if (is_end_element (reader, "cellXfs"))
        in_cell_xfs = FALSE;
      else if (in_cell_xfs && is_element (reader, "xf") && self->date_styles->len < 65536)
        {
          g_autofree char *id_text = get_attribute (reader, "numFmtId");
          int id = id_text != NULL ? atoi (id_text) : 0;
          gboolean date = builtin_format_is_date (id) || g_hash_table_contains (custom, GINT_TO_POINTER (id));

          g_array_append_val (self->date_styles, date);
        }
    }

  if (ret < 0)
    set_read_error (self, &part, self->styles_path, error);
  xmlFreeTextReader (reader);
  return ret == 0;
}

/* Shared strings ------------------------------------------------------------ */

static gboolean
append_text (GString     *text,
             const char  *value,
             guint        row,
             GError     **error)
{
  if (value == NULL)
    return TRUE;
  if (text->len + strlen (value) > MAX_CELL_BYTES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   /* Translators: %u is a row number of the sheet */
                   _("Row %u: a cell holds more than 4 MB of text."), row);
      return FALSE;
    }
  g_string_append (text, value);
  return TRUE;
}

static gboolean
read_strings (UpXlsxReader  *self,
              GError       **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  Part part;
  xmlTextReaderPtr reader;
  gboolean in_si = FALSE, in_t = FALSE, in_phonetic = FALSE;
  gint64 total = 0;
  int ret;

  self->strings = g_ptr_array_new_with_free_func (g_free);
  if (self->strings_path == NULL)
    self->strings_path = g_strdup ("xl/sharedStrings.xml");

  reader = open_part (self, self->strings_path, &part, MAX_PART_BYTES, FALSE, error);
  if (reader == NULL)
    return TRUE;  /* inline strings only */

  while ((ret = xmlTextReaderRead (reader)) == 1)
    {
      if (is_element (reader, "si"))
        {
          g_string_truncate (text, 0);
          in_si = TRUE;
          if (xmlTextReaderIsEmptyElement (reader))
            {
              g_ptr_array_add (self->strings, g_strdup (""));
              in_si = FALSE;
            }
        }
      else if (is_end_element (reader, "si") && in_si)
        {
          if (self->strings->len >= MAX_STRINGS)
            {
              g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                   _("The workbook holds too many different texts to be a roster."));
              ret = -2;
              break;
            }
          total += text->len;
          g_ptr_array_add (self->strings, g_strndup (text->str, text->len));
          in_si = FALSE;
        }
      else if (is_element (reader, "rPh"))
        in_phonetic = !xmlTextReaderIsEmptyElement (reader);
      else if (is_end_element (reader, "rPh"))
        in_phonetic = FALSE;
      else if (is_element (reader, "t"))
        in_t = !xmlTextReaderIsEmptyElement (reader);
      else if (is_end_element (reader, "t"))
        in_t = FALSE;
      else if (in_si && in_t && !in_phonetic && is_text_node (reader))
        {
          if (!append_text (text, (const char *) xmlTextReaderConstValue (reader), self->strings->len + 1, error))
            {
              ret = -2;
              break;
            }
        }
    }

  if (ret == -1)
    set_read_error (self, &part, self->strings_path, error);
  xmlFreeTextReader (reader);
  g_debug ("%u shared strings, %" G_GINT64_FORMAT " bytes", self->strings->len, total);
  return ret == 0;
}

/* Cells --------------------------------------------------------------------- */

/* "BC12" → 54 (0-based); -1 when there are no letters. */
static int
column_from_reference (const char *ref)
{
  int column = 0;
  const char *p = ref;

  if (ref == NULL)
    return -1;

  for (; g_ascii_isalpha (*p); p++)
    {
      column = column * 26 + (g_ascii_toupper (*p) - 'A' + 1);
      if (column > MAX_COLUMN)
        return MAX_COLUMN;
    }

  return p == ref ? -1 : column - 1;
}

/* Excel's serial day number as YYYY-MM-DD, or NULL when out of range. */
static char *
serial_to_date (double   serial,
                gboolean date1904)
{
  GDate date;
  guint days;

  if (!isfinite (serial) || serial < 1 || serial >= 2958466)
    return NULL;

  days = (guint) serial;  /* positive: truncation is the floor */
  g_date_clear (&date, 1);
  if (date1904)
    {
      g_date_set_dmy (&date, 1, G_DATE_JANUARY, 1904);
      g_date_add_days (&date, days);
    }
  else
    {
      /* Excel counts a 29 February 1900 that never was (serial 60). */
      g_date_set_dmy (&date, 31, G_DATE_DECEMBER, 1899);
      g_date_add_days (&date, days >= 60 ? days - 1 : days);
    }

  return g_strdup_printf ("%04u-%02u-%02u", (unsigned) g_date_get_year (&date),
                          (unsigned) g_date_get_month (&date), (unsigned) g_date_get_day (&date));
}

/* A number as the shortest text that reads back the same, whole numbers
 * without a decimal point or exponent (a phone number stored as a number
 * reads 13812345678). */
static char *
format_number (const char *raw)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char *end = NULL;
  double value;

  value = g_ascii_strtod (raw, &end);
  if (end == raw || *end != '\0' || !isfinite (value))
    return g_strdup (raw);

  /* No libm: a whole number below 1e15 survives a round trip through gint64. */
  if ((value < 0 ? -value : value) < 1e15 && value == (double) (gint64) value)
    return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) value);

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.15g", value));
}

static void
finish_cell (UpXlsxReader *self,
             UpRow        *row,
             int           column,
             const char   *type,
             int           style,
             GString      *value)
{
  UpCellKind kind = UP_CELL_TEXT;
  char *text = NULL;

  if (g_strcmp0 (type, "s") == 0)
    {
      char *end = NULL;
      guint64 index = g_ascii_strtoull (value->str, &end, 10);

      if (end != value->str && self->strings != NULL && index < self->strings->len)
        text = g_strdup (g_ptr_array_index (self->strings, index));
      else
        {
          text = g_strdup ("#REF!");
          kind = UP_CELL_ERROR;
        }
    }
  else if (g_strcmp0 (type, "inlineStr") == 0 || g_strcmp0 (type, "str") == 0)
    text = g_strndup (value->str, value->len);
  else if (g_strcmp0 (type, "b") == 0)
    {
      text = g_strdup (g_strcmp0 (g_strstrip (value->str), "1") == 0
                       || g_ascii_strcasecmp (value->str, "true") == 0 ? "1" : "0");
      kind = UP_CELL_BOOLEAN;
    }
  else if (g_strcmp0 (type, "e") == 0)
    {
      text = g_strndup (value->str, value->len);
      kind = UP_CELL_ERROR;
    }
  else if (g_strcmp0 (type, "d") == 0)
    {
      text = g_strndup (value->str, MIN (value->len, (gsize) 10));
      kind = UP_CELL_DATE;
    }
  else if (value->len > 0)
    {
      g_strstrip (value->str);
      value->len = strlen (value->str);
      kind = UP_CELL_NUMBER;
      if (style >= 0 && (guint) style < self->date_styles->len
          && g_array_index (self->date_styles, gboolean, style))
        {
          text = serial_to_date (g_ascii_strtod (value->str, NULL), self->date1904);
          if (text != NULL)
            kind = UP_CELL_DATE;
        }
      if (text == NULL)
        text = format_number (value->str);
    }
  else
    text = g_strdup ("");

  if (column < 0)
    column = (int) row->cells->len;

  if ((guint) column < row->cells->len)
    {
      g_free (g_ptr_array_index (row->cells, column));
      g_ptr_array_index (row->cells, column) = text;
      row->kinds->data[column] = (guint8) kind;
      return;
    }

  while (row->cells->len < (guint) column && !row->truncated)
    up_row_take_cell (row, g_strdup (""), UP_CELL_TEXT);
  up_row_take_cell (row, text, kind);
}

/* UpRowSource --------------------------------------------------------------- */

static gboolean
start_sheet (UpXlsxReader  *self,
             GError       **error)
{
  zip_stat_t st;

  self->started = TRUE;
  if (!read_styles (self, error) || !read_strings (self, error))
    return FALSE;

  zip_stat_init (&st);
  if (zip_stat (self->zip, self->sheet_path, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE))
    self->sheet_size = (gint64) st.size;

  self->part = g_new0 (Part, 1);
  self->reader = open_part (self, self->sheet_path, self->part, MAX_SHEET_BYTES, TRUE, error);
  return self->reader != NULL;
}

static UpRow *
up_xlsx_reader_next_row (UpRowSource  *source,
                         GError      **error)
{
  UpXlsxReader *self = UP_XLSX_READER (source);
  g_autoptr(UpRow) row = NULL;
  g_autoptr(GString) value = g_string_new (NULL);
  g_autofree char *type = NULL;
  int column = -1;
  int style = -1;
  gboolean in_cell = FALSE, in_value = FALSE, in_phonetic = FALSE;
  int ret;

  if (self->finished)
    return NULL;
  if (!self->started && !start_sheet (self, error))
    {
      self->finished = TRUE;
      return NULL;
    }

  while ((ret = xmlTextReaderRead (self->reader)) == 1)
    {
      int node = xmlTextReaderNodeType (self->reader);
      const char *name;

      if (node != XML_READER_TYPE_ELEMENT && node != XML_READER_TYPE_END_ELEMENT)
        {
          if (in_value && !in_phonetic && is_text_node (self->reader)
              && !append_text (value, (const char *) xmlTextReaderConstValue (self->reader),
                               row != NULL ? row->number : 0, error))
            {
              self->finished = TRUE;
              return NULL;
            }
          continue;
        }

      name = (const char *) xmlTextReaderConstLocalName (self->reader);
      if (node == XML_READER_TYPE_ELEMENT && g_strcmp0 (name, "row") == 0)
        {
          g_autofree char *r = get_attribute (self->reader, "r");
          guint64 number = r != NULL ? g_ascii_strtoull (r, NULL, 10) : 0;

          if (number == 0 || number > G_MAXUINT)
            number = self->last_row + 1;
          self->last_row = (guint) number;
          if (xmlTextReaderIsEmptyElement (self->reader))
            continue;
          g_clear_pointer (&row, up_row_free);
          row = up_row_new (self->last_row);
        }
      else if (node == XML_READER_TYPE_END_ELEMENT && g_strcmp0 (name, "row") == 0)
        {
          if (row != NULL && row->cells->len > 0)
            return g_steal_pointer (&row);
          g_clear_pointer (&row, up_row_free);
        }
      else if (node == XML_READER_TYPE_ELEMENT && g_strcmp0 (name, "c") == 0 && row != NULL)
        {
          g_autofree char *r = get_attribute (self->reader, "r");
          g_autofree char *s = get_attribute (self->reader, "s");

          g_free (type);
          type = get_attribute (self->reader, "t");
          column = column_from_reference (r);
          if (column < 0)
            column = (int) row->cells->len;
          style = s != NULL ? atoi (s) : -1;
          g_string_truncate (value, 0);
          in_cell = TRUE;
          if (xmlTextReaderIsEmptyElement (self->reader))
            {
              finish_cell (self, row, column, type, style, value);
              in_cell = FALSE;
            }
        }
      else if (node == XML_READER_TYPE_END_ELEMENT && g_strcmp0 (name, "c") == 0 && in_cell)
        {
          finish_cell (self, row, column, type, style, value);
          in_cell = FALSE;
        }
      else if (in_cell && (g_strcmp0 (name, "v") == 0 || g_strcmp0 (name, "t") == 0))
        in_value = node == XML_READER_TYPE_ELEMENT && !xmlTextReaderIsEmptyElement (self->reader);
      else if (in_cell && g_strcmp0 (name, "rPh") == 0)
        in_phonetic = node == XML_READER_TYPE_ELEMENT && !xmlTextReaderIsEmptyElement (self->reader);
    }

  self->finished = TRUE;
  if (ret < 0)
    {
      set_read_error (self, self->part, self->sheet_path, error);
      return NULL;
    }

  /* A sheet cut short still gives its last row. */
  if (row != NULL && row->cells->len > 0)
    return g_steal_pointer (&row);
  return NULL;
}

static double
up_xlsx_reader_get_fraction (UpRowSource *source)
{
  UpXlsxReader *self = UP_XLSX_READER (source);

  if (self->finished)
    return 1.0;
  if (self->part == NULL || self->sheet_size <= 0)
    return 0.0;
  return CLAMP ((double) self->part->read / (double) self->sheet_size, 0.0, 1.0);
}

static void
up_xlsx_reader_row_source_init (UpRowSourceInterface *iface)
{
  iface->next_row = up_xlsx_reader_next_row;
  iface->get_fraction = up_xlsx_reader_get_fraction;
}

/* GObject ------------------------------------------------------------------- */

static void
up_xlsx_reader_finalize (GObject *object)
{
  UpXlsxReader *self = UP_XLSX_READER (object);

  g_clear_pointer (&self->reader, xmlFreeTextReader);
  g_clear_pointer (&self->part, g_free);
  g_clear_pointer (&self->zip, zip_discard);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->sheet_names, g_ptr_array_unref);
  g_clear_pointer (&self->sheet_targets, g_ptr_array_unref);
  g_clear_pointer (&self->strings, g_ptr_array_unref);
  g_clear_pointer (&self->date_styles, g_array_unref);
  g_free (self->sheet);
  g_free (self->sheet_path);
  g_free (self->strings_path);
  g_free (self->styles_path);
  g_free (self->xml_error);

  G_OBJECT_CLASS (up_xlsx_reader_parent_class)->finalize (object);
}

static void
up_xlsx_reader_class_init (UpXlsxReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = up_xlsx_reader_finalize;

  /* libxml2 sets itself up once, before any thread uses it. */
  xmlInitParser ();
}

static void
up_xlsx_reader_init (UpXlsxReader *self)
{
  self->sheet_names = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->sheet_names, NULL);
  self->sheet_targets = g_ptr_array_new_with_free_func (g_free);
}

/* Reads the workbook's sheets and chooses @sheet. */
static gboolean
open_workbook (UpXlsxReader  *self,
               const char    *sheet,
               GError       **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) hidden = g_ptr_array_new ();
  int chosen = -1;

  if (!read_workbook (self, ids, hidden, error) || !read_relationships (self, ids, error))
    return FALSE;

  for (guint i = 0; i < ids->len; i++)
    {
      if (g_ptr_array_index (self->sheet_targets, i) == NULL)
        continue;
      if (sheet != NULL && *sheet != '\0')
        {
          if (g_str_equal (g_ptr_array_index (self->sheet_names, i), sheet))
            {
              chosen = (int) i;
              break;
            }
        }
      else if (chosen < 0 || (GPOINTER_TO_INT (g_ptr_array_index (hidden, chosen))
                              && !GPOINTER_TO_INT (g_ptr_array_index (hidden, i))))
        chosen = (int) i;
    }

  if (chosen < 0)
    {
      g_autofree char *names = g_strjoinv (", ", (GStrv) self->sheet_names->pdata);

      if (sheet != NULL && *sheet != '\0')
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     /* Translators: the first %s is a sheet name, the second a list of them */
                     _("The workbook has no sheet named “%s”; its sheets are: %s."), sheet, names);
      else
        set_broken (error, _("it has no sheets"));
      return FALSE;
    }

  self->sheet = g_strdup (g_ptr_array_index (self->sheet_names, chosen));
  self->sheet_path = g_strdup (g_ptr_array_index (self->sheet_targets, chosen));
  return TRUE;
}

static void
set_zip_error (GError     **error,
               zip_error_t *zip_error)
{
  set_broken (error, zip_error_strerror (zip_error));
}

/* Public API ---------------------------------------------------------------- */

UpXlsxReader *
up_xlsx_reader_new (const char  *path,
                    const char  *sheet,
                    GError     **error)
{
  g_autoptr(UpXlsxReader) self = NULL;
  int code = 0;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (UP_TYPE_XLSX_READER, NULL);
  self->zip = zip_open (path, ZIP_RDONLY, &code);
  if (self->zip == NULL)
    {
      zip_error_t zip_error;

      zip_error_init_with_code (&zip_error, code);
      if (code == ZIP_ER_OPEN || code == ZIP_ER_NOENT || code == ZIP_ER_READ)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     _("Cannot open “%s”: %s"), path, zip_error_strerror (&zip_error));
      else
        set_zip_error (error, &zip_error);
      zip_error_fini (&zip_error);
      return NULL;
    }

  if (!open_workbook (self, sheet, error))
    return NULL;

  return g_steal_pointer (&self);
}

UpXlsxReader *
up_xlsx_reader_new_for_bytes (GBytes      *bytes,
                              const char  *sheet,
                              GError     **error)
{
  g_autoptr(UpXlsxReader) self = NULL;
  zip_source_t *source;
  zip_error_t zip_error;
  gsize size = 0;
  gconstpointer data;

  g_return_val_if_fail (bytes != NULL, NULL);

  self = g_object_new (UP_TYPE_XLSX_READER, NULL);
  self->bytes = g_bytes_ref (bytes);
  data = g_bytes_get_data (bytes, &size);

  zip_error_init (&zip_error);
  source = zip_source_buffer_create (data, size, 0, &zip_error);
  if (source != NULL)
    {
      self->zip = zip_open_from_source (source, ZIP_RDONLY, &zip_error);
      if (self->zip == NULL)
        zip_source_free (source);
    }
  if (self->zip == NULL)
    {
      set_zip_error (error, &zip_error);
      zip_error_fini (&zip_error);
      return NULL;
    }
  zip_error_fini (&zip_error);

  if (!open_workbook (self, sheet, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char * const *
up_xlsx_reader_get_sheet_names (UpXlsxReader *self)
{
  g_return_val_if_fail (UP_IS_XLSX_READER (self), NULL);

  return (const char * const *) self->sheet_names->pdata;
}

const char *
up_xlsx_reader_get_sheet (UpXlsxReader *self)
{
  g_return_val_if_fail (UP_IS_XLSX_READER (self), NULL);

  return self->sheet;
}

GStrv
up_xlsx_reader_list_sheets (const char  *path,
                            GError     **error)
{
  g_autoptr(UpXlsxReader) reader = up_xlsx_reader_new (path, NULL, error);

  if (reader == NULL)
    return NULL;

  return g_strdupv ((GStrv) reader->sheet_names->pdata);
}
