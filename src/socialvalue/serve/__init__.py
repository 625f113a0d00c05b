"""``socialvalue serve``: an HTTP JSON API and a small web page (the ``serve`` extra: Starlette, uvicorn).

Start it with ``socialvalue serve`` (localhost:8000) or in Python with
``uvicorn.run(socialvalue.serve.create_app(Settings(...)))``. See :mod:`.app` for the endpoints,
:mod:`.evaluation` for how a document is kept from reading server files, and
``docs/howto/serve.md`` for clients, the container recipe and the security notes.
"""

from socialvalue.serve.app import create_app
from socialvalue.serve.settings import Settings

__all__ = ["Settings", "create_app"]
