/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "up-academy-choices"

#include "config.h"

#include <glib/gi18n.h>

#include "up-academy.h"
#include "up-academy-choices.h"

/* Row 0 is the same GtkStringObject for the model's life, so a widget on
 * “All academies” sees no change when the academies are read again; a
 * reload replaces rows 1..n in one items-changed.
 *
 * A read gets the model without a reference: the model cancels it when it
 * goes away or reads again, and a cancelled read never touches it. */

struct _UpAcademyChoices
{
  GObject       parent_instance;

  GPtrArray    *items;        /* GtkStringObject per row; row 0 is all */
  GPtrArray    *academies;    /* UpAcademy of rows 1..n */
  GCancellable *cancellable;  /* the read under way */
  GtkWidget    *widget;       /* bound; weak */
  gint64        selected_id;
  guint         restoring : 1;
};

static void up_academy_choices_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (UpAcademyChoices, up_academy_choices, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, up_academy_choices_model_init))

enum {
  PROP_0,
  PROP_LOADING,
  PROP_SELECTED_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  LOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Auxiliary methods -------------------------------------------------------- */

/* The read under way is over, or no longer wanted. */
static void
stop_loading (UpAcademyChoices *self)
{
  if (self->cancellable == NULL)
    return;

  g_clear_object (&self->cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_selected_id (UpAcademyChoices *self,
                 gint64            id)
{
  if (self->selected_id == id)
    return;

  self->selected_id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ID]);
}

static UpAcademy *
academy_at (UpAcademyChoices *self,
            guint             position)
{
  if (position == 0 || position >= self->items->len)
    return NULL;
  return g_ptr_array_index (self->academies, position - 1);
}

static void
replace_academies (UpAcademyChoices *self,
                   GListModel       *academies)
{
  guint removed = self->academies->len;
  guint added = g_list_model_get_n_items (academies);

  g_ptr_array_set_size (self->academies, 0);
  g_ptr_array_set_size (self->items, 1);
  for (guint i = 0; i < added; i++)
    {
      UpAcademy *academy = g_list_model_get_item (academies, i);

      g_ptr_array_add (self->academies, academy);
      g_ptr_array_add (self->items, gtk_string_object_new (up_academy_get_name (academy)));
    }

  /* The widget moves its selection as the rows go; it goes back to the
   * academy chosen, and that is no choice of the person's. */
  self->restoring = TRUE;
  g_list_model_items_changed (G_LIST_MODEL (self), 1, removed, added);
  if (self->widget != NULL)
    g_object_set (self->widget, "selected", up_academy_choices_find_id (self, self->selected_id), NULL);
  self->restoring = FALSE;
}

/* Callbacks ---------------------------------------------------------------- */

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  UpAcademyChoices *self;
  g_autoptr(GListStore) academies = NULL;
  g_autoptr(GError) error = NULL;

  academies = up_academy_list_finish (UP_DATABASE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = UP_ACADEMY_CHOICES (user_data);

  if (academies == NULL)
    {
      /* The page's own list says what is wrong with the database. */
      g_debug ("Cannot list the academies: %s", error->message);
      stop_loading (self);
      return;
    }

  replace_academies (self, G_LIST_MODEL (academies));
  stop_loading (self);
  /* The academy chosen is gone: the widget shows all of them now. */
  if (up_academy_choices_find_id (self, self->selected_id) == 0)
    set_selected_id (self, 0);
  g_signal_emit (self, signals[LOADED], 0);
}

static void
widget_selected_cb (UpAcademyChoices *self,
                    GParamSpec       *pspec,
                    GtkWidget        *widget)
{
  guint position = GTK_INVALID_LIST_POSITION;

  if (self->restoring)
    return;

  g_object_get (widget, "selected", &position, NULL);
  set_selected_id (self, up_academy_choices_get_id (self, position));
}

/* GListModel --------------------------------------------------------------- */

static GType
up_academy_choices_get_item_type (GListModel *model)
{
  return GTK_TYPE_STRING_OBJECT;
}

static guint
up_academy_choices_get_n_items (GListModel *model)
{
  return UP_ACADEMY_CHOICES (model)->items->len;
}

static gpointer
up_academy_choices_get_item (GListModel *model,
                             guint       position)
{
  UpAcademyChoices *self = UP_ACADEMY_CHOICES (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
up_academy_choices_model_init (GListModelInterface *iface)
{
  iface->get_item_type = up_academy_choices_get_item_type;
  iface->get_n_items = up_academy_choices_get_n_items;
  iface->get_item = up_academy_choices_get_item;
}

/* GObject overrides -------------------------------------------------------- */

static void
up_academy_choices_dispose (GObject *object)
{
  UpAcademyChoices *self = UP_ACADEMY_CHOICES (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->widget != NULL)
    g_signal_handlers_disconnect_by_data (self->widget, self);
  g_clear_weak_pointer (&self->widget);

  G_OBJECT_CLASS (up_academy_choices_parent_class)->dispose (object);
}

static void
up_academy_choices_finalize (GObject *object)
{
  UpAcademyChoices *self = UP_ACADEMY_CHOICES (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->academies, g_ptr_array_unref);

  G_OBJECT_CLASS (up_academy_choices_parent_class)->finalize (object);
}

static void
up_academy_choices_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  UpAcademyChoices *self = UP_ACADEMY_CHOICES (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, up_academy_choices_is_loading (self));
      break;

    case PROP_SELECTED_ID:
      g_value_set_int64 (value, self->selected_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
up_academy_choices_class_init (UpAcademyChoicesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = up_academy_choices_dispose;
  object_class->finalize = up_academy_choices_finalize;
  object_class->get_property = up_academy_choices_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SELECTED_ID] =
    g_param_spec_int64 ("selected-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[LOADED] =
    g_signal_new ("loaded",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
up_academy_choices_init (UpAcademyChoices *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->academies = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->items, gtk_string_object_new (_("All academies")));
}

/* Public API --------------------------------------------------------------- */

UpAcademyChoices *
up_academy_choices_new (void)
{
  return g_object_new (UP_TYPE_ACADEMY_CHOICES, NULL);
}

void
up_academy_choices_reload (UpAcademyChoices *self,
                           UpDatabase       *db)
{
  gboolean was_loading;

  g_return_if_fail (UP_IS_ACADEMY_CHOICES (self));
  g_return_if_fail (db == NULL || UP_IS_DATABASE (db));

  if (db == NULL)
    {
      up_academy_choices_cancel (self);
      return;
    }

  was_loading = self->cancellable != NULL;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  up_academy_list_async (db, self->cancellable, list_cb, self);
  if (!was_loading)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

void
up_academy_choices_cancel (UpAcademyChoices *self)
{
  g_return_if_fail (UP_IS_ACADEMY_CHOICES (self));

  g_cancellable_cancel (self->cancellable);
  stop_loading (self);
}

gboolean
up_academy_choices_is_loading (UpAcademyChoices *self)
{
  g_return_val_if_fail (UP_IS_ACADEMY_CHOICES (self), FALSE);

  return self->cancellable != NULL;
}

gint64
up_academy_choices_get_id (UpAcademyChoices *self,
                           guint             position)
{
  UpAcademy *academy;

  g_return_val_if_fail (UP_IS_ACADEMY_CHOICES (self), 0);

  academy = academy_at (self, position);
  return academy != NULL ? up_academy_get_id (academy) : 0;
}

const char *
up_academy_choices_get_code (UpAcademyChoices *self,
                             guint             position)
{
  UpAcademy *academy;

  g_return_val_if_fail (UP_IS_ACADEMY_CHOICES (self), NULL);

  academy = academy_at (self, position);
  return academy != NULL ? up_academy_get_code (academy) : NULL;
}

guint
up_academy_choices_find_id (UpAcademyChoices *self,
                            gint64            id)
{
  g_return_val_if_fail (UP_IS_ACADEMY_CHOICES (self), 0);

  for (guint i = 0; id != 0 && i < self->academies->len; i++)
    if (up_academy_get_id (g_ptr_array_index (self->academies, i)) == id)
      return i + 1;
  return 0;
}

void
up_academy_choices_bind_selection (UpAcademyChoices *self,
                                   GtkWidget        *widget)
{
  g_return_if_fail (UP_IS_ACADEMY_CHOICES (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (g_object_class_find_property (G_OBJECT_GET_CLASS (widget), "selected") != NULL);
  g_return_if_fail (self->widget == NULL);

  g_set_weak_pointer (&self->widget, widget);
  g_object_set (widget, "model", self, NULL);
  g_signal_connect_object (widget, "notify::selected", G_CALLBACK (widget_selected_cb), self, G_CONNECT_SWAPPED);
  widget_selected_cb (self, NULL, widget);
}

gint64
up_academy_choices_get_selected_id (UpAcademyChoices *self)
{
  g_return_val_if_fail (UP_IS_ACADEMY_CHOICES (self), 0);

  return self->selected_id;
}
