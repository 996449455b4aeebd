"""English admin: the date pickers write German dates (WAGTAIL_DATE_FORMAT), so an English
admin must read them too; everything else stays Django's English format."""

from django.conf.locale.en.formats import DATE_INPUT_FORMATS as ENGLISH_DATES
from django.conf.locale.en.formats import DATETIME_INPUT_FORMATS as ENGLISH_DATETIMES

DATE_INPUT_FORMATS = ["%d.%m.%Y", *ENGLISH_DATES]
DATETIME_INPUT_FORMATS = ["%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", *ENGLISH_DATETIMES]
