from django.shortcuts import render


def index(request):
    """The public portal: what anyone may do without an account."""
    return render(request, "portal/index.html")
