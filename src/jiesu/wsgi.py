import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiesu.settings")
application = get_wsgi_application()

# the knowledge base's segmenter loads for seconds: load it now, not at the first question
from jiesu.knowledge.segment import warm_in_background  # noqa: E402

warm_in_background()
