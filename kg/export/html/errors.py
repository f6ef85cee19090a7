"""The one error the HTML export raises for bad requests (unknown focus, unknown type, bad graph)."""


class HtmlError(ValueError):
    """A request the page cannot be built for; the message is one line meant for the user."""
