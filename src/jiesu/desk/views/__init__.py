"""The desk views, one module per desk: tickets (list, page, forms), intake."""
