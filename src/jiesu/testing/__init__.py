"""What the tests of every app share, so that no app's tests import another's:

- ``builders``: the demo city's people, an API client speaking as one of them, ``make_ticket``,
  fixed Shanghai times (``T0``, ``sh``), a fresh phone number per ticket, a ticket driven along
  the loop on whatever clock the test froze (``dispatched``, ``answer``, ``replied``), and small
  readers of the record (``kinds``, ``counts``, ``last_event``);
- ``loop``: the same steps at a time the test names (``dispatched(at=…)``), answering the ticket
  and its main assignment;
- ``handling``: the unit's requests — a return with its three elements and its leader's approval,
  a statement upload, what a refused request must leave untouched.

The fixtures (``city``, ``api``, the frozen ``clock``) are in the root ``conftest.py``."""
