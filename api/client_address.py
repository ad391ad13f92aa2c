"""The one place that decides which address a request came from (guess limits, sign-in back-off, audit).

The direct peer (the TCP connection) is the client unless that peer is one of the reverse proxies named
in `WAYFINDER_TRUSTED_PROXIES`. Only then is the forwarding header read, and only as far as it can be
believed: walking it from the right (the hop nearest to us), every address that is itself a trusted proxy
is skipped and the first one that is not is the client. Entries further left were written by whoever
sent the request and are ignored, so a client cannot choose its own rate-limit key by sending
`X-Forwarded-For`. With no trusted proxies (the default) the headers are never read.

uvicorn would otherwise rewrite the peer from `X-Forwarded-For` itself for local connections
(`proxy_headers`); `wayfinder serve` turns that off so this module sees the real peer.
"""

import ipaddress
import re
from collections.abc import Iterable
from functools import lru_cache

from fastapi import Request

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

UNKNOWN = "unknown"
X_FORWARDED_FOR = "x-forwarded-for"
FORWARDED = "forwarded"
# RFC 7239: `for=192.0.2.60`, `for="[2001:db8::17]:4711"`, `For="_hidden"`; parameters split by ';'.
_FORWARDED_FOR = re.compile(r"""(?i)(?:^|;)\s*for\s*=\s*("[^"]*"|[^;,\s]*)""")


class TrustedProxiesError(ValueError):
    """A WAYFINDER_TRUSTED_PROXIES entry that is not an address or a network."""


@lru_cache(maxsize=8)
def parse_trusted_proxies(value: str) -> tuple[IPNetwork, ...]:
    """'10.0.0.5, 10.1.0.0/16, ::1' -> networks; an empty string trusts nobody."""
    networks: list[IPNetwork] = []
    for entry in (e.strip() for e in value.split(",")):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise TrustedProxiesError(
                f"WAYFINDER_TRUSTED_PROXIES: {entry!r} is not an IP address or network (e.g. 10.0.0.5 or 10.0.0.0/8)."
            ) from None
    return tuple(networks)


def parse_address(text: str) -> IPAddress | None:
    """An address from a header or a peer, with any port or brackets removed; None if it is not one."""
    value = text.strip().strip('"')
    if value.startswith("["):  # "[2001:db8::1]:443"
        value = value[1 : value.find("]")] if "]" in value else value
    elif value.count(":") == 1:  # "192.0.2.1:5678"
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address: IPAddress | None, proxies: Iterable[IPNetwork]) -> bool:
    return address is not None and any(address.version == n.version and address in n for n in proxies)


def forwarded_chain(header_name: str, values: list[str]) -> list[str]:
    """The hops a forwarding header lists, leftmost (the original client, as claimed) first."""
    hops: list[str] = []
    for value in values:
        if header_name == FORWARDED:
            for element in value.split(","):
                found = _FORWARDED_FOR.search(element.strip())
                hops.append(found.group(1) if found else "")
        else:
            hops.extend(part.strip() for part in value.split(","))
    return hops


def resolve(
    peer: str | None,
    header_values: list[str],
    *,
    trusted: tuple[IPNetwork, ...],
    header_name: str = X_FORWARDED_FOR,
) -> str:
    """The client address given the direct peer and every value of the forwarding header (pure)."""
    peer_address = parse_address(peer) if peer else None
    if peer_address is None:
        return peer or UNKNOWN
    if not _trusted(peer_address, trusted):
        return str(peer_address)
    client = peer_address
    for hop in reversed(forwarded_chain(header_name, header_values)):
        address = parse_address(hop)
        if address is None:
            # A hop a trusted proxy could not have written (garbage, "unknown", an obfuscated name):
            # the last address we could believe is the answer.
            break
        client = address
        if not _trusted(address, trusted):
            break
    return str(client)


def client_address(request: Request) -> str:
    """The address this request is counted under: see the module's docstring for the rule."""
    settings = request.app.state.resources.settings
    peer = request.client.host if request.client else None
    header_name = settings.forwarded_header.lower()
    return resolve(
        peer,
        request.headers.getlist(header_name),
        trusted=parse_trusted_proxies(settings.trusted_proxies),
        header_name=header_name,
    )


def limit_key(address: str) -> str:
    """What guess limits count under: the address, or its /64 for IPv6, since one subscriber usually
    holds a whole /64 and could otherwise take a fresh address for every guess."""
    parsed = parse_address(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed) if parsed is not None else address
