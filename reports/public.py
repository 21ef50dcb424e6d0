from django.http import Http404


def commune_page(request, code):
    raise Http404
