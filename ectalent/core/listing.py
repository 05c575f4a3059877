"""What every list page needs besides its rows: the page links (a window around the current page) built in Python."""

from urllib.parse import urlencode


def page_links(request, page, window: int = 2) -> list[dict]:
    """Links for ``page`` (a Django ``Page``): first, a window around the current one, last; the query kept."""
    paginator = page.paginator
    if paginator.num_pages <= 1:
        return []
    params = [(k, v) for k, values in request.GET.lists() if k != "page" for v in values]

    def url(number):
        return "?" + urlencode(params + [("page", number)])

    numbers = sorted({1, paginator.num_pages, *range(max(1, page.number - window),
                                                      min(paginator.num_pages, page.number + window) + 1)})
    links = []
    if page.has_previous():
        links.append({"label": "«", "url": url(page.previous_page_number()), "rel": "prev"})
    previous = 0
    for number in numbers:
        if number > previous + 1:
            links.append({"label": "…", "url": None})
        links.append({"label": f"{number:,}", "url": url(number), "active": number == page.number})
        previous = number
    if page.has_next():
        links.append({"label": "»", "url": url(page.next_page_number()), "rel": "next"})
    return links
