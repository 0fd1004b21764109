# -*- coding: utf-8 -*-
# Copyright: Contributors to the airflow_ecs.deploy project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""URL inputs. Messages never repeat the URL: it may carry credentials."""

from __future__ import annotations

import ipaddress

from urllib.parse import urlsplit

_NOT_LOCAL = {
    "execution_api_server_url": (
        "workers, the scheduler and the triggerer run in other ECS tasks, where localhost is themselves; "
        "use the api-server's Cloud Map or Service Connect name (or an internal load balancer), "
        "e.g. http://api-server.airflow.local:8080/execution/"
    ),
    "api_base_url": "it is the address users' browsers and links reach the UI at; use the load balancer's name",
}


def is_local_host(host):
    """True for names and addresses that mean "this container" (or any address)."""
    host = (host or "").lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost") or host == "localhost.localdomain":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def url_errors(field, url, path=None, schemes=("http", "https")):
    """Errors for a URL input; path, when given, is the exact path the URL must have."""
    shape = "%s://<host>[:<port>]%s" % ("|".join(schemes), path or "/...")
    if not isinstance(url, str) or not url:
        return ["%s is required: a URL of the form %s" % (field, shape)]
    parts = urlsplit(url)
    try:
        parts.port
    except ValueError:
        return ["%s has an invalid port: use %s" % (field, shape)]
    if parts.scheme not in schemes or not parts.hostname or any(char.isspace() for char in url):
        return ["%s must be a URL of the form %s" % (field, shape)]
    if parts.username is not None or parts.password is not None:
        return [
            "%s must not carry credentials (user:password@): they would be stored in plain text in the "
            "task definition" % field
        ]
    if is_local_host(parts.hostname):
        why = _NOT_LOCAL.get(field, "nothing listens there for this service on ECS")
        return ["%s must not point at localhost: %s" % (field, why)]
    if path is not None and (parts.path != path or parts.query or parts.fragment):
        return ["%s must end with the path %s and nothing after it (form %s)" % (field, path, shape)]
    return []
