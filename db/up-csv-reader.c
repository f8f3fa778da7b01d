/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-csv-reader"

#include "config.h"

#include <csv.h>
#include <errno.h>
#include <glib/gi18n.h>
#include "up-i18n.h"
#include <stdlib.h>
#include <string.h>

#include "up-csv-reader.h"

/* libcsv parses bytes pushed into it; this reader pulls: it feeds the
 * parser one line at a time (so that each row knows the line it starts
 * on) and hands out the rows the parser completed.  Text that is not UTF-8
 * is converted through GIConv as it streams; UTF-8 goes through as it is,
 * after one pass that checks the whole file is UTF-8 indeed. */

#define CHUNK_SIZE  (64 * 1024)
#define SNIFF_LINES 10

struct _UpCsvReader
{
  GObject             parent_instance;

  GInputStream       *stream;
  goffset             size;
  goffset             consumed;
  UpCsvEncoding       encoding;
  GIConv              iconv;
  char                delimiter;

  struct csv_parser   parser;
  GString            *text;        /* UTF-8 read but not yet fed to the parser */
  gsize               text_pos;
  GByteArray         *raw_left;    /* bytes of a character split by a chunk */
  GQueue              rows;        /* UpRow* the parser completed */
  UpRow              *current;     /* the row being built */
  guint               line;        /* the line being fed, 1-based */
  guint               record_line; /* where the row being built starts */
  guint               next_row;    /* its row as Excel numbers them: blank lines count */
  guint               record_row;
  guint               parser_ready : 1;
  guint               at_line_start : 1;
  guint               eof : 1;
  guint               finished : 1;
};

static void up_csv_reader_row_source_init (UpRowSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (UpCsvReader, up_csv_reader, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (UP_TYPE_ROW_SOURCE, up_csv_reader_row_source_init))

/* libcsv's parser states (csv_parser.pstate): between rows, and inside a
 * field (after its opening quote, for a quoted one). */
#define LIBCSV_ROW_NOT_BEGUN 0
#define LIBCSV_FIELD_BEGUN   2

/* Auxiliary methods -------------------------------------------------------- */

/* libcsv grows a cell's buffer through this: refusing beyond the limit
 * bounds the memory a file without line breaks or with an open quote can
 * take (libcsv then reports CSV_ENOMEM). */
static void *
bounded_realloc (void   *ptr,
                 size_t  size)
{
  if (size > UP_CSV_MAX_CELL_BYTES + 1)
    return NULL;
  return realloc (ptr, size);
}

static int
is_space (unsigned char c)
{
  return c == ' ';
}

static void
field_cb (void   *field,
          size_t  len,
          void   *data)
{
  UpCsvReader *self = data;

  if (self->current == NULL)
    self->current = up_row_new (self->record_row);

  if (field == NULL)
    up_row_take_cell (self->current, g_strdup (""), UP_CELL_TEXT);
  else if (g_utf8_validate_len (field, len, NULL))
    up_row_take_cell (self->current, g_strndup (field, len), UP_CELL_TEXT);
  else
    /* A file with a byte order mark may still hold bytes that are not
     * UTF-8: they show as U+FFFD, and COPY never sees them. */
    up_row_take_cell (self->current, g_utf8_make_valid (field, (gssize) len), UP_CELL_TEXT);
}

static void
row_cb (int   c,
        void *data)
{
  UpCsvReader *self = data;

  if (self->current == NULL)
    self->current = up_row_new (self->record_row);

  g_queue_push_tail (&self->rows, g_steal_pointer (&self->current));
  self->next_row++;
}

static gssize
read_raw (UpCsvReader  *self,
          guint8       *buf,
          gsize         size,
          GError      **error)
{
  gssize n = g_input_stream_read (self->stream, buf, size, NULL, error);

  if (n > 0)
    self->consumed += n;
  return n;
}

/* Reads the next chunk into self->text, converted to UTF-8.  FALSE at the
 * end of the file or on an error. */
static gboolean
read_chunk (UpCsvReader  *self,
            GError      **error)
{
  guint8 buf[CHUNK_SIZE];
  gssize n;

  if (self->eof)
    return FALSE;

  n = read_raw (self, buf, sizeof buf, error);
  if (n < 0)
    return FALSE;
  if (n == 0)
    {
      self->eof = TRUE;
      return FALSE;
    }

  if (self->iconv == (GIConv) -1)
    {
      g_string_append_len (self->text, (const char *) buf, n);
      return TRUE;
    }

  g_byte_array_append (self->raw_left, buf, (guint) n);

  {
    char *in = (char *) self->raw_left->data;
    gsize in_left = self->raw_left->len;
    char out[CHUNK_SIZE];

    while (in_left > 0)
      {
        char *outp = out;
        gsize out_left = sizeof out;
        gsize r = g_iconv (self->iconv, &in, &in_left, &outp, &out_left);

        g_string_append_len (self->text, out, outp - out);
        if (r != (gsize) -1)
          continue;
        if (errno == E2BIG)
          continue;
        if (errno == EINVAL)
          break;  /* a character split by the chunk: wait for the rest */
        /* EILSEQ: a byte no character starts with; say so and go on. */
        g_string_append (self->text, "\xef\xbf\xbd");
        in++;
        in_left--;
      }

    g_byte_array_remove_range (self->raw_left, 0, self->raw_left->len - (guint) in_left);
  }

  return TRUE;
}

/* Checks the whole stream is UTF-8, then goes back to its start. */
static gboolean
stream_is_utf8 (UpCsvReader  *self,
                gboolean     *utf8,
                GError      **error)
{
  guint8 buf[CHUNK_SIZE + 4];
  gsize carried = 0;

  *utf8 = TRUE;
  for (;;)
    {
      gssize n = g_input_stream_read (self->stream, buf + carried, CHUNK_SIZE, NULL, error);
      const char *end = NULL;
      gsize len;

      if (n < 0)
        return FALSE;
      len = carried + (gsize) n;
      if (len == 0)
        break;

      if (!g_utf8_validate_len ((const char *) buf, len, &end))
        {
          gsize rest = len - (gsize) ((const guint8 *) end - buf);

          /* A character split by the chunk is carried over, once. */
          if (n == 0 || rest > 3 || *end == '\0')
            {
              *utf8 = FALSE;
              break;
            }
          memmove (buf, end, rest);
          carried = rest;
        }
      else
        carried = 0;

      if (n == 0)
        break;
    }

  return g_seekable_seek (G_SEEKABLE (self->stream), 0, G_SEEK_SET, NULL, error);
}

static gboolean
detect_encoding (UpCsvReader  *self,
                 GError      **error)
{
  guint8 bom[3] = { 0 };
  gssize n;
  gboolean utf8 = TRUE;
  const char *from = NULL;

  n = g_input_stream_read (self->stream, bom, sizeof bom, NULL, error);
  if (n < 0)
    return FALSE;

  if (n >= 3 && memcmp (bom, "\xef\xbb\xbf", 3) == 0)
    {
      self->encoding = UP_CSV_ENCODING_UTF8_BOM;
      self->consumed = 3;
      return TRUE;
    }
  if (n >= 2 && (memcmp (bom, "\xff\xfe", 2) == 0 || memcmp (bom, "\xfe\xff", 2) == 0))
    {
      gboolean le = bom[0] == 0xff;

      self->encoding = le ? UP_CSV_ENCODING_UTF16LE : UP_CSV_ENCODING_UTF16BE;
      from = le ? "UTF-16LE" : "UTF-16BE";
      if (!g_seekable_seek (G_SEEKABLE (self->stream), 2, G_SEEK_SET, NULL, error))
        return FALSE;
      self->consumed = 2;
    }
  else
    {
      if (!g_seekable_seek (G_SEEKABLE (self->stream), 0, G_SEEK_SET, NULL, error)
          || !stream_is_utf8 (self, &utf8, error))
        return FALSE;
      self->encoding = utf8 ? UP_CSV_ENCODING_UTF8 : UP_CSV_ENCODING_GB18030;
      if (!utf8)
        from = "GB18030";
    }

  if (from != NULL)
    {
      self->iconv = g_iconv_open ("UTF-8", from);
      if (self->iconv == (GIConv) -1)
        {
          g_set_error (error, G_CONVERT_ERROR, G_CONVERT_ERROR_NO_CONVERSION,
                       _("This system cannot convert text from %s."), from);
          return FALSE;
        }
    }

  return TRUE;
}

/* The delimiter the first lines use most (outside quotes): comma, then
 * semicolon, then tab on a tie. */
static void
detect_delimiter (UpCsvReader *self)
{
  static const char candidates[] = { ',', ';', '\t' };
  guint counts[G_N_ELEMENTS (candidates)] = { 0 };
  gboolean quoted = FALSE;
  guint lines = 0;
  guint best = 0;

  for (gsize i = 0; i < self->text->len && lines < SNIFF_LINES; i++)
    {
      char c = self->text->str[i];

      if (c == '"')
        quoted = !quoted;
      else if (!quoted && c == '\n')
        lines++;
      else if (!quoted)
        for (guint k = 0; k < G_N_ELEMENTS (candidates); k++)
          if (c == candidates[k])
            counts[k]++;
    }

  for (guint k = 1; k < G_N_ELEMENTS (candidates); k++)
    if (counts[k] > counts[best])
      best = k;

  self->delimiter = candidates[best];
}

static gboolean
set_parse_error (UpCsvReader  *self,
                 GError      **error)
{
  int status = csv_error (&self->parser);

  if (status == CSV_ENOMEM || status == CSV_ETOOBIG)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 /* Translators: %u is a line number of the file */
                 _("Line %u: a cell holds more than 4 MB of text. Is a quote "
                   "opened there and never closed?"), self->record_line);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 /* Translators: %u is a line number of the file */
                 _("Line %u: a quoted cell is never closed. Check the quotes on that line."),
                 self->record_line);
  return FALSE;
}

/* Feeds the parser until it completed a row or the file ends. */
static gboolean
fill_rows (UpCsvReader  *self,
           GError      **error)
{
  while (g_queue_is_empty (&self->rows) && !self->finished)
    {
      const char *start, *nl;
      gsize len;

      if (self->text_pos >= self->text->len)
        {
          g_string_truncate (self->text, 0);
          self->text_pos = 0;
          if (!read_chunk (self, error))
            {
              if (!self->eof)
                return FALSE;
              self->finished = TRUE;
              /* libcsv reports an open quote at the end only in strict
               * mode, which would also refuse stray quotes: look here. */
              if (self->parser.pstate == LIBCSV_FIELD_BEGUN && self->parser.quoted)
                return set_parse_error (self, error);
              if (csv_fini (&self->parser, field_cb, row_cb, self) != 0)
                return set_parse_error (self, error);
              break;
            }
          continue;
        }

      start = self->text->str + self->text_pos;
      nl = memchr (start, '\n', self->text->len - self->text_pos);
      len = nl != NULL ? (gsize) (nl - start) + 1 : self->text->len - self->text_pos;

      if (self->parser.pstate == LIBCSV_ROW_NOT_BEGUN)
        {
          /* A blank line is a row in Excel, though no row here. */
          if (self->at_line_start && nl != NULL && (len == 1 || (len == 2 && start[0] == '\r')))
            {
              self->next_row++;
              self->text_pos += len;
              self->line++;
              continue;
            }
          self->record_line = self->line;
          self->record_row = self->next_row;
        }

      if (csv_parse (&self->parser, start, len, field_cb, row_cb, self) != len)
        {
          self->finished = TRUE;
          return set_parse_error (self, error);
        }

      self->text_pos += len;
      /* A chunk may end inside a line, even between its \r and \n. */
      self->at_line_start = nl != NULL;
      if (nl != NULL)
        self->line++;
    }

  return TRUE;
}

/* UpRowSource --------------------------------------------------------------- */

static UpRow *
up_csv_reader_next_row (UpRowSource  *source,
                        GError      **error)
{
  UpCsvReader *self = UP_CSV_READER (source);

  if (!fill_rows (self, error))
    return NULL;

  return g_queue_pop_head (&self->rows);
}

static double
up_csv_reader_get_fraction (UpRowSource *source)
{
  UpCsvReader *self = UP_CSV_READER (source);

  if (self->size <= 0)
    return self->finished ? 1.0 : 0.0;
  return CLAMP ((double) self->consumed / (double) self->size, 0.0, 1.0);
}

static void
up_csv_reader_row_source_init (UpRowSourceInterface *iface)
{
  iface->next_row = up_csv_reader_next_row;
  iface->get_fraction = up_csv_reader_get_fraction;
}

/* GObject ------------------------------------------------------------------- */

static void
up_csv_reader_finalize (GObject *object)
{
  UpCsvReader *self = UP_CSV_READER (object);

  if (self->parser_ready)
    csv_free (&self->parser);
  if (self->iconv != (GIConv) -1)
    g_iconv_close (self->iconv);
  g_queue_clear_full (&self->rows, (GDestroyNotify) up_row_free);
  g_clear_pointer (&self->current, up_row_free);
  g_clear_object (&self->stream);
  g_string_free (self->text, TRUE);
  g_byte_array_unref (self->raw_left);

  G_OBJECT_CLASS (up_csv_reader_parent_class)->finalize (object);
}

static void
up_csv_reader_class_init (UpCsvReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = up_csv_reader_finalize;
}

static void
up_csv_reader_init (UpCsvReader *self)
{
  self->iconv = (GIConv) -1;
  self->text = g_string_sized_new (CHUNK_SIZE * 2);
  self->raw_left = g_byte_array_new ();
  self->line = 1;
  self->record_line = 1;
  self->next_row = 1;
  self->at_line_start = TRUE;
  self->record_row = 1;
  self->delimiter = ',';
  g_queue_init (&self->rows);
}

/* Detects the encoding, reads the first chunk, detects the delimiter. */
static gboolean
start (UpCsvReader  *self,
       GError      **error)
{
  if (!detect_encoding (self, error))
    return FALSE;

  if (!read_chunk (self, error) && !self->eof)
    return FALSE;
  detect_delimiter (self);

  if (csv_init (&self->parser, CSV_APPEND_NULL | CSV_STRICT_FINI) != 0)
    {
      /* libcsv fails here only when it cannot allocate its buffer. */
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Not enough memory to read the CSV file."));
      return FALSE;
    }
  self->parser_ready = TRUE;
  csv_set_delim (&self->parser, (unsigned char) self->delimiter);
  csv_set_space_func (&self->parser, is_space);
  csv_set_realloc_func (&self->parser, bounded_realloc);
  csv_set_blk_size (&self->parser, 4096);
  return TRUE;
}

/* Public API ---------------------------------------------------------------- */

UpCsvReader *
up_csv_reader_new (const char  *path,
                   GError     **error)
{
  g_autoptr(UpCsvReader) self = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  GFileInputStream *stream;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_path (path);
  stream = g_file_read (file, NULL, error);
  if (stream == NULL)
    return NULL;

  self = g_object_new (UP_TYPE_CSV_READER, NULL);
  self->stream = G_INPUT_STREAM (stream);
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, NULL);
  if (info != NULL)
    self->size = g_file_info_get_size (info);

  if (!start (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

UpCsvReader *
up_csv_reader_new_for_bytes (GBytes  *bytes,
                             GError **error)
{
  g_autoptr(UpCsvReader) self = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);

  self = g_object_new (UP_TYPE_CSV_READER, NULL);
  self->stream = g_memory_input_stream_new_from_bytes (bytes);
  self->size = (goffset) g_bytes_get_size (bytes);

  if (!start (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

UpCsvEncoding
up_csv_reader_get_encoding (UpCsvReader *self)
{
  g_return_val_if_fail (UP_IS_CSV_READER (self), UP_CSV_ENCODING_UTF8);

  return self->encoding;
}

char
up_csv_reader_get_delimiter (UpCsvReader *self)
{
  g_return_val_if_fail (UP_IS_CSV_READER (self), ',');

  return self->delimiter;
}
