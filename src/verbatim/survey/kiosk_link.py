"""The kiosk's address on the local network and its QR code, for phones and tablets.

Finding the address sends nothing: connecting a UDP socket only asks the system which interface
would reach a private address; no packet leaves the machine.
"""

from __future__ import annotations

import io
import socket
from urllib.parse import urlencode

# Any private address works: a UDP "connect" picks a route and sends nothing.
_PROBE_ADDRESS = ("10.254.254.254", 1)


def lan_ip() -> str:
    """This machine's address on the local network, or 127.0.0.1 when it has none."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(_PROBE_ADDRESS)
            address = probe.getsockname()[0]
            if address and not address.startswith("0."):
                return address
    except OSError:
        pass
    try:
        return socket.gethostbyname(socket.gethostname())
    except OSError:
        return "127.0.0.1"


def kiosk_base_url(*, port: int, host: str | None = None) -> str:
    """``http://<lan address>:<port>/`` of the kiosk server."""
    return f"http://{host or lan_ip()}:{port}/"


def kiosk_url(
    base_url: str,
    *,
    slug: str,
    site: str | None = None,
    context: str | None = None,
    faces: bool = True,
) -> str:
    """The kiosk address with its questionnaire, site, context (and no faces) in the query."""
    params = {"questionnaire": slug}
    if site:
        params["site"] = site
    if context:
        params["contexte"] = context
    if not faces:
        params["visages"] = "non"
    return f"{base_url.rstrip('/')}/?{urlencode(params)}"


def qr_png(url: str, *, scale: int = 8) -> bytes:
    """A QR code of ``url`` as PNG bytes (segno writes PNG itself; no imaging library needed)."""
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()
