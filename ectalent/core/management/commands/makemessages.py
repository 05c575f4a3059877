"""Django's makemessages without fuzzy guesses: a new msgid gets an empty msgstr (to translate), never a
neighbour's English text marked fuzzy (which a reader would not notice in the .po)."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
    # ``_l`` is the platform's alias of gettext_lazy (form labels): without the keyword xgettext skips those strings
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_l"]
