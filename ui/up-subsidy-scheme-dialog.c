/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-subsidy-scheme-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "up-academy.h"
#include "up-error.h"
#include "up-money.h"
#include "up-subsidy-scheme-dialog.h"
#include "up-subsidy-scheme.h"
#include "up-trainee.h"
#include "up-ui-resources.h"

/* The dialog edits a copy of the scheme (UpSubsidyScheme, plain data) and
 * saves it whole: the lists are rebuilt from the copy after each add or
 * remove, and the widgets' values are read back into it before that and
 * before saving.  Amounts are parsed exactly to fen (up_money_parse).
 *
 * A save that meets someone else's (the scheme's version or a rate's has
 * moved; a change to the shortage occupations or the quotas, which every
 * scheme's dialog shows, moves every scheme's version) reads the scheme as
 * saved now, names what they changed since it was read here
 * (up_subsidy_scheme_diff) and asks: Reload shows theirs, Save Anyway
 * saves this form's over theirs (up_subsidy_scheme_rebase). */

struct _UpSubsidySchemeDialog
{
  AdwWindow         parent_instance;

  UpDatabase       *database;
  UpSubsidyScheme  *scheme;
  UpSubsidyScheme  *loaded;         /* as read or last saved, to tell what someone else changed */
  UpSubsidyScheme  *theirs;         /* as someone else saved it, after a conflict */
  GCancellable     *cancellable;
  guint             n_busy;
  char             *last_message;
  GArray           *academy_ids;    /* per new_quota_academy row */
  GPtrArray        *academy_names;
  /* Widgets of the rows, parallel to the scheme's arrays. */
  GPtrArray        *rate_widgets;   /* GtkWidget*[3]: amount, from, to */
  GPtrArray        *uplift_spins;
  GPtrArray        *quota_spins;
  GtkSpinButton    *hours_spins[6];

  /* Template widgets */
  GtkSpinner       *spinner;
  AdwToastOverlay  *toast_overlay;
  AdwEntryRow      *name_row;
  AdwEntryRow      *fund_row;
  GtkSwitch        *active_switch;
  GtkSwitch        *once_switch;
  GtkSwitch        *downgrade_switch;
  GtkSwitch        *highest_switch;
  GtkSwitch        *union_switch;
  GtkSwitch        *uplift_switch;
  GtkSpinButton    *count_cap_spin;
  AdwEntryRow      *amount_cap_row;
  GtkSpinButton    *window_spin;
  GtkSpinButton    *min_age_spin;
  GtkSpinButton    *max_age_spin;
  GtkListBox       *rates_list;
  GtkDropDown      *new_rate_level;
  GtkEntry         *new_rate_amount;
  GtkEntry         *new_rate_from;
  GtkEntry         *new_rate_to;
  AdwPreferencesGroup *hours_group;
  GtkListBox       *shortage_list;
  GtkEntry         *new_occupation;
  GtkSpinButton    *new_uplift;
  GtkListBox       *quotas_list;
  GtkDropDown      *new_quota_academy;
  GtkSpinButton    *new_quota_year;
  GtkSpinButton    *new_quota_max;
};

G_DEFINE_FINAL_TYPE (UpSubsidySchemeDialog, up_subsidy_scheme_dialog, ADW_TYPE_WINDOW)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The kinds and levels a rate can be for, in the new-rate dropdown. */
static const struct {
  const char *kind;
  int         skill_level;
  const char *academic_level;
} rate_levels[] = {
  { "skill_level", 5, NULL },
  { "skill_level", 4, NULL },
  { "skill_level", 3, NULL },
  { "skill_level", 2, NULL },
  { "skill_level", 1, NULL },
  { "special_ability", 0, NULL },
  { "special_operation", 0, NULL },
  { "academic_degree", 0, "secondary" },
  { "academic_degree", 0, "junior_college" },
  { "academic_degree", 0, "bachelor" },
  { "academic_degree", 0, "postgraduate" },
};

/* Auxiliary methods -------------------------------------------------------- */

static char *
rate_title (const char *kind,
            int         skill_level,
            const char *academic_level)
{
  if (g_strcmp0 (kind, "skill_level") == 0)
    /* Translators: a rate for a vocational skill level: 技能等级 · 初级工 */
    return g_strdup_printf (_("Skill level · %s"), up_skill_level_to_label (skill_level));
  if (g_strcmp0 (kind, "academic_degree") == 0)
    /* Translators: a rate for an academic degree: 学历 · 大专 */
    return g_strdup_printf (_("Degree · %s"), up_education_level_to_label (academic_level));
  if (g_strcmp0 (kind, "special_ability") == 0)
    return g_strdup (C_("certificate kind", "Special vocational ability"));
  if (g_strcmp0 (kind, "special_operation") == 0)
    return g_strdup (C_("certificate kind", "Special-operation permit"));
  return g_strdup (kind);
}

static void
say (UpSubsidySchemeDialog *self,
     const char            *message)
{
  AdwToast *toast = adw_toast_new (message);

  g_free (self->last_message);
  self->last_message = g_strdup (message);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
busy_changed (UpSubsidySchemeDialog *self,
              int                    delta)
{
  self->n_busy += delta;
  gtk_spinner_set_spinning (self->spinner, self->n_busy > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "scheme.save", self->n_busy == 0 && self->scheme != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "scheme.recompute", self->n_busy == 0);
}

/* "YYYY-MM-DD", or empty for an invalid date when @optional. */
static gboolean
parse_date (const char *text,
            GDate      *date,
            gboolean    optional)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  unsigned year = 0, month = 0, day = 0;
  char end = 0;

  g_date_clear (date, 1);
  if (*trimmed == '\0')
    return optional;
  if (sscanf (trimmed, "%u-%u-%u%c", &year, &month, &day, &end) != 3 || !g_date_valid_dmy (day, month, year))
    return FALSE;
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

static char *
format_date (const GDate *date)
{
  if (!g_date_valid (date))
    return g_strdup ("");
  return g_strdup_printf ("%04u-%02u-%02u", (unsigned) g_date_get_year (date), (unsigned) g_date_get_month (date),
                          (unsigned) g_date_get_day (date));
}

static GtkWidget *
remove_button (const char *action,
               guint       index)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Remove"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", index);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

static GtkWidget *
small_entry (const char *text,
             const char *placeholder,
             int         width)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), width);
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  return entry;
}

static GtkWidget *
small_spin (double lower,
            double upper,
            double value,
            guint  digits)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (lower, upper, digits > 0 ? 0.5 : 1);

  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), digits);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  return spin;
}

/* gtk_list_box_remove_all () is GTK 4.12. */
static void
list_box_clear (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* The rows of the lists, from the scheme. */
static void
build_rows (UpSubsidySchemeDialog *self)
{
  UpSubsidyScheme *s = self->scheme;

  list_box_clear (self->rates_list);
  list_box_clear (self->shortage_list);
  list_box_clear (self->quotas_list);
  g_ptr_array_set_size (self->rate_widgets, 0);
  g_ptr_array_set_size (self->uplift_spins, 0);
  g_ptr_array_set_size (self->quota_spins, 0);

  for (guint i = 0; i < s->rates->len; i++)
    {
      UpSubsidyRate *rate = g_ptr_array_index (s->rates, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = rate_title (rate->kind, rate->skill_level, rate->academic_level);
      g_autofree char *amount = up_money_format (rate->amount_fen);
      g_autofree char *from = format_date (&rate->valid_from);
      g_autofree char *to = format_date (&rate->valid_to);
      GtkWidget **widgets = g_new0 (GtkWidget *, 3);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      widgets[0] = small_entry (amount, _("Yuan"), 10);
      widgets[1] = small_entry (from, _("From"), 10);
      widgets[2] = small_entry (to, _("Open-ended"), 10);
      /* Named by position, for tests. */
      for (guint w = 0; w < 3; w++)
        {
          static const char *parts[] = { "amount", "from", "to" };
          g_autofree char *name = g_strdup_printf ("scheme-rate-%s-%u", parts[w], i);

          gtk_widget_set_name (widgets[w], name);
        }
      for (guint w = 0; w < 3; w++)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), widgets[w]);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove_button ("scheme.remove-rate", i));
      g_ptr_array_add (self->rate_widgets, widgets);
      gtk_list_box_append (self->rates_list, row);
    }

  for (guint i = 0; i < s->shortage->len; i++)
    {
      UpShortageOccupation *o = g_ptr_array_index (s->shortage, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *spin = small_spin (1, 100, o->uplift_percent, 0);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), o->occupation);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_label_new ("%"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove_button ("scheme.remove-occupation", i));
      g_ptr_array_add (self->uplift_spins, spin);
      gtk_list_box_append (self->shortage_list, row);
    }

  for (guint i = 0; i < s->quotas->len; i++)
    {
      UpAcademyQuota *q = g_ptr_array_index (s->quotas, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *spin = small_spin (1, 1000000, q->max_claims, 0);
      g_autofree char *year = g_strdup_printf ("%d", q->year);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), q->academy_name != NULL ? q->academy_name : "");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), year);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove_button ("scheme.remove-quota", i));
      g_ptr_array_add (self->quota_spins, spin);
      gtk_list_box_append (self->quotas_list, row);
    }
}

static void
show_scheme (UpSubsidySchemeDialog *self)
{
  UpSubsidyScheme *s = self->scheme;
  g_autofree char *amount_cap = s->annual_amount_cap_fen > 0 ? up_money_format (s->annual_amount_cap_fen) : NULL;

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), s->name != NULL ? s->name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->fund_row), s->fund != NULL ? s->fund : "");
  gtk_switch_set_active (self->active_switch, s->active);
  gtk_switch_set_active (self->once_switch, s->once_per_level);
  gtk_switch_set_active (self->downgrade_switch, s->no_downgrade);
  gtk_switch_set_active (self->highest_switch, s->highest_per_year);
  gtk_switch_set_active (self->union_switch, s->union_required);
  gtk_switch_set_active (self->uplift_switch, s->shortage_uplift);
  gtk_spin_button_set_value (self->count_cap_spin, s->annual_count_cap);
  gtk_editable_set_text (GTK_EDITABLE (self->amount_cap_row), amount_cap != NULL ? amount_cap : "");
  gtk_spin_button_set_value (self->window_spin, s->claim_window_months);
  gtk_spin_button_set_value (self->min_age_spin, MAX (s->min_age, 0));
  gtk_spin_button_set_value (self->max_age_spin, MAX (s->max_age, 0));
  for (int level = 1; level <= 5; level++)
    gtk_spin_button_set_value (self->hours_spins[level], s->min_hours_tenths[level] / 10.0);
  build_rows (self);
}

/* Reads the widgets back into the scheme; FALSE with a message when a value
 * cannot be read. */
static gboolean
read_back (UpSubsidySchemeDialog *self)
{
  UpSubsidyScheme *s = self->scheme;
  g_autofree char *amount_cap = NULL;

  if (s == NULL)
    return FALSE;

  g_free (s->name);
  s->name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  g_free (s->fund);
  s->fund = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->fund_row)));
  s->active = gtk_switch_get_active (self->active_switch);
  s->once_per_level = gtk_switch_get_active (self->once_switch);
  s->no_downgrade = gtk_switch_get_active (self->downgrade_switch);
  s->highest_per_year = gtk_switch_get_active (self->highest_switch);
  s->union_required = gtk_switch_get_active (self->union_switch);
  s->shortage_uplift = gtk_switch_get_active (self->uplift_switch);
  s->annual_count_cap = gtk_spin_button_get_value_as_int (self->count_cap_spin);
  s->claim_window_months = gtk_spin_button_get_value_as_int (self->window_spin);
  s->min_age = gtk_spin_button_get_value_as_int (self->min_age_spin);
  s->max_age = gtk_spin_button_get_value_as_int (self->max_age_spin);
  if (s->min_age == 0)
    s->min_age = -1;
  if (s->max_age == 0)
    s->max_age = -1;

  amount_cap = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->amount_cap_row))));
  if (*amount_cap == '\0')
    s->annual_amount_cap_fen = 0;
  else if (!up_money_parse (amount_cap, &s->annual_amount_cap_fen))
    {
      say (self, _("The yearly amount is yuan with at most two decimals, for example 5000 or 5,000.00."));
      return FALSE;
    }

  for (int level = 1; level <= 5; level++)
    /* Tenths of an hour, rounded: the spin button shows one decimal. */
    s->min_hours_tenths[level] = (int) (gtk_spin_button_get_value (self->hours_spins[level]) * 10 + 0.5);

  for (guint i = 0; i < s->rates->len && i < self->rate_widgets->len; i++)
    {
      UpSubsidyRate *rate = g_ptr_array_index (s->rates, i);
      GtkWidget **w = g_ptr_array_index (self->rate_widgets, i);

      if (!up_money_parse (gtk_editable_get_text (GTK_EDITABLE (w[0])), &rate->amount_fen))
        {
          say (self, _("A rate is yuan with at most two decimals, for example 1500 or 1,500.00."));
          return FALSE;
        }
      if (!parse_date (gtk_editable_get_text (GTK_EDITABLE (w[1])), &rate->valid_from, FALSE)
          || !parse_date (gtk_editable_get_text (GTK_EDITABLE (w[2])), &rate->valid_to, TRUE))
        {
          say (self, _("Write a rate's dates as YYYY-MM-DD; the last day may be empty."));
          return FALSE;
        }
    }

  for (guint i = 0; i < s->shortage->len && i < self->uplift_spins->len; i++)
    ((UpShortageOccupation *) g_ptr_array_index (s->shortage, i))->uplift_percent =
      gtk_spin_button_get_value_as_int (g_ptr_array_index (self->uplift_spins, i));

  for (guint i = 0; i < s->quotas->len && i < self->quota_spins->len; i++)
    ((UpAcademyQuota *) g_ptr_array_index (s->quotas, i))->max_claims =
      gtk_spin_button_get_value_as_int (g_ptr_array_index (self->quota_spins, i));

  return TRUE;
}

/* @scheme, as the database has it, becomes the one shown and edited. */
static void
set_scheme (UpSubsidySchemeDialog *self,
            UpSubsidyScheme       *scheme)
{
  g_clear_pointer (&self->scheme, up_subsidy_scheme_free);
  g_clear_pointer (&self->loaded, up_subsidy_scheme_free);
  g_clear_pointer (&self->theirs, up_subsidy_scheme_free);
  self->scheme = scheme;
  self->loaded = up_subsidy_scheme_copy (scheme);
  show_scheme (self);
}

/* Callbacks ---------------------------------------------------------------- */

static void saved_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data);

static void
conflict_response_cb (UpSubsidySchemeDialog *self,
                      const char            *response,
                      AdwMessageDialog      *dialog)
{
  if (self->theirs == NULL || self->scheme == NULL)
    return;

  if (g_strcmp0 (response, "reload") == 0)
    {
      /* Theirs replaces what was changed here. */
      set_scheme (self, up_subsidy_scheme_copy (self->theirs));
      say (self, _("The policies are shown as they are saved now; your changes here are gone."));
    }
  else if (g_strcmp0 (response, "overwrite") == 0)
    {
      /* Mine over theirs, at their versions; the next conflict is told
       * against theirs. */
      UpSubsidyScheme *rebased = up_subsidy_scheme_rebase (self->scheme, self->theirs);

      up_subsidy_scheme_free (self->scheme);
      self->scheme = rebased;
      up_subsidy_scheme_free (self->loaded);
      self->loaded = g_steal_pointer (&self->theirs);
      busy_changed (self, +1);
      up_subsidy_scheme_save_async (self->database, self->scheme, self->cancellable, saved_cb, self);
    }
}

static void
conflict_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  UpSubsidySchemeDialog *self;
  g_autoptr(GError) error = NULL;
  UpSubsidyScheme *current;
  UpSchemeDiff diff;
  g_autofree char *fields = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  current = up_subsidy_scheme_load_finish (UP_DATABASE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = UP_SUBSIDY_SCHEME_DIALOG (user_data);
  busy_changed (self, -1);

  if (current == NULL)
    {
      say (self, error->message);
      return;
    }

  g_clear_pointer (&self->theirs, up_subsidy_scheme_free);
  self->theirs = current;
  up_subsidy_scheme_diff (self->loaded, current, &diff);
  fields = up_scheme_diff_describe (&diff);
  if (fields != NULL)
    /* Translators: %s lists what someone else changed, e.g. "Fund, Rates (1 changed), Minimum Course Hours" */
    body = g_strdup_printf (_("Someone else changed these policies while they were open here: %s. Reload to see "
                              "their changes, replacing yours, or Save Anyway to keep what you changed here."),
                            fields);
  else
    body = g_strdup (_("Someone else saved these policies while they were open here, without changing what this "
                       "form shows. Reload, or Save Anyway to keep what you changed here."));
  g_free (self->last_message);
  self->last_message = g_strdup (body);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Someone Else Saved the Policies"),
                                                       body));
  gtk_widget_set_name (GTK_WIDGET (dialog), "scheme-conflict-dialog");
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "reload", _("_Reload"),
                                    "overwrite", _("Save _Anyway"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "overwrite", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_default_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (conflict_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  UpSubsidySchemeDialog *self;
  g_autoptr(GError) error = NULL;
  UpSubsidyScheme *scheme;

  scheme = up_subsidy_scheme_load_finish (UP_DATABASE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = UP_SUBSIDY_SCHEME_DIALOG (user_data);
  busy_changed (self, -1);

  if (scheme == NULL)
    {
      say (self, error->message);
      return;
    }

  set_scheme (self, scheme);
  busy_changed (self, 0);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  UpSubsidySchemeDialog *self;
  g_autoptr(GError) error = NULL;
  UpSubsidyScheme *scheme;

  scheme = up_subsidy_scheme_save_finish (UP_DATABASE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = UP_SUBSIDY_SCHEME_DIALOG (user_data);
  busy_changed (self, -1);

  if (scheme == NULL)
    {
      if (g_error_matches (error, UP_ERROR, UP_ERROR_RETRY) && self->loaded != NULL)
        {
          /* Read what they saved: say what changed, offer Reload or Save Anyway. */
          busy_changed (self, +1);
          up_subsidy_scheme_load_async (self->database, self->scheme->id, self->cancellable, conflict_cb, self);
        }
      else
        say (self, error->message);
      return;
    }

  set_scheme (self, scheme);
  say (self, _("The policies are saved. Recompute the claims to apply them to claims nobody has decided yet."));
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
recomputed_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  UpSubsidySchemeDialog *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  int n = 0;

  if (!up_subsidy_scheme_recompute_finish (UP_DATABASE (object), result, &n, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = UP_SUBSIDY_SCHEME_DIALOG (user_data);
  busy_changed (self, -1);

  if (error != NULL)
    {
      say (self, error->message);
      return;
    }

  /* Translators: after recomputing the claims under the policies */
  message = g_strdup_printf (g_dngettext (NULL, "%d claim changed. Approved and paid claims never change.",
                                          "%d claims changed. Approved and paid claims never change.", n), n);
  say (self, message);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
academies_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  UpSubsidySchemeDialog *self;
  g_autoptr(GListStore) academies = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) list = NULL;
  guint n;

  academies = up_academy_list_finish (UP_DATABASE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = UP_SUBSIDY_SCHEME_DIALOG (user_data);
  busy_changed (self, -1);
  if (academies == NULL)
    return;

  n = g_list_model_get_n_items (G_LIST_MODEL (academies));
  g_array_set_size (self->academy_ids, 0);
  g_ptr_array_set_size (self->academy_names, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(UpAcademy) academy = g_list_model_get_item (G_LIST_MODEL (academies), i);
      gint64 id = up_academy_get_id (academy);

      g_array_append_val (self->academy_ids, id);
      g_ptr_array_add (self->academy_names, g_strdup (up_academy_get_name (academy)));
    }
  g_ptr_array_add (self->academy_names, NULL);
  list = gtk_string_list_new ((const char * const *) self->academy_names->pdata);
  g_ptr_array_set_size (self->academy_names, n);
  gtk_drop_down_set_model (self->new_quota_academy, G_LIST_MODEL (list));
}

/* Actions ------------------------------------------------------------------ */

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  UpSubsidySchemeDialog *self = UP_SUBSIDY_SCHEME_DIALOG (widget);

  if (self->scheme == NULL || !read_back (self))
    return;

  busy_changed (self, +1);
  up_subsidy_scheme_save_async (self->database, self->scheme, self->cancellable, saved_cb, self);
}

static void
recompute_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  UpSubsidySchemeDialog *self = UP_SUBSIDY_SCHEME_DIALOG (widget);

  busy_changed (self, +1);
  up_subsidy_scheme_recompute_async (self->database, self->cancellable, recomputed_cb, self);
}

static void
add_rate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  UpSubsidySchemeDialog *self = UP_SUBSIDY_SCHEME_DIALOG (widget);
  guint level = gtk_drop_down_get_selected (self->new_rate_level);
  gint64 amount = 0;
  GDate from, to;

  if (self->scheme == NULL || level >= G_N_ELEMENTS (rate_levels) || !read_back (self))
    return;

  if (!up_money_parse (gtk_editable_get_text (GTK_EDITABLE (self->new_rate_amount)), &amount))
    {
      say (self, _("A rate is yuan with at most two decimals, for example 1500 or 1,500.00."));
      return;
    }
  if (!parse_date (gtk_editable_get_text (GTK_EDITABLE (self->new_rate_from)), &from, FALSE)
      || !parse_date (gtk_editable_get_text (GTK_EDITABLE (self->new_rate_to)), &to, TRUE))
    {
      say (self, _("Write a rate's dates as YYYY-MM-DD; the last day may be empty."));
      return;
    }

  g_ptr_array_add (self->scheme->rates,
                   up_subsidy_rate_new (rate_levels[level].kind, rate_levels[level].skill_level,
                                        rate_levels[level].academic_level, amount, &from, &to));
  gtk_editable_set_text (GTK_EDITABLE (self->new_rate_amount), "");
  build_rows (self);
}

static void
remove_rate_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  UpSubsidySchemeDialog *self = UP_SUBSIDY_SCHEME_DIALOG (widget);
  guint index = g_variant_get_uint32 (parameter);

  if (self->scheme == NULL || index >= self->scheme->rates->len)
    return;
  read_back (self);
  g_ptr_array_remove_index (self->scheme->rates, index);
  build_rows (self);
}

static void
add_occupation_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  UpSubsidySchemeDialog *self = UP_SUBSIDY_SCHEME_DIALOG (widget);
  g_autofree char *occupation = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->new_occupation))));

  if (self->scheme == NULL || *occupation == '\0')
    return;
  read_back (self);
  g_ptr_array_add (self->scheme->shortage,
                   up_shortage_occupation_new (occupation, gtk_spin_button_get_value_as_int (self->new_uplift)));
  gtk_editable_set_text (GTK_EDITABLE (self->new_occupation), "");
  build_rows (self);
}

static void
remove_occupation_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  UpSubsidySchemeDialog *self = UP_SUBSIDY_SCHEME_DIALOG (widget);
  guint index = g_variant_get_uint32 (parameter);

  if (self->scheme == NULL || index >= self->scheme->shortage->len)
    return;
  read_back (self);
  g_ptr_array_remove_index (self->scheme->shortage, index);
  build_rows (self);
}

static void
add_quota_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  UpSubsidySchemeDialog *self = UP_SUBSIDY_SCHEME_DIALOG (widget);
  guint i = gtk_drop_down_get_selected (self->new_quota_academy);
  UpAcademyQuota *quota;

  if (self->scheme == NULL || i >= self->academy_ids->len)
    return;
  read_back (self);
  quota = up_academy_quota_new (g_array_index (self->academy_ids, gint64, i),
                                gtk_spin_button_get_value_as_int (self->new_quota_year),
                                gtk_spin_button_get_value_as_int (self->new_quota_max));
  quota->academy_name = g_strdup (g_ptr_array_index (self->academy_names, i));
  g_ptr_array_add (self->scheme->quotas, quota);
  build_rows (self);
}

static void
remove_quota_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  UpSubsidySchemeDialog *self = UP_SUBSIDY_SCHEME_DIALOG (widget);
  guint index = g_variant_get_uint32 (parameter);

  if (self->scheme == NULL || index >= self->scheme->quotas->len)
    return;
  read_back (self);
  g_ptr_array_remove_index (self->scheme->quotas, index);
  build_rows (self);
}

/* GObject overrides -------------------------------------------------------- */

static void
up_subsidy_scheme_dialog_dispose (GObject *object)
{
  UpSubsidySchemeDialog *self = UP_SUBSIDY_SCHEME_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), UP_TYPE_SUBSIDY_SCHEME_DIALOG);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (up_subsidy_scheme_dialog_parent_class)->dispose (object);
}

static void
up_subsidy_scheme_dialog_finalize (GObject *object)
{
  UpSubsidySchemeDialog *self = UP_SUBSIDY_SCHEME_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->scheme, up_subsidy_scheme_free);
  g_clear_pointer (&self->loaded, up_subsidy_scheme_free);
  g_clear_pointer (&self->theirs, up_subsidy_scheme_free);
  g_clear_pointer (&self->last_message, g_free);
  g_clear_pointer (&self->academy_ids, g_array_unref);
  g_clear_pointer (&self->academy_names, g_ptr_array_unref);
  g_clear_pointer (&self->rate_widgets, g_ptr_array_unref);
  g_clear_pointer (&self->uplift_spins, g_ptr_array_unref);
  g_clear_pointer (&self->quota_spins, g_ptr_array_unref);

  G_OBJECT_CLASS (up_subsidy_scheme_dialog_parent_class)->finalize (object);
}

static void
up_subsidy_scheme_dialog_class_init (UpSubsidySchemeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = up_subsidy_scheme_dialog_dispose;
  object_class->finalize = up_subsidy_scheme_dialog_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  (void) up_ui_get_resource ();

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/up-subsidy-scheme-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, UpSubsidySchemeDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidySchemeDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidySchemeDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidySchemeDialog, fund_row);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidySchemeDialog, active_switch);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidySchemeDialog, once_switch);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidySchemeDialog, downgrade_switch);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidySchemeDialog, highest_switch);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidySchemeDialog, union_switch);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidySchemeDialog, uplift_switch);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidySchemeDialog, count_cap_spin);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidySchemeDialog, amount_cap_row);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidySchemeDialog, window_spin);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidySchemeDialog, min_age_spin);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidySchemeDialog, max_age_spin);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidySchemeDialog, rates_list);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidySchemeDialog, new_rate_level);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidySchemeDialog, new_rate_amount);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidySchemeDialog, new_rate_from);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidySchemeDialog, new_rate_to);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidySchemeDialog, hours_group);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidySchemeDialog, shortage_list);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidySchemeDialog, new_occupation);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidySchemeDialog, new_uplift);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidySchemeDialog, quotas_list);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidySchemeDialog, new_quota_academy);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidySchemeDialog, new_quota_year);
  gtk_widget_class_bind_template_child (widget_class, UpSubsidySchemeDialog, new_quota_max);

  gtk_widget_class_install_action (widget_class, "scheme.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "scheme.recompute", NULL, recompute_action);
  gtk_widget_class_install_action (widget_class, "scheme.add-rate", NULL, add_rate_action);
  gtk_widget_class_install_action (widget_class, "scheme.remove-rate", "u", remove_rate_action);
  gtk_widget_class_install_action (widget_class, "scheme.add-occupation", NULL, add_occupation_action);
  gtk_widget_class_install_action (widget_class, "scheme.remove-occupation", "u", remove_occupation_action);
  gtk_widget_class_install_action (widget_class, "scheme.add-quota", NULL, add_quota_action);
  gtk_widget_class_install_action (widget_class, "scheme.remove-quota", "u", remove_quota_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "scheme.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
up_subsidy_scheme_dialog_init (UpSubsidySchemeDialog *self)
{
  g_autoptr(GPtrArray) levels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GtkStringList) list = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *first_of_year = g_date_time_format (now, "%Y-01-01");

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->academy_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->academy_names = g_ptr_array_new_with_free_func (g_free);
  self->rate_widgets = g_ptr_array_new_with_free_func (g_free);
  self->uplift_spins = g_ptr_array_new ();
  self->quota_spins = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (rate_levels); i++)
    g_ptr_array_add (levels, rate_title (rate_levels[i].kind, rate_levels[i].skill_level,
                                         rate_levels[i].academic_level));
  g_ptr_array_add (levels, NULL);
  list = gtk_string_list_new ((const char * const *) levels->pdata);
  gtk_drop_down_set_model (self->new_rate_level, G_LIST_MODEL (list));
  gtk_editable_set_text (GTK_EDITABLE (self->new_rate_from), first_of_year);
  gtk_spin_button_set_value (self->new_quota_year, g_date_time_get_year (now));

  for (int level = 1; level <= 5; level++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *spin = small_spin (0, 9999.9, 0, 1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), up_skill_level_to_label (level));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
      adw_preferences_group_add (self->hours_group, row);
      self->hours_spins[level] = GTK_SPIN_BUTTON (spin);
    }

  busy_changed (self, 0);
}

/* Public API --------------------------------------------------------------- */

GtkWidget *
up_subsidy_scheme_dialog_new (GtkWindow  *parent,
                              UpDatabase *db)
{
  UpSubsidySchemeDialog *self;

  g_return_val_if_fail (UP_IS_DATABASE (db), NULL);

  self = g_object_new (UP_TYPE_SUBSIDY_SCHEME_DIALOG, "transient-for", parent, NULL);
  self->database = g_object_ref (db);
  busy_changed (self, +2);
  up_subsidy_scheme_load_async (db, 0, self->cancellable, loaded_cb, self);
  up_academy_list_async (db, self->cancellable, academies_cb, self);
  return GTK_WIDGET (self);
}

gboolean
up_subsidy_scheme_dialog_is_busy (UpSubsidySchemeDialog *self)
{
  g_return_val_if_fail (UP_IS_SUBSIDY_SCHEME_DIALOG (self), FALSE);

  return self->n_busy > 0;
}

const char *
up_subsidy_scheme_dialog_get_last_message (UpSubsidySchemeDialog *self)
{
  g_return_val_if_fail (UP_IS_SUBSIDY_SCHEME_DIALOG (self), NULL);

  return self->last_message;
}
