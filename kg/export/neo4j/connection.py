"""Connecting to Neo4j: settings from the environment, and driver errors as one-line messages.

Secrets only come from the environment (NEO4J_PASSWORD) or an explicit flag. The first thing
done on a connection is a read of the target database, so an unreachable server, rejected
credentials or a missing database are reported before anything is written.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import neo4j
from neo4j import exceptions as neo4j_errors

from kg.queries import load_query

DEFAULT_URI = "bolt://localhost:7687"
DEFAULT_USERNAME = "neo4j"
DEFAULT_DATABASE = "neo4j"
DEFAULT_RETRY_SECONDS = 30.0
# The URI schemes of the Bolt protocol, the only one the driver speaks.
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
# Seconds to open a connection and finish the Bolt handshake: a server answers in well under one,
# and something else listening on the port (an HTTP server, say) fails within this, not minutes.
CONNECT_SECONDS = 10.0


class Neo4jConnectionError(RuntimeError):
    """A failure to talk to Neo4j, already phrased as a one-line message for the user."""


@dataclass(frozen=True, slots=True)
class Neo4jSettings:
    """Where and as whom to connect; `password` None means connect without authentication."""

    uri: str
    username: str
    password: str | None
    database: str

    @classmethod
    def from_env(
        cls,
        uri: str | None = None,
        username: str | None = None,
        password: str | None = None,
        database: str | None = None,
    ) -> Neo4jSettings:
        """Explicit values (command-line flags) win over NEO4J_URI / _USERNAME / _PASSWORD / _DATABASE."""
        return cls(
            uri=uri or os.environ.get("NEO4J_URI") or DEFAULT_URI,
            username=username or os.environ.get("NEO4J_USERNAME") or DEFAULT_USERNAME,
            password=password if password is not None else os.environ.get("NEO4J_PASSWORD"),
            database=database or os.environ.get("NEO4J_DATABASE") or DEFAULT_DATABASE,
        )


def describe(error: Exception, settings: Neo4jSettings) -> str:
    """One line saying what went wrong and what to check, for any driver error."""
    where = f"Neo4j at {settings.uri}"
    if isinstance(error, neo4j_errors.AuthError):
        hint = "" if settings.password is not None else " (NEO4J_PASSWORD is not set)"
        return f"{where} rejected the credentials of user {settings.username!r}{hint}"
    if isinstance(error, neo4j_errors.ClientError) and error.code == "Neo.ClientError.Database.DatabaseNotFound":
        return f"database {settings.database!r} does not exist on {where} (set NEO4J_DATABASE or --database)"
    if not_bolt := _not_bolt_reason(error):
        return f"cannot reach {where}: {not_bolt}"
    if isinstance(error, (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired)):
        return f"cannot reach {where}: {error_reason(error)}"
    if isinstance(error, (neo4j_errors.ConfigurationError, ValueError)):
        return f"invalid Neo4j connection settings for {settings.uri!r}: {first_line(error)}"
    if isinstance(error, neo4j_errors.Neo4jError):
        return f"{where} failed: {error.code}: {first_line(error.message or str(error))}"
    return f"{where} failed: {first_line(error)}"


def _not_bolt_reason(error: Exception) -> str | None:
    """Why the listener on the port is not a Bolt server, when the driver's error shows it."""
    text = str(error)
    if isinstance(error, neo4j_errors.UnsupportedServerProduct):
        return "the answer to the Bolt handshake names no Bolt version, so what listens there is not a Bolt server"
    if not isinstance(error, neo4j_errors.ServiceUnavailable):
        return None
    if "looks like HTTP" in text:
        return ("it answers in HTTP, so it is not a Bolt server (Bolt is usually port 7687, "
                "Neo4j Browser's HTTP port 7474)")
    if "handshake" in text:
        return (f"no answer to the Bolt handshake within {CONNECT_SECONDS:g} s, so what listens there is not "
                "a Bolt server (or it is stuck)")
    return None


def error_reason(error: BaseException) -> str:
    """The socket-level reason ("[Errno 111] Connection refused") when the driver gives one,
    else the first line of the message."""
    reasons = re.findall(r"\(reason (.+?)\)\s*$", str(error), flags=re.MULTILINE)
    return reasons[-1] if reasons else first_line(error)


def first_line(error: object) -> str:
    """The first line of an error message (driver messages can span several)."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def check_uri(uri: str) -> None:
    """Refuse, in one line, a URI the driver cannot use (http:// is Neo4j Browser's port, not Bolt's)."""
    scheme, separator, rest = uri.partition("://")
    if not separator or scheme.lower() not in BOLT_SCHEMES or not rest.strip("/"):
        accepted = ", ".join(f"{name}://" for name in BOLT_SCHEMES)
        raise Neo4jConnectionError(f"Neo4j URI {uri!r} is not a Bolt URI: it must start with one of {accepted} "
                                   "and name a host (e.g. bolt://localhost:7687; port 7474 is HTTP, not Bolt)")


@contextmanager
def connect(settings: Neo4jSettings, retry_seconds: float = DEFAULT_RETRY_SECONDS) -> Iterator[neo4j.Driver]:
    """A driver whose database was just read successfully; Neo4jConnectionError (one line) otherwise.

    `retry_seconds` bounds how long managed transactions retry transient failures (a busy or
    restarting server) before the error reaches the caller.
    """
    check_uri(settings.uri)
    auth = (settings.username, settings.password) if settings.password is not None else None
    try:
        driver = neo4j.GraphDatabase.driver(
            settings.uri,
            auth=auth,
            max_transaction_retry_time=retry_seconds,
            connection_timeout=CONNECT_SECONDS,
            connection_acquisition_timeout=CONNECT_SECONDS,  # bounds the handshake too
            notifications_min_severity="OFF",
        )
    except (neo4j_errors.ConfigurationError, ValueError) as error:
        raise Neo4jConnectionError(describe(error, settings)) from error
    try:
        with driver:
            driver.verify_connectivity()
            with driver.session(database=settings.database) as session:
                # Auto-commit on purpose: a connection problem should fail now, not be retried.
                session.run(load_query("push/ping").text).consume()
            yield driver
    except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as error:
        raise Neo4jConnectionError(describe(error, settings)) from error
